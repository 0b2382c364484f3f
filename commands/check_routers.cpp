#include "commands/check_routers.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "commands/check_process.hpp"

namespace vrsh::commands::check {
namespace {

namespace fs = std::filesystem;

// What a file holds from `offset` on; `offset` moves to its end.
std::string read_from(const fs::path& p, std::uintmax_t& offset) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  in.seekg(static_cast<std::streamoff>(offset));
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  offset += s.size();
  return s;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct Router {
  std::string name;
  pid_t pid = -1;
  int in = -1;    // the write end of its standard input
  int sync = -1;  // the read end of its VRSH_CHECK_SYNC_FD; end of file once it has exited
  std::uint64_t written = 0, consumed = 0;
  bool ready = false;  // it has said at least once that it waits for input
  std::string sync_buf;
  int status = 0;
  bool status_shown = false;
  fs::path out, err;
  std::uintmax_t out_at = 0, err_at = 0;

  bool running() const { return sync >= 0; }

  // Reads what the router said on its sync descriptor; false once it has closed it (exited).
  bool read_sync() {
    char buf[256];
    const ssize_t n = ::read(sync, buf, sizeof buf);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    if (n == 0) {
      close_fd(sync);
      close_fd(in);
      status = wait_child(pid);
      return false;
    }
    sync_buf.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = sync_buf.find('\n')) != std::string::npos; sync_buf.erase(0, nl + 1)) {
      consumed = std::strtoull(sync_buf.c_str(), nullptr, 10);
      ready = true;
    }
    return true;
  }

  // Types `text` and returns once the router has run all of it and waits for more, or has exited.
  void type(const std::string& text) {
    std::size_t off = 0;
    while (running()) {
      const bool to_write = off < text.size() && in >= 0;
      if (!to_write && ready && consumed == written) return;
      pollfd p[2] = {{sync, POLLIN, 0}, {in, POLLOUT, 0}};
      if (::poll(p, to_write ? 2 : 1, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (to_write && p[1].revents != 0) {
        const ssize_t w = ::write(in, text.data() + off, text.size() - off);
        if (w > 0) {
          off += static_cast<std::size_t>(w);
          written += static_cast<std::uint64_t>(w);
        } else if (w < 0 && errno != EINTR && errno != EAGAIN) {
          close_fd(in);  // it no longer reads (it has quit): its sync descriptor closes next
        }
      }
      if (p[0].revents != 0 && !read_sync()) return;
    }
  }

  // Ends its input and waits for it to exit.
  void stop() {
    close_fd(in);
    while (running())
      if (!read_sync()) break;
  }

  // What it printed since the last call: standard output, then standard error after `%% stderr:`.
  std::string output(const StepEnv& env) {
    std::string s = read_from(out, out_at);
    std::string e = read_from(err, err_at);
    if (!s.empty() && !s.ends_with('\n')) s += '\n';  // the next header starts a line
    if (!e.empty()) {
      if (!e.ends_with('\n')) e += '\n';
      s += "%% stderr:\n" + e;
    }
    env.name_back(s);
    return s;
  }
};

bool start_router(Router& r, const std::string& args, const StepEnv& env) {
  int in_pipe[2], sync_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return false;
  if (pipe2(sync_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return false;
  }
  Child c;
  c.argv = {env.self, "--keep-going"};
  std::string expanded = args;
  env.expand(expanded);
  for (auto& w : split_args(expanded)) c.argv.push_back(std::move(w));
  c.dir = env.dir;
  c.in_fd = in_pipe[0];
  r.out = c.out = env.work / (r.name + ".stdout");
  r.err = c.err = env.work / (r.name + ".stderr");
  c.test_clock = true;
  c.sync_fd = sync_pipe[1];
  r.pid = start_child(c);
  ::close(in_pipe[0]);
  ::close(sync_pipe[1]);
  r.in = in_pipe[1];
  r.sync = sync_pipe[0];
  if (r.pid < 0) {
    close_fd(r.in);
    close_fd(r.sync);
    return false;
  }
  // A router that types slowly must not hold the others up: writes never block (type() polls).
  fcntl(r.in, F_SETFL, fcntl(r.in, F_GETFL) | O_NONBLOCK);
  return true;
}

std::string run_tool(const Step& st, std::size_t index, const StepEnv& env, int& rc) {
  Child c;
  std::string expanded = st.args;
  env.expand(expanded);
  c.argv = split_args(expanded);
  c.dir = env.dir;
  c.in = "/dev/null";
  // Not NAME.stdout of any router: router names have no '.'.
  c.out = env.work / fmt::format("step{}.run.stdout", index);
  c.err = env.work / fmt::format("step{}.run.stderr", index);
  const pid_t pid = c.argv.empty() ? -1 : start_child(c);
  rc = pid < 0 ? -1 : wait_child(pid);
  if (pid < 0) return "%% cannot start it\n";
  std::uintmax_t at = 0, err_at = 0;
  std::string s = read_from(c.out, at), e = read_from(c.err, err_at);
  if (!s.empty() && !s.ends_with('\n')) s += '\n';
  if (!e.empty()) s += "%% stderr:\n" + e + (e.ends_with('\n') ? "" : "\n");
  if (rc != 0) s += fmt::format("%% exit status {}\n", rc);
  env.name_back(s);
  return s;
}

}  // namespace

StepsResult run_steps(const Script& s, const StepEnv& env) {
  std::map<std::string, std::unique_ptr<Router>> routers;
  std::vector<Router*> order;  // as they started
  std::string t, failure, failure_output;
  int status = 0;
  auto note = [&status](int rc) {
    if (status == 0) status = rc;
  };
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    const Step& st = s.steps[i];
    t += st.header + '\n';
    if (st.kind == Step::Kind::Run) {
      int rc = 0;
      const std::string out = run_tool(st, i + 1, env, rc);
      t += out;
      note(rc);
      if (rc != 0 && failure.empty()) {
        failure = fmt::format("{}: {} exited with status {}", st.line, st.header, rc);
        failure_output = out;
      }
      continue;
    }
    Router* r = nullptr;
    if (st.starts) {
      auto owned = std::make_unique<Router>();
      owned->name = st.name;
      r = owned.get();
      routers.emplace(st.name, std::move(owned));
      order.push_back(r);
      if (!start_router(*r, st.args, env)) {
        t += fmt::format("%% {} cannot be started\n", st.name);
        r->status_shown = true;
        note(-1);
        continue;
      }
    } else {
      r = routers.at(st.name).get();
    }
    if (!r->running()) {
      t += fmt::format("%% {} is not running: the lines of this block are not typed\n", st.name);
      continue;
    }
    std::string input = st.input;
    env.expand(input);
    r->type(input);
    t += r->output(env);
    if (!r->running()) {
      t += fmt::format("%% {} exit status {}\n", r->name, r->status);
      r->status_shown = true;
      note(r->status);
    }
  }
  for (Router* r : order) {
    if (r->status_shown) continue;
    r->stop();
    t += r->output(env);
    t += fmt::format("%% {} exit status {}\n", r->name, r->status);
    note(r->status);
  }
  return {t, status, failure, failure_output};
}

}  // namespace vrsh::commands::check
