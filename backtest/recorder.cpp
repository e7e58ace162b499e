#include "backtest/recorder.hpp"

#include <algorithm>

namespace trailgrid::backtest {

recorder::recorder(int64_t begin, int64_t end, int points) {
  if (points <= 0 || end <= begin) return;
  enabled_ = true;
  begin_ = begin;
  width_ = std::max<int64_t>(1, (end - begin + points - 1) / points);
  auto n = static_cast<std::size_t>((end - begin + width_ - 1) / width_);
  points_.resize(std::max<std::size_t>(n, 1));
  for (std::size_t i = 0; i < points_.size(); ++i)
    points_[i].ts = begin + static_cast<int64_t>(i) * width_;
  bucket_end_ = begin + width_;
}

void recorder::advance(int64_t ts) {
  auto i = static_cast<std::size_t>((ts - begin_) / width_);
  i = std::min(i, points_.size() - 1);
  // The centre carries into the new bucket until the next reset.
  for (auto j = cur_ + 1; j <= i; ++j)
    points_[j].centre = centre_;
  cur_ = i;
  bucket_end_ = i + 1 < points_.size()
                    ? begin_ + static_cast<int64_t>(i + 1) * width_
                    : INT64_MAX;
}

std::vector<series_point> recorder::finish() {
  for (std::size_t i = 1; i < points_.size(); ++i) {
    auto& p = points_[i];
    const auto& prev = points_[i - 1];
    if (p.centre.value == 0) p.centre = prev.centre;
    if (!p.has_data) {
      p.open = p.high = p.low = p.close = prev.close;
      p.equity = prev.equity;
      p.position = prev.position;
      p.drawdown = prev.drawdown;
    }
  }
  return std::move(points_);
}

} // namespace trailgrid::backtest
