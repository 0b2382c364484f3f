// Scalar parameter types. Each validates strictly (a wrong value is a vendor "Wrong parameter")
// and stores one normalized spelling, so handlers and the rendered config never see variants.
#include "cli/value_types.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "cli/tokenize.hpp"
#include "cli/value_parse.hpp"

namespace vrsh::cli {

namespace {

ParamParse one(std::string value) {
  return ParamParse{1, std::move(value)};
}

}  // namespace

std::optional<std::int64_t> parse_decimal_int(std::string_view s, bool allow_negative) {
  if (s.empty() || s.front() == '+') return std::nullopt;
  if (s.front() == '-' && !allow_negative) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::uint32_t> parse_ipv4(std::string_view s) {
  std::uint32_t addr = 0;
  for (int part = 0; part < 4; ++part) {
    std::size_t len = 0;
    while (len < s.size() && s[len] >= '0' && s[len] <= '9') ++len;
    if (len == 0 || len > 3) return std::nullopt;
    unsigned v = 0;
    for (std::size_t i = 0; i < len; ++i) v = v * 10 + static_cast<unsigned>(s[i] - '0');
    if (v > 255) return std::nullopt;
    addr = (addr << 8) | v;
    s.remove_prefix(len);
    if (part < 3) {
      if (s.empty() || s.front() != '.') return std::nullopt;
      s.remove_prefix(1);
    }
  }
  if (!s.empty()) return std::nullopt;
  return addr;
}

std::string format_ipv4(std::uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
}

namespace types {

ParamType integer(std::int64_t lo, std::int64_t hi) {
  ParamType t;
  t.placeholder = fmt::format("INTEGER<{}-{}>", lo, hi);
  t.parse = [lo, hi](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    auto v = parse_decimal_int(rest[0].text, lo < 0);
    if (!v || *v < lo || *v > hi) return {};
    return one(std::to_string(*v));
  };
  return t;
}

ParamType ipv4() {
  ParamType t;
  t.placeholder = "IP_ADDR<X.X.X.X>";
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    auto a = parse_ipv4(rest[0].text);
    if (!a) return {};
    return one(format_ipv4(*a));
  };
  return t;
}

ParamType ipv6() {
  ParamType t;
  t.placeholder = "IPV6_ADDR<X:X::X:X>";
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty() || rest[0].text.empty() || rest[0].text.size() >= INET6_ADDRSTRLEN) return {};
    const std::string text(rest[0].text);
    in6_addr addr{};
    if (inet_pton(AF_INET6, text.c_str(), &addr) != 1) return {};
    char buf[INET6_ADDRSTRLEN] = {};
    if (!inet_ntop(AF_INET6, &addr, buf, sizeof buf)) return {};
    return one(buf);
  };
  return t;
}

ParamType mask() {
  ParamType t;
  t.placeholder = "IP_MASK<X.X.X.X>|INTEGER<0-32>";
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    const std::string_view s = rest[0].text;
    if (s.find('.') == std::string_view::npos) {
      auto len = parse_decimal_int(s, false);
      if (!len || *len > 32) return {};
      const std::uint32_t m = *len == 0 ? 0 : ~std::uint32_t{0} << (32 - *len);
      return one(format_ipv4(m));
    }
    auto m = parse_ipv4(s);
    if (!m) return {};
    const std::uint32_t host = ~*m;
    if ((host & (host + 1)) != 0) return {};  // ones must be contiguous from the left
    return one(format_ipv4(*m));
  };
  return t;
}

ParamType mask_length(int lo, int hi) {
  return integer(lo, hi);
}

ParamType mac() {
  ParamType t;
  t.placeholder = "H-H-H";
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    std::string out;
    std::string_view s = rest[0].text;
    for (int group = 0; group < 3; ++group) {
      const auto dash = s.find('-');
      const std::string_view g = group < 2 ? s.substr(0, dash) : s;
      if ((group < 2 && dash == std::string_view::npos) || g.empty() || g.size() > 4 ||
          g.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
        return {};
      if (group > 0) out += '-';
      out.append(4 - g.size(), '0');
      for (char ch : g) out += static_cast<char>(ch >= 'A' && ch <= 'F' ? ch - 'A' + 'a' : ch);
      if (group < 2) s.remove_prefix(dash + 1);
    }
    return one(out);
  };
  return t;
}

ParamType string(std::size_t min_len, std::size_t max_len) {
  ParamType t;
  t.placeholder = fmt::format("STRING<{}-{}>", min_len, max_len);
  t.parse = [min_len, max_len](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    const std::string_view s = rest[0].text;
    if (s.size() < min_len || s.size() > max_len) return {};
    return one(std::string(s));
  };
  return t;
}

ParamType text(std::size_t min_len, std::size_t max_len) {
  ParamType t;
  t.placeholder = fmt::format("TEXT<{}-{}>", min_len, max_len);
  t.parse = [min_len, max_len](std::span<const Token> rest, std::string_view line) -> ParamParse {
    if (rest.empty()) return {};
    std::string_view value;
    const Token& first = rest.front();
    const bool quoted = first.col < line.size() && line[first.col] == '"';
    if (rest.size() == 1 && quoted) {
      value = first.text;  // a single quoted string: the quotes are not part of it
    } else if (first.col < line.size()) {
      value = line.substr(first.col);  // keep the operator's inner spacing
      value = value.substr(0, trimmed_length(value));
    } else {
      value = first.text;  // tokens not taken from `line`: nothing better to keep
    }
    if (value.size() < min_len || value.size() > max_len) return {};
    return ParamParse{rest.size(), std::string(value)};
  };
  return t;
}

ParamType decimal(double lo, double hi, int places) {
  // Scaled to integers (value * 10^places) so that range checks are exact; 9 digits on each side
  // of the point keep the product inside int64.
  places = std::clamp(places, 0, 9);
  std::int64_t scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  const auto scaled_lo = static_cast<std::int64_t>(std::llround(lo * static_cast<double>(scale)));
  const auto scaled_hi = static_cast<std::int64_t>(std::llround(hi * static_cast<double>(scale)));
  ParamType t;
  const std::size_t longest =
      std::max(fmt::format("{:.{}f}", hi, places).size(), fmt::format("{:.{}f}", lo, places).size());
  t.placeholder = fmt::format("STRING<1-{}>", longest);
  t.parse = [=](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    std::string_view s = rest[0].text;
    bool negative = false;
    if (!s.empty() && s.front() == '-' && lo < 0) {
      negative = true;
      s.remove_prefix(1);
    }
    const std::size_t dot = s.find('.');
    const std::string_view whole = s.substr(0, dot);
    const std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
    auto digits = [](std::string_view d) {
      return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 9 || !digits(whole)) return {};
    if (dot != std::string_view::npos && (frac.empty() || !digits(frac))) return {};
    if (frac.size() > static_cast<std::size_t>(places)) return {};
    std::int64_t v = 0;
    for (char c : whole) v = v * 10 + (c - '0');
    std::int64_t f = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(places); ++i)
      f = f * 10 + (i < frac.size() ? frac[i] - '0' : 0);
    std::int64_t scaled = v * scale + f;
    if (negative) scaled = -scaled;
    if (scaled < scaled_lo || scaled > scaled_hi) return {};
    const std::int64_t mag = scaled < 0 ? -scaled : scaled;
    std::string out = fmt::format("{}{}", scaled < 0 ? "-" : "", mag / scale);
    if (places > 0) out += fmt::format(".{:0{}}", mag % scale, places);
    return one(std::move(out));
  };
  return t;
}

}  // namespace types

}  // namespace vrsh::cli
