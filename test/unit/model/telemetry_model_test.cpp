// The telemetry block: rendering after esqm with one-space nesting, and commit validation of
// subscriptions naming groups that do not exist.
#include <doctest/doctest.h>

#include <algorithm>

#include "model/render.hpp"
#include "model/validate.hpp"

using namespace vrsh::model;

namespace {

Config with_telemetry() {
  Config c;
  c.esqm.enabled = true;
  auto& t = c.telemetry;
  t.enabled = true;
  t.sensor_groups["esqm"] = {"esqm", {kSensorPathTcp, kSensorPathGtp}};
  t.destination_groups["nce"] = {"nce", {{0x7f000001, 10001, {}, {TelemetryProtocol::Tcp}}}};
  t.subscriptions["s1"] = {"s1", {"esqm"}, {"nce"}, {}, TelemetryEncoding::Gpb};
  return c;
}

}  // namespace

TEST_CASE("telemetry renders after esqm, nested with one-space indents") {
  const std::string out = render_config(with_telemetry());
  CHECK(out.find("#\nesqm\n#\ntelemetry\n"
                 " sensor-group esqm\n"
                 "  sensor-path huawei-esqm:esqm/gtp-datas/gtp-data\n"
                 "  sensor-path huawei-esqm:esqm/tcp-datas/tcp-data\n"
                 " destination-group nce\n"
                 "  ipv4-address 127.0.0.1 port 10001 protocol tcp\n"
                 " subscription s1\n"
                 "  sensor-group esqm\n"
                 "  destination-group nce\n#\nreturn\n") != std::string::npos);
  CHECK(validate(with_telemetry()).empty());
}

TEST_CASE("a subscription naming unknown groups fails validation, once per group") {
  Config c = with_telemetry();
  c.telemetry.subscriptions["s1"].sensor_groups.insert("missing-sg");
  c.telemetry.subscriptions["s1"].destination_groups.insert("missing-dg");
  const auto errs = validate(c);
  REQUIRE(errs.size() == 2);
  CHECK(std::count(errs.begin(), errs.end(),
                   "Error: The sensor group missing-sg of telemetry subscription s1 does not exist.") == 1);
  CHECK(std::count(errs.begin(), errs.end(),
                   "Error: The destination group missing-dg of telemetry subscription s1 does not exist.") ==
        1);
}

TEST_CASE("gRPC destinations, subscription overrides and json only-content render in the vendor order") {
  Config c = with_telemetry();
  auto& t = c.telemetry;
  t.json_only_content = true;
  t.destination_groups["nce"].destinations.insert(
      {0x0a000001, 57400, "blue", {TelemetryProtocol::Grpc, true, true}});
  t.subscriptions["s1"].protocol = TelemetryTransport{TelemetryProtocol::Grpc, false, true};
  t.subscriptions["s1"].encoding = TelemetryEncoding::Json;
  const std::string out = render_config(c);
  CHECK(out.find("telemetry\n json only-content\n sensor-group esqm\n") != std::string::npos);
  CHECK(out.find(
            "  ipv4-address 10.0.0.1 port 57400 vpn-instance blue protocol grpc no-tls compression gzip\n") !=
        std::string::npos);
  CHECK(out.find("  destination-group nce\n  protocol grpc compression gzip\n  encoding json\n#") !=
        std::string::npos);
  // The VPN instance must exist.
  const auto errs = validate(c);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0] == "Error: The VPN instance blue of telemetry destination group nce does not exist.");
  c.vpns["blue"].name = "blue";
  CHECK(validate(c).empty());
}

TEST_CASE("a subscription's protocol overrides the destination's") {
  TelemetryDestination d{1, 2, {}, {TelemetryProtocol::Udp}};
  TelemetrySubscription s;
  CHECK(effective_transport(s, d).protocol == TelemetryProtocol::Udp);
  s.protocol = TelemetryTransport{TelemetryProtocol::Grpc, true, false};
  CHECK(effective_transport(s, d) == TelemetryTransport{TelemetryProtocol::Grpc, true, false});
}
