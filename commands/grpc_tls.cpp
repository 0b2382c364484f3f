// TLS for gRPC dial-out telemetry (reference 1.2, 1.3): `ssl policy NAME` with the files it
// trusts and presents, and `grpc` / `grpc client` choosing the policy and whether the collector
// is verified.
#include <unistd.h>

#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/views.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

struct PolicyContext {
  std::string name;
};

constexpr views::View<PolicyContext> kSslPolicyView{
    .name = "ssl-policy",
    .parent = cli::kSystemView,
    .suffix = [](const PolicyContext& c) { return "-ssl-policy-" + c.name; },
    .display_this =
        [](const model::Config& cfg, const PolicyContext& c) {
          auto it = cfg.ssl_policies.find(c.name);
          model::SslPolicy empty;
          empty.name = c.name;
          return model::render_block(
              model::ssl_policy_node(it != cfg.ssl_policies.end() ? it->second : empty));
        }};

constexpr views::View<views::NoContext> kGrpcView{
    .name = "grpc",
    .parent = cli::kSystemView,
    .suffix = [](const views::NoContext&) { return std::string("-grpc"); },
    .display_this = [](const model::Config& cfg,
                       const views::NoContext&) { return model::render_block(model::grpc_node(cfg.grpc)); }};

constexpr views::View<views::NoContext> kGrpcClientView{
    .name = "grpc-client",
    .parent = kGrpcView.name,
    .suffix = [](const views::NoContext&) { return std::string("-client"); },
    .display_this =
        [](const model::Config& cfg, const views::NoContext&) {
          return model::render_block(model::grpc_client_node(cfg.grpc));
        }};

constexpr cli::TextArg kPolicyName{"policy-name"};
constexpr cli::TextArg kCaFile{"ca-file"};
constexpr cli::TextArg kCertFile{"cert-file"};
constexpr cli::TextArg kKeyFile{"key-file"};
constexpr cli::TextArg kSan{"san"};

cli::ParamType policy_name() {
  return types::string(1, 23);
}

constexpr const char* kFileHelp = "File path (relative paths start at vrsh's working directory)";

cli::ParamType file_name() {
  return types::string(1, 4096);
}

// The policy a policy view edits, created again when a `clear configuration candidate` typed in
// the view removed it since.
model::SslPolicy& view_policy(App& app, const Ctx& ctx) {
  const std::string& name = kSslPolicyView.of(ctx).name;
  model::SslPolicy& p = app.candidate.ssl_policies[name];
  p.name = name;
  return p;
}

// The vendor loads a file when the command is typed; vrsh reads it when the configuration is
// applied, and refuses a name it cannot read now, so that a typing error shows at once.
bool readable(Ctx& ctx, const std::string& path) {
  if (access(path.c_str(), R_OK) == 0) return true;
  ctx.fail(fmt::format("The file {} cannot be read.", path));
  return false;
}

model::Grpc& client_block(App& app) {
  model::Grpc& g = view_block(app.candidate.grpc);
  g.client = true;
  return g;
}

}  // namespace

void register_grpc_tls(cli::Registry& reg, App& app) {
  reg.add({.views = {std::string(cli::kSystemView)},
           .syntax = "ssl policy <policy-name>",
           .undo_syntax = "undo ssl policy <policy-name>",
           .help = {{"ssl", "SSL (TLS)"}, {"policy", "SSL policy: certificates for TLS connections"}},
           .params = {{kPolicyName, policy_name(), "SSL policy name, 1 to 23 characters"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string name = a[kPolicyName];
             if (ctx.undo()) {
               if (!app.candidate.ssl_policies.erase(name))
                 return fail(ctx, "The SSL policy does not exist.");
               return Status::Ok;
             }
             app.candidate.ssl_policies[name].name = name;
             kSslPolicyView.enter(ctx, {name});
             return Status::Ok;
           }});

  kSslPolicyView.add(reg, {.syntax = "trusted-ca load pem-ca <ca-file>",
                           .undo_syntax = "undo trusted-ca load pem-ca <ca-file>",
                           .help = {{"trusted-ca", "CA certificates the peer is verified against"},
                                    {"load", "Load a file"},
                                    {"pem-ca", "A PEM file of CA certificates"}},
                           .params = {{kCaFile, file_name(), kFileHelp}},
                           .run = [&app](Ctx& ctx, const Args& a) {
                             model::SslPolicy& p = view_policy(app, ctx);
                             const std::string file = a[kCaFile];
                             if (ctx.undo()) {
                               if (!p.trusted_ca.erase(file))
                                 return fail(ctx, "The CA file is not loaded in the SSL policy.");
                               return Status::Ok;
                             }
                             if (!readable(ctx, file)) return Status::Error;
                             if (!p.trusted_ca.contains(file) && p.trusted_ca.size() >= model::kMaxTrustedCa)
                               return fail(ctx, fmt::format("An SSL policy can load at most {} CA files.",
                                                            model::kMaxTrustedCa));
                             p.trusted_ca.insert(file);
                             return Status::Ok;
                           }});

  kSslPolicyView.add(reg,
                     {.syntax = "certificate load pem-cert <cert-file> key-pair rsa key-file <key-file>",
                      .undo_syntax = "undo certificate load pem-cert <cert-file>",
                      .help = {{"certificate", "The certificate this device presents"},
                               {"load", "Load files"},
                               {"pem-cert", "A PEM certificate file"},
                               {"key-pair", "Key pair type"},
                               {"rsa", "RSA"},
                               {"key-file", "The private key, an unencrypted PEM file"}},
                      .params = {{kCertFile, file_name(), kFileHelp}, {kKeyFile, file_name(), kFileHelp}},
                      .run = [&app](Ctx& ctx, const Args& a) {
                        model::SslPolicy& p = view_policy(app, ctx);
                        const std::string cert = a[kCertFile];
                        if (ctx.undo()) {
                          if (p.cert_file != cert)
                            return fail(ctx, "The certificate is not loaded in the SSL policy.");
                          p.cert_file.clear();
                          p.key_file.clear();
                          return Status::Ok;
                        }
                        const std::string key = a[kKeyFile];
                        if (!readable(ctx, cert) || !readable(ctx, key)) return Status::Error;
                        p.cert_file = cert;
                        p.key_file = key;
                        return Status::Ok;
                      }});

  reg.add(feature_view_command<model::Grpc>("grpc", {{"grpc", "Enter the gRPC view"}}, kGrpcView,
                                            [&app]() -> model::Grpc& { return app.candidate.grpc; }));

  kGrpcView.add(reg, {.syntax = "grpc client",
                      .undo_syntax = "undo grpc client",
                      .help = {{"grpc", "gRPC"}, {"client", "The gRPC client: dial-out telemetry streams"}},
                      .run = [&app](Ctx& ctx, const Args&) {
                        model::Grpc& g = view_block(app.candidate.grpc);
                        if (ctx.undo()) {
                          g = model::Grpc{};
                          g.enabled = true;
                          return Status::Ok;
                        }
                        g.client = true;
                        kGrpcClientView.enter(ctx, {});
                        return Status::Ok;
                      }});

  kGrpcClientView.add(
      reg, {.syntax = "ssl-policy <policy-name> [ verify-san <san> ]",
            .undo_syntax = "undo ssl-policy",
            .help = {{"ssl-policy", "The SSL policy of the gRPC client: its streams use TLS"},
                     {"verify-san", "With ssl-verify peer: a name the collector's certificate must carry"}},
            .params = {{kPolicyName, policy_name(), "SSL policy name, 1 to 23 characters"},
                       {kSan, types::string(1, 255), "Subject alternative name, 1 to 255 characters"}},
            .run = [&app](Ctx& ctx, const Args& a) {
              model::Grpc& g = client_block(app);
              if (ctx.undo()) {
                g.ssl_policy.clear();
                g.verify_san.clear();
                return Status::Ok;
              }
              g.ssl_policy = a[kPolicyName];
              g.verify_san = a.value_or(kSan, {});
              return Status::Ok;
            }});

  kGrpcClientView.add(reg, {.syntax = "ssl-verify peer",
                            .undo_syntax = "undo ssl-verify peer",
                            .help = {{"ssl-verify", "Certificate verification"},
                                     {"peer", "Verify the collector's certificate (default: not verified)"}},
                            .run = [&app](Ctx& ctx, const Args&) {
                              client_block(app).ssl_verify_peer = !ctx.undo();
                              return Status::Ok;
                            }});
}

}  // namespace vrsh::commands
