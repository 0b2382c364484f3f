#pragma once
// Helpers shared by the libFuzzer targets: splitting an input into lines and a stream that
// swallows output (the targets check for crashes and sanitizer reports, not for text).
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace vrsh::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Lines without their '\n' (a trailing '\r' is kept: the CLI must cope with it too).
inline std::vector<std::string_view> split_lines(std::string_view text, std::size_t max_lines = 64) {
  std::vector<std::string_view> out;
  while (!text.empty() && out.size() < max_lines) {
    const auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return out;
}

// The batch script a session target runs: at most 200 lines of the input, without
// `packet-replay` lines (a replay reads files; the session targets fuzz the shell and model).
inline std::string session_script(const std::uint8_t* data, std::size_t size) {
  std::string script;
  for (std::string_view line : split_lines(as_text(data, size), 200)) {
    if (line.find("packet-replay") != std::string_view::npos) continue;
    script.append(line);
    script.push_back('\n');
  }
  return script;
}

class NullBuf : public std::streambuf {
 protected:
  int overflow(int c) override { return c == traits_type::eof() ? traits_type::not_eof(c) : c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

class NullStream : public std::ostream {
 public:
  NullStream() : std::ostream(&buf_) {}

 private:
  NullBuf buf_;
};

}  // namespace vrsh::fuzz
