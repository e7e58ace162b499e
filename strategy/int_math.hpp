#pragma once

#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <limits>

namespace trailgrid::strategy {

/// Division truncating toward zero, exactly like int128 `/`. When both
/// operands fit in 64 bits (the usual case: prices, sizes and ppm products)
/// it divides in 64 bits; a 128-bit division is a slow library call and the
/// reset path divides on every level. @pre b != 0
constexpr int128 div_trunc(int128 a, int128 b) {
  constexpr int128 lo = std::numeric_limits<int64_t>::min();
  constexpr int128 hi = std::numeric_limits<int64_t>::max();
  // a > lo: INT64_MIN / -1 would overflow in 64 bits.
  if (a > lo && a <= hi && b >= lo && b <= hi)
    return static_cast<int64_t>(a) / static_cast<int64_t>(b);
  return a / b;
}

/// Division rounding toward minus infinity. @pre b != 0
constexpr int128 floor_div(int128 a, int128 b) {
  int128 q = div_trunc(a, b);
  // Truncation rounded up when the signs differ and b does not divide a.
  return ((a < 0) != (b < 0) && q * b != a) ? q - 1 : q;
}

/// Division rounding toward plus infinity. @pre b != 0
constexpr int128 ceil_div(int128 a, int128 b) {
  return -floor_div(-a, b);
}

} // namespace trailgrid::strategy
