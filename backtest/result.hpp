#pragma once

#include "backtest/markout.hpp"
#include "backtest/tape.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/grid_strategy.hpp"
#include "strategy/params.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::backtest {

/// One bucket of the report's time series (the data span cut into equal
/// buckets; empty buckets repeat the previous values with has_data false).
struct series_point {
  int64_t ts = 0; ///< bucket start
  bool has_data = false;
  strategy::price_ticks open, high, low, close; ///< market price
  strategy::price_ticks centre;                 ///< grid centre at the end
  strategy::qty_lots position;                  ///< at the end of the bucket
  strategy::quote_units equity;                 ///< net PnL at the end
  strategy::quote_units drawdown; ///< largest drawdown inside the bucket
  int64_t buys = 0, sells = 0;    ///< fills at the exchange
  strategy::price_ticks buy_price, sell_price; ///< last fill of each side
  int64_t resets = 0;
};

/// What one backtest run produced. Everything but wall_s is a pure function
/// of the inputs (bit for bit).
struct backtest_result {
  std::string error; ///< empty when the run completed
  // Inputs.
  std::string source;
  tape_kind kind = tape_kind::candles;
  std::string symbol;
  int price_decimals = 0;
  int size_decimals = 0;
  int64_t rows = 0;
  int64_t first_ts = 0;   ///< first row
  int64_t trading_ts = 0; ///< first event the strategy saw (after warm-up)
  int64_t end_ts = 0;     ///< end of the data
  // Work.
  int64_t events = 0; ///< events delivered to the strategy
  double wall_s = 0;  ///< run time (not deterministic)
  // Trading.
  int64_t fills = 0; ///< fills delivered to the strategy
  int64_t partial_fills = 0;
  int64_t resets = 0;
  int64_t post_only_rejects = 0;
  int64_t halts = 0;
  strategy::strategy_counters counters;
  strategy::quote_units volume, fees, realized, unrealized, funding, net;
  strategy::quote_units max_drawdown;
  strategy::qty_lots max_abs_position;
  strategy::qty_lots final_position;
  strategy::price_ticks last_price;
  std::vector<series_point> series;
  /// Markouts of every fill by side and centre source (backtest/markout.hpp).
  markout_table markouts;

  /// Hours the strategy traded (trading_ts to end_ts).
  double trading_hours() const {
    return static_cast<double>(end_ts - trading_ts) / 3'600'000.0;
  }
  /// Resets per traded hour (0 for an empty span).
  double resets_per_hour() const {
    double h = trading_hours();
    return h > 0 ? static_cast<double>(resets) / h : 0.0;
  }
};

} // namespace trailgrid::backtest
