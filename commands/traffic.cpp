// Traffic: packet-replay feeds a capture into a port; output ports and the ESQM export file.
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "model/chassis.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;

namespace {

// A file path: one token (double quotes allow spaces), 1 to 4096 characters.
constexpr cli::TextArg kPath{"path"};
constexpr cli::WordArg kSpeed{"speed"};

cli::ParamType path_param() {
  return cli::types::string(1, 4096);
}

void draw_progress(std::uint64_t done, std::uint64_t total) {
  if (total == 0) return;
  const int pct = static_cast<int>(done * 100 / total);
  const int filled = pct / 2;
  std::fprintf(stderr, "\r[%.*s%*s] %3d%%", filled, "##################################################",
               50 - filled, "", pct);
  if (done >= total) std::fprintf(stderr, "\r%*s\r", 58, "");
  std::fflush(stderr);
}

}  // namespace

bool add_output_port(App& app, const std::string& ifname, const std::string& path, std::string& err) {
  if (!model::is_physical(model::main_port(ifname))) {
    err = fmt::format("--port: unknown interface '{}' (use a canonical name such as GigabitEthernet0/1/0)",
                      ifname);
    return false;
  }
  try {
    app.engine.add_sink(ifname, path);
  } catch (const std::exception& e) {
    err = fmt::format("--port {}: {}", ifname, e.what());
    return false;
  }
  return true;
}

bool check_live_port(const std::string& ifname, const std::string& dev,
                     const std::vector<std::pair<std::string, std::string>>& earlier, std::string& err) {
  // Sub-interfaces would need VLAN tags on the wire, which egress does not write.
  if (!model::is_physical(ifname)) {
    err = fmt::format(
        "--port: '{}' is not a physical port (use a canonical name such as GigabitEthernet0/1/0)", ifname);
    return false;
  }
  // IFNAMSIZ: Linux device names have at most 15 characters.
  if (dev.empty() || dev.size() > 15 || dev.find_first_of("/ \t") != std::string::npos) {
    err = fmt::format("--port {}: '{}' is not a Linux device name", ifname, dev);
    return false;
  }
  for (const auto& [i, d] : earlier) {
    if (i == ifname) {
      err = fmt::format("--port {}: the port is already bound to the device {}", ifname, d);
      return false;
    }
    if (d == dev) {
      err = fmt::format("--port {}: the device {} is already bound to {}", ifname, dev, i);
      return false;
    }
  }
  return true;
}

bool add_live_port(App& app, const std::string& ifname, const std::string& dev, std::string& err) {
  try {
    app.engine.add_live_port(ifname, dev);
  } catch (const std::exception& e) {
    err = fmt::format("--port {}=live:{}: {}", ifname, dev, e.what());
    return false;
  }
  return true;
}

bool set_esqm_export(App& app, const std::string& path, std::string& err) {
  try {
    app.engine.set_export_file(path);
  } catch (const std::exception& e) {
    err = fmt::format("--esqm-export: {}", e.what());
    return false;
  }
  return true;
}

void register_traffic(cli::Registry& reg, App& app) {
  reg.add(
      {.views = {std::string(cli::kUserView)},
       .syntax = "packet-replay interface <interface-name> file <path> [ speed { max | realtime }$speed ]",
       .help = {{"packet-replay", "Feed a capture file into a port as received traffic (vrsh extension)"},
                {"interface", "Receiving interface"},
                {"file", "Capture file (pcap or pcapng)"},
                {"speed", "Replay speed"},
                {"max", "As fast as possible (default)"},
                {"realtime", "Follow the packet timestamps"}},
       .params = {{kIfName, ifname_param()}, {kPath, path_param(), "File path"}, {kSpeed}},
       .run = [&app](Ctx& ctx, const Args& a) {
         // Traffic enters an interface of the running configuration only. NULL0 exists but takes
         // no traffic in: a replay into it is refused rather than counted as dropped.
         const std::string name = a[kIfName];
         if (!app.store.running().interface_exists(name)) return fail(ctx, "The interface does not exist.");
         if (name == "NULL0") return fail(ctx, "The interface NULL0 cannot receive packets.");
         dataplane::ProgressFn progress;
         if (isatty(STDERR_FILENO)) progress = draw_progress;
         // Ctrl-C stops the replay between two batches (or while it waits for packet time): what
         // was replayed stays, as the summary says.
         const auto s = app.engine.replay(a[kIfName], a[kPath], a.is(kSpeed, "realtime"), progress,
                                          [&ctx] { return ctx.interrupted(); });
         std::string line = s.summary_line();
         // Wall-clock time is for people at a terminal; transcripts must not depend on it.
         if (!isatty(STDOUT_FILENO)) {
           const auto from = line.find(" in "), to = line.find(" s: ");
           if (from != std::string::npos && to != std::string::npos && to > from)
             line.erase(from, to + 2 - from);
         }
         if (s.error.empty() || s.packets > 0) ctx.out() << line << '\n';
         if (!s.error.empty()) {
           ctx.out() << "Error: " << s.error << '\n';
           return Status::Error;
         }
         return Status::Ok;
       }});
}

}  // namespace vrsh::commands
