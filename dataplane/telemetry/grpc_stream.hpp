#pragma once
// One gRPC dial-out stream to a collector: the client side of
// huawei_dialout.gRPCDataservice/dataPublish (a bidirectional stream of serviceArgs), plaintext
// or TLS. Used by one worker thread; only cancel() may be called from another. gRPC's headers stay
// in grpc_stream.cpp.
#include <chrono>
#include <compare>
#include <cstdint>
#include <memory>
#include <string>

#include "dataplane/telemetry/dialout_message.hpp"

namespace vrsh::dataplane::telemetry {

struct GrpcTls {
  bool enabled = false;  // false: plaintext (`no-tls`, or no SSL policy on the gRPC client)
  std::string ca_pem;    // trusted CAs for `ssl-verify peer`
  std::string cert_pem;  // the client's own certificate chain and key, when the policy has one
  std::string key_pem;
  bool verify_peer = false;  // `ssl-verify peer`: the vendor's default is not to verify
  std::string verify_san;    // with verify_peer: a name the server's certificate must carry as a SAN
  auto operator<=>(const GrpcTls&) const = default;
};

struct GrpcTarget {
  std::string address;  // "127.0.0.1:50051" or "[::1]:50051"
  GrpcTls tls;
  bool gzip = false;  // `compression gzip`
};

class GrpcStream {
 public:
  explicit GrpcStream(GrpcTarget target);
  ~GrpcStream();
  GrpcStream(const GrpcStream&) = delete;
  GrpcStream& operator=(const GrpcStream&) = delete;

  // Connects (bounded by `timeout`) and starts the stream; ReqId starts again at 1. On failure
  // `error` says why (refused, TLS handshake or verification, ...).
  bool open(std::chrono::milliseconds timeout, std::string& error);
  // False once the collector has ended the stream (collectors do, after some messages): the
  // caller opens a new one before the next message, which is then not lost.
  bool usable() const;
  // Writes one message; false (and `error`) when the stream broke during the write.
  bool send(const DialoutPayload& p, std::string& error);
  void close();
  // From any thread: the collector ended the current stream (what usable() reports, read alone).
  bool peer_ended() const;
  // From any thread: makes a blocked open() or send() return (shutdown).
  void cancel();
  std::int64_t last_req_id() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vrsh::dataplane::telemetry
