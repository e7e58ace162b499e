#pragma once

#include "actors/latency_stats.hpp"
#include "actors/market_supervisor.hpp"
#include "execution/market_executor.hpp"
#include "messages/gateway.hpp"
#include "messages/interfaces.hpp"
#include "messages/latency_histogram.hpp"

#include "caf/typed_response_promise.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace trailgrid::actors {

/// Spawn arguments of one market's executor.
struct executor_config {
  std::string name = "executor"; ///< e.g. "BTC/executor" (status)
  /// The market, its client-order-index namespace, batch size, lifetimes,
  /// backoff and attempts: the pure core's settings.
  execution::executor_settings core;
  /// The API key whose nonce stream this market's batches use.
  uint8_t api_key_index = 0;
  messages::signer_actor signer;
  messages::gateway_actor gateway;
  /// How long a batch may wait in the signer for its key's turn; then it
  /// fails unsigned (no nonce used) and is retried after a backoff.
  std::chrono::milliseconds sign_timeout{std::chrono::seconds(10)};
  /// How long the whole sign-and-send may take (the signer's wait, the
  /// exchange's answer, the gateway's settling of a lost reply); no answer
  /// counts as verdict unknown.
  std::chrono::milliseconds send_timeout{std::chrono::seconds(30)};
  /// How long an active-orders query may take: the wait for the account's
  /// REST budget (10 s at most) plus the request itself.
  std::chrono::milliseconds query_timeout{std::chrono::seconds(25)};
  /// Unix ms of the wall clock (order expiry, tx deadline, client index
  /// seed, ts_ms); the system clock when empty. Tests inject their own.
  std::function<int64_t()> wall_ms;
};

/// State of the executor actor (public for tests and status): the pure core
/// and what only the shell knows (peers, promises, latency samples).
struct executor_state {
  executor_config cfg;
  /// Set when the actor starts (it seeds client indexes from the clock).
  std::optional<execution::market_executor> core;
  messages::grid_actor grid;
  bool grid_halted = false; ///< from halt_notice (status only)
  /// Reconcile requests the core has not answered yet, by request id.
  std::map<uint64_t, caf::typed_response_promise<messages::reconciled>>
      reconciles;
  uint64_t next_request = 1;
  latency_stats latency;
  /// The same samples, cumulative since start (Prometheus histogram).
  messages::latency_histogram latency_histogram;
  caf::actor_clock::time_point started_at;

  static inline const char* name = "trailgrid.executor";
};

// How the executor decides: execution/market_executor.hpp (verdicts, jobs,
// policies). The shell carries the core's commands out: a batch goes
// executor -> signer (signed in its key's turn) -> gateway, which answers
// here and reports each verdict to the signer so the key's nonce count stays
// exact; the live orders come from the gateway; wakes are delayed messages;
// order events and reset_done go to the grid.

/// The executor of one market: owns the market's live orders; turns each
/// replace_grid into a market-scoped reset (cancels of our orders by client
/// index, then post-only creates) in batches signed by the shared signer and
/// sent through the gateway, one batch at a time so the exchange sees the
/// cancels first and nonces stay consecutive; maps the exchange's verdicts
/// (retry, resync, drop, fatal, reconcile); forwards our order events to the
/// grid; reconciles with the exchange after every start.
messages::executor_actor::behavior_type executor_actor_impl(
    messages::executor_actor::stateful_pointer<executor_state> self,
    executor_config cfg);

/// A factory for market_supervisor_config::children.executor: every
/// executor gets `base` with the market, name and signer of its
/// child_context, and `gateway`.
executor_factory make_executor_factory(executor_config base,
                                       messages::gateway_actor gateway);

} // namespace trailgrid::actors
