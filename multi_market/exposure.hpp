#pragma once

#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <optional>

namespace trailgrid::multi_market {

/// |position| x mark of one market in micro-units of the quote currency
/// (1e-6 USDC, the exchange's collateral unit), so markets with different
/// decimals add up. Rounded up (exposure is never understated); saturates at
/// INT64_MAX.
int64_t notional_micro(strategy::qty_lots position, strategy::price_ticks mark,
                       int price_decimals, int size_decimals);

/// A market's exposure for the cap, valued at `mark` or, while the market
/// reports none (a feed still starting, or down), at the last mark it
/// reported (`last_mark`, 0 = never). A position with no price at all has
/// no value to sum: nullopt, and the caller must treat the cap as reached
/// (a position never counts as zero because its price is unknown).
std::optional<int64_t> exposure_micro(strategy::qty_lots position,
                                      strategy::price_ticks mark,
                                      strategy::price_ticks last_mark,
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

/// A market's equity (quote units with price_decimals + size_decimals
/// decimals) in micro-USDC, rounded toward negative infinity (equity is
/// never overstated); saturates at the int64 range.
int64_t equity_micro(strategy::quote_units equity, int price_decimals,
                     int size_decimals);

/// The node's account drawdown stop: trips when the summed equity of all
/// markets falls `max_micro` or more below the highest sum seen (the
/// sessions start at 0, which is the first peak), beside each market's own
/// stop. Pure: the caller sums and feeds.
class account_drawdown {
public:
  /// A stop at `max_micro` (0 or less = off).
  explicit account_drawdown(int64_t max_micro = 0) : max_(max_micro) {}

  /// Feeds the summed equity; true only on the update that trips it.
  bool update(int64_t equity_micro) {
    if (equity_micro > peak_) peak_ = equity_micro;
    if (max_ <= 0 || tripped_ || peak_ - equity_micro < max_) return false;
    tripped_ = true;
    return true;
  }
  /// An operator resumed: measure again from `equity_micro` as the peak.
  void rearm(int64_t equity_micro) {
    tripped_ = false;
    peak_ = equity_micro;
  }
  bool tripped() const { return tripped_; }
  int64_t peak() const { return peak_; }
  int64_t limit() const { return max_; }

private:
  int64_t max_;
  int64_t peak_ = 0;
  bool tripped_ = false;
};

} // namespace trailgrid::multi_market
