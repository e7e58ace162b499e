#include "backtest/path_model.hpp"

namespace trailgrid::backtest {

std::array<waypoint, 4> candle_path(const marketdata::candle_row& c,
                                    int64_t interval_ms) {
  const int64_t to_high = c.high.value - c.open.value;
  const int64_t to_low = c.open.value - c.low.value;
  bool low_first = to_low < to_high;
  if (to_low == to_high) {
    // Tie: end the path moving toward the close.
    const int64_t close_to_high = c.high.value - c.close.value;
    const int64_t close_to_low = c.close.value - c.low.value;
    low_first = close_to_low >= close_to_high;
  }
  const auto first = low_first ? c.low : c.high;
  const auto second = low_first ? c.high : c.low;
  return {waypoint{c.ts_ms, c.open}, waypoint{c.ts_ms + interval_ms / 3, first},
          waypoint{c.ts_ms + 2 * interval_ms / 3, second},
          waypoint{c.ts_ms + interval_ms - 1, c.close}};
}

} // namespace trailgrid::backtest
