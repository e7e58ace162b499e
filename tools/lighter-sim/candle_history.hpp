#pragma once

// The minute candles a market had before the simulator started.

#include "tools/lighter-sim/sim_config.hpp"

#include <cstdint>
#include <vector>

namespace trailgrid::sim {

/// A 1-minute candle of a market (volumes in lots and quote units).
struct candle_bar {
  ms_t t = 0;
  int64_t open = 0, high = 0, low = 0, close = 0;
  int64_t volume = 0;
  int64_t quote_volume = 0;
  int64_t last_trade_id = 0;
};

/// The `minutes` whole minute candles before the minute of `start`, the
/// last one closing at `first_price`: an exchange has a past, and a client
/// that warms up from candles (the bot's ATR) would otherwise wait for live
/// bars on a freshly started simulator. A random walk run backwards from
/// the first price with the path's annual volatility, in exchange time
/// (`speed` data minutes pass per exchange minute). Deterministic in `seed`.
std::vector<candle_bar> candle_history(const path_cfg& path,
                                       int64_t first_price, double speed,
                                       uint64_t seed, ms_t start, int minutes);

} // namespace trailgrid::sim
