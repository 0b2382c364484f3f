// Datastore::save: atomic replacement of the startup file, so a crash or a full disk never
// leaves a truncated configuration behind.
//
// A save killed between creating its temporary file and renaming it leaves `<path>.tmpXXXXXX`
// behind. Every writer holds an exclusive flock on its temporary file from creation to rename (the
// kernel drops it when the writer dies), so a temporary file whose lock can be taken is stale and
// can go, while the in-flight file of a live writer, in this or another process, stays.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

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

constexpr std::string_view kTempInfix = ".tmp";
constexpr std::size_t kTempRandom = 6;  // mkstemp's XXXXXX

std::string dir_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

std::string base_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// `name` is BASE.tmpXXXXXX with six characters from mkstemp's alphabet.
bool is_temp_of(std::string_view name, std::string_view base) {
  if (name.size() != base.size() + kTempInfix.size() + kTempRandom || !name.starts_with(base)) return false;
  name.remove_prefix(base.size());
  if (!name.starts_with(kTempInfix)) return false;
  name.remove_prefix(kTempInfix.size());
  for (char ch : name) {
    const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!alnum) return false;
  }
  return true;
}

// True when `fd` is still the file named `path` (not unlinked or replaced by a cleaner meanwhile).
bool still_named(int fd, const std::string& path) {
  struct stat a {
  }, b{};
  return ::fstat(fd, &a) == 0 && ::lstat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

// A new temporary file for `path`, created and locked. A cleaner may take the lock in the instant
// between mkstemp and flock and remove the file: then the name no longer leads to our file, and
// we start again with a new one.
int create_locked_temp(const std::string& path, std::string& tmp) {
  for (;;) {
    tmp = path + std::string(kTempInfix) + std::string(kTempRandom, 'X');
    const int fd = ::mkstemp(tmp.data());
    if (fd < 0) return -1;
    int rc;
    while ((rc = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (rc == 0 && still_named(fd, tmp)) return fd;
    const int saved_errno = errno;
    ::close(fd);
    if (rc != 0) {
      ::unlink(tmp.c_str());
      errno = saved_errno;
      return -1;
    }
  }
}

}  // namespace

std::size_t Datastore::remove_stale_temps(const std::string& path) {
  if (path.empty()) return 0;
  const std::string dir = dir_of(path);
  const std::string base = base_of(path);
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return 0;
  std::size_t removed = 0;
  while (const dirent* e = ::readdir(d)) {
    if (!is_temp_of(e->d_name, base)) continue;
    const std::string name = dir + "/" + e->d_name;
    const int fd = ::open(name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) continue;
    // Locked: a live writer is still working on it. Unlink only the file we hold the lock of.
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && still_named(fd, name) && ::unlink(name.c_str()) == 0)
      ++removed;
    ::close(fd);
  }
  ::closedir(d);
  return removed;
}

namespace {

// Writes `text` to `path` through a locked temporary file in the same directory (fsync, then the
// rename or, with `replace` false, a link that fails if `path` exists), then flushes the directory.
bool write_file(const std::string& path, const std::string& text, bool replace, std::string* err) {
  const std::string dir = dir_of(path);
  Datastore::remove_stale_temps(path);
  std::string tmp;
  const int fd = create_locked_temp(path, tmp);
  if (fd < 0) return fail(err, "create a temporary file for", path);

  // The descriptor, and with it the lock, stays open until the rename is done: an unlocked
  // temporary file is fair game for a cleaner.
  const bool placed = write_all(fd, text) && ::fsync(fd) == 0 &&
                      (replace ? ::rename(tmp.c_str(), path.c_str()) == 0
                               : ::link(tmp.c_str(), path.c_str()) == 0 && ::unlink(tmp.c_str()) == 0);
  if (!placed) {
    const int saved_errno = errno;
    ::unlink(tmp.c_str());
    ::close(fd);
    errno = saved_errno;
    return fail(err, "write", path);
  }
  ::close(fd);  // everything is on disk already (fsync): a late close error changes nothing
  // The rename is durable only once the directory entry itself is flushed.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0) return fail(err, "open the directory of", path);
  const bool synced = ::fsync(dfd) == 0;
  const int saved_errno = errno;
  ::close(dfd);
  errno = saved_errno;
  return synced ? true : fail(err, "flush the directory of", path);
}

std::optional<std::string> read_whole(const std::string& path, std::string* err) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fail(err, "read", path);
    return std::nullopt;
  }
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved_errno = errno;
      ::close(fd);
      errno = saved_errno;
      fail(err, "read", path);
      return std::nullopt;
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace

bool Datastore::save(const std::string& path, std::string* err) const {
  if (path.empty()) {
    if (err) *err = "Error: No startup configuration file is specified.";
    return false;
  }
  return write_file(path, render_config(running_), true, err);
}

bool copy_file_over(const std::string& from, const std::string& to, std::string* err) {
  const auto text = read_whole(from, err);
  return text && write_file(to, *text, true, err);
}

std::optional<std::string> copy_file_aside(const std::string& from, const std::string& stem,
                                           std::string* err) {
  const auto text = read_whole(from, err);
  if (!text) return std::nullopt;
  for (int n = 1; n < 1000; ++n) {
    const std::string to = n == 1 ? stem + ".bak" : fmt::format("{}.{}.bak", stem, n);
    if (write_file(to, *text, false, err)) return to;
    if (errno != EEXIST) return std::nullopt;
  }
  if (err) *err = fmt::format("Error: Failed to find a free name for a copy of {}.", from);
  return std::nullopt;
}

}  // namespace vrsh::model
