#include "actors/rate_meter.hpp"

namespace trailgrid::actors {

int64_t rate_meter::second_of(time_point t) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  return duration_cast<seconds>(t.time_since_epoch()).count();
}

void rate_meter::add(time_point now, uint64_t n) {
  auto s = second_of(now);
  auto slot = static_cast<size_t>(((s % window_s) + window_s) % window_s);
  if (seconds_[slot] != s) {
    seconds_[slot] = s;
    counts_[slot] = 0;
  }
  counts_[slot] += n;
  total_ += n;
}

uint64_t rate_meter::in_window(time_point now) const {
  auto s = second_of(now);
  uint64_t sum = 0;
  for (size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i] > 0 && seconds_[i] > s - window_s && seconds_[i] <= s)
      sum += counts_[i];
  return sum;
}

std::string rate_meter::per_second(time_point now) const {
  auto tenths = in_window(now) * 10 / window_s;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

} // namespace trailgrid::actors
