#include "strategy/volatility_breaker.hpp"

#include <algorithm>

namespace trailgrid::strategy {

volatility_breaker::volatility_breaker(ppm trip, ppm resume)
    : trip_(trip), resume_(std::min(resume, trip)) {}

breaker_transition volatility_breaker::update(ppm atr) {
  if (trip_ <= 0) return breaker_transition::none;
  if (!tripped_ && atr > trip_) {
    tripped_ = true;
    return breaker_transition::tripped;
  }
  if (tripped_ && atr < resume_) {
    tripped_ = false;
    return breaker_transition::resumed;
  }
  return breaker_transition::none;
}

} // namespace trailgrid::strategy
