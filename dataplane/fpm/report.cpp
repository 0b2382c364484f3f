#include "dataplane/fpm/report.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstring>

namespace vrsh::dataplane::fpm {
namespace {

constexpr std::uint8_t kMagic[4] = {'V', 'F', 'P', 'M'};
constexpr std::uint8_t kAckMagic[4] = {'V', 'F', 'P', 'A'};
constexpr std::uint8_t kFlagPartial = 0x01, kFlagSigned = 0x02;
constexpr std::uint8_t kEntryIn = 0x01, kEntryDelay = 0x02, kEntryMid = 0x04;

void put(std::vector<std::uint8_t>& b, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

std::array<std::uint8_t, kHmacSize> hmac(const std::uint8_t* data, std::size_t n, const std::string& secret) {
  std::array<std::uint8_t, kHmacSize> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), data, n, out.data(), &len);
  return out;
}

}  // namespace

std::vector<std::uint8_t> encode(const Report& r, const std::optional<Auth>& auth) {
  std::vector<std::uint8_t> b;
  const std::size_t n = r.entries.size() < kMaxReportEntries ? r.entries.size() : kMaxReportEntries;
  b.reserve(kReportHeaderSize + n * kReportEntrySize + kHmacSize);
  b.insert(b.end(), kMagic, kMagic + 4);
  b.push_back(kReportVersion);
  b.push_back(static_cast<std::uint8_t>((r.partial ? kFlagPartial : 0) | (auth ? kFlagSigned : 0)));
  put(b, n, 2);
  put(b, r.dcp_id, 4);
  put(b, r.instance, 4);
  put(b, r.interval, 4);
  put(b, auth ? auth->key_id : 0, 2);
  put(b, 0, 2);
  put(b, r.period, 8);
  put(b, r.seq, 8);
  for (std::size_t i = 0; i < n; ++i) {
    const ReportEntry& e = r.entries[i];
    put(b, e.tlp, 4);
    b.push_back(e.flow);
    b.push_back(static_cast<std::uint8_t>((e.in_point ? kEntryIn : 0) | (e.delay_ts_ns ? kEntryDelay : 0) |
                                          (e.mid ? kEntryMid : 0)));
    b.push_back(e.color);
    b.push_back(0);
    put(b, e.packets, 8);
    put(b, e.bytes, 8);
    put(b, e.delay_ts_ns.value_or(0), 8);
  }
  if (auth) {
    const auto mac = hmac(b.data(), b.size(), auth->secret);
    b.insert(b.end(), mac.begin(), mac.end());
  }
  return b;
}

const char* decode_error_name(DecodeError e) {
  switch (e) {
    case DecodeError::None:
      return "none";
    case DecodeError::Short:
      return "too short";
    case DecodeError::BadMagic:
      return "bad magic";
    case DecodeError::BadVersion:
      return "unsupported version";
    case DecodeError::BadLength:
      return "length mismatch";
    case DecodeError::TooManyEntries:
      return "too many entries";
  }
  return "?";
}

DecodedReport decode_report(std::span<const std::uint8_t> d) {
  DecodedReport out;
  if (d.size() < kReportHeaderSize) {
    out.error =
        d.size() >= 4 && std::memcmp(d.data(), kMagic, 4) != 0 ? DecodeError::BadMagic : DecodeError::Short;
    return out;
  }
  const std::uint8_t* p = d.data();
  if (std::memcmp(p, kMagic, 4) != 0) {
    out.error = DecodeError::BadMagic;
    return out;
  }
  if (p[4] < kOldestReportVersion || p[4] > kReportVersion) {
    out.error = DecodeError::BadVersion;
    return out;
  }
  const std::uint8_t flags = p[5];
  const auto n = static_cast<std::size_t>(get(p + 6, 2));
  if (n > kMaxReportEntries) {
    out.error = DecodeError::TooManyEntries;
    return out;
  }
  out.signed_ = (flags & kFlagSigned) != 0;
  if (d.size() != kReportHeaderSize + n * kReportEntrySize + (out.signed_ ? kHmacSize : 0)) {
    out.error = DecodeError::BadLength;
    return out;
  }
  Report& r = out.report;
  r.partial = (flags & kFlagPartial) != 0;
  r.dcp_id = static_cast<std::uint32_t>(get(p + 8, 4));
  r.instance = static_cast<std::uint32_t>(get(p + 12, 4));
  r.interval = static_cast<std::uint32_t>(get(p + 16, 4));
  out.key_id = static_cast<std::uint16_t>(get(p + 20, 2));
  r.period = get(p + 24, 8);
  r.seq = get(p + 32, 8);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* e = p + kReportHeaderSize + i * kReportEntrySize;
    ReportEntry re;
    re.tlp = static_cast<std::uint32_t>(get(e, 4));
    re.flow = e[4];
    re.in_point = (e[5] & kEntryIn) != 0;
    re.mid = p[4] >= 2 && (e[5] & kEntryMid) != 0;
    re.color = e[6];
    re.packets = get(e + 8, 8);
    re.bytes = get(e + 16, 8);
    if ((e[5] & kEntryDelay) != 0) re.delay_ts_ns = get(e + 24, 8);
    r.entries.push_back(re);
  }
  return out;
}

bool verify(std::span<const std::uint8_t> d, const std::string& secret) {
  if (d.size() < kReportHeaderSize + kHmacSize || (d[5] & kFlagSigned) == 0) return false;
  const std::size_t body = d.size() - kHmacSize;
  const auto mac = hmac(d.data(), body, secret);
  return CRYPTO_memcmp(mac.data(), d.data() + body, kHmacSize) == 0;
}

std::vector<std::uint8_t> encode_ack(const Ack& a) {
  std::vector<std::uint8_t> b(kAckMagic, kAckMagic + 4);
  b.push_back(kAckVersion);
  put(b, 0, 3);
  put(b, a.dcp_id, 4);
  put(b, a.instance, 4);
  put(b, a.seq, 8);
  return b;
}

std::optional<Ack> decode_ack(std::span<const std::uint8_t> d) {
  if (d.size() != kAckSize || std::memcmp(d.data(), kAckMagic, 4) != 0 || d[4] != kAckVersion)
    return std::nullopt;
  return Ack{static_cast<std::uint32_t>(get(d.data() + 8, 4)),
             static_cast<std::uint32_t>(get(d.data() + 12, 4)), get(d.data() + 16, 8)};
}

}  // namespace vrsh::dataplane::fpm
