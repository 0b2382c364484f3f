#include "commands/params.hpp"

#include <cctype>

#include "model/chassis.hpp"

namespace vrsh::commands {

namespace {

const std::vector<cli::types::IfTypeDef>& chassis_types() {
  static const std::vector<cli::types::IfTypeDef> kTypes{
      {"GigabitEthernet", "GigabitEthernet interface", 3, 3, true},
      {"LoopBack", "LoopBack interface", 1, 1, false},
      {"NULL", "NULL interface", 1, 1, false},
  };
  return kTypes;
}

}  // namespace

cli::ParamType iftype_param() {
  cli::ParamType t;
  for (const auto& def : chassis_types()) t.words.emplace_back(def.name, def.description);
  t.parse = [](std::span<const cli::Token> rest, std::string_view) -> cli::ParamParse {
    if (rest.empty()) return {};
    std::string found;
    for (const auto& def : chassis_types()) {
      const std::string_view typed = rest[0].text;
      bool prefix = !typed.empty() && typed.size() <= def.name.size();
      for (std::size_t i = 0; prefix && i < typed.size(); ++i)
        prefix = std::tolower(static_cast<unsigned char>(typed[i])) ==
                 std::tolower(static_cast<unsigned char>(def.name[i]));
      if (!prefix) continue;
      if (!found.empty()) return {};  // ambiguous
      found = def.name;
    }
    if (found.empty()) return {};
    return {1, found};
  };
  t.help = "Interface type";
  return t;
}

cli::ParamType ifname_param() {
  cli::ParamType base = cli::types::ifname(chassis_types());
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

}  // namespace vrsh::commands
