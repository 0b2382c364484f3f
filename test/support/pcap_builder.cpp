#include "test/support/pcap_builder.hpp"

#include <arpa/inet.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vrsh::testsupport {
namespace {

void put8(Bytes& b, std::uint8_t v) {
  b.push_back(v);
}
void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
void le32(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void le16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void append(Bytes& b, const Bytes& x) {
  b.insert(b.end(), x.begin(), x.end());
}
void pad4(Bytes& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}

std::uint16_t checksum(const std::uint8_t* p, std::size_t n) {
  std::uint32_t s = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) s += (std::uint32_t{p[i]} << 8) | p[i + 1];
  if (n % 2 != 0) s += std::uint32_t{p[n - 1]} << 8;
  while ((s >> 16) != 0) s = (s & 0xffffu) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

void addr(Bytes& b, const std::string& text, int family) {
  std::uint8_t buf[16] = {};
  if (inet_pton(family, text.c_str(), buf) != 1) throw std::invalid_argument("bad address " + text);
  b.insert(b.end(), buf, buf + (family == AF_INET ? 4 : 16));
}

}  // namespace

Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
          std::size_t payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, seq);
  put32(b, ack);
  put8(b, 5 << 4);
  put8(b, flags);
  put16(b, 65535);
  put16(b, 0);
  put16(b, 0);
  b.resize(b.size() + payload, 0x61);
  return b;
}

Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<std::uint16_t>(8 + payload.size()));
  put16(b, 0);
  append(b, payload);
  return b;
}

Bytes sctp(std::uint16_t sport, std::uint16_t dport, std::uint32_t vtag, const std::vector<Bytes>& chunks) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, vtag);
  put32(b, 0);  // CRC32c: the decoder does not check it
  for (const Bytes& c : chunks) append(b, c);
  return b;
}

Bytes sctp_init(std::uint32_t initiate_tag, std::uint32_t initial_tsn, bool ack) {
  Bytes b;
  put8(b, ack ? 2 : 1);
  put8(b, 0);
  put16(b, 20);
  put32(b, initiate_tag);
  put32(b, 65536);  // a_rwnd
  put16(b, 10);
  put16(b, 10);
  put32(b, initial_tsn);
  return b;
}

Bytes sctp_data(std::uint32_t tsn, std::size_t payload) {
  Bytes b;
  put8(b, 0);
  put8(b, 3);
  put16(b, static_cast<std::uint16_t>(16 + payload));
  put32(b, tsn);
  put16(b, 0);
  put16(b, 0);
  put32(b, 0);
  b.resize(b.size() + payload, 0x62);
  pad4(b);
  return b;
}

Bytes sctp_sack(std::uint32_t cum_tsn) {
  Bytes b;
  put8(b, 3);
  put8(b, 0);
  put16(b, 16);
  put32(b, cum_tsn);
  put32(b, 65536);
  put16(b, 0);
  put16(b, 0);
  return b;
}

Bytes sctp_chunk(std::uint8_t type, std::size_t body) {
  Bytes b;
  put8(b, type);
  put8(b, 0);
  put16(b, static_cast<std::uint16_t>(4 + body));
  b.resize(b.size() + body, 0);
  pad4(b);
  return b;
}

Bytes gtp(std::uint8_t type, std::uint32_t teid, const Bytes& inner, std::uint16_t seq, bool with_seq) {
  Bytes b;
  put8(b, with_seq ? 0x32 : 0x30);  // version 1, PT 1, S flag
  put8(b, type);
  put16(b, static_cast<std::uint16_t>(inner.size() + (with_seq ? 4 : 0)));
  put32(b, teid);
  if (with_seq) {
    put16(b, seq);
    put8(b, 0);
    put8(b, 0);
  }
  append(b, inner);
  return b;
}

Bytes ipv4(const std::string& src, const std::string& dst, std::uint8_t proto, const Bytes& l4, Ipv4Opts o) {
  Bytes b;
  put8(b, 0x45);
  put8(b, 0);
  put16(b, static_cast<std::uint16_t>(20 + l4.size()));
  put16(b, o.id);
  put16(b, o.frag);
  put8(b, o.ttl);
  put8(b, proto);
  put16(b, 0);
  addr(b, src, AF_INET);
  addr(b, dst, AF_INET);
  const std::uint16_t c = checksum(b.data(), 20);
  b[10] = static_cast<std::uint8_t>(c >> 8);
  b[11] = static_cast<std::uint8_t>(c);
  append(b, l4);
  return b;
}

Bytes ipv6(const std::string& src, const std::string& dst, std::uint8_t proto, const Bytes& l4,
           std::uint8_t hop_limit, const std::vector<std::pair<std::uint8_t, std::size_t>>& ext) {
  Bytes exts;
  for (std::size_t i = 0; i < ext.size(); ++i) {
    const std::uint8_t next = i + 1 < ext.size() ? ext[i + 1].first : proto;
    const auto [type, len] = ext[i];
    const std::size_t start = exts.size();
    put8(exts, next);
    if (type == 44) {  // fragment header: fixed 8 bytes, offset 0, M=1
      put8(exts, 0);
      put16(exts, 1);
      put32(exts, 0x1234);
    } else if (type == 51) {
      put8(exts, static_cast<std::uint8_t>(len / 4 - 2));
      exts.resize(start + len, 0);
    } else {
      put8(exts, static_cast<std::uint8_t>(len / 8 - 1));
      exts.resize(start + len, 0);
    }
  }
  Bytes b;
  put32(b, 0x60000000u);
  put16(b, static_cast<std::uint16_t>(exts.size() + l4.size()));
  put8(b, ext.empty() ? proto : ext.front().first);
  put8(b, hop_limit);
  addr(b, src, AF_INET6);
  addr(b, dst, AF_INET6);
  append(b, exts);
  append(b, l4);
  return b;
}

Bytes ethernet(const Bytes& l3, const L2Opts& o) {
  Bytes b = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa};
  for (const auto& [tpid, vid] : o.vlans) {
    put16(b, tpid);
    put16(b, vid);
  }
  const bool v6 = !l3.empty() && (l3[0] >> 4) == 6;
  if (!o.labels.empty()) {
    put16(b, 0x8847);
    for (std::size_t i = 0; i < o.labels.size(); ++i) {
      const bool bos = i + 1 == o.labels.size();
      put32(b, (o.labels[i] << 12) | (bos ? 0x100u : 0u) | 64u);
    }
  } else {
    put16(b, v6 ? 0x86dd : 0x0800);
  }
  append(b, l3);
  return b;
}

Bytes ethernet_raw(std::uint16_t ethertype, const Bytes& payload) {
  Bytes b = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa};
  put16(b, ethertype);
  append(b, payload);
  return b;
}

Bytes sll(const Bytes& l3) {
  Bytes b;
  put16(b, 0);  // packet type: to us
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  for (int i = 0; i < 8; ++i) put8(b, static_cast<std::uint8_t>(i));
  put16(b, (!l3.empty() && (l3[0] >> 4) == 6) ? 0x86dd : 0x0800);
  append(b, l3);
  return b;
}

void PcapFile::add(std::uint64_t ts_ns, const Bytes& frame, std::uint32_t wirelen) {
  records_.push_back({ts_ns, frame, wirelen == 0 ? static_cast<std::uint32_t>(frame.size()) : wirelen});
}

Bytes PcapFile::bytes() const {
  Bytes b;
  le32(b, nano_ ? 0xa1b23c4du : 0xa1b2c3d4u);
  le16(b, 2);
  le16(b, 4);
  le32(b, 0);
  le32(b, 0);
  le32(b, 262144);
  le32(b, linktype_);
  for (const Rec& r : records_) {
    le32(b, static_cast<std::uint32_t>(r.ts_ns / 1000000000ULL));
    const std::uint64_t frac = r.ts_ns % 1000000000ULL;
    le32(b, static_cast<std::uint32_t>(nano_ ? frac : frac / 1000));
    le32(b, static_cast<std::uint32_t>(r.frame.size()));
    le32(b, r.wirelen);
    append(b, r.frame);
  }
  return b;
}

void PcapFile::write(const std::string& path) const {
  write_file(path, bytes());
}

std::string make_temp_dir(const std::string& tag) {
  std::string tmpl = (std::filesystem::temp_directory_path() / ("vrsh-" + tag + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

void write_file(const std::string& path, const Bytes& data) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace vrsh::testsupport
