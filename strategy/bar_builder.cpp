#include "strategy/bar_builder.hpp"

#include <algorithm>
#include <cassert>

namespace trailgrid::strategy {

bar_builder::bar_builder(int64_t interval_ms) : interval_ms_(interval_ms) {
  assert(interval_ms >= min_interval_ms && interval_ms <= max_interval_ms);
}

int64_t bar_builder::bar_start(int64_t ts_ms) const {
  int64_t q = ts_ms / interval_ms_;
  if (ts_ms % interval_ms_ != 0 && ts_ms < 0) --q;
  return q * interval_ms_;
}

std::optional<ohlc_bar> bar_builder::add(int64_t ts_ms, double price) {
  return merge(ts_ms, price, price, price, price);
}

std::optional<ohlc_bar> bar_builder::add_bar(const ohlc_bar& sub) {
  return merge(sub.start_ms, sub.open, sub.high, sub.low, sub.close);
}

std::optional<ohlc_bar> bar_builder::close_until(int64_t now_ms) {
  if (!current_ || now_ms < current_->start_ms + interval_ms_)
    return std::nullopt;
  auto done = current_;
  current_.reset();
  return done;
}

std::optional<ohlc_bar> bar_builder::merge(int64_t ts_ms, double open,
                                           double high, double low,
                                           double close) {
  int64_t start = bar_start(ts_ms);
  if (current_ && start < current_->start_ms)
    return std::nullopt; // late: the bar it belongs to is gone
  if (current_ && start == current_->start_ms) {
    current_->high = std::max(current_->high, high);
    current_->low = std::min(current_->low, low);
    current_->close = close;
    return std::nullopt;
  }
  auto done = current_;
  current_ = ohlc_bar{start, open, high, low, close};
  return done;
}

} // namespace trailgrid::strategy
