#pragma once

#include "strategy/fixed_point.hpp"

namespace trailgrid::strategy {

/// Drawdown stop: trips when equity falls `max_drawdown` or more below the
/// highest equity seen this session (the peak, not the starting value).
class drawdown_stop {
public:
  /// A stop at `max_drawdown` (0 or negative = off); the session starts at
  /// equity 0, which is the first peak.
  explicit drawdown_stop(quote_units max_drawdown) : max_(max_drawdown) {}

  /// Feeds the current equity; returns true when the stop is (now) tripped.
  /// Once tripped it stays tripped until rearm().
  bool update(quote_units equity) {
    if (equity > peak_) peak_ = equity;
    if (max_.value > 0 && peak_ - equity >= max_) tripped_ = true;
    return tripped_;
  }

  /// Clears a trip and starts measuring from `equity` as the new peak (an
  /// operator resumed after a stop; the old peak would trip at once again).
  void rearm(quote_units equity) {
    tripped_ = false;
    peak_ = equity;
  }

  /// Continues a stop after a restart: the peak (and trip) the journal
  /// recorded. A peak below the current one is ignored.
  void restore(quote_units peak, bool tripped) {
    if (peak > peak_) peak_ = peak;
    tripped_ = tripped_ || tripped;
  }

  /// True after a trip until rearm().
  bool tripped() const { return tripped_; }
  /// The highest equity seen since the start or the last rearm().
  quote_units peak() const { return peak_; }

private:
  quote_units max_;
  quote_units peak_{0};
  bool tripped_ = false;
};

} // namespace trailgrid::strategy
