#include "tools/lighter-sim/price_path.hpp"

#include "marketdata/readers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace trailgrid::sim {

std::vector<path_point>
candles_to_points(const std::vector<marketdata::candle_row>& rows,
                  int substeps) {
  std::vector<path_point> out;
  if (rows.empty()) return out;
  int s = std::max(1, substeps);
  ms_t bar = std::numeric_limits<ms_t>::max();
  for (size_t i = 1; i < rows.size(); ++i)
    bar = std::min(bar, rows[i].ts_ms - rows[i - 1].ts_ms);
  if (rows.size() < 2) bar = 60000;
  const ms_t quarter = bar / 4;
  bool last_buy = true;
  int64_t last_price = rows.front().open.value;
  for (const auto& r : rows) {
    const int64_t open = r.open.value, high = r.high.value, low = r.low.value;
    bool high_first = (high - open) <= (open - low);
    int64_t v[4] = {open, high_first ? high : low, high_first ? low : high,
                    r.close.value};
    const int64_t n = 1 + 3 * s;
    const int64_t per = r.volume.value / n;
    int64_t first_extra = r.volume.value - per * n;
    auto emit = [&](ms_t ts, int64_t price, int64_t size) {
      if (price > last_price)
        last_buy = true;
      else if (price < last_price)
        last_buy = false;
      last_price = price;
      out.push_back(path_point{ts, price, size, last_buy});
    };
    emit(r.ts_ms, v[0], per + first_extra);
    for (int seg = 0; seg < 3; ++seg) {
      ms_t t0 = r.ts_ms + quarter * seg;
      for (int j = 1; j <= s; ++j) {
        int64_t price = v[seg] + (v[seg + 1] - v[seg]) * j / s;
        emit(t0 + quarter * j / s, price, per);
      }
    }
  }
  return out;
}

std::vector<path_point>
trades_to_points(const std::vector<marketdata::trade_row>& rows) {
  std::vector<path_point> out;
  out.reserve(rows.size());
  for (const auto& r : rows)
    out.push_back(path_point{r.ts_ms, r.price.value, r.qty.value,
                             r.side == marketdata::trade_side::buy});
  return out;
}

price_path price_path::recorded(std::vector<path_point> points, bool loop) {
  price_path p;
  p.points_ = std::move(points);
  p.loop_ = loop;
  p.exhausted_ = p.points_.empty();
  if (p.exhausted_) return p;
  p.start_ts_ = p.points_.front().ts;
  p.load_recorded();
  return p;
}

price_path price_path::synthetic(const path_cfg& cfg, uint64_t seed,
                                 ms_t start_ts) {
  price_path p;
  p.synthetic_ = true;
  p.exhausted_ = false;
  p.cfg_ = cfg;
  p.rng_ = rng(seed);
  p.start_ts_ = start_ts;
  p.log_price_ =
      std::log(static_cast<double>(std::max<int64_t>(1, cfg.start_price)));
  p.anchor_ = p.log_price_;
  p.next_ = path_point{start_ts, std::max<int64_t>(1, cfg.start_price),
                       std::max<int64_t>(1, cfg.trade_size), true};
  return p;
}

void price_path::load_recorded() {
  const auto& src = points_[index_];
  next_ = src;
  next_.ts += time_shift_;
  next_.price = std::max<int64_t>(1, src.price + price_shift_);
}

void price_path::pop() {
  if (exhausted_) return;
  if (synthetic_) {
    step_synthetic();
    return;
  }
  if (index_ + 1 < points_.size()) {
    ++index_;
    load_recorded();
    return;
  }
  if (!loop_) {
    exhausted_ = true;
    return;
  }
  // Replay from the start, continuing in time and from the current price.
  const ms_t span = points_.back().ts - points_.front().ts;
  const ms_t gap =
      points_.size() > 1
          ? std::max<ms_t>(1, span / static_cast<ms_t>(points_.size() - 1))
          : 1000;
  time_shift_ += span + gap;
  price_shift_ = next_.price - points_.front().price;
  index_ = 0;
  load_recorded();
}

void price_path::step_synthetic() {
  ++step_count_;
  const double step = static_cast<double>(cfg_.step_ms);
  const double dt_years = step / (365.0 * 86400000.0);
  const double sigma = cfg_.annual_vol * std::sqrt(dt_years);
  const double drift = cfg_.trend_per_day * step / 86400000.0;
  regime r = cfg_.kind;
  double sign = 1.0;
  if (r == regime::mixed) {
    const int64_t steps_per_regime =
        std::max<int64_t>(1, cfg_.regime_ms / cfg_.step_ms);
    const int64_t phase = (step_count_ / steps_per_regime) % 4;
    if (step_count_ % steps_per_regime == 0) anchor_ = log_price_;
    static const regime phases[4] = {regime::trend, regime::range,
                                     regime::trend, regime::jumps};
    r = phases[phase];
    sign = phase == 2 ? -1.0 : 1.0;
  }
  const double z = rng_.normal();
  double dx = sigma * z;
  switch (r) {
  case regime::trend:
    dx += sign * drift;
    break;
  case regime::range: {
    const double kappa = cfg_.reversion_per_hour * step / 3600000.0;
    dx -= std::min(1.0, kappa) * (log_price_ - anchor_);
    break;
  }
  case regime::jumps:
    if (rng_.uniform() < cfg_.jump_prob)
      dx += (rng_.uniform() < 0.5 ? -1.0 : 1.0) * cfg_.jump_bps / 10000.0;
    break;
  case regime::mixed:
    break;
  }
  log_price_ += dx;
  const int64_t price =
      std::max<int64_t>(1, std::llround(std::exp(log_price_)));
  const double u = rng_.uniform();
  const int64_t size =
      std::max<int64_t>(1, std::llround(static_cast<double>(cfg_.trade_size) *
                                        -std::log(1.0 - u)));
  bool buy = price > next_.price   ? true
             : price < next_.price ? false
                                   : rng_.uniform() < 0.5;
  next_ = path_point{next_.ts + cfg_.step_ms, price, size, buy};
}

marketdata::scale path_scale(const market_cfg& m) {
  return marketdata::scale{m.price_decimals, m.size_decimals,
                           marketdata::excess_digits::round};
}

std::variant<price_path, std::string> make_path(const market_cfg& m,
                                                uint64_t seed, ms_t start_ts) {
  const auto& pc = m.path;
  if (pc.source == path_source::synthetic)
    return price_path::synthetic(
        pc, hash3(seed, 0x9a7, static_cast<uint64_t>(m.market_id)), start_ts);
  std::vector<path_point> points;
  if (pc.source == path_source::candles) {
    auto rows = marketdata::read_candles(pc.file, path_scale(m));
    if (!rows) return rows.error().to_string();
    points = candles_to_points(rows.value(), pc.candle_substeps);
  } else {
    auto rows = marketdata::read_trades(pc.file, path_scale(m));
    if (!rows) return rows.error().to_string();
    points = trades_to_points(rows.value());
  }
  if (points.empty()) return pc.file + ": no data rows";
  return price_path::recorded(std::move(points), pc.loop);
}

} // namespace trailgrid::sim
