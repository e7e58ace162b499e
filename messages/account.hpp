#pragma once

// Account-wide state as one market sees it.

#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>

namespace trailgrid::messages {

/// Free collateral of the account, available for new orders' margin
/// (account stream -> grid). The sender scales it to this market's
/// quote_units (price_decimals + size_decimals), so the grid compares it
/// with its own notionals exactly.
struct balance_update {
  int32_t market_index = 0;
  strategy::quote_units available;
  int64_t ts_ms = 0;
};

/// Serializes a balance_update.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, balance_update& x) {
  return f(caf::meta::type_name("balance_update"), x.market_index, x.available,
           x.ts_ms);
}

} // namespace trailgrid::messages
