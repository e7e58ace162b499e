#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::lighter {

/// An exact decimal number as the exchange wrote it: units x 10^-scale.
/// Trailing fractional zeros are dropped on parsing ("30.000000" -> 30, 0),
/// so values such as "72057594037927936.000000" still fit.
struct decimal_value {
  int64_t units = 0;
  int scale = 0; ///< 0 ..= 18

  /// The value scaled to `decimals` places, exactly; nothing when that would
  /// drop a nonzero digit or overflow.
  std::optional<int64_t> to_scaled(int decimals) const;
  /// The value scaled to `decimals` places, rounded half away from zero;
  /// nothing on overflow.
  std::optional<int64_t> to_scaled_nearest(int decimals) const;
  /// For display and ratios only.
  double to_double() const;
  /// The canonical decimal text ("-1.5", "30").
  std::string to_string() const;

  bool operator==(const decimal_value& o) const {
    return units == o.units && scale == o.scale;
  }
  bool operator!=(const decimal_value& o) const { return !(*this == o); }
};

/// Parses a plain decimal ("-12.50", "7", ".5"); no exponent, no spaces.
std::optional<decimal_value> parse_decimal(std::string_view text);

/// Parses a plain decimal scaled by 10^decimals exactly: the fast path used for
/// every exchange price and size. Nothing when malformed, when a nonzero digit
/// lies beyond `decimals`, or on overflow.
std::optional<int64_t> parse_fixed(std::string_view text, int decimals);

/// Parses a decimal or a JSON number token ("2191.1107231380406", "105754",
/// "1.5e-3") scaled by 10^decimals, rounded half away from zero. For values
/// the exchange computes (mark price, liquidation price, candle prices sent as
/// floats with binary noise) where the last digit is not money. Nothing when
/// malformed or out of range.
std::optional<int64_t> parse_scaled_nearest(std::string_view text,
                                            int decimals);

/// Like parse_fixed, but a value with more digits than `decimals` rounds up
/// (toward +infinity): for minimums, where rounding down would under-shoot.
std::optional<int64_t> parse_scaled_ceil(std::string_view text, int decimals);

/// An amount of USDC in micro-USDC (USDC has 6 decimals on Lighter):
/// collateral, balances, PnL, margin.
struct usdc_amount {
  int64_t micros = 0;

  constexpr usdc_amount() = default;
  constexpr explicit usdc_amount(int64_t v) : micros(v) {}
  constexpr bool operator==(usdc_amount o) const { return micros == o.micros; }
  constexpr bool operator!=(usdc_amount o) const { return micros != o.micros; }
  constexpr bool operator<(usdc_amount o) const { return micros < o.micros; }
};

/// Decimal places of usdc_amount.
constexpr int usdc_decimals = 6;

/// Normalises an exchange timestamp to milliseconds. The exchange sends
/// seconds in some places (root status, fundings, older order objects) and
/// milliseconds elsewhere; values below 10^11 (1973 in ms, year 5138 in s)
/// are read as seconds.
constexpr int64_t timestamp_to_ms(int64_t t) {
  return (t > 0 && t < 100'000'000'000) ? t * 1000 : t;
}

} // namespace trailgrid::lighter
