#pragma once

#include "execution/quota_governor.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

namespace trailgrid::execution {

/// A waiting request that dispatch() took off the queue.
struct quota_grant {
  uint64_t ticket = 0;
  int market = 0;
  int64_t cost = 0;
  /// False: the cost exceeds the governor's capacity, so it can never be
  /// granted; it was removed without taking anything (split it and retry).
  bool fits = true;
};

/// Tuning of a quota_scheduler.
struct quota_scheduler_options {
  /// A market whose oldest request has waited this long competes with the
  /// urgent markets (so a stream of fills elsewhere cannot starve it).
  int64_t aging_ms = 2'000;
};

/// Fair order over many markets' requests for one quota_governor. Each
/// market's requests keep their order (FIFO). Between markets: a market
/// holding an urgent request (the reset after a fill) goes before the
/// others; a market whose oldest request is older than `aging_ms` counts as
/// urgent; within a class the markets take turns (round robin by market
/// id, starting after the last served). The chosen request is granted only
/// when the governor has its whole cost, and nothing overtakes it while it
/// waits, so no request is starved by cheaper ones and the budget is never
/// exceeded. Deterministic: the same calls give the same grants. Pure (time
/// is an argument), not thread-safe.
class quota_scheduler {
public:
  explicit quota_scheduler(quota_scheduler_options opts = {});

  /// Queues a request of `market` costing `cost` units (cost_of of its
  /// batch); `urgent` when it answers a fill. Returns its ticket (1, 2, ...).
  uint64_t enqueue(int market, int64_t cost, bool urgent, int64_t now_ms);
  /// Removes a waiting request; false when it is not waiting.
  bool cancel(uint64_t ticket);
  /// Grants waiting requests in fair order while `gov` has their cost,
  /// taking it from `gov`; stops at the first request that does not fit yet.
  std::vector<quota_grant> dispatch(quota_governor& gov, int64_t now_ms);
  /// Ms from `now_ms` until dispatch() grants the next request if nothing
  /// else takes budget (0: now); nothing when no request waits.
  std::optional<int64_t> next_wait_ms(const quota_governor& gov,
                                      int64_t now_ms) const;
  /// Requests waiting, in all markets.
  std::size_t waiting() const { return tickets_.size(); }
  /// Requests waiting for `market`.
  std::size_t waiting(int market) const;

private:
  struct entry {
    uint64_t ticket;
    int64_t cost;
    bool urgent;
    int64_t enqueued_ms;
  };
  struct market_queue {
    std::deque<entry> requests;
    int urgent = 0; ///< urgent requests among them
  };

  /// True when `q` competes in the urgent class at `now_ms`.
  bool is_urgent(const market_queue& q, int64_t now_ms) const;
  /// The market whose head request goes next at `now_ms`.
  std::optional<int> pick(int64_t now_ms) const;
  /// Takes the head of `market`'s queue off.
  entry pop(int market);

  quota_scheduler_options opts_;
  std::map<int, market_queue> markets_; ///< non-empty queues only
  std::map<uint64_t, int> tickets_;     ///< waiting ticket -> market
  uint64_t next_ticket_ = 1;
  std::optional<int> last_served_;
};

} // namespace trailgrid::execution
