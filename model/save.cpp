// Datastore::save: atomic replacement of the startup file, so a crash or a full disk never
// leaves a truncated configuration behind.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "model/datastore.hpp"
#include "model/render.hpp"

namespace vrsh::model {
namespace {

bool fail(std::string* err, const std::string& what, const std::string& path) {
  if (err) *err = fmt::format("Error: Failed to {} {}: {}.", what, path, std::strerror(errno));
  return false;
}

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool Datastore::save(const std::string& path, std::string* err) const {
  if (path.empty()) {
    if (err) *err = "Error: No startup configuration file is specified.";
    return false;
  }
  std::size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  std::string tmp = path + ".tmpXXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return fail(err, "create a temporary file for", path);

  std::string text = render_config(running_);
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int saved_errno = errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved_errno = errno;
  }
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    if (ok) saved_errno = errno;
    ::unlink(tmp.c_str());
    errno = saved_errno;
    return fail(err, "write", path);
  }
  // The rename is durable only once the directory entry itself is flushed.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0) return fail(err, "open the directory of", path);
  bool synced = ::fsync(dfd) == 0;
  saved_errno = errno;
  ::close(dfd);
  errno = saved_errno;
  return synced ? true : fail(err, "flush the directory of", path);
}

}  // namespace vrsh::model
