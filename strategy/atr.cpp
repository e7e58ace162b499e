#include "strategy/atr.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace trailgrid::strategy {

std::string_view to_string(atr_convention c) {
  return c == atr_convention::talib ? "talib" : "tulip";
}

std::optional<atr_convention> parse_atr_convention(std::string_view s) {
  if (s == "talib") return atr_convention::talib;
  if (s == "tulip") return atr_convention::tulip;
  return std::nullopt;
}

atr::atr(int period, atr_convention convention)
    : period_(period), convention_(convention) {
  assert(period >= 1);
}

void atr::update(const ohlc_bar& bar) {
  ++bars_seen_;
  std::optional<double> tr;
  if (prev_close_) {
    double pc = *prev_close_;
    tr = std::max({bar.high - bar.low, std::fabs(bar.high - pc),
                   std::fabs(bar.low - pc)});
  } else if (convention_ == atr_convention::tulip) {
    tr = bar.high - bar.low;
  }
  prev_close_ = bar.close;
  last_tr_ = tr;
  if (!tr) return;
  if (initialized_) {
    value_ += (*tr - value_) / period_;
    return;
  }
  // Seed phase: the first ATR is the plain mean of the first n true ranges.
  seed_sum_ += *tr;
  if (++tr_count_ == period_) {
    value_ = seed_sum_ / period_;
    initialized_ = true;
  }
}

void atr::warm_up(const ohlc_bar* bars, size_t count) {
  for (size_t i = 0; i < count; ++i)
    update(bars[i]);
}

std::optional<int64_t> atr::atr_ppm(double price) const {
  if (!initialized_ || !(price > 0)) return std::nullopt;
  return static_cast<int64_t>(std::llround(value_ * 1e6 / price));
}

void atr::reset() {
  *this = atr{period_, convention_};
}

} // namespace trailgrid::strategy
