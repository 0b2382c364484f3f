// The packet decoder for every link type it knows (and one it does not): the first input byte
// picks the link type, the rest is the captured frame. The decoder must stay inside the
// captured bytes whatever the headers claim.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "dataplane/decode.hpp"

namespace {
constexpr std::uint32_t kLinkTypes[] = {
    vrsh::dataplane::kLinkEthernet, vrsh::dataplane::kLinkRawDlt, vrsh::dataplane::kLinkRawDltAlt,
    vrsh::dataplane::kLinkRaw,      vrsh::dataplane::kLinkSll,    vrsh::dataplane::kLinkIpv4,
    vrsh::dataplane::kLinkIpv6,     vrsh::dataplane::kLinkSll2,   147 /* unknown (USER0) */};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 65536) return -1;
  // An exact-size heap copy, so ASan catches a read one byte past the capture.
  const std::size_t caplen = size - 1;
  std::unique_ptr<std::uint8_t[]> frame(new std::uint8_t[caplen == 0 ? 1 : caplen]);
  if (caplen != 0) std::memcpy(frame.get(), data + 1, caplen);
  vrsh::dataplane::RawPacket p;
  p.bytes = caplen == 0 ? nullptr : frame.get();
  p.caplen = static_cast<std::uint32_t>(caplen);
  p.wirelen = p.caplen + (data[0] >> 4);  // sometimes longer on the wire (snapped capture)
  p.linktype = kLinkTypes[data[0] % std::size(kLinkTypes)];
  vrsh::dataplane::Decoded d;
  const vrsh::dataplane::DecodeResult r = vrsh::dataplane::decode(p, d);
  if (r.ip && !d.ok()) std::abort();
  if (r.ip && d.l3_offset > p.caplen) std::abort();
  if (!r.ip && r.why == vrsh::dataplane::Anomaly::Count) std::abort();  // a drop must be counted
  return 0;
}
