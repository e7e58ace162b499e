#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/market_spec.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::strategy {

/// Parses a plain decimal string ("95012.3", "-0.0050", "12") into an integer
/// scaled by 10^decimals, exactly. Returns nothing for anything else: empty
/// input, exponents, stray characters, overflow, or nonzero digits beyond
/// `decimals` (an exchange string with more precision than the market has is
/// an error, not something to round silently). Trailing zeros are fine.
std::optional<int64_t> parse_scaled(std::string_view text, int decimals);

/// Like parse_scaled, but digits beyond `decimals` are rounded toward zero
/// (for human input such as a configured order size, where the caller then
/// rounds to lot/tick with an explicit direction).
std::optional<int64_t> parse_scaled_truncating(std::string_view text,
                                               int decimals);

/// Formats an integer scaled by 10^decimals as a decimal string with exactly
/// `decimals` digits after the point ("950123", 1 -> "95012.3").
std::string format_scaled(int64_t value, int decimals);

/// Exchange price string -> ticks of `m` (exact).
inline std::optional<price_ticks> parse_price(std::string_view text,
                                              const market_spec& m) {
  if (auto v = parse_scaled(text, m.price_decimals)) return price_ticks{*v};
  return std::nullopt;
}

/// Exchange size string -> lots of `m` (exact).
inline std::optional<qty_lots> parse_qty(std::string_view text,
                                         const market_spec& m) {
  if (auto v = parse_scaled(text, m.size_decimals)) return qty_lots{*v};
  return std::nullopt;
}

inline std::string format_price(price_ticks p, const market_spec& m) {
  return format_scaled(p.value, m.price_decimals);
}

inline std::string format_qty(qty_lots q, const market_spec& m) {
  return format_scaled(q.value, m.size_decimals);
}

inline std::string format_quote(quote_units q, const market_spec& m) {
  return format_scaled(q.value, m.quote_decimals());
}

/// An integer scaled by 10^decimals as a double, for display and ratios only.
double to_double(int64_t value, int decimals);

} // namespace trailgrid::strategy
