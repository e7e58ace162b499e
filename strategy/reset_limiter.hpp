#pragma once

#include <cstdint>

namespace trailgrid::strategy {

/// Token bucket of exchange transactions that paces grid resets to the
/// account's tx quota. A reset costs the transactions it needs (cancels +
/// creates). Exact integer arithmetic: one token is held as 60'000 units and
/// the bucket gains refill_per_minute units per millisecond. Starts full.
/// Time is an argument (milliseconds); time going backwards adds nothing.
class reset_limiter {
public:
  /// A bucket of `capacity` transactions refilled at `refill_per_minute`
  /// (<= 0: never refills).
  reset_limiter(int64_t capacity, int64_t refill_per_minute);

  /// Takes `cost` tokens at `now` if there are enough; false (nothing taken)
  /// otherwise. A cost above the capacity is charged as the full capacity,
  /// so a large grid waits for a full bucket instead of never going.
  bool try_acquire(int64_t cost, int64_t now);

  /// The earliest time at or after `now` when try_acquire(cost) would
  /// succeed; INT64_MAX if never (no refill and not enough tokens).
  int64_t ready_at(int64_t cost, int64_t now) const;

  /// Takes `cost` tokens unconditionally, going into debt if needed: for
  /// risk cancels that must never wait but still use up the quota.
  void force(int64_t cost, int64_t now);

  /// Whole tokens available at `now`.
  int64_t tokens(int64_t now) const;

  /// The capacity in tokens.
  int64_t capacity() const { return capacity_; }

private:
  static constexpr int64_t unit = 60'000; // ms per minute

  int64_t level_at(int64_t now) const;
  void advance(int64_t now);
  int64_t charge(int64_t cost) const;

  int64_t capacity_;
  int64_t refill_per_minute_;
  int64_t level_; // tokens x unit; may be negative after force()
  int64_t last_ = 0;
  bool started_ = false;
};

} // namespace trailgrid::strategy
