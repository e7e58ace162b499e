#pragma once

#include <cstdint>
#include <optional>

namespace trailgrid::runtime {

/// How long the shutdown waits for the executors to cancel their orders.
/// A fixed bound is wrong both ways: a quota of one request a second needs
/// 25 s for 25 markets' cancel batches, while a stuck executor should not
/// hold the stop for a minute. So the wait goes on while the count of live
/// orders keeps falling: never longer than `quiet_ms` without a fall, never
/// longer than `bound_ms` in all. Time is an argument (ms, any clock).
class drain_wait {
public:
  struct config {
    int64_t quiet_ms = 15'000; ///< without a fall, give up
    int64_t bound_ms = 60'000; ///< in all
  };

  drain_wait(config cfg, int64_t start_ms)
      : cfg_(cfg), start_ms_(start_ms), last_fall_ms_(start_ms) {}

  /// After a look at the executors (`live`: their live orders, nothing
  /// when they could not be asked): true to look again later.
  bool keep_waiting(std::optional<int64_t> live, int64_t now_ms);

  /// The count at the last look that answered.
  std::optional<int64_t> live() const { return lowest_; }

private:
  config cfg_;
  int64_t start_ms_;
  int64_t last_fall_ms_;
  std::optional<int64_t> lowest_;
};

} // namespace trailgrid::runtime
