#pragma once

#include "backtest/options.hpp"
#include "backtest/result.hpp"
#include "backtest/tape.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <cstdint>
#include <functional>

namespace trailgrid::backtest {

/// One grid the strategy sent, for a per-reset log line.
struct reset_info {
  int64_t ts = 0;
  strategy::reset_reason why = strategy::reset_reason::start;
  strategy::price_ticks centre;
  strategy::mid_price_source source = strategy::mid_price_source::market_mid;
  bool guard_fallback = false;
  strategy::ppm spacing = 0;
  std::size_t bids = 0, asks = 0;
  strategy::qty_lots position;
  strategy::quote_units net_pnl; ///< equity marked at the current price
};

/// One fill at the simulated exchange (before the notification delay).
struct fill_info {
  int64_t ts = 0;
  strategy::side side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots qty;
  int64_t order_index = 0;
};

/// Optional observers of a run. Unset functions cost nothing.
struct run_hooks {
  /// Called for every fill at the exchange.
  std::function<void(const fill_info&)> on_fill;
  /// Called for every replace_grid the strategy sends.
  std::function<void(const reset_info&)> on_reset;
  /// Called every few thousand rows with (rows done, rows total).
  std::function<void(std::size_t, std::size_t)> on_progress;
};

/// Replays `data` through the real strategy::grid_strategy of market `spec`
/// with `params`, simulating the exchange (fills, latency, speed bump,
/// post-only rejects) as described in docs/backtest.md. Deterministic: the
/// same inputs give the same result (apart from wall_s).
backtest_result run_backtest(const tape& data,
                             const strategy::market_spec& spec,
                             const strategy::strategy_params& params,
                             const engine_options& options,
                             const run_hooks& hooks = {});

} // namespace trailgrid::backtest
