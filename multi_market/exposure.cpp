#include "multi_market/exposure.hpp"

#include "strategy/int_math.hpp"

#include <limits>

namespace trailgrid::multi_market {

namespace {

int128 pow10(int n) {
  int128 x = 1;
  for (int i = 0; i < n; ++i)
    x *= 10;
  return x;
}

} // namespace

int64_t notional_micro(strategy::qty_lots position, strategy::price_ticks mark,
                       int price_decimals, int size_decimals) {
  int128 pos = position.value < 0 ? -static_cast<int128>(position.value)
                                  : static_cast<int128>(position.value);
  int128 px = mark.value < 0 ? 0 : static_cast<int128>(mark.value);
  int128 raw = pos * px; // scaled by 10^(price_decimals + size_decimals)
  const int shift = 6 - (price_decimals + size_decimals);
  constexpr auto max = std::numeric_limits<int64_t>::max();
  // raw < 2^126; checking against max before scaling up keeps it in range.
  if (shift >= 0 && raw > max) return max;
  int128 micro =
      shift >= 0 ? raw * pow10(shift) : strategy::ceil_div(raw, pow10(-shift));
  return micro > max ? max : static_cast<int64_t>(micro);
}

std::optional<int64_t> exposure_micro(strategy::qty_lots position,
                                      strategy::price_ticks mark,
                                      strategy::price_ticks last_mark,
                                      int price_decimals, int size_decimals) {
  if (position.value == 0) return 0;
  auto price = mark.value > 0 ? mark : last_mark;
  if (price.value <= 0) return std::nullopt;
  return notional_micro(position, price, price_decimals, size_decimals);
}

int64_t equity_micro(strategy::quote_units equity, int price_decimals,
                     int size_decimals) {
  const int shift = 6 - (price_decimals + size_decimals);
  constexpr auto max = std::numeric_limits<int64_t>::max();
  constexpr auto min = std::numeric_limits<int64_t>::min();
  int128 v = equity.value;
  if (shift >= 0) {
    v *= pow10(shift);
  } else {
    const int128 d = pow10(-shift);
    v = v >= 0 ? v / d : -strategy::ceil_div(-v, d);
  }
  return v > max ? max : v < min ? min : static_cast<int64_t>(v);
}

exposure_cap::exposure_cap(int64_t cap_micro, int64_t release_ppm)
    : cap_(cap_micro), release_ppm_(release_ppm) {}

int64_t exposure_cap::release_at() const {
  return static_cast<int64_t>(static_cast<int128>(cap_) * release_ppm_ /
                              1'000'000);
}

exposure_cap::decision exposure_cap::update(int64_t total_micro) {
  bool next = engaged_;
  if (cap_ <= 0)
    next = false;
  else if (!engaged_ && total_micro > cap_)
    next = true;
  else if (engaged_ && total_micro <= release_at())
    next = false;
  decision d{next, next != engaged_};
  engaged_ = next;
  return d;
}

} // namespace trailgrid::multi_market
