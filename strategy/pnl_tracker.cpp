#include "strategy/pnl_tracker.hpp"

#include "strategy/grid_calculator.hpp"
#include "strategy/int_math.hpp"

#include <algorithm>

namespace trailgrid::strategy {

void pnl_tracker::on_fill(side s, price_ticks price, qty_lots qty, bool maker,
                          std::optional<quote_units> reported) {
  if (qty.value <= 0) return;
  ++fills_;
  const quote_units traded = notional(price, qty);
  volume_ += traded;
  const ppm rate = maker ? fees_.maker : fees_.taker;
  const quote_units fee =
      reported ? *reported
               : quote_units{static_cast<int64_t>(ceil_div(
                     static_cast<int128>(traded.value) * rate, ppm_one))};
  (maker ? maker_fees_ : taker_fees_) += fee;

  const int64_t dir = s == side::bid ? 1 : -1;
  const bool opening =
      position_.value == 0 || (position_.value > 0) == (dir > 0);
  if (opening) {
    position_ += qty_lots{dir * qty.value};
    cost_ += traded;
    return;
  }
  const int64_t open = position_.value > 0 ? position_.value : -position_.value;
  const int64_t closed = std::min(qty.value, open);
  quote_units released =
      closed == open ? cost_
                     : quote_units{static_cast<int64_t>(
                           static_cast<int128>(cost_.value) * closed / open)};
  quote_units proceeds = notional(price, qty_lots{closed});
  realised_ += position_.value > 0 ? proceeds - released : released - proceeds;
  cost_ -= released;
  position_ += qty_lots{dir * closed};
  if (position_.value == 0) {
    ++round_trips_;
    const int64_t rest = qty.value - closed;
    if (rest > 0) {
      position_ = qty_lots{dir * rest};
      cost_ = notional(price, qty_lots{rest});
    }
  }
}

price_ticks pnl_tracker::average_price() const {
  if (position_.value == 0) return price_ticks{0};
  int64_t open = position_.value > 0 ? position_.value : -position_.value;
  return price_ticks{cost_.value / open};
}

quote_units pnl_tracker::unrealised(price_ticks mark) const {
  if (position_.value == 0) return quote_units{0};
  quote_units value = notional(mark, position_); // signed
  return position_.value > 0 ? value - cost_ : value + cost_;
}

quote_units pnl_tracker::equity(price_ticks mark) const {
  return realised_ + unrealised(mark) - fees();
}

} // namespace trailgrid::strategy
