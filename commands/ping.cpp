// ping and tracert from the router (addendum §8): probes of its own sent over live ports, the
// answers taken from the dataplane as they arrive. Ctrl-C stops either and prints what was seen.
#include <unistd.h>

#include <algorithm>
#include <atomic>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/icmp.hpp"
#include "model/ip.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
using Answer = dataplane::Engine::ProbeAnswer;

namespace {

constexpr cli::Ipv4Arg kHost{"host"};
constexpr cli::Ipv4Arg kSource{"source-ip-address"};
constexpr cli::Ipv6Arg kHost6{"destination-ipv6-address"};
constexpr cli::Ipv6Arg kSource6{"source-ipv6-address"};
constexpr cli::IntArg<std::uint32_t> kCount{"count"};
constexpr cli::IntArg<std::uint32_t> kSize{"packetsize"};
constexpr cli::IntArg<std::uint32_t> kTimeout{"timeout"};
constexpr cli::IntArg<std::uint32_t> kInterval{"time"};
constexpr cli::IntArg<std::uint32_t> kTtl{"ttl-value"};
constexpr cli::IntArg<std::uint32_t> kFirstTtl{"first-ttl"};
constexpr cli::IntArg<std::uint32_t> kMaxTtl{"max-ttl"};
constexpr cli::IntArg<std::uint32_t> kPort{"port"};
constexpr cli::IntArg<std::uint32_t> kQueries{"nqueries"};

// Without fragmentation a probe must fit one Ethernet frame: 1500 bytes of IP.
constexpr std::uint32_t kMaxUnfragmentedData = 1500 - 20 - 8;
constexpr std::uint32_t kMaxUnfragmentedData6 = 1500 - 40 - 8;
constexpr std::uint64_t kNsPerMs = 1'000'000;

// Identifiers tell this process's probes apart from each other and from other hosts' pings.
std::uint16_t next_ident() {
  static std::atomic<std::uint16_t> n{static_cast<std::uint16_t>(::getpid())};
  return n.fetch_add(0x0101);
}

using dataplane::IpAddr;

IpAddr v4(std::uint32_t a) {
  return IpAddr::from_v4_host(a);
}

IpAddr v6(const model::Ipv6& a) {
  return IpAddr::from_bytes(a.b.data(), true);
}

// The vendor's text: dotted quad, or IPv6 in upper case.
std::string text(const IpAddr& a) {
  if (!a.v6) return model::format_ipv4(a.v4_host());
  model::Ipv6 x;
  x.b = a.b;
  return model::format_ipv6(x);
}

std::uint64_t ms_between(std::uint64_t from_ns, std::uint64_t to_ns) {
  return to_ns > from_ns ? (to_ns - from_ns + kNsPerMs / 2) / kNsPerMs : 0;
}

// What every probe command checks first: the router can send (a live port), the source is its
// own, the VPN instance exists.
bool can_probe(Ctx& ctx, App& app, const Args& a, bool ipv6, std::string& vpn) {
  if (!app.engine.has_live_ports()) {
    ctx.fail(
        "No live port: the router sends its own packets only through live ports (--port IFNAME=live:DEV).");
    return false;
  }
  const model::Config& c = app.store.running();
  vpn = a.value_or(kVpnName, std::string());
  if (!vpn.empty() && c.vpns.count(vpn) == 0) {
    ctx.fail("The VPN instance does not exist.");
    return false;
  }
  // Each command declares the source of its own family only.
  const auto src4 = ipv6 ? std::nullopt : a.opt(kSource);
  const auto src6 = ipv6 ? a.opt(kSource6) : std::nullopt;
  if (!src4 && !src6) return true;
  for (const model::Interface& i : c.interfaces) {
    if (i.vpn != vpn) continue;
    for (const model::IfAddress& ad : i.addresses)
      if (src4 && ad.addr == *src4) return true;
    for (const auto& ad : i.ipv6_addresses)
      if (src6 && ad.addr == *src6) return true;
  }
  ctx.fail("The source address is not an address of this router in that VPN instance.");
  return false;
}

// Sends one probe and waits for its answer (the one with sequence `seq`) until `timeout_ms` or
// Ctrl-C. nullopt: no answer; the error of a probe that could not leave is in `err`.
std::optional<Answer> probe(Ctx& ctx, App& app, const std::string& vpn, const IpAddr& dst,
                            const IpAddr& source, std::uint16_t ident, std::uint16_t seq,
                            std::uint32_t timeout_ms,
                            const std::function<std::vector<std::uint8_t>(const IpAddr&)>& make,
                            std::uint64_t& sent_ns, std::string& err) {
  const auto sent = app.engine.send_own(vpn, dst, source, make);
  if (!sent.error.empty()) {
    err = sent.error;
    return std::nullopt;
  }
  sent_ns = sent.at_ns;
  const std::uint64_t deadline = sent.at_ns + timeout_ms * kNsPerMs;
  while (!ctx.interrupted()) {
    for (const Answer& ans : app.engine.wait_answers(ident, deadline, [&ctx] { return ctx.interrupted(); }))
      if (ans.seq == seq) return ans;
    if (dataplane::realtime_ns() >= deadline) break;
  }
  return std::nullopt;
}

// Waits `ms` between probes, or less when Ctrl-C comes.
void pause(Ctx& ctx, App& app, std::uint16_t ident, std::uint32_t ms) {
  const std::uint64_t until = dataplane::realtime_ns() + ms * kNsPerMs;
  while (!ctx.interrupted() && dataplane::realtime_ns() < until)
    app.engine.wait_answers(ident, until, [&ctx] { return ctx.interrupted(); });  // late answers: dropped
}

// ping and ping ipv6: the same probe loop, the family's packets and the vendor's few differences.
Status run_ping(Ctx& ctx, App& app, const Args& a, bool ipv6) {
  std::string vpn;
  if (!can_probe(ctx, app, a, ipv6, vpn)) return Status::Error;
  const IpAddr dst = ipv6 ? v6(a[kHost6]) : v4(a[kHost]);
  const IpAddr source = ipv6 ? (a.has(kSource6) ? v6(a[kSource6]) : IpAddr{}) : v4(a.value_or(kSource, 0u));
  const std::uint32_t count = a.value_or(kCount, 5u);
  const std::uint32_t size = a.value_or(kSize, 56u);
  const std::uint32_t timeout = a.value_or(kTimeout, 2000u);
  const std::uint32_t interval = a.value_or(kInterval, 500u);
  // The vendor's ping ipv6 has no hop limit option: 255.
  const auto ttl = static_cast<std::uint8_t>(ipv6 ? 255u : a.value_or(kTtl, 255u));
  const std::uint32_t most = ipv6 ? kMaxUnfragmentedData6 : kMaxUnfragmentedData;
  if (size > most)
    return fail(
        ctx,
        fmt::format("A packet of {} data bytes would need fragmenting, which vrsh does not do (at most {}).",
                    size, most));
  const std::string host = text(dst);
  std::ostream& out = ctx.out();
  // `PING 2001:DB8::1 : 56  data bytes` for IPv6 (addendum §8.2).
  out << fmt::format("  PING {}{}: {}  data bytes, press CTRL_C to break\n", host, ipv6 ? " " : "", size)
      << std::flush;
  const std::uint16_t ident = next_ident();
  app.engine.open_probe(ident);
  std::uint32_t sent = 0, received = 0;
  std::uint64_t min_ms = ~0ULL, max_ms = 0, sum_ms = 0;
  std::string err;
  for (std::uint32_t i = 1; i <= count && !ctx.interrupted(); ++i) {
    const auto seq = static_cast<std::uint16_t>(i);
    std::uint64_t at = 0;
    const auto ans = probe(
        ctx, app, vpn, dst, source, ident, seq, timeout,
        [&](const IpAddr& src) {
          return ipv6 ? dataplane::echo_request6(src.b.data(), dst.b.data(), ident, seq, size, ttl)
                      : dataplane::echo_request(src.v4_host(), dst.v4_host(), ident, seq, size, ttl,
                                                static_cast<std::uint16_t>(ident + i));
        },
        at, err);
    if (!err.empty()) break;
    ++sent;
    if (ans && ans->kind == Answer::Kind::EchoReply) {
      const std::uint64_t ms = ms_between(at, ans->at_ns);
      ++received;
      min_ms = std::min(min_ms, ms);
      max_ms = std::max(max_ms, ms);
      sum_ms += ms;
      out << fmt::format("    Reply from {}: bytes={} Sequence={} ttl={} time={} ms\n", text(ans->from),
                         ans->bytes, i, ans->ttl, ms);
    } else if (!ctx.interrupted()) {
      out << "    Request time out\n";
    }
    out << std::flush;
    if (i < count) pause(ctx, app, ident, interval);
  }
  app.engine.close_probe(ident);
  if (!err.empty() && sent == 0) return fail(ctx, err);
  out << fmt::format("\n  --- {} ping statistics ---\n", host);
  out << fmt::format("    {} packet(s) transmitted\n    {} packet(s) received\n", sent, received);
  out << fmt::format("    {:.2f}% packet loss\n", sent == 0 ? 0.0 : 100.0 * (sent - received) / sent);
  if (received > 0)
    out << fmt::format("    round-trip min/avg/max = {}/{}/{} ms\n", min_ms, sum_ms / received, max_ms);
  else if (ipv6)
    out << "    round-trip min/avg/max=0/0/0 ms\n";  // IPv6 prints it even when all were lost
  if (!err.empty()) return fail(ctx, err);
  return Status::Ok;
}

Status run_tracert(Ctx& ctx, App& app, const Args& a) {
  std::string vpn;
  if (!can_probe(ctx, app, a, false, vpn)) return Status::Error;
  const std::uint32_t dst = a[kHost];
  const std::uint32_t first = a.value_or(kFirstTtl, 1u);
  const std::uint32_t max = a.value_or(kMaxTtl, 30u);
  const std::uint32_t base_port = a.value_or(kPort, 33434u);
  const std::uint32_t queries = a.value_or(kQueries, 3u);
  const std::uint32_t timeout = a.value_or(kTimeout, 5000u);
  if (first > max) return fail(ctx, "The first TTL must not be greater than the maximum TTL.");
  constexpr std::uint32_t kData = 12;  // the vendor's default probe: 40 bytes of IP
  const std::string host = model::format_ipv4(dst);
  std::ostream& out = ctx.out();
  out << fmt::format(" traceroute to  {}({}), max hops: {} ,packet length: {},press CTRL_C to break\n", host,
                     host, max, 20 + 8 + kData)
      << std::flush;
  const std::uint16_t ident = static_cast<std::uint16_t>(next_ident() | 0x8000);  // a high source port
  app.engine.open_probe(ident);
  std::string err;
  bool arrived = false;
  for (std::uint32_t ttl = first; ttl <= max && !arrived && !ctx.interrupted(); ++ttl) {
    std::vector<std::string> cells;  // per probe: "N ms" or "*"
    IpAddr hop;                      // the address that answered first
    for (std::uint32_t q = 0; q < queries && !ctx.interrupted(); ++q) {
      const auto port = static_cast<std::uint16_t>(base_port + (ttl - first) * queries + q);
      std::uint64_t at = 0;
      const auto ans = probe(
          ctx, app, vpn, v4(dst), v4(a.value_or(kSource, 0u)), ident, port, timeout,
          [&](const IpAddr& src) {
            return dataplane::udp_probe(src.v4_host(), dst, ident, port, kData,
                                        static_cast<std::uint8_t>(ttl), port);
          },
          at, err);
      if (!err.empty()) break;
      if (!ans) {
        cells.emplace_back("*");
        continue;
      }
      if (hop.is_zero()) hop = ans->from;
      cells.push_back(fmt::format("{} ms", ms_between(at, ans->at_ns)));
      if (ans->kind == Answer::Kind::Unreachable) arrived = true;
    }
    if (!err.empty()) break;
    // The vendor's layout: ` 1 10.1.1.2 90 ms  1 ms  1 ms`, a silent hop ` 3 * * *`.
    if (!hop.is_zero())
      out << fmt::format(" {} {} {}\n", ttl, text(hop), fmt::join(cells, "  "));
    else
      out << fmt::format(" {} {}\n", ttl, fmt::join(cells, " "));
    out << std::flush;
  }
  app.engine.close_probe(ident);
  if (!err.empty()) return fail(ctx, err);
  return Status::Ok;
}

}  // namespace

void register_ping(cli::Registry& reg, App& app) {
  reg.add({.views = {std::string(cli::kUserView)},
           .syntax =
               "ping [ -a <source-ip-address> | -c <count> | -s <packetsize> | -t <timeout> | -m <time> | "
               "-h <ttl-value> | -vpn-instance <vpn-instance-name> ] * <host>",
           .help = {{"ping", "Ping function"},
                    {"-a", "Set the source IP address of the echo requests"},
                    {"-c", "Set the number of echo requests"},
                    {"-s", "Set the number of data bytes"},
                    {"-t", "Set the time to wait for each reply"},
                    {"-m", "Set the time to wait before the next echo request"},
                    {"-h", "Set the TTL of the echo requests"},
                    {"-vpn-instance", "Set the VPN instance"}},
           .params = {{kSource, cli::types::ipv4(), "Source IP address"},
                      {kCount, cli::types::integer(1, 4294967295LL), "Number of echo requests"},
                      {kSize, cli::types::integer(10, 9600), "Data bytes"},
                      {kTimeout, cli::types::integer(0, 65535), "Timeout in milliseconds"},
                      {kInterval, cli::types::integer(1, 10000), "Interval in milliseconds"},
                      {kTtl, cli::types::integer(1, 255), "TTL"},
                      {kVpnName, vpn_name_param()},
                      {kHost, cli::types::ipv4(), "IP address of the destination"}},
           .run = [&app](Ctx& ctx, const Args& a) { return run_ping(ctx, app, a, false); }});
  reg.add({.views = {std::string(cli::kUserView)},
           .syntax = "ping ipv6 [ -a <source-ipv6-address> | -c <count> | -s <packetsize> | -t <timeout> | "
                     "-m <time> | vpn-instance <vpn-instance-name> ] * <destination-ipv6-address>",
           .help = {{"ping", "Ping function"},
                    {"ipv6", "IPv6 ping"},
                    {"-a", "Set the source IPv6 address of the echo requests"},
                    {"-c", "Set the number of echo requests"},
                    {"-s", "Set the number of data bytes"},
                    {"-t", "Set the time to wait for each reply"},
                    {"-m", "Set the time to wait before the next echo request"},
                    {"vpn-instance", "Set the VPN instance"}},
           .params = {{kSource6, cli::types::ipv6(), "Source IPv6 address"},
                      {kCount, cli::types::integer(1, 4294967295LL), "Number of echo requests"},
                      {kSize, cli::types::integer(10, 9600), "Data bytes"},
                      {kTimeout, cli::types::integer(0, 65535), "Timeout in milliseconds"},
                      {kInterval, cli::types::integer(1, 10000), "Interval in milliseconds"},
                      {kVpnName, vpn_name_param()},
                      {kHost6, cli::types::ipv6(), "IPv6 address of the destination"}},
           .run = [&app](Ctx& ctx, const Args& a) { return run_ping(ctx, app, a, true); }});
  reg.add(
      {.views = {std::string(cli::kUserView)},
       .syntax =
           "tracert [ -a <source-ip-address> | -f <first-ttl> | -m <max-ttl> | -p <port> | -q <nqueries> | "
           "-vpn-instance <vpn-instance-name> | -w <timeout> ] * <host>",
       .help = {{"tracert", "Trace route function"},
                {"-a", "Set the source IP address of the probes"},
                {"-f", "Set the TTL of the first probes"},
                {"-m", "Set the maximum TTL"},
                {"-p", "Set the UDP destination port of the first probe"},
                {"-q", "Set the number of probes per hop"},
                {"-vpn-instance", "Set the VPN instance"},
                {"-w", "Set the time to wait for each answer"}},
       .params = {{kSource, cli::types::ipv4(), "Source IP address"},
                  {kFirstTtl, cli::types::integer(1, 255), "First TTL"},
                  {kMaxTtl, cli::types::integer(1, 255), "Maximum TTL"},
                  {kPort, cli::types::integer(1, 65535), "UDP port"},
                  {kQueries, cli::types::integer(1, 10), "Probes per hop"},
                  {kVpnName, vpn_name_param()},
                  {kTimeout, cli::types::integer(1, 65535), "Timeout in milliseconds"},
                  {kHost, cli::types::ipv4(), "IP address of the destination"}},
       .run = [&app](Ctx& ctx, const Args& a) { return run_tracert(ctx, app, a); }});
}

}  // namespace vrsh::commands
