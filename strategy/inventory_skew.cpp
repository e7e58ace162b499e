#include "strategy/inventory_skew.hpp"

#include "strategy/grid_calculator.hpp"
#include "strategy/int_math.hpp"

#include <algorithm>

namespace trailgrid::strategy {

inventory_skew::inventory_skew(const skew_params& params, qty_lots max_position)
    : params_(params), max_position_(max_position) {}

ppm inventory_skew::size_skew(qty_lots position) const {
  if (!params_.enabled || max_position_.value <= 0) return 0;
  int128 raw = div_trunc(static_cast<int128>(position.value) *
                             params_.size_skew_per_inventory,
                         max_position_.value);
  int128 cap = params_.max_size_skew;
  return static_cast<ppm>(std::clamp(raw, -cap, cap));
}

skewed_sizes inventory_skew::sizes(qty_lots base, qty_lots position) const {
  ppm skew = size_skew(position);
  auto scale = [&](ppm factor) {
    return qty_lots{static_cast<int64_t>(
        div_trunc(static_cast<int128>(base.value) * factor, ppm_one))};
  };
  return {scale(ppm_one - skew), scale(ppm_one + skew), skew};
}

price_ticks inventory_skew::centre_shift(price_ticks centre, ppm spacing,
                                         qty_lots position) const {
  if (!params_.enabled || max_position_.value <= 0 ||
      params_.price_skew_spacings == 0)
    return price_ticks{0};
  int64_t pos =
      std::clamp(position.value, -max_position_.value, max_position_.value);
  int128 num = static_cast<int128>(centre.value) * spacing *
               params_.price_skew_spacings * pos;
  int128 den = static_cast<int128>(ppm_one) * ppm_one * max_position_.value;
  return price_ticks{-static_cast<int64_t>(div_trunc(num, den))};
}

} // namespace trailgrid::strategy
