#pragma once

// Scratch files for reader tests, removed when the holder goes away.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <zlib.h>

namespace trailgrid::test {

/// A file under the system temp directory, deleted on destruction.
class temp_file {
public:
  /// Writes `content` (gzip-compressed when `gzip`) to a fresh file whose
  /// name ends in `suffix`.
  temp_file(const std::string& content, const std::string& suffix,
            bool gzip = false) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("trailgrid-md-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++) + suffix))
                .string();
    if (gzip) {
      gzFile g = gzopen(path_.c_str(), "wb");
      gzwrite(g, content.data(), static_cast<unsigned>(content.size()));
      gzclose(g);
    } else {
      std::ofstream out(path_, std::ios::binary);
      out << content;
    }
  }
  ~temp_file() { std::remove(path_.c_str()); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;

  const std::string& path() const { return path_; }

private:
  std::string path_;
};

/// The full text of a repo file (relative to the source root).
inline std::string repo_path(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

/// Reads a whole (plain) file.
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string{std::istreambuf_iterator<char>{in}, {}};
}

} // namespace trailgrid::test
