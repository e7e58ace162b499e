// The journal writer: buffered appends, flush/fsync policy, torn-tail repair
// on open, one writer per file (flock).

#include "runtime/journal.hpp"
#include "runtime/journal_codec.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace trailgrid::runtime {

namespace {

std::string sys_error(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Writes all of [data, data + size) at the end of the file.
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    auto n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

struct journal_writer::impl {
  std::string path;
  journal_options options;
  int fd = -1;
  std::string buffer;
  uint64_t next_seq = 1;
  uint64_t file_bytes = 0; ///< what the file holds (all complete records)
  std::optional<torn_tail> repaired;

  ~impl() {
    if (fd < 0) return;
    flush();
    ::close(fd); // also releases the lock
  }

  std::optional<std::string> flush() {
    if (buffer.empty()) return std::nullopt;
    if (!write_all(fd, buffer.data(), buffer.size())) {
      auto err = sys_error("cannot write journal", path);
      // Never leave half a record in the middle of the file: cut back to
      // the last complete one; the entries stay buffered for a retry.
      if (::ftruncate(fd, static_cast<off_t>(file_bytes)) != 0)
        err += " (and cannot cut back the partial write)";
      return err;
    }
    file_bytes += buffer.size();
    buffer.clear();
    if (options.fsync_on_flush && ::fsync(fd) != 0)
      return sys_error("cannot fsync journal", path);
    return std::nullopt;
  }

  std::optional<std::string> sync() {
    if (auto err = flush()) return err;
    if (::fsync(fd) != 0) return sys_error("cannot fsync journal", path);
    return std::nullopt;
  }
};

journal_writer::journal_writer(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
journal_writer::journal_writer(journal_writer&&) noexcept = default;
journal_writer& journal_writer::operator=(journal_writer&&) noexcept = default;
journal_writer::~journal_writer() = default;

expected<journal_writer, std::string>
journal_writer::open(const std::string& path, journal_options options) {
  auto p = std::make_unique<impl>();
  p->path = path;
  p->options = options;
  auto parent = std::filesystem::path{path}.parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec)
    return "cannot create the folder of journal " + path + ": " + ec.message();
  p->fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (p->fd < 0) return sys_error("cannot open journal", path);
  if (::flock(p->fd, LOCK_EX | LOCK_NB) != 0) {
    auto err = errno == EWOULDBLOCK
                   ? "journal " + path + " is in use by another process"
                   : sys_error("cannot lock journal", path);
    ::close(p->fd);
    p->fd = -1;
    return err;
  }
  auto scan = replay_journal(path, nullptr);
  if (!scan) {
    ::close(p->fd);
    p->fd = -1;
    return scan.error();
  }
  const auto& s = scan.value();
  if (s.torn) {
    // A crash cut the last record: drop it so appends follow valid data.
    if (::ftruncate(p->fd, static_cast<off_t>(s.torn->offset)) != 0 ||
        ::fsync(p->fd) != 0) {
      auto err = sys_error("cannot truncate the torn tail of journal", path);
      ::close(p->fd);
      p->fd = -1;
      return err;
    }
    p->repaired = s.torn;
  }
  p->file_bytes = s.torn ? s.torn->offset : s.file_bytes;
  p->next_seq = s.last_seq + 1;
  if (p->file_bytes == 0) {
    p->buffer.assign(journal_magic, sizeof(journal_magic) - 1);
    if (auto err = p->flush()) {
      ::close(p->fd);
      p->fd = -1;
      return *err;
    }
  }
  return journal_writer{std::move(p)};
}

expected<uint64_t, std::string>
journal_writer::append(const journal_entry& entry, int64_t ts_ms) {
  if (auto why = journal_detail::implausible(entry))
    return "not journaled: " + *why;
  auto& p = *impl_;
  const auto before = p.buffer.size();
  const uint64_t seq = p.next_seq;
  journal_detail::append_frame(p.buffer, journal_record{seq, ts_ms, entry});
  ++p.next_seq;
  if (p.options.flush == flush_policy::every_entry ||
      p.buffer.size() >= p.options.buffer_limit) {
    if (auto err = p.flush()) {
      if (p.options.flush == flush_policy::every_entry) {
        // This entry is not in the journal: forget it.
        p.buffer.resize(before);
        --p.next_seq;
      }
      return *err;
    }
  }
  return seq;
}

std::optional<std::string> journal_writer::flush() {
  return impl_->flush();
}

std::optional<std::string> journal_writer::sync() {
  return impl_->sync();
}

uint64_t journal_writer::next_seq() const {
  return impl_->next_seq;
}

std::size_t journal_writer::buffered_bytes() const {
  return impl_->buffer.size();
}

const std::optional<torn_tail>& journal_writer::repaired() const {
  return impl_->repaired;
}

const std::string& journal_writer::path() const {
  return impl_->path;
}

} // namespace trailgrid::runtime
