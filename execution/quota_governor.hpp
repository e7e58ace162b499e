#pragma once

#include "execution/quota_rules.hpp"

#include <cstdint>
#include <optional>

namespace trailgrid::execution {

/// How many txs of each kind one sendTx / sendTxBatch request carries.
struct batch_shape {
  int creates = 0;     ///< CreateOrder
  int cancels = 0;     ///< CancelOrder (one order)
  int cancel_alls = 0; ///< CancelAllOrders
  int modifies = 0;    ///< ModifyOrder
  int others = 0;      ///< any other tx type
  /// All txs of the request.
  int txs() const {
    return creates + cancels + cancel_alls + modifies + others;
  }
};

/// The shape of a request from lighter tx type ids (14 create, 15 cancel,
/// 16 cancel all, 17 modify, anything else other).
batch_shape shape_of_types(const int* types, int count);

/// The account's sendTx budget: one token bucket in the tier's unit, plus
/// the tier's free unit every `free_every_ms`. Pure: time (ms, any monotonic
/// origin) is an argument; time going backwards counts as no time passing.
/// Exact integer arithmetic; starts full. Not thread-safe (one owner, e.g.
/// the account's signer).
class quota_governor {
public:
  explicit quota_governor(quota_rules rules);

  /// The rules it enforces.
  const quota_rules& rules() const { return rules_; }
  /// Units one request of `shape` costs: 1 per request (request unit; 0 for
  /// an empty request), or its txs minus free kinds (tx unit).
  int64_t cost_of(const batch_shape& shape) const;
  /// The largest cost that can ever be granted (the capacity): a request
  /// costing more never fits and must be split.
  int64_t max_cost() const { return rules_.capacity; }
  /// Takes `cost` units at `now_ms` if they are there (a cost <= 0 always
  /// fits and takes nothing); false and nothing taken otherwise.
  bool try_take(int64_t cost, int64_t now_ms);
  /// Ms from `now_ms` until try_take(cost) would succeed if nothing else is
  /// taken (0: now); nothing when cost > max_cost().
  std::optional<int64_t> wait_ms(int64_t cost, int64_t now_ms) const;
  /// Whole units available at `now_ms` (the free unit included).
  int64_t remaining(int64_t now_ms) const;
  /// Gives back `cost` taken for a request that failed before it reached
  /// the exchange (never above the capacity).
  void refund(int64_t cost);
  /// The exchange refused with 23000 / HTTP 429: our picture was
  /// optimistic, so the bucket (and the free unit) is empty at `now_ms`.
  void on_exchange_refusal(int64_t now_ms);

private:
  /// Unit-milliseconds in the bucket at `now_ms` (a unit is 60,000).
  int64_t level_at(int64_t now_ms) const;
  /// True when the free unit is there at `now_ms`.
  bool free_at(int64_t now_ms) const;
  /// Ms from `now_ms` until the bucket holds `units`.
  int64_t bucket_wait(int64_t units, int64_t now_ms) const;
  /// Time as the governor sees it: never before its last update.
  int64_t clamp(int64_t now_ms) const;
  /// Brings the bucket to `now_ms`.
  void advance(int64_t now_ms);

  quota_rules rules_;
  int64_t full_;  ///< capacity in unit-ms
  int64_t level_; ///< unit-ms at last_ms_
  int64_t last_ms_ = 0;
  bool started_ = false;
  /// The free unit is there from this time on (when free_every_ms > 0).
  std::optional<int64_t> free_from_ms_;
};

} // namespace trailgrid::execution
