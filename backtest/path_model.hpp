#pragma once

#include "marketdata/rows.hpp"
#include "strategy/fixed_point.hpp"

#include <array>
#include <cstdint>

namespace trailgrid::backtest {

/// One point of a price path: the market trades at `price` at `ts`.
struct waypoint {
  int64_t ts = 0;
  strategy::price_ticks price;
};

/// The intra-bar path of a candle: four waypoints the price moves between in
/// straight lines (linear in time, monotonic between two waypoints).
///
/// open (at ts) -> the extreme NEARER the open (at ts + I/3) -> the other
/// extreme (at ts + 2I/3) -> close (at ts + I - 1 ms), I = the candle
/// interval. Visiting the nearer extreme first is the usual conservative
/// choice: the path is as long as the candle allows, so a grid is not
/// credited with the favourable order of moves more often than the data
/// supports, and the price never goes beyond [low, high], so no order outside
/// the bar's range can fill. On a tie (open exactly midway) the extreme
/// farther from the close comes first (the path ends moving toward the
/// close); if that ties too, the low comes first.
/// @pre interval_ms >= 4
std::array<waypoint, 4> candle_path(const marketdata::candle_row& c,
                                    int64_t interval_ms);

} // namespace trailgrid::backtest
