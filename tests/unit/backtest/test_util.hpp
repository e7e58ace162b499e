#pragma once

#include "backtest/engine.hpp"
#include "backtest/tape.hpp"
#include "marketdata/rows.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <string>
#include <vector>

namespace trailgrid::test {

/// A file of the repository.
inline std::string repo_path(const std::string& rel) {
  return std::string(TRAILGRID_SOURCE_DIR) + "/" + rel;
}

/// The real 1-minute BTCUSDT sample shipped in data/samples.
inline const std::string btc_candles =
    "data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv";
/// The real Binance USDT-M trade sample.
inline const std::string btc_trades =
    "data/samples/binance-usdm_BTCUSDT_20240808T2354_trades-2000.csv";

/// A market with whole-number prices and sizes (hand-checkable paths).
inline strategy::market_spec unit_spec() {
  strategy::market_spec s;
  s.symbol = "TEST";
  s.price_decimals = 0;
  s.size_decimals = 0;
  return s;
}

/// A BTCUSDT-like market for the real samples: cents, 0.0001 BTC lots.
inline strategy::market_spec btc_spec() {
  strategy::market_spec s;
  s.symbol = "BTC";
  s.price_decimals = 2;
  s.size_decimals = 4;
  return s;
}

/// Parameters whose grid is easy to compute by hand: fixed 1 % spacing,
/// `levels` per side of 1 lot, ATR(1), no skew, no trailing, no breaker.
inline strategy::strategy_params plain_params(int levels = 2) {
  strategy::strategy_params p;
  p.atr.period = 1;
  p.grid.levels_per_side = levels;
  p.grid.min_spacing = 10'000;
  p.grid.max_spacing = 10'000;
  p.grid.order_size = strategy::qty_lots{1};
  p.trailing.enabled = false;
  p.skew.enabled = false;
  p.risk.breaker_trip_atr = 0;
  p.risk.tx_bucket_capacity = 1000;
  p.risk.tx_refill_per_minute = 1000;
  return p;
}

/// The default 10+10 grid on the BTC sample: 0.001 BTC a level.
inline strategy::strategy_params btc_params() {
  strategy::strategy_params p;
  p.grid.order_size = strategy::qty_lots{10};
  p.risk.max_position = strategy::qty_lots{200};
  return p;
}

/// A candle (whole-number prices).
inline marketdata::candle_row candle(int64_t ts, int64_t o, int64_t h,
                                     int64_t l, int64_t c) {
  marketdata::candle_row r;
  r.ts_ms = ts;
  r.open = strategy::price_ticks{o};
  r.high = strategy::price_ticks{h};
  r.low = strategy::price_ticks{l};
  r.close = strategy::price_ticks{c};
  return r;
}

/// A candle tape of 1-minute bars.
inline backtest::tape candle_tape(std::vector<marketdata::candle_row> rows) {
  backtest::tape t;
  t.kind = backtest::tape_kind::candles;
  t.source = "hand-made";
  t.interval_ms = 60'000;
  t.candles = std::move(rows);
  return t;
}

/// Loads a repo sample with `spec`'s scale; aborts the test on error.
inline backtest::tape load_sample(const std::string& rel,
                                  const strategy::market_spec& spec) {
  auto r = backtest::load_tape({repo_path(rel)}, marketdata::scale::of(spec));
  if (!r.error.empty()) throw std::runtime_error(r.error);
  return std::move(r.value);
}

} // namespace trailgrid::test
