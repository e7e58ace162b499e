#pragma once

// Text for operators (logs, status figures): exact, from integers.

#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::actors {

/// An integer scaled by 10^decimals with thousands separators:
/// (985000, 1) -> "98,500.0", (-12345, 2) -> "-123.45".
std::string format_grouped(int64_t value, int decimals);

/// A price of a market with `decimals` price decimals, grouped.
inline std::string format_price(strategy::price_ticks p, int decimals) {
  return format_grouped(p.value, decimals);
}

/// Parts per million as a percentage with two decimals, rounded half away
/// from zero: 1800 -> "0.18 %", 12345 -> "1.23 %".
std::string format_ppm_percent(int64_t ppm);

} // namespace trailgrid::actors
