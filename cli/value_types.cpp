// Scalar parameter types. Each validates strictly (a wrong value is a vendor "Wrong parameter")
// and stores one normalized spelling, so handlers and the rendered config never see variants.
#include "cli/value_types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "cli/tokenize.hpp"
#include "cli/value_parse.hpp"

namespace vrsh::cli {

namespace {

ParamParse one(std::string value, Value typed = {}) {
  ParamParse p{1, std::move(value)};
  p.typed = std::move(typed);
  return p;
}

// Names and texts hold no control character but the tab: a terminal cannot type them, and a
// trailing carriage return would not survive the saved file (a loader drops it with the CRLF).
bool typable(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
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

std::string_view kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::Integer:
      return "integer";
    case ValueKind::Ipv4:
      return "IPv4 address";
    case ValueKind::Ipv6:
      return "IPv6 address";
    case ValueKind::Mac:
      return "MAC address";
    case ValueKind::String:
      return "string";
    case ValueKind::Keyword:
      return "keyword choice";
  }
  return "?";
}

namespace types {

ParamType integer(std::int64_t lo, std::int64_t hi) {
  ParamType t;
  t.placeholder = fmt::format("INTEGER<{}-{}>", lo, hi);
  t.kind = ValueKind::Integer;
  t.parse = [lo, hi](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    auto v = parse_decimal_int(rest[0].text, lo < 0);
    if (!v || *v < lo || *v > hi) return {};
    return one(std::to_string(*v), *v);
  };
  return t;
}

ParamType ipv4() {
  ParamType t;
  t.placeholder = "IP_ADDR<X.X.X.X>";
  t.kind = ValueKind::Ipv4;
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    auto a = model::parse_ipv4(rest[0].text);
    if (!a) return {};
    return one(model::format_ipv4(*a), *a);
  };
  return t;
}

ParamType ipv6() {
  ParamType t;
  t.placeholder = "IPV6_ADDR<X:X::X:X>";
  t.kind = ValueKind::Ipv6;
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    auto a = model::parse_ipv6(rest[0].text);
    if (!a) return {};
    return one(model::format_ipv6(*a), *a);
  };
  return t;
}

ParamType ipv6_prefix(int lo, int hi) {
  ParamType t;
  t.placeholder = "IPV6_PREFIX<X:X::X:X/M>";
  t.help = fmt::format("IPv6 address and prefix length ({} to {})", lo, hi);
  t.parse = [lo, hi](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    auto p = model::parse_ipv6_prefix(rest[0].text, lo, hi);
    if (!p) return {};
    return ParamParse{1, fmt::format("{}/{}", model::format_ipv6(p->first), p->second)};
  };
  return t;
}

ParamType mask() {
  ParamType t;
  t.placeholder = "IP_MASK<X.X.X.X>|INTEGER<0-32>";
  t.kind = ValueKind::Ipv4;
  t.help = "Mask in dotted decimal notation or mask length";
  t.parse = [](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    const std::string_view s = rest[0].text;
    if (s.find('.') == std::string_view::npos) {
      auto len = parse_decimal_int(s, false);
      if (!len || *len > 32) return {};
      const model::Ipv4 m = model::mask_from_len(static_cast<int>(*len));
      return one(model::format_ipv4(m), m);
    }
    auto m = model::parse_ipv4(s);
    if (!m || model::len_from_mask(*m) < 0) return {};  // ones must be contiguous from the left
    return one(model::format_ipv4(*m), *m);
  };
  return t;
}

ParamType mask_length(int lo, int hi) {
  return integer(lo, hi);
}

ParamType mac() {
  ParamType t;
  t.placeholder = "H-H-H";
  t.kind = ValueKind::Mac;
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
    auto m = model::parse_mac(out);  // the normalized H-H-H is the model's one spelling
    if (!m) return {};
    return one(std::move(out), *m);
  };
  return t;
}

ParamType string(std::size_t min_len, std::size_t max_len) {
  ParamType t;
  t.placeholder = fmt::format("STRING<{}-{}>", min_len, max_len);
  t.parse = [min_len, max_len](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    const std::string_view s = rest[0].text;
    if (s.size() < min_len || s.size() > max_len || !typable(s)) return {};
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
    if (value.size() < min_len || value.size() > max_len || !typable(value)) return {};
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
