#include "model/ip.hpp"

#include <arpa/inet.h>

#include <fmt/format.h>

namespace vrsh::model {

// Own parser rather than inet_pton: the CLI must reject forms such as leading zeros ("010")
// consistently, whatever the libc accepts.
std::optional<Ipv4> parse_ipv4(std::string_view s) {
  Ipv4 value = 0;
  int octets = 0;
  std::size_t i = 0;
  while (octets < 4) {
    std::size_t start = i;
    unsigned octet = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3) {
      octet = octet * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
    }
    std::size_t digits = i - start;
    if (digits == 0 || octet > 255 || (digits > 1 && s[start] == '0')) return std::nullopt;
    value = (value << 8) | octet;
    ++octets;
    if (octets < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return value;
}

std::string format_ipv4(Ipv4 a) {
  // By hand: every address parameter of every line typed is normalized through here, and every
  // route line rendered; a format string cost ten times as much.
  char buf[15];
  char* p = buf;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const unsigned o = (a >> shift) & 0xffu;
    if (o >= 100) *p++ = static_cast<char>('0' + o / 100);
    if (o >= 10) *p++ = static_cast<char>('0' + o / 10 % 10);
    *p++ = static_cast<char>('0' + o % 10);
    if (shift != 0) *p++ = '.';
  }
  return std::string(buf, static_cast<std::size_t>(p - buf));
}

int len_from_mask(Ipv4 mask) {
  Ipv4 inv = ~mask;
  // A contiguous mask inverts to 2^k - 1.
  if ((inv & (inv + 1u)) != 0) return -1;
  int len = 0;
  for (Ipv4 m = mask; m != 0; m <<= 1) ++len;
  return len;
}

std::optional<Ipv6> parse_ipv6(std::string_view s) {
  if (s.empty() || s.size() > 45) return std::nullopt;
  std::string z(s);  // inet_pton needs a terminated string
  Ipv6 out;
  if (inet_pton(AF_INET6, z.c_str(), out.b.data()) != 1) return std::nullopt;
  return out;
}

std::string format_ipv6(const Ipv6& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(AF_INET6, a.b.data(), buf, sizeof buf) == nullptr) return "::";
  std::string s(buf);
  for (char& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::optional<std::pair<Ipv6, int>> parse_ipv6_prefix(std::string_view s, int lo, int hi) {
  const auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto addr = parse_ipv6(s.substr(0, slash));
  const std::string_view digits = s.substr(slash + 1);
  if (!addr || digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0'))
    return std::nullopt;
  int len = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    len = len * 10 + (c - '0');
  }
  if (len < lo || len > hi) return std::nullopt;
  return std::pair{*addr, len};
}

Ipv6 ipv6_network(const Ipv6& a, int len) {
  Ipv6 n = a;
  for (int i = 0; i < 16; ++i) {
    const int keep = len - i * 8;
    const auto k = static_cast<std::size_t>(i);
    n.b[k] = keep >= 8   ? n.b[k]
             : keep <= 0 ? std::uint8_t{0}
                         : static_cast<std::uint8_t>(n.b[k] & (0xff00u >> keep));
  }
  return n;
}

bool ipv6_in_prefix(const Ipv6& a, const Ipv6& prefix, int len) {
  return ipv6_network(a, len) == ipv6_network(prefix, len);
}

bool is_ipv6_link_local(const Ipv6& a) {
  return a.b[0] == 0xfe && (a.b[1] & 0xc0) == 0x80;
}

bool is_ipv6_multicast(const Ipv6& a) {
  return a.b[0] == 0xff;
}

Ipv6 link_local_from_mac(const MacAddr& m) {
  Ipv6 a;
  a.b[0] = 0xfe;
  a.b[1] = 0x80;
  a.b[8] = static_cast<std::uint8_t>(m[0] ^ 0x02);
  a.b[9] = m[1];
  a.b[10] = m[2];
  a.b[11] = 0xff;
  a.b[12] = 0xfe;
  a.b[13] = m[3];
  a.b[14] = m[4];
  a.b[15] = m[5];
  return a;
}

std::optional<MacAddr> parse_mac(std::string_view s) {
  if (s.size() != 14 || s[4] != '-' || s[9] != '-') return std::nullopt;
  MacAddr m{};
  std::size_t byte = 0;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    if (s[i] == '-') ++i;
    unsigned v = 0;
    for (std::size_t k = i; k < i + 2; ++k) {
      const char c = s[k];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(d);
    }
    m[byte++] = static_cast<std::uint8_t>(v);
  }
  return m;
}

std::string format_mac(const MacAddr& m) {
  return fmt::format("{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}", m[0], m[1], m[2], m[3], m[4], m[5]);
}

}  // namespace vrsh::model
