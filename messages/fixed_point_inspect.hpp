#pragma once

// CAF inspect overloads for the strategy fixed-point types, so messages can
// carry price_ticks / qty_lots / quote_units instead of bare integers. They
// live in trailgrid::strategy for ADL; strategy/ itself stays free of CAF.

#include "strategy/fixed_point.hpp"

#include "caf/meta/type_name.hpp"

namespace trailgrid::strategy {

/// Serializes a price as its integer tick value.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, price_ticks& x) {
  return f(caf::meta::type_name("price_ticks"), x.value);
}

/// Serializes a size as its integer lot value.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, qty_lots& x) {
  return f(caf::meta::type_name("qty_lots"), x.value);
}

/// Serializes a quote amount as its integer value.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, quote_units& x) {
  return f(caf::meta::type_name("quote_units"), x.value);
}

} // namespace trailgrid::strategy
