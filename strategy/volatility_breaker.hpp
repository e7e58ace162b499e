#pragma once

#include "strategy/params.hpp"

#include <cstdint>

namespace trailgrid::strategy {

/// What one volatility update did to the breaker.
enum class breaker_transition : uint8_t {
  none,    ///< no change
  tripped, ///< volatility went above the trip level: pull all orders
  resumed, ///< volatility fell below the resume level: quote again
};

/// Volatility circuit breaker with hysteresis: trips when ATR% is strictly
/// above `trip`, and resumes only once it is strictly below `resume`; in
/// between it keeps its state, so a value hovering at one threshold cannot
/// make it flap.
class volatility_breaker {
public:
  /// A breaker with the two thresholds (ppm of price). trip <= 0 disables
  /// it. A resume level above trip is treated as equal to trip.
  volatility_breaker(ppm trip, ppm resume);

  /// Feeds the current ATR% (ppm).
  breaker_transition update(ppm atr);

  /// Continues a trip after a restart (journal): it resumes only once the
  /// volatility falls below the resume level. Ignored when disabled.
  void restore(bool tripped) { tripped_ = tripped && trip_ > 0; }

  /// True while orders must stay pulled.
  bool tripped() const { return tripped_; }

private:
  ppm trip_;
  ppm resume_;
  bool tripped_ = false;
};

} // namespace trailgrid::strategy
