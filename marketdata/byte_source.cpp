#include "marketdata/byte_source.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <unistd.h>
#include <zlib.h>

namespace trailgrid::marketdata {

namespace {

// zlib's message for a gzdopen'ed stream starts with "<fd:N>: "; the caller
// names the file itself.
std::string gz_message(void* gz) {
  int code = 0;
  const char* msg = ::gzerror(static_cast<gzFile>(gz), &code);
  std::string text = msg ? msg : "unknown zlib error";
  if (text.rfind("<fd:", 0) == 0) {
    auto colon = text.find(": ");
    if (colon != std::string::npos) text.erase(0, colon + 2);
  }
  return text;
}

} // namespace

byte_source::byte_source(const std::string& path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::string{"cannot open: "} + std::strerror(errno);
    return;
  }
  unsigned char magic[2] = {0, 0};
  ssize_t got = ::pread(fd_, magic, sizeof magic, 0);
  if (got < 0) {
    error_ = std::string{"cannot read: "} + std::strerror(errno);
    return;
  }
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gzFile gz = ::gzdopen(fd_, "rb"); // takes ownership of fd_ on success
    if (gz == nullptr) {
      error_ = "cannot open gzip stream";
      return;
    }
    fd_ = -1;
    ::gzbuffer(gz, static_cast<unsigned>(read_block_bytes));
    gz_ = gz;
  }
}

byte_source::~byte_source() {
  if (gz_ != nullptr) ::gzclose(static_cast<gzFile>(gz_));
  if (fd_ >= 0) ::close(fd_);
}

size_t byte_source::read(char* dst, size_t size) {
  if (!ok()) return 0;
  if (gz_ != nullptr) {
    auto g = static_cast<gzFile>(gz_);
    constexpr size_t max_chunk = std::numeric_limits<int>::max() / 2;
    int n = ::gzread(
        g, dst, static_cast<unsigned>(size < max_chunk ? size : max_chunk));
    if (n < 0) {
      error_ = "gzip data is corrupt: " + gz_message(gz_);
      return 0;
    }
    if (n == 0) {
      // gzread returns 0 at a clean end and also when the stream stops in
      // the middle of a member; only the latter sets an error code.
      int code = 0;
      ::gzerror(g, &code);
      if (code != Z_OK && code != Z_STREAM_END)
        error_ = "gzip data is corrupt or truncated: " + gz_message(gz_);
    }
    return static_cast<size_t>(n);
  }
  for (;;) {
    ssize_t n = ::read(fd_, dst, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) {
      error_ = std::string{"cannot read: "} + std::strerror(errno);
      return 0;
    }
  }
}

} // namespace trailgrid::marketdata
