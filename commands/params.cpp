#include "commands/params.hpp"

#include "model/chassis.hpp"

namespace vrsh::commands {

cli::ParamType ifname_param() {
  cli::ParamType base = cli::types::ifname({
      {"GigabitEthernet", "GigabitEthernet interface", 3, 3, true},
      {"LoopBack", "LoopBack interface", 1, 1, false},
      {"NULL", "NULL interface", 1, 1, false},
  });
  auto inner = base.parse;
  base.parse = [inner](std::span<const cli::Token> rest, std::string_view line) {
    cli::ParamParse r = inner(rest, line);
    if (r.consumed == 0) return r;
    if (!model::if_index(r.value)) return cli::ParamParse{};
    return r;
  };
  base.help = "Interface type and number";
  return base;
}

cli::ParamType tlp_id_param() {
  cli::ParamType t = cli::types::integer(1, 16777215);
  t.help = "TLP ID";
  return t;
}

cli::ParamType vpn_name_param() {
  cli::ParamType base = cli::types::string(1, 31);
  auto inner = base.parse;
  base.parse = [inner](std::span<const cli::Token> rest, std::string_view line) {
    cli::ParamParse r = inner(rest, line);
    if (r.consumed && r.value == "_public_") return cli::ParamParse{};
    return r;
  };
  base.help = "VPN instance name, a string of 1 to 31 characters";
  return base;
}

cli::ParamType pipe_param() {
  cli::ParamType t;
  t.placeholder = "|";
  t.parse = [](std::span<const cli::Token> rest, std::string_view line) -> cli::ParamParse {
    if (rest.size() < 3 || rest[0].text != "|") return {};
    static constexpr std::string_view kinds[] = {"include", "exclude", "begin"};
    std::string kind;
    for (auto k : kinds) {
      std::string_view typed = rest[1].text;
      if (!typed.empty() && typed.size() <= k.size()) {
        bool match = true;
        for (std::size_t i = 0; i < typed.size(); ++i)
          if (std::tolower(static_cast<unsigned char>(typed[i])) != k[i]) match = false;
        if (match) {
          if (!kind.empty()) return {};  // ambiguous
          kind = std::string(k);
        }
      }
    }
    if (kind.empty()) return {};
    std::string_view regex = line.substr(rest[2].col);
    while (!regex.empty() && (regex.back() == ' ' || regex.back() == '\t')) regex.remove_suffix(1);
    return {rest.size(), kind + " " + std::string(regex)};
  };
  t.help = "Matching output";
  return t;
}

}  // namespace vrsh::commands
