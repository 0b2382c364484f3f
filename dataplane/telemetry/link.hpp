#pragma once
// How a destination's sender thread reaches its collector: a UDP or TCP socket (JSON documents)
// or a gRPC dial-out stream. Used by that one thread only, except cancel().
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "dataplane/esqm/record.hpp"
#include "dataplane/telemetry/dialout_message.hpp"
#include "dataplane/telemetry/grpc_stream.hpp"
#include "dataplane/telemetry/ipfpm_message.hpp"
#include "model/telemetry.hpp"

namespace vrsh::dataplane::telemetry {

// One queued document: the JSON sent as is over UDP and TCP (an aged record's seed document, an
// IP FPM statistic's), and for gRPC what it was rendered from (GPB rows and the Telemetry header
// are built from it by the sender thread, not by the dataplane).
using DocumentData = std::variant<std::monostate, esqm::Record, FlowStatistic, McpStatistic>;
struct Document {
  std::string json;
  DocumentData data;
};

// What a gRPC destination needs besides its address: the subscription it streams for (its name
// and encoding go into every message) and the TLS the gRPC client's configuration gives it.
struct GrpcSpec {
  std::string subscription;
  DialoutEncoding encoding = DialoutEncoding::Gpb;
  std::string node_id;  // sysname
  GrpcTls tls;
  std::string tls_text;      // how the display describes the TLS in force (and why)
  std::string config_error;  // set: the stream cannot be opened (e.g. a policy file is unreadable)
  auto operator<=>(const GrpcSpec&) const = default;
};

enum class SendResult {
  Sent,
  Lost,   // not sent, and not sent again (UDP, TCP: counted as a send error)
  Retry,  // the connection broke first: sent again on the next one
};

class Link {
 public:
  virtual ~Link() = default;
  virtual bool connected() const = 0;
  // One connection attempt, bounded in time; `error` says why it failed.
  virtual bool connect(std::string& error) = 0;
  virtual SendResult send(const Document& d, std::string& error) = 0;
  // From any thread: makes a blocked connect() or send() return (shutdown).
  virtual void cancel() = 0;
  virtual bool connection_oriented() const = 0;  // UDP is not: it never "connects"
  // From any thread: the collector has closed the connection (known before the next send).
  virtual bool peer_closed() const { return false; }
  // Bytes of the messages sent so far (the documents, or the gRPC payloads), on the worker thread.
  std::uint64_t bytes_sent() const { return bytes_sent_; }

 protected:
  std::uint64_t bytes_sent_ = 0;
};

std::unique_ptr<Link> socket_link(const model::TelemetryDestination& d);
std::unique_ptr<Link> grpc_link(const model::TelemetryDestination& d, const GrpcSpec& spec);

}  // namespace vrsh::dataplane::telemetry
