// gRPC dial-out destinations: one long-lived huawei_dialout stream, each aged record one
// serviceArgs message in the shape the subscription's encoding selects.
#include <chrono>
#include <functional>
#include <variant>

#include "dataplane/telemetry/link.hpp"
#include "model/ip.hpp"

#ifndef VRSH_VERSION
#error "VRSH_VERSION is set by CMakeLists.txt"
#endif

namespace vrsh::dataplane::telemetry {
namespace {

constexpr auto kOpenTimeout = std::chrono::milliseconds(1000);

const char* path_of(const esqm::Record& r) {
  return r.proto == esqm::Protocol::Gtp ? model::kSensorPathGtp : model::kSensorPathTcp;
}

// The event's time: the last packet the flow saw (ms since the Unix epoch, from the packet
// clock, so a replay gives the same messages every time).
std::uint64_t event_ms(const esqm::Record& r) {
  const std::uint64_t ns = r.last_seen_ns != 0 ? r.last_seen_ns : r.created_ns;
  return ns / 1000000ULL;
}

class GrpcLink final : public Link {
 public:
  GrpcLink(const model::TelemetryDestination& d, GrpcSpec spec)
      : spec_(std::move(spec)),
        stream_({model::format_ipv4(d.addr) + ":" + std::to_string(d.port), spec_.tls, d.transport.gzip}) {}

  bool connected() const override { return stream_.usable(); }
  bool connection_oriented() const override { return true; }
  void cancel() override { stream_.cancel(); }
  bool peer_closed() const override { return stream_.peer_ended(); }

  bool connect(std::string& error) override {
    if (!spec_.config_error.empty()) {
      error = spec_.config_error;
      return false;
    }
    return stream_.open(kOpenTimeout, error);
  }

  SendResult send(const Document& d, std::string& error) override {
    DialoutHeader h;
    h.node_id = spec_.node_id;
    h.subscription = spec_.subscription;
    h.collection_id = collection_id_ + 1;
    h.product_name = "vrsh";
    h.software_version = VRSH_VERSION;
    std::function<std::string()> gpb;
    if (const auto* r = std::get_if<esqm::Record>(&d.data)) {
      h.sensor_path = path_of(*r);
      h.time_ms = event_ms(*r);
    } else if (const auto* f = std::get_if<FlowStatistic>(&d.data)) {
      h.sensor_path = model::kSensorPathIfitFlow;
      h.proto_path = kIfitProtoPath;
      h.time_ms = f->time_ms;
      gpb = [f] { return gpb_content(*f); };
    } else if (const auto* m = std::get_if<McpStatistic>(&d.data)) {
      h.sensor_path = model::kSensorPathIpfpmMcp;
      h.proto_path = kIpfpmProtoPath;
      h.time_ms = m->time_ms;
      gpb = [m] { return gpb_content(*m); };
    } else {
      error = "no content";  // cannot happen: the streamer queues the content for gRPC destinations
      return SendResult::Lost;
    }
    const DialoutPayload payload =
        gpb ? dialout_payload(spec_.encoding, h, gpb, d.json)
            : dialout_payload(spec_.encoding, h, std::get<esqm::Record>(d.data), d.json);
    // A stream the collector ended, or one that broke in the write, did not take the message:
    // it goes again, first on the next stream.
    if (!stream_.send(payload, error)) {
      stream_.close();
      return SendResult::Retry;
    }
    ++collection_id_;
    bytes_sent_ += payload.bytes.size();
    return SendResult::Sent;
  }

 private:
  const GrpcSpec spec_;
  GrpcStream stream_;
  std::uint64_t collection_id_ = 0;  // one collection per message, counted from 1 per destination
};

}  // namespace

std::unique_ptr<Link> grpc_link(const model::TelemetryDestination& d, const GrpcSpec& spec) {
  return std::make_unique<GrpcLink>(d, spec);
}

}  // namespace vrsh::dataplane::telemetry
