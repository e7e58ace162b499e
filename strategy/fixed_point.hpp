#pragma once

#include <cstdint>
#include <functional>

namespace trailgrid {

/// 128-bit integers for exact intermediate products (GCC/Clang extension;
/// `__extension__` keeps -Wpedantic quiet).
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;

} // namespace trailgrid

namespace trailgrid::strategy {

/// A price as the exchange's integer: human price x 10^price_decimals of the
/// market. Distinct from qty_lots so the two never mix by accident.
struct price_ticks {
  int64_t value = 0;

  constexpr price_ticks() = default;
  constexpr explicit price_ticks(int64_t v) : value(v) {}

  constexpr price_ticks operator+(price_ticks o) const {
    return price_ticks{value + o.value};
  }
  constexpr price_ticks operator-(price_ticks o) const {
    return price_ticks{value - o.value};
  }
  constexpr bool operator==(price_ticks o) const { return value == o.value; }
  constexpr bool operator!=(price_ticks o) const { return value != o.value; }
  constexpr bool operator<(price_ticks o) const { return value < o.value; }
  constexpr bool operator<=(price_ticks o) const { return value <= o.value; }
  constexpr bool operator>(price_ticks o) const { return value > o.value; }
  constexpr bool operator>=(price_ticks o) const { return value >= o.value; }
};

/// A size (or signed position) as the exchange's integer: human size x
/// 10^size_decimals of the market.
struct qty_lots {
  int64_t value = 0;

  constexpr qty_lots() = default;
  constexpr explicit qty_lots(int64_t v) : value(v) {}

  constexpr qty_lots operator+(qty_lots o) const {
    return qty_lots{value + o.value};
  }
  constexpr qty_lots operator-(qty_lots o) const {
    return qty_lots{value - o.value};
  }
  constexpr qty_lots operator-() const { return qty_lots{-value}; }
  qty_lots& operator+=(qty_lots o) {
    value += o.value;
    return *this;
  }
  qty_lots& operator-=(qty_lots o) {
    value -= o.value;
    return *this;
  }
  constexpr bool operator==(qty_lots o) const { return value == o.value; }
  constexpr bool operator!=(qty_lots o) const { return value != o.value; }
  constexpr bool operator<(qty_lots o) const { return value < o.value; }
  constexpr bool operator<=(qty_lots o) const { return value <= o.value; }
  constexpr bool operator>(qty_lots o) const { return value > o.value; }
  constexpr bool operator>=(qty_lots o) const { return value >= o.value; }
};

/// An amount of quote currency in units of 10^-(price_decimals +
/// size_decimals): exactly price_ticks x qty_lots, so notionals, fees and PnL
/// stay integers.
struct quote_units {
  int64_t value = 0;

  constexpr quote_units() = default;
  constexpr explicit quote_units(int64_t v) : value(v) {}

  constexpr quote_units operator+(quote_units o) const {
    return quote_units{value + o.value};
  }
  constexpr quote_units operator-(quote_units o) const {
    return quote_units{value - o.value};
  }
  constexpr quote_units operator-() const { return quote_units{-value}; }
  quote_units& operator+=(quote_units o) {
    value += o.value;
    return *this;
  }
  quote_units& operator-=(quote_units o) {
    value -= o.value;
    return *this;
  }
  constexpr bool operator==(quote_units o) const { return value == o.value; }
  constexpr bool operator!=(quote_units o) const { return value != o.value; }
  constexpr bool operator<(quote_units o) const { return value < o.value; }
  constexpr bool operator<=(quote_units o) const { return value <= o.value; }
  constexpr bool operator>(quote_units o) const { return value > o.value; }
  constexpr bool operator>=(quote_units o) const { return value >= o.value; }
};

/// The exact notional of `qty` at `price`.
/// @pre the product fits in int64 (prices < 2^32 and sizes < 2^31 always do).
constexpr quote_units notional(price_ticks price, qty_lots qty) {
  return quote_units{
      static_cast<int64_t>(static_cast<int128>(price.value) * qty.value)};
}

} // namespace trailgrid::strategy

template <>
struct std::hash<trailgrid::strategy::price_ticks> {
  size_t operator()(trailgrid::strategy::price_ticks p) const noexcept {
    return std::hash<int64_t>{}(p.value);
  }
};
