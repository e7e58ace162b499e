#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/grid_plan.hpp"
#include "strategy/params.hpp"

#include <cstddef>

namespace trailgrid::strategy {

/// Margin the planned orders need: sum of notionals x 1e6 / leverage_ppm,
/// rounded UP. A leverage <= 0 is treated as 1x.
quote_units required_margin(const grid_plan& plan, ppm leverage);

/// Drops levels from the outside in until required_margin(plan) <=
/// available. Each step removes the outermost level of the side that has
/// more levels left; on a tie, the one with the larger notional; on equal
/// notionals, the ask. Inner levels, the ones most likely to trade, are kept
/// longest. Returns how many levels were removed.
std::size_t trim_to_balance(grid_plan& plan, quote_units available,
                            ppm leverage);

} // namespace trailgrid::strategy
