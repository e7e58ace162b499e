#include "actors/latency_stats.hpp"

#include <algorithm>
#include <cmath>

namespace trailgrid::actors {

latency_stats::latency_stats(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 1)) {
  samples_.reserve(capacity_);
}

void latency_stats::add(int64_t ns) {
  if (ns < 0) return;
  ++total_;
  last_ = ns;
  if (samples_.size() < capacity_) {
    samples_.push_back(ns);
    return;
  }
  samples_[next_] = ns;
  next_ = (next_ + 1) % capacity_;
}

int64_t latency_stats::quantile(double q) const {
  if (samples_.empty()) return 0;
  auto n = samples_.size();
  auto rank = static_cast<size_t>(std::ceil(std::clamp(q, 0.0, 1.0) * n));
  auto index = rank == 0 ? 0 : rank - 1;
  auto copy = samples_;
  std::nth_element(copy.begin(), copy.begin() + static_cast<long>(index),
                   copy.end());
  return copy[index];
}

} // namespace trailgrid::actors
