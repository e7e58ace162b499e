#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::lighter {

/// The account's tier (protocol notes 10). Sub-accounts share the master's.
enum class account_tier { standard, premium };

/// Requests per minute of a tier: standard 60 requests, premium 24,000
/// weighted requests.
int64_t requests_per_minute(account_tier tier);

/// The premium-tier weight of a REST path (query ignored): sendTx,
/// sendTxBatch, nextNonce 6; apikeys 150; trades, recentTrades 1200;
/// accountInactiveOrders 100; everything else 300. WS `jsonapi/sendtx*`
/// frames count as sendTx / sendTxBatch.
int64_t rest_weight(std::string_view path);

/// What one request to `path` costs against the tier's budget: 1 on standard
/// (requests are counted, not weighted), rest_weight(path) on premium.
int64_t request_cost(account_tier tier, std::string_view path);

/// A token bucket over a sliding minute: starts full with `capacity` tokens
/// and refills continuously at capacity per window, in exact integer
/// arithmetic. Time is an argument (ms, any monotonic origin); time going
/// backwards is treated as no time passing.
class rate_limiter {
public:
  /// The budget of `tier` per minute.
  explicit rate_limiter(account_tier tier);
  /// `capacity` tokens per `window_ms` (both clamped to >= 1).
  rate_limiter(int64_t capacity, int64_t window_ms);

  /// True when a request of `cost` tokens may be sent at `now_ms`.
  bool may_send(int64_t now_ms, int64_t cost) const;
  /// Takes `cost` tokens at `now_ms` if available; false (nothing taken)
  /// otherwise.
  bool try_acquire(int64_t now_ms, int64_t cost);
  /// The earliest time >= now_ms at which `cost` tokens are available
  /// (now_ms if already); nothing when cost exceeds the capacity.
  std::optional<int64_t> when(int64_t now_ms, int64_t cost) const;
  /// The exchange said 429/23000: assume the bucket is empty at `now_ms`.
  void on_rate_limited(int64_t now_ms);
  /// Whole tokens available at `now_ms`.
  int64_t available(int64_t now_ms) const;
  /// Tokens of a full bucket.
  int64_t capacity() const { return capacity_; }

private:
  /// The level at `now_ms`, in token-milliseconds (tokens x window_ms).
  int64_t level_at(int64_t now_ms) const;
  void refill(int64_t now_ms);

  int64_t capacity_;
  int64_t window_ms_;
  int64_t level_;   ///< token-ms: each ms adds capacity_, a token costs window_
  int64_t last_ms_; ///< time of `level_`
  bool started_ = false;
};

} // namespace trailgrid::lighter
