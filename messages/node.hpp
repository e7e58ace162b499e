#pragma once

// Node-wide risk: the cross-market exposure cap (multi_market root <->
// market supervisors <-> grids).

#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::messages {

/// One market's position and the price it is marked at (grid -> supervisor
/// -> root, reply to exposure_atom). The root turns it into a notional with
/// the market's decimals.
struct market_exposure {
  int32_t market_index = 0;
  strategy::qty_lots position; ///< signed: negative is short
  strategy::price_ticks mark;  ///< 0 when the grid knows no price yet
};

/// Serializes a market_exposure.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, market_exposure& x) {
  return f(caf::meta::type_name("market_exposure"), x.market_index, x.position,
           x.mark);
}

/// Root -> supervisor -> grid: quote reduce-only (on = true: only orders
/// that shrink |position|; none when flat) or normally again (on = false).
/// Sent when the summed exposure of all markets crosses
/// [risk] max_total_exposure_quote, and when it falls back below it.
struct reduce_only {
  int32_t market_index = 0;
  bool on = true;
  std::string why; ///< e.g. "exposure 120,000 > cap 100,000"
};

/// Serializes a reduce_only.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reduce_only& x) {
  return f(caf::meta::type_name("reduce_only"), x.market_index, x.on, x.why);
}

} // namespace trailgrid::messages
