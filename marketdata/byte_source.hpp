#pragma once

#include <cstddef>
#include <string>

// The fuzz build defines a small block (cmake/Fuzzing.cmake): short inputs
// then reach the refill and growth paths, and no input pays for megabyte
// buffers.
#ifndef TRAILGRID_MARKETDATA_BLOCK_BYTES
#define TRAILGRID_MARKETDATA_BLOCK_BYTES (1u << 20)
#endif

namespace trailgrid::marketdata {

/// Bytes read (and, for gzip, inflated) at a time.
inline constexpr size_t read_block_bytes = TRAILGRID_MARKETDATA_BLOCK_BYTES;

/// Reads a file in large blocks. A gzip file (recognised by its magic bytes
/// 1f 8b, whatever its name) is inflated transparently.
class byte_source {
public:
  /// Opens `path`; check ok() / error() afterwards.
  explicit byte_source(const std::string& path);
  ~byte_source();
  byte_source(const byte_source&) = delete;
  byte_source& operator=(const byte_source&) = delete;

  /// False when opening or a read failed; error() says why.
  bool ok() const { return error_.empty(); }
  /// Why the source failed (empty when ok()).
  const std::string& error() const { return error_; }
  /// True when the file is gzip-compressed.
  bool gzipped() const { return gz_ != nullptr; }

  /// Reads up to `size` bytes into `dst`; 0 at the end of the data or on
  /// error (then ok() is false).
  size_t read(char* dst, size_t size);

private:
  int fd_ = -1;
  void* gz_ = nullptr; // gzFile, kept opaque so zlib.h stays out of headers
  std::string error_;
};

} // namespace trailgrid::marketdata
