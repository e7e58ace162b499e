#include "runtime/amount.hpp"

#include "strategy/decimal.hpp"

namespace trailgrid::runtime {

namespace {

// value x 10^(to - from), rounded toward zero (all values here are >= 0).
// Saturates at INT64_MAX rather than wrapping.
int64_t rescale_floor(int64_t value, int from, int to) {
  int128 v = value;
  for (int i = from; i < to; ++i) {
    v *= 10;
    if (v > INT64_MAX) return INT64_MAX;
  }
  for (int i = to; i < from; ++i)
    v /= 10;
  return static_cast<int64_t>(v);
}

} // namespace

std::optional<amount> amount::parse(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.front() == '+')
    return std::nullopt;
  if (auto v = strategy::parse_scaled(text, decimals)) return amount{*v};
  return std::nullopt;
}

std::string amount::to_string() const {
  auto s = strategy::format_scaled(nanos, decimals);
  while (s.back() == '0')
    s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

strategy::qty_lots amount::to_lots_floor(const strategy::market_spec& m) const {
  return m.floor_to_lot(
      strategy::qty_lots{rescale_floor(nanos, decimals, m.size_decimals)});
}

strategy::quote_units
amount::to_quote_floor(const strategy::market_spec& m) const {
  return strategy::quote_units{
      rescale_floor(nanos, decimals, m.quote_decimals())};
}

} // namespace trailgrid::runtime
