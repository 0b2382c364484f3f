// The telemetry streamer against real loopback sockets: path routing, UDP datagrams, TCP lines,
// and a refused TCP collector counted as send errors while documents wait in the queue.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "dataplane/telemetry/streamer.hpp"
#include "test/support/dp_fixtures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;

namespace {

constexpr model::Ipv4 kLoopback = 0x7f000001;

int bound_socket(int type, std::uint16_t& port) {
  const int fd = testsupport::bound_loopback_socket(type, port);
  REQUIRE(fd >= 0);
  return fd;
}

std::string read_some(int fd, int timeout_ms = 3000) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) != 1) return {};
  char buf[65536];
  const ssize_t n = recv(fd, buf, sizeof buf, 0);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

model::Telemetry config(const model::TelemetryDestination& d, std::set<std::string> paths) {
  model::Telemetry t;
  t.enabled = true;
  t.sensor_groups["sg"] = {"sg", std::move(paths)};
  t.destination_groups["dg"] = {"dg", {d}};
  t.subscriptions["s"] = {"s", {"sg"}, {"dg"}, {}, model::TelemetryEncoding::Gpb};
  return t;
}

esqm::Record record(esqm::Protocol p) {
  esqm::Record r;
  r.proto = p;
  r.protocol = p == esqm::Protocol::Gtp ? 17 : 132;
  r.src_port = 2905;
  r.dst_port = 2906;
  return r;
}

}  // namespace

TEST_CASE("telemetry: SCTP records go to tcp-data over UDP, GTP records only where gtp-data is subscribed") {
  std::uint16_t port = 0;
  const int rx = bound_socket(SOCK_DGRAM, port);
  telemetry::Streamer s;
  s.configure(config({kLoopback, port, {}, {model::TelemetryProtocol::Udp}}, {model::kSensorPathTcp}));
  s.publish(record(esqm::Protocol::Gtp));  // not subscribed: never queued
  s.publish(record(esqm::Protocol::Sctp));
  const std::string got = read_some(rx);
  CHECK(got == esqm::to_json(record(esqm::Protocol::Sctp)));
  CHECK(read_some(rx, 200).empty());
  const auto views = s.destinations();
  REQUIRE(views.size() == 1);
  CHECK(views[0].stats.sent == 1);
  CHECK(views[0].stats.dropped == 0);
  CHECK(views[0].paths == std::vector<std::string>{model::kSensorPathTcp});
  s.stop();
  close(rx);
}

TEST_CASE("telemetry: TCP sends one document per line over one connection") {
  std::uint16_t port = 0;
  const int lfd = bound_socket(SOCK_STREAM, port);
  REQUIRE(listen(lfd, 1) == 0);
  telemetry::Streamer s;
  s.configure(config({kLoopback, port, {}, {model::TelemetryProtocol::Tcp}}, {model::kSensorPathGtp}));
  s.publish(record(esqm::Protocol::Gtp));
  s.publish(record(esqm::Protocol::Gtp));
  const int c = accept(lfd, nullptr, nullptr);
  REQUIRE(c >= 0);
  const std::string doc = esqm::to_json(record(esqm::Protocol::Gtp)) + "\n";
  std::string got;
  for (int i = 0; i < 10 && got.size() < 2 * doc.size(); ++i) got += read_some(c);
  CHECK(got == doc + doc);
  const auto v = s.destinations().at(0);
  CHECK(v.stats.connects == 1);
  CHECK(v.stats.state == telemetry::ConnState::Connected);
  s.stop();
  close(c);
  close(lfd);
}

TEST_CASE("telemetry: a refused TCP collector counts send errors and keeps the document queued") {
  std::uint16_t port = 0;
  const int fd = bound_socket(SOCK_STREAM, port);  // bound, not listening: connections are refused
  telemetry::Streamer s;
  s.configure(config({kLoopback, port, {}, {model::TelemetryProtocol::Tcp}}, {model::kSensorPathTcp}));
  s.publish(record(esqm::Protocol::Tcp));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // 100 + 200 ms of backoff
  const auto v = s.destinations().at(0);
  CHECK(v.stats.send_errors >= 2);
  CHECK(v.stats.sent == 0);
  CHECK(v.stats.queued == 1);
  CHECK(v.stats.state == telemetry::ConnState::Backoff);
  s.stop();
  close(fd);
}

TEST_CASE("telemetry: a destination queues at most kQueueCapacity documents and counts the rest as dropped") {
  std::uint16_t port = 0;
  const int fd = bound_socket(SOCK_STREAM, port);  // refused: the worker keeps every document queued
  telemetry::Streamer s;
  s.configure(config({kLoopback, port, {}, {model::TelemetryProtocol::Tcp}}, {model::kSensorPathTcp}));
  const std::size_t extra = 25;
  for (std::size_t i = 0; i < telemetry::kQueueCapacity + extra; ++i) s.publish(record(esqm::Protocol::Tcp));
  const auto v = s.destinations().at(0);
  CHECK(v.stats.sent == 0);
  CHECK(v.stats.queued == telemetry::kQueueCapacity);
  CHECK(v.stats.dropped == extra);
  s.stop();
  CHECK(s.destinations().empty());
  close(fd);
}

TEST_CASE("telemetry: a subscription without destinations or matching paths streams nowhere") {
  model::Telemetry t = config({kLoopback, 9, {}, {model::TelemetryProtocol::Udp}}, {});
  telemetry::Streamer s;
  s.configure(t);
  CHECK(s.destinations().empty());
}

TEST_CASE("telemetry: the subscription's protocol decides how a destination is reached") {
  // A gRPC destination streams for its subscription, with the subscription's encoding.
  model::Telemetry t = config({kLoopback, 9, {}, {model::TelemetryProtocol::Grpc}}, {model::kSensorPathTcp});
  t.subscriptions["s"].encoding = model::TelemetryEncoding::Json;
  telemetry::Streamer s;
  s.configure(t);
  auto v = s.destinations();
  REQUIRE(v.size() == 1);
  REQUIRE(v[0].key.grpc);
  CHECK(v[0].key.grpc->subscription == "s");
  CHECK(v[0].key.grpc->encoding == telemetry::DialoutEncoding::Json);
  CHECK(v[0].key.grpc->tls.enabled == false);
  CHECK(v[0].key.grpc->tls_text == "none (the gRPC client has no SSL policy)");
  CHECK(v[0].stats.state == telemetry::ConnState::Connecting);
  // Overridden to UDP by the subscription, the same destination streams over UDP.
  t.subscriptions["s"].protocol = model::TelemetryTransport{model::TelemetryProtocol::Udp};
  s.configure(t);
  v = s.destinations();
  REQUIRE(v.size() == 1);
  CHECK_FALSE(v[0].key.grpc);
  CHECK(v[0].key.target.transport.protocol == model::TelemetryProtocol::Udp);
  CHECK(v[0].key.target.port == 9);
}

TEST_CASE("telemetry: two subscriptions share a UDP destination but each has its own gRPC stream") {
  for (auto proto : {model::TelemetryProtocol::Udp, model::TelemetryProtocol::Grpc}) {
    model::Telemetry t = config({kLoopback, 9, {}, {proto, true, false}}, {model::kSensorPathTcp});
    t.subscriptions["s2"] = t.subscriptions["s"];
    t.subscriptions["s2"].name = "s2";
    telemetry::Streamer s;
    s.configure(t);
    CHECK(s.destinations().size() == (proto == model::TelemetryProtocol::Grpc ? 2U : 1U));
  }
}

TEST_CASE("telemetry: IP FPM counts as iFIT flow-statistics and MCP results as mcp-statistics over UDP") {
  std::uint16_t port = 0;
  const int rx = bound_socket(SOCK_DGRAM, port);
  model::Config c;
  c.telemetry = config({kLoopback, port, {}, {model::TelemetryProtocol::Udp}},
                       {model::kSensorPathIfitFlow, model::kSensorPathIpfpmMcp});
  c.ipfpm.dcp.enabled = true;
  c.ipfpm.dcp.id = 0x01010101;
  model::DcpInstance& inst = c.ipfpm.dcp.instances[7];
  inst.id = 7;
  inst.flows[model::FlowDir::Bidirectional] = {
      model::FlowDir::Bidirectional, std::pair{0x0a010101u, 32}, std::pair{0x0a020100u, 24}, 46, 17,
      std::pair{5000, 5000},         std::pair{6000, 6010}};
  inst.tlps[100] = {100, true, true, {}};
  model::Interface itf;
  itf.name = "GigabitEthernet0/1/2";
  itf.ipfpm_tlps = {100};
  c.interfaces.push_back(itf);
  telemetry::Streamer s;
  s.configure(c);

  fpm::Report r;
  r.dcp_id = 0x01010101;
  r.instance = 7;
  r.interval = 10;
  r.period = 170000001;
  r.partial = true;
  fpm::ReportEntry fwd{100, 0, true, false, 1, 98, 9800, 1700000010123456789ULL};
  fpm::ReportEntry bwd{100, 1, false, false, 1, 5, 500, std::nullopt};
  r.entries = {fwd, bwd};
  s.publish(r);
  CHECK(read_some(rx) ==
        R"({"flow-statistics":{"flow-statistic":[{"flow-id":"7","direction":"Direction_INGRESS",)"
        R"("address-family":"AddressFamily_IPV4","source-ip":"10.1.1.1","destination-ip":"10.2.1.0",)"
        R"("source-mask":32,"destination-mask":24,"source-port":5000,"destination-port":0,"protocol":17,)"
        R"("vpn-name":"","if-index":12,"error-info":1,"interval":10,"period-id":"170000001",)"
        R"("packet-count":"98","byte-count":"9800","timestamp-second":1700000010,)"
        R"("timestamp-nanosecond":123456789,"ttl":255,"dscp":46,"dcp-id":"1.1.1.1","tlp-id":100,)"
        R"("flow-type":"FlowType_FORWARD"}]}})");
  // The backward flow of `bidirectional`: the addresses and ports reversed, counted as it leaves.
  CHECK(read_some(rx) ==
        R"({"flow-statistics":{"flow-statistic":[{"flow-id":"7","direction":"Direction_EGRESS",)"
        R"("address-family":"AddressFamily_IPV4","source-ip":"10.2.1.0","destination-ip":"10.1.1.1",)"
        R"("source-mask":24,"destination-mask":32,"source-port":0,"destination-port":5000,"protocol":17,)"
        R"("vpn-name":"","if-index":12,"error-info":1,"interval":10,"period-id":"170000001",)"
        R"("packet-count":"5","byte-count":"500","timestamp-second":0,"timestamp-nanosecond":0,)"
        R"("ttl":255,"dscp":46,"dcp-id":"1.1.1.1","tlp-id":100,"flow-type":"FlowType_BACKWARD"}]}})");

  fpm::PeriodRow row;
  row.period = 170000002;
  row.complete = true;
  fpm::FlowResult& fw = row.flow[0];
  fw.has = true;
  fw.in_packets = 100;
  fw.out_packets = 86;
  fw.in_bytes = 10000;
  fw.out_bytes = 8600;
  fw.loss_packets = 14;
  fw.loss_bytes = 1400;
  fw.loss_ratio_packets = fw.loss_ratio_bytes = 14.0;
  fw.delay_us = 1800;
  fw.variation_us = 0;
  row.flow[1].has = true;                                    // not measured by the ACH: not sent
  s.publish(fpm::McpResult{7, 2, 10, 0x01010101, 1, &row});  // an ACH measuring the forward flow only
  CHECK(read_some(rx) ==
        R"({"mcp-statistics":{"mcp-statistic":[{"instance-id":7,"ach-id":2,"flow-type":"FlowType_FORWARD",)"
        R"("period-id":"170000002","interval":10,"mcp-id":"1.1.1.1","in-packets":"100","out-packets":"86",)"
        R"("in-bytes":"10000","out-bytes":"8600","loss-packets":"14","loss-ratio-packets":"14.000000",)"
        R"("loss-bytes":"1400","loss-ratio-bytes":"14.000000","one-way-delay":"1800",)"
        R"("one-way-delay-variation":"0"}]}})");
  CHECK(read_some(rx, 200).empty());
  CHECK(s.destinations()[0].stats.sent == 3);
  s.stop();
  close(rx);
}
