#include "model/render.hpp"

#include "model/render_tree.hpp"

namespace vrsh::model {

std::string render_config(const Config& c) {
  std::string out = "#\n";
  for (const auto& s : build_sections(c)) {
    for (const auto& n : s.roots) append_lines(n, out);
    out += "#\n";
  }
  out += "return\n";
  return out;
}

std::string render_top_level(const Config& c) {
  std::string out = "#\n";
  for (const auto& sec : build_sections(c)) {
    if (sec.key != "sysname" && sec.key != "arp static" && sec.key != "ip route-static") continue;
    for (const auto& n : sec.roots) append_lines(n, out);
    out += "#\n";
  }
  return out + "return\n";
}

std::string render_block(const Node& block) {
  std::string out = "#\n";
  append_lines(block, out);
  out += "#\nreturn\n";
  return out;
}

}  // namespace vrsh::model
