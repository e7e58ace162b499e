// Candle CSV parse throughput (rows/s) on the shipped 2,000-row sample:
// exact scaled integers, doubles, and the same file gzip-compressed.

#include "marketdata/readers.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <zlib.h>

namespace {

using namespace trailgrid::marketdata;

const std::string candles_csv =
    std::string{TRAILGRID_SOURCE_DIR} +
    "/data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv";

// A gzip copy of the sample in the temp directory, made once.
const std::string& candles_gz() {
  static const std::string path = [] {
    auto p = (std::filesystem::temp_directory_path() /
              ("trailgrid-bench-" + std::to_string(::getpid()) + ".csv.gz"))
                 .string();
    std::ifstream in(candles_csv, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>{in}, {}};
    gzFile g = gzopen(p.c_str(), "wb6");
    gzwrite(g, text.data(), static_cast<unsigned>(text.size()));
    gzclose(g);
    return p;
  }();
  return path;
}

template <class Row>
void read_all(benchmark::State& state, const std::string& path) {
  int64_t rows = 0;
  for (auto _ : state) {
    candle_reader r{path, scale{2, 5}};
    Row c;
    while (r.next(c)) {
      benchmark::DoNotOptimize(c);
      ++rows;
    }
    if (r.error()) state.SkipWithError(r.error()->to_string().c_str());
  }
  state.SetItemsProcessed(rows);
}

void candles_scaled(benchmark::State& s) {
  read_all<candle_row>(s, candles_csv);
}
void candles_f64(benchmark::State& s) {
  read_all<candle_f64>(s, candles_csv);
}
void candles_scaled_gzip(benchmark::State& s) {
  read_all<candle_row>(s, candles_gz());
}

} // namespace

BENCHMARK(candles_scaled);
BENCHMARK(candles_f64);
BENCHMARK(candles_scaled_gzip);

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::remove(candles_gz().c_str());
  return 0;
}
