// The only translation unit that includes gRPC (it is slow to compile).
#include "dataplane/telemetry/grpc_stream.hpp"

#include <grpc/support/log.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "dataplane/telemetry/proto/huawei_grpc_dialout.grpc.pb.h"

namespace vrsh::dataplane::telemetry {
namespace {

namespace gx = grpc::experimental;

// How long closing a stream waits for the collector to end it after the last message.
constexpr auto kCloseGrace = std::chrono::milliseconds(1000);

// `verify-san NAME`: the chain was verified by the handshake; this checks that the server's
// certificate names NAME among its subject alternative names (DNS, IP or URI).
class SanVerifier : public gx::ExternalCertificateVerifier {
 public:
  explicit SanVerifier(std::string san) : san_(std::move(san)) {}
  bool Verify(gx::TlsCustomVerificationCheckRequest* request, std::function<void(grpc::Status)>,
              grpc::Status* sync_status) override {
    for (const auto& list : {request->dns_names(), request->ip_names(), request->uri_names()})
      for (const auto& name : list)
        if (std::string_view(name.data(), name.size()) == san_) {
          *sync_status = grpc::Status::OK;
          return true;
        }
    *sync_status = grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                                "the collector's certificate has no subject alternative name " + san_);
    return true;  // answered synchronously
  }
  void Cancel(gx::TlsCustomVerificationCheckRequest*) override {}

 private:
  std::string san_;
};

// gRPC logs transport failures to stderr by itself, which would land in the operator's
// transcript; vrsh reports them through each destination's error and counters instead.
void quiet_grpc_logs() {
  static std::once_flag once;
  std::call_once(once, [] { gpr_set_log_function([](gpr_log_func_args*) {}); });
}

std::shared_ptr<grpc::ChannelCredentials> credentials(const GrpcTls& t) {
  if (!t.enabled) return grpc::InsecureChannelCredentials();
  gx::TlsChannelCredentialsOptions o;
  std::vector<gx::IdentityKeyCertPair> identity;
  if (!t.cert_pem.empty()) identity.push_back({t.key_pem, t.cert_pem});
  if (!t.ca_pem.empty() || !identity.empty()) {
    o.set_certificate_provider(std::make_shared<gx::StaticDataCertificateProvider>(t.ca_pem, identity));
    if (!t.ca_pem.empty()) o.watch_root_certs();
    if (!identity.empty()) o.watch_identity_key_cert_pairs();
  }
  if (!t.verify_peer) {
    // The vendor's default: encrypted, but the collector's certificate is not checked.
    o.set_verify_server_certs(false);
    o.set_certificate_verifier(std::make_shared<gx::NoOpCertificateVerifier>());
    o.set_check_call_host(false);
  } else if (!t.verify_san.empty()) {
    o.set_certificate_verifier(gx::ExternalCertificateVerifier::Create<SanVerifier>(t.verify_san));
    o.set_check_call_host(false);
  } else {
    o.set_certificate_verifier(std::make_shared<gx::HostNameCertificateVerifier>());
  }
  return gx::TlsCredentials(o);
}

}  // namespace

struct GrpcStream::Impl {
  GrpcTarget target;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<huawei_dialout::gRPCDataservice::Stub> stub;
  std::mutex mu;  // guards ctx for cancel()
  std::unique_ptr<grpc::ClientContext> ctx;
  std::unique_ptr<grpc::ClientReaderWriter<huawei_dialout::serviceArgs, huawei_dialout::serviceArgs>> stream;
  std::thread reader;  // waits for the collector to end the stream (it never sends anything else)
  std::atomic<bool> ended{false};
  std::condition_variable ended_cv;  // with mu: the reader saw the end of the stream
  std::atomic<bool> cancelled{false};
  std::int64_t req_id = 0;
  huawei_dialout::serviceArgs msg;  // reused: one allocation for the payload buffer

  void close() {
    if (stream) {
      // A graceful end first: what was written reaches the collector before the stream goes
      // (cancelling at once could discard the last messages). Bounded, then cancelled.
      if (!ended && !cancelled && stream->WritesDone()) {
        std::unique_lock lk(mu);
        ended_cv.wait_for(lk, kCloseGrace, [&] { return ended.load(); });
      }
      {
        std::lock_guard lk(mu);
        if (ctx) ctx->TryCancel();
      }
      if (reader.joinable()) reader.join();
      stream->Finish().ok();  // the status is that of an ended or cancelled call
      stream.reset();
    }
    std::lock_guard lk(mu);
    ctx.reset();
  }
};

GrpcStream::GrpcStream(GrpcTarget target) : impl_(std::make_unique<Impl>()) {
  quiet_grpc_logs();
  impl_->target = std::move(target);
}

GrpcStream::~GrpcStream() {
  close();
}

bool GrpcStream::open(std::chrono::milliseconds timeout, std::string& error) {
  close();
  Impl& s = *impl_;
  if (!s.channel) {
    grpc::ChannelArguments args;
    if (s.target.gzip) args.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
    // Reconnection is ours (bounded backoff, counted): each open() is one attempt.
    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
    s.channel = grpc::CreateCustomChannel(s.target.address, credentials(s.target.tls), args);
    s.stub = huawei_dialout::gRPCDataservice::NewStub(s.channel);
  }
  const auto deadline = std::chrono::system_clock::now() + timeout;
  if (!s.channel->WaitForConnected(deadline)) {
    // The channel's own state says little; a TLS failure and a refusal look the same here, so
    // one short RPC attempt gets the transport's reason.
    grpc::ClientContext probe;
    probe.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
    auto st = s.stub->dataPublish(&probe);
    const grpc::Status status = st->Finish();
    error = status.error_message().empty() ? "cannot connect" : status.error_message();
    return false;
  }
  if (s.cancelled) {
    error = "cancelled";
    return false;
  }
  {
    std::lock_guard lk(s.mu);
    s.ctx = std::make_unique<grpc::ClientContext>();
  }
  s.stream = s.stub->dataPublish(s.ctx.get());
  s.ended = false;
  s.req_id = 0;
  s.reader = std::thread([&s] {
    huawei_dialout::serviceArgs in;
    while (s.stream->Read(&in)) {
    }
    std::lock_guard lk(s.mu);
    s.ended = true;
    s.ended_cv.notify_all();
  });
  return true;
}

bool GrpcStream::usable() const {
  return impl_->stream && !impl_->ended;
}

bool GrpcStream::send(const DialoutPayload& p, std::string& error) {
  Impl& s = *impl_;
  if (!usable()) {
    error = "the stream is closed";
    return false;
  }
  s.msg.Clear();
  s.msg.set_reqid(++s.req_id);
  if (p.json)
    s.msg.set_data_json(p.bytes);
  else
    s.msg.set_data(p.bytes);
  if (s.stream->Write(s.msg)) return true;
  error = "the collector closed the stream";
  return false;
}

bool GrpcStream::peer_ended() const {
  return impl_->ended;
}

void GrpcStream::close() {
  impl_->close();
}

void GrpcStream::cancel() {
  Impl& s = *impl_;
  s.cancelled = true;
  std::lock_guard lk(s.mu);
  if (s.ctx) s.ctx->TryCancel();
}

std::int64_t GrpcStream::last_req_id() const {
  return impl_->req_id;
}

}  // namespace vrsh::dataplane::telemetry
