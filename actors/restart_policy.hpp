#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace trailgrid::actors {

/// Tunables of restart_policy (defaults: architecture.md).
struct restart_policy_config {
  /// Delay before the first restart after a stable run.
  std::chrono::milliseconds initial{1'000};
  /// Largest delay; a hard upper bound, jitter included.
  std::chrono::milliseconds cap{60'000};
  /// A child that ran this long before failing counts as stable: its next
  /// delay starts again at `initial`.
  std::chrono::milliseconds stable_after{60'000};
  /// Jitter as +/- parts per million of the base delay (100'000 = 10 %), so
  /// many supervisors restarting after one outage do not retry in lockstep.
  int64_t jitter_ppm = 100'000;
};

/// Exponential backoff with jitter for restarting one supervised child.
/// Pure: time is an argument, the PRNG is seeded by the caller.
///
/// The n-th restart since the child was last stable waits
/// base(n) = min(initial * 2^(n-1), cap), plus a jitter drawn uniformly from
/// [-span, +span] ms with span = floor(base(n) * jitter_ppm / 1e6); the result
/// is clamped to [0, cap].
class restart_policy {
public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::milliseconds;

  /// A policy with `cfg`, its jitter drawn from a PRNG seeded with `seed`.
  explicit restart_policy(restart_policy_config cfg = {}, uint64_t seed = 0);

  /// Records that the child (re)started at `now`.
  void on_started(time_point now);

  /// Records that the child failed at `now`; returns how long to wait before
  /// restarting it. Resets the attempt counter first when the child had been
  /// running for at least `stable_after`.
  duration on_failure(time_point now);

  /// The child proved itself (e.g. a connection came up and delivered its
  /// subscriptions): the next failure starts again at the first delay.
  void on_healthy() { attempt_ = 0; }

  /// Applies the stable-period reset at `now` without a failure (for
  /// status): a child running for `stable_after` shows attempt 0.
  void settle(time_point now);

  /// Restarts since the child was last stable (1 = first retry); 0 when none.
  uint32_t attempt() const { return attempt_; }

  /// When the pending restart is due; nothing while the child runs.
  std::optional<time_point> next_retry() const { return next_retry_; }

  /// The delay of attempt `n` (>= 1) before jitter.
  duration base_delay(uint32_t n) const;

  /// The configuration in use.
  const restart_policy_config& config() const { return cfg_; }

private:
  uint64_t next_random();

  restart_policy_config cfg_;
  uint64_t rng_state_;
  uint32_t attempt_ = 0;
  std::optional<time_point> started_at_;
  std::optional<time_point> next_retry_;
};

} // namespace trailgrid::actors
