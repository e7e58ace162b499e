#pragma once

#include "strategy/fixed_point.hpp"

namespace trailgrid::strategy {

/// Division rounding toward minus infinity. @pre b != 0
constexpr int128 floor_div(int128 a, int128 b) {
  int128 q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// Division rounding toward plus infinity. @pre b != 0
constexpr int128 ceil_div(int128 a, int128 b) {
  return -floor_div(-a, b);
}

} // namespace trailgrid::strategy
