#pragma once

#include "backtest/result.hpp"

#include <cstdint>
#include <vector>

namespace trailgrid::backtest {

/// Collects the report's time series into a fixed number of buckets over a
/// known time span: memory is allocated once, recording never allocates.
class recorder {
public:
  /// `points` buckets over [begin, end). points <= 0 records nothing.
  recorder(int64_t begin, int64_t end, int points);

  /// The market traded at `p` at `ts`; equity and position at that moment.
  void price(int64_t ts, strategy::price_ticks p, strategy::quote_units equity,
             strategy::quote_units drawdown, strategy::qty_lots position) {
    if (!enabled_) return;
    auto& b = at(ts);
    if (!b.has_data) {
      b.has_data = true;
      b.open = b.high = b.low = p;
    }
    if (p > b.high) b.high = p;
    if (p < b.low) b.low = p;
    b.close = p;
    b.equity = equity;
    b.position = position;
    if (drawdown > b.drawdown) b.drawdown = drawdown;
  }
  /// An order filled at the exchange.
  void fill(int64_t ts, strategy::side s, strategy::price_ticks p) {
    if (!enabled_) return;
    auto& b = at(ts);
    if (s == strategy::side::bid) {
      ++b.buys;
      b.buy_price = p;
    } else {
      ++b.sells;
      b.sell_price = p;
    }
  }
  /// A grid went out centred at `centre`.
  void reset(int64_t ts, strategy::price_ticks centre) {
    if (!enabled_) return;
    auto& b = at(ts);
    ++b.resets;
    b.centre = centre;
    centre_ = centre;
  }

  /// The series; empty buckets carry the previous values forward.
  std::vector<series_point> finish();

private:
  series_point& at(int64_t ts) {
    if (ts >= bucket_end_) advance(ts);
    return points_[cur_];
  }
  void advance(int64_t ts);

  bool enabled_ = false;
  int64_t begin_ = 0;
  int64_t width_ = 1;
  std::vector<series_point> points_;
  std::size_t cur_ = 0;
  int64_t bucket_end_ = 0;
  strategy::price_ticks centre_;
};

} // namespace trailgrid::backtest
