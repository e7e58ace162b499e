#pragma once

#include "strategy/fixed_point.hpp"

#include <cstdint>

namespace trailgrid::multi_market {

/// |position| x mark of one market in micro-units of the quote currency
/// (1e-6 USDC, the exchange's collateral unit), so markets with different
/// decimals add up. Rounded up (exposure is never understated); saturates at
/// INT64_MAX.
int64_t notional_micro(strategy::qty_lots position, strategy::price_ticks mark,
                       int price_decimals, int size_decimals);

/// The node-wide exposure cap with hysteresis. Pure: the caller sums the
/// markets' notionals and feeds the total in.
///
/// Engages when the total exceeds the cap; releases when it falls to
/// release_ppm of the cap or below (default 95 %), so a position hovering
/// at the cap does not flap between reduce-only and normal quoting.
class exposure_cap {
public:
  /// A cap of `cap_micro` (0 or less = off) releasing at `release_ppm`
  /// parts per million of it.
  explicit exposure_cap(int64_t cap_micro = 0, int64_t release_ppm = 950'000);

  /// What update() decided.
  struct decision {
    bool engaged = false; ///< markets must quote reduce-only
    bool changed = false; ///< engaged differs from the previous update
  };

  /// Applies the latest total exposure.
  decision update(int64_t total_micro);

  /// True while engaged.
  bool engaged() const { return engaged_; }
  /// The cap (0 = off).
  int64_t cap() const { return cap_; }
  /// The total at or below which the cap releases.
  int64_t release_at() const;

private:
  int64_t cap_;
  int64_t release_ppm_;
  bool engaged_ = false;
};

} // namespace trailgrid::multi_market
