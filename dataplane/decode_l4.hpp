#pragma once
// Transport-layer decoding (TCP, UDP with GTP-U, SCTP chunk walk). Internal to the decoder.
#include <cstdint>

#include "dataplane/decode.hpp"

namespace vrsh::dataplane {

// p: first transport byte; cap_len: bytes captured from p (bounded by the IP length);
// ip_len: transport bytes per the IP header. Returns Anomaly::Count when fine.
Anomaly decode_l4(const std::uint8_t* p, std::uint32_t cap_len, std::uint32_t ip_len, Decoded& d);

}  // namespace vrsh::dataplane
