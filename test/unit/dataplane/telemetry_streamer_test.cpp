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
