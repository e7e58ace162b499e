#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

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
///
/// push() places the event in the heap first and hands it back for the
/// payload, rather than copying a finished event in: the copy would read the
/// caller's freshly written fields back with wide loads, which stall on store
/// forwarding (this queue takes several events per grid reset).
class event_queue {
public:
  /// An empty queue with room for `reserve` events.
  explicit event_queue(std::size_t reserve = 1024) { heap_.reserve(reserve); }

  /// Schedules an event at `ts` (after any already scheduled at `ts`) and
  /// returns it with an empty payload to fill in; the reference is valid
  /// until the next push or pop.
  sim_event& push(int64_t ts) {
    const uint64_t seq = next_seq_++;
    heap_.emplace_back();
    // Sift up: parents later than the new event move down into the hole. A
    // parent at the same time is earlier (lower seq), so it stays.
    std::size_t hole = heap_.size() - 1;
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 2;
      if (heap_[parent].ts <= ts) break;
      heap_[hole] = heap_[parent];
      hole = parent;
    }
    sim_event& e = heap_[hole];
    e = sim_event{};
    e.ts = ts;
    e.seq = seq;
    return e;
  }
  /// True when nothing is scheduled.
  bool empty() const { return heap_.empty(); }
  /// Time of the earliest event; INT64_MAX when empty.
  int64_t next_ts() const { return heap_.empty() ? INT64_MAX : heap_[0].ts; }
  /// Removes and returns the earliest event. @pre !empty()
  sim_event pop() {
    const sim_event top = heap_[0];
    const sim_event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return top;
    // Sift the last event down from the root into the hole.
    std::size_t hole = 0;
    for (;;) {
      std::size_t child = 2 * hole + 1;
      if (child >= n) break;
      if (child + 1 < n && earlier(heap_[child + 1], heap_[child])) ++child;
      if (!earlier(heap_[child], last)) break;
      heap_[hole] = heap_[child];
      hole = child;
    }
    heap_[hole] = last;
    return top;
  }
  /// Number of pending events.
  std::size_t size() const { return heap_.size(); }

private:
  static bool earlier(const sim_event& x, const sim_event& y) {
    return x.ts != y.ts ? x.ts < y.ts : x.seq < y.seq;
  }

  std::vector<sim_event> heap_;
  uint64_t next_seq_ = 0;
};

} // namespace trailgrid::backtest
