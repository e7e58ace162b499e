#pragma once

#include "lighter/client/rest_result.hpp"
#include "lighter/codec/tiers.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace trailgrid::lighter {

namespace net {
class io_runner;
} // namespace net

/// The budget of a rest_gate.
struct rest_gate_options {
  /// Whose budget: it sets the budget per minute and what a request costs
  /// (one request, or the path's weight).
  account_tier tier = account_tier::standard;
  /// Budget per minute in the tier's unit where it differs from the tier's
  /// published figure (a simulator, a raised limit).
  std::optional<int64_t> per_minute;
  /// Requests waiting at most; one more fails at once (throttled).
  std::size_t max_queued = 1024;
  /// Longest wait for the budget: a request not sent by then fails
  /// (throttled, nothing sent).
  std::chrono::milliseconds queue_timeout{10'000};
};

/// Counters and state of a rest_gate.
struct rest_gate_stats {
  uint64_t sent = 0;      ///< let through to a connection
  uint64_t queued = 0;    ///< waited for the budget first
  uint64_t throttled = 0; ///< refused or timed out; nothing sent
  std::size_t waiting = 0;
  int64_t available = 0; ///< budget left now, in the tier's unit
  int64_t capacity = 0;  ///< budget per minute
};

/// The REST budget of one account, shared by every rest_api of a process
/// that talks for it (the gateway, each market's feed, the status poller):
/// one rate limiter and one queue (lighter::rest_queue), so together they
/// never spend more than the tier allows, and a request over the budget
/// waits its turn instead of failing. Transactions go ahead of waiting
/// reads. Thread-safe; timers and failures run on the io_runner's thread.
/// Destroy it before its io_runner.
class rest_gate : public std::enable_shared_from_this<rest_gate> {
public:
  /// Sends the request; called once, when the budget lets it through, with
  /// the gate's lock held (so a client's requests reach its connection in
  /// budget order: keep it to queuing the request).
  using send_fn = std::function<void()>;
  /// Fails the request (throttled); called once, never under the lock.
  using fail_fn = std::function<void(rest_error)>;

  static std::shared_ptr<rest_gate> create(net::io_runner& runner,
                                           rest_gate_options opts);
  ~rest_gate();
  rest_gate(const rest_gate&) = delete;
  rest_gate& operator=(const rest_gate&) = delete;

  /// Exactly one of `send` and `fail` runs, once. True when the request
  /// had to wait for the budget.
  bool submit(std::string_view path, send_fn send, fail_fn fail);
  /// The exchange answered 429 / 23000: its budget is spent now.
  void on_rate_limited();

  rest_gate_stats stats() const;
  std::chrono::milliseconds queue_timeout() const;
  account_tier tier() const;

  struct impl;

private:
  explicit rest_gate(std::unique_ptr<impl> p);
  /// Sends and fails what the queue releases now (io thread, on the timer).
  void pump();
  std::unique_ptr<impl> impl_;
};

} // namespace trailgrid::lighter
