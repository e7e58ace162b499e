#pragma once

// Account-wide state as one market sees it.

#include "execution/account_values.hpp"
#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>

namespace trailgrid::execution {

/// Serializes a balance_update.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, balance_update& x) {
  return f(caf::meta::type_name("balance_update"), x.market_index, x.available,
           x.ts_ms);
}

} // namespace trailgrid::execution

namespace trailgrid::messages {

using execution::balance_update;

} // namespace trailgrid::messages
