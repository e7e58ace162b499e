#pragma once

#include "lighter/codec/tiers.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <utility>

namespace trailgrid::lighter {

/// REST budget per minute of a tier (tier_info::rest_per_minute): standard
/// and plus 60 requests, premium 24,000 and builder 240,000 weighted.
int64_t requests_per_minute(account_tier tier);

/// The weight of a REST path (query ignored) on weighted tiers: sendTx,
/// sendTxBatch, nextNonce 6; apikeys 150; trades, recentTrades 600;
/// accountInactiveOrders 100; tokens/create 23,000; everything else 300.
/// WS `jsonapi/sendtx*` frames count as sendTx / sendTxBatch.
int64_t rest_weight(std::string_view path);

/// What one request to `path` costs against the tier's budget: 1 where
/// requests are counted (standard, plus), rest_weight(path) where they are
/// weighted (premium, builder).
int64_t request_cost(account_tier tier, std::string_view path);

/// How a rate_limiter gives spent budget back.
enum class refill {
  /// A token bucket: the budget refills continuously, `capacity` per window
  /// (smooth pacing: after a full burst one request fits every
  /// window/capacity).
  continuous,
  /// A rolling window: each request's cost comes back exactly one window
  /// after it was taken, so at most `capacity` is spent in any window (the
  /// exchange's "N requests per minute" as the simulator enforces it; a
  /// client pacing with this never sends what such a window refuses).
  rolling,
};

/// A request budget of `capacity` per window, in exact integer arithmetic,
/// refilled continuously (token bucket) or as a rolling window. Starts full.
/// Time is an argument (ms, any monotonic origin); time going backwards is
/// treated as no time passing.
class rate_limiter {
public:
  /// The budget of `tier` per minute.
  explicit rate_limiter(account_tier tier, refill mode = refill::continuous);
  /// `capacity` tokens per `window_ms` (both clamped to >= 1).
  rate_limiter(int64_t capacity, int64_t window_ms,
               refill mode = refill::continuous);

  /// True when a request of `cost` tokens may be sent at `now_ms`.
  bool may_send(int64_t now_ms, int64_t cost) const;
  /// Takes `cost` tokens at `now_ms` if available; false (nothing taken)
  /// otherwise.
  bool try_acquire(int64_t now_ms, int64_t cost);
  /// The earliest time >= now_ms at which `cost` tokens are available
  /// (now_ms if already); nothing when cost exceeds the capacity.
  std::optional<int64_t> when(int64_t now_ms, int64_t cost) const;
  /// The exchange said 429/23000: assume the budget is spent at `now_ms`.
  void on_rate_limited(int64_t now_ms);
  /// Whole tokens available at `now_ms`.
  int64_t available(int64_t now_ms) const;
  /// Tokens of a full budget.
  int64_t capacity() const { return capacity_; }
  /// How spent tokens come back.
  refill mode() const { return mode_; }

private:
  /// Token-milliseconds (tokens x window_ms) available at `now_ms`.
  int64_t level_at(int64_t now_ms) const;
  /// Time as the limiter sees it: never before its last update.
  int64_t clamp(int64_t now_ms) const;
  /// Brings the state to `now_ms` (refill, or forget expired takes).
  void advance(int64_t now_ms);
  /// Spends `cost` tokens at the limiter's time (call advance first).
  void spend(int64_t cost);

  int64_t capacity_;
  int64_t window_ms_;
  refill mode_;
  int64_t last_ms_ = 0; ///< time of the state below
  bool started_ = false;
  /// continuous: token-ms; each ms adds capacity_, a token costs window_ms_.
  int64_t level_;
  /// rolling: tokens taken, oldest first, with when, and their sum.
  std::deque<std::pair<int64_t, int64_t>> taken_;
  int64_t taken_sum_ = 0;
};

} // namespace trailgrid::lighter
