#pragma once

#include <cstdint>
#include <string_view>

namespace trailgrid::strategy {

/// Which side of the book an order or fill is on.
enum class side : uint8_t {
  bid, ///< a buy
  ask, ///< a sell
};

/// "bid" or "ask".
constexpr std::string_view to_string(side s) {
  return s == side::bid ? "bid" : "ask";
}

/// The other side.
constexpr side opposite(side s) {
  return s == side::bid ? side::ask : side::bid;
}

} // namespace trailgrid::strategy
