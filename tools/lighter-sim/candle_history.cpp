#include "tools/lighter-sim/candle_history.hpp"

#include "tools/lighter-sim/rng.hpp"

#include <algorithm>
#include <cmath>

namespace trailgrid::sim {

namespace {

constexpr ms_t minute_ms = 60'000;
// Steps of the walk per candle: enough for its high and low to lie apart
// from its open and close.
constexpr int steps_per_candle = 12;

int64_t ticks_of(double log_price) {
  return std::max<int64_t>(1, std::llround(std::exp(log_price)));
}

} // namespace

std::vector<candle_bar> candle_history(const path_cfg& path,
                                       int64_t first_price, double speed,
                                       uint64_t seed, ms_t start, int minutes) {
  std::vector<candle_bar> out(static_cast<size_t>(std::max(0, minutes)));
  const double step_years =
      speed * minute_ms / steps_per_candle / (365.0 * 86'400'000.0);
  const double sigma = path.annual_vol * std::sqrt(step_years);
  const int64_t size = std::max<int64_t>(1, path.trade_size);
  rng draw(seed);
  double log_price =
      std::log(static_cast<double>(std::max<int64_t>(1, first_price)));
  ms_t t = start - start % minute_ms;
  // Newest first: each candle opens where the walk back from its close ends.
  for (auto bar = out.rbegin(); bar != out.rend(); ++bar) {
    t -= minute_ms;
    bar->t = t;
    bar->close = bar->high = bar->low = ticks_of(log_price);
    for (int i = 0; i < steps_per_candle; ++i) {
      log_price -= sigma * draw.normal();
      const int64_t p = ticks_of(log_price);
      bar->high = std::max(bar->high, p);
      bar->low = std::min(bar->low, p);
      bar->quote_volume += p * size;
    }
    bar->open = ticks_of(log_price);
    bar->volume = size * steps_per_candle;
  }
  return out;
}

} // namespace trailgrid::sim
