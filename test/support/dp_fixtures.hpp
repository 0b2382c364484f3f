#pragma once
// Small helpers for dataplane tests: configurations with addressed ports, and decoding a frame.
#include <cstdint>
#include <memory>
#include <string>

#include "dataplane/decode.hpp"
#include "model/config.hpp"
#include "test/support/pcap_builder.hpp"

namespace vrsh::testsupport {

// An up interface with one address ADDR/LEN, optionally bound to VPN.
model::Interface up_interface(const std::string& name, const std::string& addr, int len,
                              const std::string& vpn = "");
model::StaticRoute static_route(const std::string& prefix, int len, const std::string& ifname,
                                const std::string& nexthop = "", int preference = 60,
                                const std::string& vpn = "");

// Two ports: GigabitEthernet0/1/0 10.1.1.1/24 and GigabitEthernet0/2/0 10.2.2.1/24, a default
// route to 10.2.2.2, ESQM enabled with TCP, inbound sampling on 0/1/0.
std::shared_ptr<model::Config> two_port_config();

// A loopback (127.0.0.1) socket of TYPE (SOCK_DGRAM, SOCK_STREAM) bound to a kernel-chosen port,
// returned in PORT; -1 when that fails. Not listening, not read: a TCP peer is refused, a UDP one
// gets no answer.
int bound_loopback_socket(int type, std::uint16_t& port);

// Decodes one frame of the given link type.
dataplane::DecodeResult decode_frame(const Bytes& frame, dataplane::Decoded& d, std::uint32_t linktype = 1);

}  // namespace vrsh::testsupport
