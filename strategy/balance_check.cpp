#include "strategy/balance_check.hpp"

#include "strategy/grid_calculator.hpp"
#include "strategy/int_math.hpp"

namespace trailgrid::strategy {

namespace {

int128 margin_of(int128 total_notional, ppm leverage) {
  if (leverage <= 0) leverage = ppm_one;
  return ceil_div(total_notional * ppm_one, leverage);
}

int128 level_notional(const grid_level& l) {
  return static_cast<int128>(l.price.value) * l.qty.value;
}

} // namespace

quote_units required_margin(const grid_plan& plan, ppm leverage) {
  int128 total = 0;
  for (const auto& l : plan.levels)
    total += level_notional(l);
  return quote_units{static_cast<int64_t>(margin_of(total, leverage))};
}

std::size_t trim_to_balance(grid_plan& plan, quote_units available,
                            ppm leverage) {
  int128 total = 0;
  std::size_t bids = 0;
  for (const auto& l : plan.levels) {
    total += level_notional(l);
    bids += l.side == side::bid ? 1 : 0;
  }
  const std::size_t all_bids = bids;
  std::size_t asks = plan.levels.size() - bids;
  const std::size_t all_asks = asks;
  while (bids + asks > 0 && margin_of(total, leverage) > available.value) {
    bool take_ask;
    if (bids != asks) {
      take_ask = asks > bids;
    } else {
      int128 outer_bid = level_notional(plan.levels[bids - 1]);
      int128 outer_ask = level_notional(plan.levels[all_bids + asks - 1]);
      take_ask = outer_ask >= outer_bid;
    }
    if (take_ask) {
      --asks;
      total -= level_notional(plan.levels[all_bids + asks]);
    } else {
      --bids;
      total -= level_notional(plan.levels[bids]);
    }
  }
  auto first = plan.levels.begin();
  plan.levels.erase(first + static_cast<std::ptrdiff_t>(all_bids + asks),
                    plan.levels.end());
  plan.levels.erase(first + static_cast<std::ptrdiff_t>(bids),
                    first + static_cast<std::ptrdiff_t>(all_bids));
  return (all_bids - bids) + (all_asks - asks);
}

} // namespace trailgrid::strategy
