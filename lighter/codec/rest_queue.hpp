#pragma once

#include "lighter/codec/rate_limiter.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::lighter {

/// Which queue a REST request waits in when the budget is spent.
enum class rest_lane : uint8_t {
  /// sendTx, sendTxBatch, nextNonce: a cancel sent over REST while the
  /// stream is down must not wait behind a round of reconcile reads.
  transaction,
  /// Everything else, first come, first served.
  read,
};

/// The lane of a REST path (query ignored).
rest_lane lane_of(std::string_view path);

/// The REST budget of one account as a queue: requests over the budget wait
/// in two FIFO lanes, transactions ahead of reads, until the rate limiter
/// lets them through, and fail when they waited too long or the lanes are
/// full. Pure: requests are ids, time is an argument; rest_gate runs it.
class rest_queue {
public:
  struct options {
    /// Budget per window, in the tier's unit (requests or weight).
    int64_t capacity = 60;
    int64_t window_ms = 60'000;
    /// Requests waiting in both lanes at most; one more is refused.
    std::size_t max_queued = 1024;
    /// Longest wait for the budget; a request not sent by then fails.
    int64_t queue_timeout_ms = 10'000;
  };

  /// What became of a request: sent now, waiting, or refused.
  struct decision {
    enum kind_t : uint8_t { send, wait, refuse } kind = send;
    /// refuse: why, for the caller's error.
    std::string reason;
    /// refuse: how long until it would fit the budget (0: never).
    int64_t retry_after_ms = 0;
  };

  /// A waiting request that left the queue: sent, or failed with a reason.
  struct release {
    uint64_t id = 0;
    bool sent = false;
    std::string reason;
    int64_t retry_after_ms = 0;
  };

  explicit rest_queue(options opts);

  /// A request of `cost` in `lane` arrives at `now_ms`. It is sent at once
  /// only when nothing waits ahead of it in its lane (nor, for a read, in
  /// the transaction lane) and the budget has room.
  decision submit(int64_t now_ms, uint64_t id, rest_lane lane, int64_t cost);
  /// Sends what the budget allows at `now_ms`, transactions first, and
  /// fails the heads that waited past the queue timeout.
  std::vector<release> pump(int64_t now_ms);
  /// When pump() next has something to do; nothing when no one waits.
  std::optional<int64_t> next_wake(int64_t now_ms) const;
  /// The exchange said 429/23000: its budget is spent now.
  void on_rate_limited(int64_t now_ms);

  std::size_t waiting() const { return tx_.size() + reads_.size(); }
  int64_t available(int64_t now_ms) const { return limiter_.available(now_ms); }
  int64_t capacity() const { return limiter_.capacity(); }
  int64_t queue_timeout_ms() const { return opts_.queue_timeout_ms; }

private:
  struct entry {
    uint64_t id;
    int64_t cost;
    int64_t enqueued_ms;
  };
  std::deque<entry>& lane(rest_lane l) {
    return l == rest_lane::transaction ? tx_ : reads_;
  }
  /// The lane served next: transactions while any wait.
  std::deque<entry>* head_lane() {
    return !tx_.empty() ? &tx_ : !reads_.empty() ? &reads_ : nullptr;
  }
  const std::deque<entry>* head_lane() const {
    return !tx_.empty() ? &tx_ : !reads_.empty() ? &reads_ : nullptr;
  }
  int64_t retry_after(int64_t now_ms, int64_t cost) const;

  options opts_;
  rate_limiter limiter_;
  std::deque<entry> tx_;
  std::deque<entry> reads_;
};

} // namespace trailgrid::lighter
