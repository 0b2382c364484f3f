#include "commands/startup.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/session.hpp"

namespace vrsh::commands {

bool load_startup(const cli::Registry& reg, App& app, const std::string& path, std::ostream& err) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec) && !ec) return true;
  std::ifstream in(path);
  if (!in || std::filesystem::is_directory(path, ec)) {
    err << fmt::format("Error: Failed to read the startup file {}.\n", path);
    return false;
  }
  std::ostringstream sink;
  cli::Session s(reg, session_hooks(app), sink);
  s.execute("system-view");
  std::string line;
  int n = 0;
  const auto fail = [&](const std::string& why) {
    err << fmt::format(
        "Error: The startup file {} is invalid at line {}: {}. Starting with an empty configuration.\n", path,
        n, why);
    app.candidate = model::Config{};
    return false;
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(' ');
    if (first == std::string::npos || line[first] == '!') continue;
    const std::string_view body = std::string_view(line).substr(first);
    if (body == "#") {
      s.frames().resize(2);  // a separator closes every nested view: back to system view
      continue;
    }
    if (body == "return") break;
    sink.str("");
    if (s.execute(body) != cli::Status::Ok) {
      std::string msg = s.last_error().empty() ? std::string(body) : s.last_error();
      while (!msg.empty() && msg.back() == '.') msg.pop_back();
      return fail(fmt::format("'{}': {}", std::string(body), msg));
    }
    if (s.frames().size() < 2) return fail(fmt::format("'{}' left the system view", std::string(body)));
  }
  if (in.bad()) return fail("read error");
  std::ostringstream commit_out;
  if (!app.commit(commit_out, "", "startup")) {
    app.candidate = model::Config{};
    err << fmt::format(
        "Error: The startup file {} does not commit:\n{}Starting with an empty configuration.\n", path,
        commit_out.str());
    return false;
  }
  return true;
}

}  // namespace vrsh::commands
