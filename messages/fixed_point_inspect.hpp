#pragma once

// CAF inspect overloads for the strategy value types (fixed-point prices,
// sizes and amounts, and the book side), so messages carry them instead of
// bare integers. They live in trailgrid::strategy for ADL; strategy/ itself
// stays free of CAF.

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include "caf/detail/stringification_inspector.hpp"
#include "caf/meta/type_name.hpp"

#include <string>

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

/// Renders a side as "bid" / "ask" in deep_to_string (logs, test output).
/// Only the stringification inspector gets an overload: serializers write
/// the enum as its uint8_t through CAF 0.17's built-in enum rule, and a
/// generic inspect template for an enum would be ambiguous with that rule.
inline void inspect(caf::detail::stringification_inspector& f, side& x) {
  f(std::string{to_string(x)});
}

} // namespace trailgrid::strategy
