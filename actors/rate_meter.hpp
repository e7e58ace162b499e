#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace trailgrid::actors {

/// Counts events (e.g. signatures) over a sliding window of the last 10
/// whole seconds, in one-second buckets. Pure: time is an argument.
class rate_meter {
public:
  using time_point = std::chrono::steady_clock::time_point;

  /// Seconds in the window.
  static constexpr int64_t window_s = 10;

  /// Records `n` events at `now`.
  void add(time_point now, uint64_t n = 1);

  /// Events in the window ending at `now` (the current second included).
  uint64_t in_window(time_point now) const;

  /// Events per second over the window, as "12.3" (one decimal, rounded
  /// down).
  std::string per_second(time_point now) const;

  /// Events recorded since construction.
  uint64_t total() const { return total_; }

private:
  static int64_t second_of(time_point t);

  std::array<uint64_t, window_s> counts_{};
  std::array<int64_t, window_s> seconds_{}; ///< which second a bucket holds
  uint64_t total_ = 0;
};

} // namespace trailgrid::actors
