#pragma once
// The rendered configuration as a tree of lines, shared by render (text output) and diff
// (block-aware comparison). Internal to the model layer.
#include <string>
#include <vector>

#include "model/config.hpp"

namespace vrsh::model {

// One configuration line (indentation included in `text`) and the lines nested under it.
struct Node {
  std::string text;
  std::vector<Node> children;
};

// One `#`-delimited block. `key` identifies the block across two configurations ("sysname" and
// "ip route-static" for the one-line blocks, else the header line).
struct Section {
  std::string key;
  std::vector<Node> roots;
};

std::vector<Section> build_sections(const Config& c);

// Builders for individual blocks (render_blocks.cpp, render_ipfpm.cpp).
Node vpn_node(const VpnInstance& v);
Node interface_node(const Interface& i);
std::string route_line(const StaticRoute& r);
Node esqm_node(const Esqm& e);
Node telemetry_node(const Telemetry& t);  // render_telemetry.cpp
Node dcp_node(const Dcp& d);
Node dcp_instance_node(const DcpInstance& i);
Node mcp_node(const Mcp& m);
Node mcp_instance_node(const McpInstance& i);
Node ach_node(const Ach& a);

// Whether an interface entry is rendered in the configuration at all.
bool interface_rendered(const Interface& i);

void append_lines(const Node& n, std::string& out);

}  // namespace vrsh::model
