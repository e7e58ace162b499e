#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/market_spec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// An exact decimal amount from a config file (an order size in base units or
/// a quote amount), held as an integer count of 10^-9 until the market's scale
/// is known. Written in TOML as a string ("0.001") or a number (0.001, 5).
struct amount {
  /// Fractional digits kept; more is a config error, not silent rounding.
  static constexpr int decimals = 9;
  int64_t nanos = 0;

  /// Parses "0.001", "5", ... exactly; nothing for other text, negative
  /// values, or more than 9 decimals.
  static std::optional<amount> parse(std::string_view text);
  /// The decimal text, without trailing zeros ("0.001").
  std::string to_string() const;

  /// This size in lots of `m`, rounded down to a whole lot (never more than
  /// configured).
  strategy::qty_lots to_lots_floor(const strategy::market_spec& m) const;
  /// This quote amount in quote_units of `m`, rounded down.
  strategy::quote_units to_quote_floor(const strategy::market_spec& m) const;

  bool operator==(amount o) const { return nanos == o.nanos; }
  bool operator!=(amount o) const { return nanos != o.nanos; }
};

} // namespace trailgrid::runtime
