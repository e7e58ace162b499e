#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trailgrid::backtest {

/// What a scheduled engine event does.
enum class sim_event_kind : uint8_t {
  activate,         ///< orders of a batch reach the book (speed bump over)
  cancel_effective, ///< cancels reach the book
  notify_fill,      ///< a fill reaches the strategy
  notify_accepted,  ///< `count` order acks reach the strategy
  notify_cancelled, ///< `count` cancel confirmations reach the strategy
  notify_rejected,  ///< `count` post-only rejects reach the strategy
  notify_reset_done,
  volatility, ///< a bar closed: new ATR% for the strategy
  funding,    ///< a funding payment is due
};

/// One scheduled event. Payload fields are used by kind.
struct sim_event {
  int64_t ts = 0;
  uint64_t seq = 0; ///< insertion order: equal times run FIFO
  sim_event_kind kind = sim_event_kind::activate;
  strategy::side side = strategy::side::bid;
  bool flag = false; ///< notify_fill: order_done
  int64_t a = 0;     ///< order index / count / reset id / atr ppm
  strategy::price_ticks price;
  strategy::qty_lots qty;
};

/// Min-heap of scheduled events ordered by (ts, seq), so the run is
/// deterministic. Storage is reserved up front; push does not allocate while
/// fewer than the reserved number are pending.
class event_queue {
public:
  /// An empty queue with room for `reserve` events.
  explicit event_queue(std::size_t reserve = 1024) { heap_.reserve(reserve); }

  /// Schedules `e` (its seq is assigned here).
  void push(sim_event e) {
    e.seq = next_seq_++;
    heap_.push_back(e);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  /// True when nothing is scheduled.
  bool empty() const { return heap_.empty(); }
  /// Time of the earliest event; INT64_MAX when empty.
  int64_t next_ts() const { return heap_.empty() ? INT64_MAX : heap_[0].ts; }
  /// Removes and returns the earliest event. @pre !empty()
  sim_event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    sim_event e = heap_.back();
    heap_.pop_back();
    return e;
  }
  /// Number of pending events.
  std::size_t size() const { return heap_.size(); }

private:
  static bool later(const sim_event& x, const sim_event& y) {
    return x.ts != y.ts ? x.ts > y.ts : x.seq > y.seq;
  }

  std::vector<sim_event> heap_;
  uint64_t next_seq_ = 0;
};

} // namespace trailgrid::backtest
