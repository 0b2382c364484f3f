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

}  // namespace vrsh::commands
