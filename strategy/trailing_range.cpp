#include "strategy/trailing_range.hpp"

namespace trailgrid::strategy {

trailing_range::trailing_range(const trailing_params& params)
    : params_(params) {}

void trailing_range::arm(price_ticks low_outer, price_ticks high_outer,
                         price_ticks step) {
  if (!params_.enabled) return;
  price_ticks widen{step.value * params_.trigger_levels};
  low_ = low_outer - widen;
  high_ = high_outer + widen;
  armed_ = true;
  where_ = where::inside;
}

void trailing_range::disarm() {
  armed_ = false;
  where_ = where::inside;
}

std::optional<price_ticks> trailing_range::observe(price_ticks price,
                                                   int64_t ts) {
  if (!armed_) return std::nullopt;
  where now = price < low_    ? where::below
              : price > high_ ? where::above
                              : where::inside;
  if (now != where_) outside_since_ = ts;
  where_ = now;
  last_price_ = price;
  return check(ts);
}

std::optional<price_ticks> trailing_range::check(int64_t ts) {
  if (!armed_ || where_ == where::inside ||
      ts - outside_since_ < params_.dwell_ms)
    return std::nullopt;
  disarm();
  return last_price_;
}

std::optional<int64_t> trailing_range::deadline() const {
  if (!armed_ || where_ == where::inside) return std::nullopt;
  return outside_since_ + params_.dwell_ms;
}

} // namespace trailgrid::strategy
