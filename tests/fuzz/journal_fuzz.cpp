// Journal files as a restart or gridctl reads them. The input is a journal
// file after its first byte: when that byte is odd, the harness first writes
// the right CRC into every frame it can find, so mutated record bodies reach
// the Cap'n Proto decoder instead of stopping at the CRC check.

#include "runtime/journal.hpp"
#include "runtime/journal_codec.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace jd = trailgrid::runtime::journal_detail;

namespace {

void put_u32(unsigned char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<unsigned char>(v >> (8 * i));
}

void fix_crcs(std::vector<unsigned char>& file) {
  const size_t magic = sizeof trailgrid::runtime::journal_magic - 1;
  size_t pos = magic;
  while (pos + 8 <= file.size()) {
    uint32_t len = jd::load_u32(file.data() + pos);
    if (len == 0 || len > file.size() - pos - 8) return;
    put_u32(file.data() + pos + 4, jd::crc32_of(file.data() + pos + 8, len));
    pos += 8 + len;
  }
}

const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") +
           "/trailgrid-journal-fuzz-" + std::to_string(::getpid()) + ".tgj";
  }();
  return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::vector<unsigned char> file(data + 1, data + size);
  if (data[0] & 1) fix_crcs(file);
  (void)jd::decode_body(file.data(), file.size());
  const auto& path = scratch_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);
  (void)trailgrid::runtime::recover(path);
  std::remove(path.c_str());
  return 0;
}
