#pragma once

#include "actors/client_index.hpp"
#include "actors/latency_stats.hpp"
#include "actors/market_supervisor.hpp"
#include "actors/order_tracker.hpp"
#include "actors/reset_batches.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "messages/gateway.hpp"
#include "messages/interfaces.hpp"
#include "messages/latency_histogram.hpp"

#include "caf/typed_response_promise.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::actors {

/// Spawn arguments of one market's executor.
struct executor_config {
  std::string name = "executor"; ///< e.g. "BTC/executor" (status)
  int32_t market_index = 0;
  /// The API key whose nonce stream this market's batches use.
  uint8_t api_key_index = 0;
  messages::signer_actor signer;
  messages::gateway_actor gateway;
  /// The client-order-index namespace tag (1..15), see client_index.hpp.
  uint8_t namespace_tag = client_index_space::default_tag;
  /// Largest batch (Lighter: 15 per WebSocket sendtxbatch frame).
  size_t max_batch = lighter::limits::max_txs_per_ws_frame;
  /// Lifetime of a resting grid order (OrderExpiry = now + this).
  std::chrono::milliseconds order_lifetime{std::chrono::hours(24 * 7)};
  /// Deadline of a tx to be included (ExpiredAt = now + this).
  std::chrono::milliseconds tx_deadline{std::chrono::minutes(5)};
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
  /// How long a create the exchange accepted stays tracked while no event
  /// or listing shows it yet (a listing may be read before it appears).
  std::chrono::milliseconds unseen_grace{std::chrono::seconds(5)};
  /// Backoff after retry_later (and failed signs or queries): base doubling
  /// per attempt up to the cap.
  std::chrono::milliseconds backoff_base{std::chrono::milliseconds(200)};
  std::chrono::milliseconds backoff_cap{std::chrono::seconds(5)};
  /// Sends of one batch before it is given up (its creates count as failed).
  int max_attempts = 5;
  /// Reconcile-and-rerun rounds of one reset after verdict unknown.
  int max_recoveries = 3;
  /// Unix ms of the wall clock (order expiry, tx deadline, client index
  /// seed, ts_ms); the system clock when empty. Tests inject their own.
  std::function<int64_t()> wall_ms;
};

/// State of the executor actor (public for tests and status).
struct executor_state {
  /// What a job is doing right now.
  enum class step : uint8_t { idle, sending, backing_off, querying };

  /// What a job is for.
  enum class job_kind : uint8_t {
    reset,     ///< apply a replace_grid (cancels + creates), then reset_done
    cancel,    ///< cancel every tracked order (operator, cancel_grid)
    reconcile, ///< query the exchange, cancel our unknown orders, reply
  };

  /// One unit of work; at most one runs at a time.
  struct job {
    job_kind kind = job_kind::reset;
    messages::replace_grid grid;         ///< reset: the desired grid
    std::vector<planned_create> creates; ///< reset: levels + indexes
    std::deque<std::vector<messages::tx_intent>> batches; ///< front: now
    uint64_t batch_id = 0;
    step now = step::idle;
    uint64_t token = 0;    ///< guards callbacks and timers of the current step
    int attempts = 0;      ///< of the front batch (or of the query)
    int recoveries = 0;    ///< rerun rounds after verdict unknown
    bool measured = false; ///< the latency of this reset is recorded
    bool abort = false;    ///< operator: send no more creates
    bool needs_query = false; ///< waits for the exchange's live orders
    int32_t placed = 0;
    int32_t failed = 0;
    int32_t orphans = 0; ///< reconcile: our unknown orders found
    std::optional<caf::typed_response_promise<messages::reconciled>> promise;
  };

  executor_config cfg;
  std::optional<client_index_allocator> indexes;
  order_tracker orders;
  messages::grid_actor grid;
  std::optional<job> current;
  /// The latest replace_grid not yet applied (latest wins).
  std::optional<messages::replace_grid> pending;
  /// A reconcile request waiting for the current job.
  std::optional<caf::typed_response_promise<messages::reconciled>>
      reconcile_waiting;
  bool cancel_waiting = false; ///< a cancel job runs after the current one
  /// Paused, draining or halted: false until the exchange listed none of
  /// the market's orders of ours. While false the executor keeps checking
  /// (a reconcile that cancels every order of ours it finds) with backoff.
  bool cancel_confirmed = true;
  bool verify_due = false; ///< such a check runs after the current job
  bool verify_pending_timer = false; ///< ... once its backoff timer fired
  int verify_attempts = 0;           ///< checks since the last cancel request
  uint64_t cancel_checks = 0;
  /// Highest reset_seq taken from the current grid (stale filter).
  std::optional<uint64_t> last_seq;
  bool paused = false;
  bool draining = false;
  bool grid_halted = false; ///< from halt_notice (status only)
  std::string halted;       ///< non-empty: fatal verdict; why
  uint64_t next_token = 1;
  uint64_t next_batch_id = 1;
  // Counters for status.
  uint64_t resets_done = 0;
  uint64_t batches_sent = 0;
  uint64_t nonce_errors = 0;
  uint64_t stale_grids = 0;
  uint64_t superseded_grids = 0;
  uint64_t foreign_events = 0;
  uint64_t orphans_cancelled = 0;
  std::map<messages::exchange_verdict, uint64_t> rejects;
  std::string last_error;
  latency_stats latency;
  /// The same samples, cumulative since start (Prometheus histogram).
  messages::latency_histogram latency_histogram;
  caf::actor_clock::time_point started_at;

  static inline const char* name = "trailgrid.executor";
};

// How the executor handles what comes back (lighter-protocol.md 5.5, 9).
// A batch goes executor -> signer (signed in its key's turn) -> gateway,
// which answers here; the gateway also reports each verdict to the signer so
// the key's nonce count stays exact.
//
//   accepted      cancels leave the live set, creates stay (sent), next batch
//   retry_later   back off (base doubling to the cap, virtual-clock timer),
//                 then sign again and resend; given up after max_attempts
//   resync_nonce  sign again at once: the signer holds the request until it
//                 has the exchange's next nonce
//   drop_order    the batch's creates are dropped (order_rejected to the
//                 grid, counted as failed); its cancels are resent
//   already_gone  the batch's cancels count as done; its creates are resent
//   fatal         halt: no replace_grid is applied until resume (and the
//                 market's orders are cancelled until confirmed); status
//                 shows run_state::halted and the exchange's code and text
//   unknown       (the gateway settled a lost reply as consumed, or no
//                 answer in time) the executor asks the gateway for the
//                 market's live orders, takes that list as the live set and
//                 plans the job again from it (at most max_recoveries times)
//
// Policies:
// - one job at a time (reset, cancel, reconcile) and one batch in flight at
//   a time: the exchange sees every cancel before the creates, and a refused
//   batch never leaves later nonces in flight. A fill-triggered reset pays
//   one round trip per batch (3 for 20 live + 10 + 10);
// - a replace_grid arriving meanwhile waits; a newer one replaces it (latest
//   wins); one older than the last taken (reset_seq) is dropped. reset_done
//   goes to the grid once per applied reset, when its last batch is
//   answered, also when it failed or was cut short;
// - reconcile (after every start): our orders the executor does not know
//   are cancelled, not adopted (the grid re-quotes anyway; an order nobody
//   owns must not rest); orders outside our namespace are left alone;
// - order events (fill, accepted, cancelled, rejected) of our namespace
//   update the live set and go to the grid; others are counted and dropped.
//   An accepted order of ours that we do not know is adopted, so the next
//   reset cancels it;
// - pause, cancel, drain and cancel_grid cancel the market's orders by
//   client index (never the account-wide cancel-all); a running reset sends
//   no more creates (a batch already being signed still goes out). Pause
//   holds replace_grid until resume; drain ignores it from then on. While
//   paused, draining or halted the executor then asks the exchange for the
//   market's orders and cancels every one of ours it lists, again and again
//   with backoff, until the exchange lists none (cancel_confirmed; status
//   figure cancel_unconfirmed). The gateway sends over REST while its
//   WebSocket is down, so this works through a stream outage.

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
