// The market-data CSV readers (optionally gzipped files) over arbitrary file
// contents. The first byte picks the reader and the scale; the rest is the
// file.

#include "marketdata/readers.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace trailgrid::marketdata;

namespace {

const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/trailgrid-csv-fuzz-" +
           std::to_string(::getpid()) + ".csv";
  }();
  return path;
}

template <class Reader, class Row>
void drain(const std::string& path, scale sc) {
  Reader r{path, sc};
  Row row;
  while (r.next(row)) {
  }
  (void)r.error();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto& path = scratch_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  std::fwrite(data + 1, 1, size - 1, f);
  std::fclose(f);
  scale sc;
  sc.price_decimals = (data[0] >> 3) % 20;
  sc.qty_decimals = (data[0] >> 5) * 3;
  sc.excess = static_cast<excess_digits>((data[0] >> 6) % 3);
  switch (data[0] % 6) {
  case 0:
    drain<candle_reader, candle_row>(path, sc);
    break;
  case 1:
    drain<candle_reader, candle_f64>(path, sc);
    break;
  case 2:
    drain<trade_reader, trade_row>(path, sc);
    break;
  case 3:
    drain<depth_reader, depth_row>(path, sc);
    break;
  case 4:
    drain<bbo_reader, bbo_row>(path, sc);
    break;
  default:
    (void)read_candles_f64(path);
    break;
  }
  std::remove(path.c_str());
  return 0;
}
