#pragma once

// Account amounts (the exchange's micro-USDC collateral unit) in one
// market's quote_units (price ticks x size lots), for the grids' balance
// check. Pure arithmetic, no I/O.

#include "strategy/fixed_point.hpp"

#include <cstdint>

namespace trailgrid::execution {

/// `micro` (1e-6 USDC) in quote_units of a market whose quote_units carry
/// `quote_decimals` decimals (price decimals + size decimals). Rounds toward
/// zero, so free collateral is never overstated; saturates at the int64
/// range.
strategy::quote_units micro_to_quote(int64_t micro, int quote_decimals);

} // namespace trailgrid::execution
