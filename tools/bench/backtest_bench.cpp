// Backtester throughput through the real strategy::grid_strategy with a
// 10+10 grid, one core: candles/s and trades/s (items_per_second). The data
// is loaded once; the timed part is run_backtest() (strategy, simulated
// exchange, ATR, statistics), not CSV parsing.
//
// Data: the repo samples by default; TRAILGRID_BENCH_CANDLES and
// TRAILGRID_BENCH_TRADES name larger files (e.g. a month of 1-minute candles).
//
// Run: build/bin/backtest_bench --benchmark_repetitions=9
//      --benchmark_report_aggregates_only=true

#include "backtest/engine.hpp"
#include "backtest/tape.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

using namespace trailgrid;

std::string data_path(const char* env, const char* sample) {
  if (const char* p = std::getenv(env); p && *p) return p;
  return std::string(TRAILGRID_SOURCE_DIR) + "/data/samples/" + sample;
}

strategy::market_spec spec_for(const std::string& path) {
  strategy::market_spec s;
  s.symbol = "BENCH";
  s.price_decimals = std::max(backtest::detect_price_decimals(path), 0);
  s.size_decimals = 4;
  return s;
}

const backtest::tape& load(const std::string& path,
                           const strategy::market_spec& s) {
  static std::string loaded;
  static backtest::tape t;
  if (loaded != path) {
    auto r = backtest::load_tape({path}, marketdata::scale::of(s));
    if (!r.error.empty()) throw std::runtime_error(r.error);
    t = std::move(r.value);
    loaded = path;
  }
  return t;
}

// A 10+10 grid of the default parameters: 0.001 base units per level.
strategy::strategy_params grid_params(int64_t bar_ms) {
  strategy::strategy_params p;
  p.grid.levels_per_side = 10;
  p.grid.order_size = strategy::qty_lots{10};
  p.risk.max_position = strategy::qty_lots{200};
  p.atr.bar_interval_ms = bar_ms;
  return p;
}

void run(benchmark::State& state, const char* env, const char* sample,
         int64_t bar_ms, strategy::ppm min_spacing) {
  const auto path = data_path(env, sample);
  const auto spec = spec_for(path);
  const auto& data = load(path, spec);
  auto params = grid_params(bar_ms);
  params.grid.min_spacing = min_spacing;
  backtest::engine_options opt;
  int64_t resets = 0, fills = 0;
  for (auto _ : state) {
    auto r = backtest::run_backtest(data, spec, params, opt);
    if (!r.error.empty()) {
      state.SkipWithError(r.error.c_str());
      return;
    }
    resets = r.resets;
    fills = r.fills;
    benchmark::DoNotOptimize(r.net);
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(data.size()));
  state.counters["rows"] = static_cast<double>(data.size());
  state.counters["resets"] = static_cast<double>(resets);
  state.counters["fills"] = static_cast<double>(fills);
}

void BM_candles(benchmark::State& state) {
  run(state, "TRAILGRID_BENCH_CANDLES",
      "binance-spot_BTCUSDT_1m_20211202-2000.csv", 60'000, 1'000);
}
BENCHMARK(BM_candles)->Unit(benchmark::kMillisecond);

// Trades: 1 s ATR bars and a 0.01 % minimum spacing, so the grid trades on
// a short tape (the tx quota then paces the resets, as live).
void BM_trades(benchmark::State& state) {
  run(state, "TRAILGRID_BENCH_TRADES",
      "binance-usdm_BTCUSDT_20240808T2354_trades-2000.csv", 1'000, 100);
}
BENCHMARK(BM_trades)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
