#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/params.hpp"

#include <cstdint>
#include <optional>

namespace trailgrid::strategy {

/// Detects a sustained move beyond the grid: when the price has stayed
/// outside [low, high] (the outer levels widened by trigger_levels steps) on
/// the same side for at least dwell_ms, the grid should shift to the price
/// even though nothing filled. Time is an argument (milliseconds).
class trailing_range {
public:
  /// A disarmed range with `params`.
  explicit trailing_range(const trailing_params& params);

  /// Watches a new grid whose outermost bid/ask are `low_outer`/`high_outer`
  /// and whose level step is `step` ticks: the price counts as outside when
  /// it is below low_outer - trigger_levels x step or above high_outer +
  /// trigger_levels x step. Forgets any earlier excursion.
  void arm(price_ticks low_outer, price_ticks high_outer, price_ticks step);

  /// Stops watching (no grid, or the grid is being replaced anyway).
  void disarm();

  /// True while a grid is watched (and trailing is enabled).
  bool armed() const { return armed_; }

  /// Feeds an observed price at `ts`. Returns the price to recentre on when
  /// it has now been outside on the same side for dwell_ms; the range then
  /// disarms until the next arm(). Coming back inside (or crossing to the
  /// other side) restarts the dwell clock.
  std::optional<price_ticks> observe(price_ticks price, int64_t ts);

  /// Like observe() without a new price (a timer at `ts`): triggers on the
  /// last observed price once the dwell time has passed.
  std::optional<price_ticks> check(int64_t ts);

  /// When check() would trigger if the price stays outside; nothing while
  /// inside or disarmed.
  std::optional<int64_t> deadline() const;

  /// The outside thresholds of the watched grid.
  price_ticks low() const { return low_; }
  /// See low().
  price_ticks high() const { return high_; }

private:
  enum class where : uint8_t { inside, below, above };

  trailing_params params_;
  bool armed_ = false;
  price_ticks low_;
  price_ticks high_;
  where where_ = where::inside;
  int64_t outside_since_ = 0;
  price_ticks last_price_;
};

} // namespace trailgrid::strategy
