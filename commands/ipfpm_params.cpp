#include "commands/ipfpm_params.hpp"

#include "model/secret.hpp"

namespace vrsh::commands::ipfpm {

cli::ParamType interval_param() {
  cli::ParamType t;
  t.placeholder = "INTEGER<1,10,60,600>";
  t.parse = [](std::span<const cli::Token> rest, std::string_view) -> cli::ParamParse {
    if (rest.empty()) return {};
    const std::string_view v = rest[0].text;
    if (v == "1" || v == "10" || v == "60" || v == "600") return {1, std::string(v)};
    return {};
  };
  return t;
}

cli::ParamType password_param() {
  cli::ParamType t;
  t.placeholder = "STRING<1-432>";
  t.parse = [](std::span<const cli::Token> rest, std::string_view) -> cli::ParamParse {
    if (rest.empty() || rest[0].text.empty()) return {};
    const std::string v(rest[0].text);
    if (model::is_cipher_token(v)) return model::decrypt_secret(v) ? cli::ParamParse{1, v} : cli::ParamParse{};
    if (v.size() > model::kMaxSecretLength) return {};
    return {1, v};
  };
  return t;
}

std::optional<std::string> secret_of(const std::string& typed) {
  if (model::is_cipher_token(typed)) return model::decrypt_secret(typed);
  return typed;
}

}  // namespace vrsh::commands::ipfpm
