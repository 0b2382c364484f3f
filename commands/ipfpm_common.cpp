#include "commands/ipfpm_common.hpp"

#include <cctype>

#include "model/ip.hpp"
#include "model/secret.hpp"

namespace vrsh::commands::ipfpm {
namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

constexpr cli::IntArg<int> kKeyId{"key-id"};
constexpr cli::TextArg kPassword{"password"};

}  // namespace

namespace {

// An integer that must be one of `values` (the vendor lists them instead of giving a range).
cli::ParamType integer_choice(std::vector<std::string> values, std::string help) {
  cli::ParamType t;
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "" : ",") + v;
  t.placeholder = "INTEGER<" + list + ">";
  t.parse = [values](std::span<const cli::Token> rest, std::string_view) -> cli::ParamParse {
    if (rest.empty()) return {};
    const std::string_view v = rest[0].text;
    for (const auto& allowed : values)
      if (v == allowed) return {1, std::string(v)};
    return {};
  };
  t.kind = cli::ValueKind::Integer;
  t.help = std::move(help);
  return t;
}

}  // namespace

cli::ParamType interval_param() {
  return integer_choice({"1", "10", "60", "600"}, "Period in seconds: 1, 10, 60 or 600");
}

cli::ParamType time_range_param() {
  return integer_choice({"5", "10", "15", "30"}, "Measurement time in minutes: 5, 10, 15 or 30");
}

cli::ParamType mpls_label_param() {
  return cli::types::integer(16, 1048575);  // 20-bit labels; 0-15 are reserved
}

cli::ParamType password_param() {
  cli::ParamType t;
  t.placeholder = "STRING<1-432>";
  t.parse = [](std::span<const cli::Token> rest, std::string_view) -> cli::ParamParse {
    if (rest.empty() || rest[0].text.empty()) return {};
    const std::string v(rest[0].text);
    if (model::is_cipher_token(v))
      return model::decrypt_secret(v) ? cli::ParamParse{1, v} : cli::ParamParse{};
    if (v.size() > model::kMaxSecretLength) return {};
    return {1, v};
  };
  t.help = "Password: plain text of 1 to 255 characters, or #%#%cipher text#%#%";
  t.secret = true;  // cipher text decrypts too: neither form is kept in the command history
  return t;
}

cli::ParamType dcp_id_param() {
  cli::ParamType t = cli::types::ipv4();
  t.help = "DCP ID, an IPv4 address";
  return t;
}

model::FlowDir flow_dir(const cli::Args& a, cli::WordArg key) {
  if (a.is(key, "forward")) return model::FlowDir::Forward;
  if (a.is(key, "backward")) return model::FlowDir::Backward;
  return model::FlowDir::Bidirectional;
}

std::optional<std::string> secret_of(const std::string& typed) {
  if (model::is_cipher_token(typed)) return model::decrypt_secret(typed);
  return typed;
}

std::string instance_suffix(const InstanceContext& c) {
  return fmt::format("-instance-{}", c.instance);
}

cli::CommandSpec point_id_command(const std::string& keyword, const std::string& help,
                                  std::function<std::optional<model::Ipv4>&()> id) {
  const std::string param = keyword + "-id";  // dcp-id or mcp-id
  return {.syntax = fmt::format("{} id <{}>", keyword, param),
          .undo_syntax = fmt::format("undo {} id", keyword),
          .help =
              {
                  {keyword, help},
                  {"id", fmt::format("Set the {} ID", upper(keyword))},
              },
          .params = {{cli::Ipv4Arg{param}, cli::types::ipv4(),
                      fmt::format("{} ID, an IPv4 address", upper(keyword))}},
          .run = [id, param](cli::Ctx& ctx, const cli::Args& a) {
            if (ctx.undo())
              id().reset();
            else
              id() = a[cli::Ipv4Arg{param}];
            return cli::Status::Ok;
          }};
}

namespace {

// The vendor's interactive dialogue (vrp-cli.md 3.4): a hint, then the secret twice, never shown.
// A mismatch, an empty or an over-long secret changes nothing.
std::optional<std::string> read_interactive_secret(cli::Ctx& ctx) {
  ctx.out() << "Plain text with length of 1-255, Encrypted text with length of 24 or 32-432\n";
  const auto typed = ctx.secret("Enter Password:");
  if (!typed) {
    ctx.fail("No password was entered.");
    return std::nullopt;
  }
  const auto again = ctx.secret("Confirm Password:");
  if (!again) {
    ctx.fail("The password was not confirmed.");
    return std::nullopt;
  }
  if (*typed != *again) {
    ctx.fail("The password and the confirmed password are different.");
    return std::nullopt;
  }
  if (typed->empty() || (!model::is_cipher_token(*typed) && typed->size() > model::kMaxSecretLength)) {
    ctx.fail("The password length is invalid.");
    return std::nullopt;
  }
  const auto secret = secret_of(*typed);
  if (!secret) ctx.fail("The cipher text is invalid.");
  return secret;
}

}  // namespace

cli::CommandSpec auth_command(std::function<std::optional<model::FpmAuth>&(cli::Ctx&)> slot) {
  return {// The bare keyword `password` asks for the secret; a plain secret spelt "password" is
          // given after `cipher` (the keyword wins over the parameter, as on the vendor's CLI).
          .syntax = "authentication-mode hmac-sha256 key-id <key-id> { password | [ cipher ] <password> }",
          .undo_syntax = "undo authentication-mode hmac-sha256 [ key-id <key-id> ]",
          .help = {{"password", "Enter the password interactively, without showing it"}},
          .params = {{kKeyId, cli::types::integer(1, 64), "Key ID"}, {kPassword, password_param()}},
          .run = [slot](cli::Ctx& ctx, const cli::Args& a) {
            auto& auth = slot(ctx);
            if (ctx.undo()) {
              if (a.has(kKeyId) && (!auth || auth->key_id != a[kKeyId]))
                return fail(ctx, "The key ID does not exist.");
              auth.reset();
              return cli::Status::Ok;
            }
            if (!a.has(kPassword)) {  // the keyword: ask for it
              const auto secret = read_interactive_secret(ctx);
              if (!secret) return cli::Status::Error;
              auth = model::FpmAuth{a[kKeyId], *secret};
              return cli::Status::Ok;
            }
            const auto secret = secret_of(a[kPassword]);
            if (!secret) return fail(ctx, "The cipher text is invalid.");
            auth = model::FpmAuth{a[kKeyId], *secret};
            return cli::Status::Ok;
          }};
}

}  // namespace vrsh::commands::ipfpm
