#pragma once

// The executor's pure core: one market's live orders and the one job at a
// time that changes them on the exchange.
//
// Events in (a desired grid, operator requests, the verdict on a batch, the
// exchange's live orders, order events, timers), commands out (sign and send
// this batch, read the live orders, wake me, tell the grid, answer a
// reconcile). Time is an argument: `now` is the wall clock in unix ms (order
// expiry, tx deadline, how long an accepted create may stay unlisted);
// delays are relative ms. Nothing here reads a clock, so every verdict, gap
// and recovery path is a deterministic unit test; actors/executor_actor is
// the shell that carries the commands out.
//
// What a verdict does (lighter-protocol.md 5.5, 9):
//
//   accepted      cancels leave the live set, creates stay (sent), next batch
//   retry_later   back off (base doubling to the cap), then sign again and
//                 resend; given up after max_attempts
//   resync_nonce  sign again at once: the signer holds the request until it
//                 has the exchange's next nonce
//   drop_order    the batch's creates are dropped (order_rejected to the
//                 grid, counted as failed); its cancels are resent
//   already_gone  the batch's cancels count as done; its creates are resent
//   fatal         halt: no grid is applied until resume, and the market's
//                 orders are cancelled until the exchange lists none
//   unknown       (a lost reply, no answer in time) read the market's live
//                 orders, take that list as the live set and plan the job
//                 again from it (at most max_recoveries times)
//
// Policies:
// - one job at a time (reset, cancel, reconcile) and one batch in flight at
//   a time: the exchange sees every cancel before the creates, and a refused
//   batch never leaves later nonces in flight;
// - a grid arriving meanwhile waits; a newer one replaces it (latest wins);
//   one older than the last taken (reset_seq) is dropped. reset_done goes to
//   the grid once per applied grid, when its last batch is answered, also
//   when it failed or was cut short;
// - reconcile: our orders the executor does not know are cancelled, not
//   adopted (the grid re-quotes anyway; an order nobody owns must not rest);
//   orders outside our namespace are left alone;
// - order events of our namespace update the live set (the gateway sends
//   the grid the same events); others are counted and dropped. A fill the
//   exchange reported without a client order index is matched by exchange
//   index and, when ours, passed on to the grid. An accepted order of ours
//   that we do not know is adopted, so the next reset cancels it;
// - pause, cancel, drain and halt cancel the market's orders by client index
//   (never the account-wide cancel-all); a running reset sends no more
//   creates. While paused, draining or halted the core then reads the
//   market's orders and cancels every one of ours listed, again and again
//   with backoff, until the exchange lists none (cancel_confirmed).

#include "execution/client_index.hpp"
#include "execution/grid_orders.hpp"
#include "execution/order_events.hpp"
#include "execution/order_tracker.hpp"
#include "execution/tx_intent.hpp"
#include "lighter/codec/exchange_limits.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::execution {

/// How one market's executor works (all times in ms).
struct executor_settings {
  int32_t market_index = 0;
  /// The client-order-index namespace tag (1..15), see client_index.hpp.
  uint8_t namespace_tag = client_index_space::default_tag;
  /// Largest batch (Lighter: 15 per WebSocket sendtxbatch frame).
  size_t max_batch = lighter::limits::max_txs_per_ws_frame;
  /// Lifetime of a resting grid order (OrderExpiry = now + this).
  int64_t order_lifetime_ms = int64_t{7} * 24 * 3'600'000;
  /// Deadline of a tx to be included (ExpiredAt = now + this).
  int64_t tx_deadline_ms = 5 * 60'000;
  /// How long a create the exchange accepted stays tracked while no event
  /// or listing shows it yet (a listing may be read before it appears).
  int64_t unseen_grace_ms = 5'000;
  /// Backoff after retry_later, failed signs and failed reads: base
  /// doubling per attempt up to the cap.
  int64_t backoff_base_ms = 200;
  int64_t backoff_cap_ms = 5'000;
  /// Sends of one batch (or reads of one listing) before it is given up.
  int max_attempts = 5;
  /// Read-and-replan rounds of one job after verdict unknown.
  int max_recoveries = 3;
};

/// Why a batch got no verdict.
enum class send_failure : uint8_t {
  refused,         ///< the signer will never sign it (bad key, too large)
  refused_for_now, ///< the signer did not sign it (yet): no nonce was used
  no_answer,       ///< it may have reached the exchange: its fate is unknown
};

// Commands. fill, order_accepted, order_cancelled, order_rejected and
// reset_done in a command list mean: tell the grid.

/// Sign `txs` with the market's key and send them as one batch; answer with
/// on_batch_reply or on_send_failed, passing `token`.
struct send_txs {
  uint64_t token = 0;
  uint64_t batch_id = 0;
  std::vector<tx_intent> txs;
  /// The monotonic ns of the fill behind a reset (0: none): its latency is
  /// measured.
  int64_t trigger_ns = 0;
  /// Goes ahead of batches that answer no fill: a reset after a fill, or a
  /// job that a fill came during (the market's next reset waits for it).
  bool urgent = false;
};

/// The batch `batch_id`, sent and maybe still waiting for its key's turn,
/// now answers a fill: have it go ahead (see send_txs::urgent).
struct hurry_batch {
  uint64_t batch_id = 0;
};

/// Read the market's live orders; answer with on_live_orders or
/// on_query_failed, passing `token`.
struct query_orders {
  uint64_t token = 0;
};

/// Call on_wake(token) after `delay_ms`.
struct wake_after {
  int64_t delay_ms = 0;
  uint64_t token = 0;
};

/// Answer reconcile request `request`: `result`, or `error` when not ok.
struct answer_reconcile {
  uint64_t request = 0;
  bool ok = false;
  reconciled result;
  std::string error;
};

/// A reset's first batch reached the wire `ns` after the fill behind it.
struct reset_latency {
  int64_t ns = 0;
};

using executor_command =
    std::variant<send_txs, query_orders, wake_after, answer_reconcile,
                 reset_latency, hurry_batch, fill, order_accepted,
                 order_cancelled, order_rejected, reset_done>;
using executor_commands = std::vector<executor_command>;

/// Counters for status and metrics.
struct executor_counters {
  uint64_t resets_done = 0;
  uint64_t batches_sent = 0;
  uint64_t nonce_errors = 0;
  uint64_t stale_grids = 0;
  uint64_t superseded_grids = 0;
  /// Levels the resets placed, and how many of them a live order already
  /// quoted at the same side, price and size: what a reset that kept such
  /// orders (instead of cancelling and placing them again) would save.
  uint64_t levels_placed = 0;
  uint64_t levels_unchanged = 0;
  uint64_t foreign_events = 0;
  uint64_t orphans_cancelled = 0;
  /// Fill resets a halt or stop cut short before their first batch was
  /// answered: not latency samples, since the halt's cancels go ahead of
  /// them by design and their wait is the halt's.
  uint64_t resets_unmeasured_after_halt = 0;
  uint64_t cancel_checks = 0;
  std::map<exchange_verdict, uint64_t> rejects; ///< by refusal verdict
};

/// One market's executor, without the actor.
class market_executor {
public:
  /// What a job is for.
  enum class job_kind : uint8_t {
    reset,     ///< apply a grid (cancels + creates), then reset_done
    cancel,    ///< cancel every tracked order (operator, cancel_grid)
    reconcile, ///< read the exchange, cancel our unknown orders, answer
  };

  /// What a job is doing right now.
  enum class step : uint8_t { idle, sending, backing_off, querying };

  /// Seeds the client order indexes from the wall clock `now`.
  market_executor(executor_settings settings, int64_t now);

  // From the grid and the operator.
  executor_commands on_grid(replace_grid g, int64_t now);
  /// A new grid took over: it numbers its grids afresh.
  void on_new_grid();
  /// Cancel the market's orders after the current job (operator,
  /// cancel_grid); a waiting grid is dropped.
  executor_commands on_cancel(int64_t now);
  /// Cancel, and hold every grid until on_resume.
  executor_commands on_pause(int64_t now);
  /// Apply grids again (after a pause or a fatal verdict).
  executor_commands on_resume(int64_t now);
  /// Cancel, and ignore every grid from now on.
  executor_commands on_drain(int64_t now);
  /// Read the exchange and cancel our orders it lists that we do not know;
  /// answered by answer_reconcile{request}. A newer request supersedes a
  /// waiting one.
  executor_commands on_reconcile(uint64_t request, int64_t now);

  // From the send path.
  executor_commands on_batch_reply(uint64_t token, const batch_reply& r,
                                   int64_t now);
  executor_commands on_send_failed(uint64_t token, send_failure f,
                                   const std::string& why, int64_t now);
  executor_commands on_live_orders(uint64_t token,
                                   const std::vector<live_order>& live,
                                   int64_t now);
  executor_commands on_query_failed(uint64_t token, const std::string& why,
                                    int64_t now);
  executor_commands on_wake(uint64_t token, int64_t now);

  // From the account stream (the gateway sends the grid the same events).
  executor_commands on_fill(fill f);
  executor_commands on_accepted(const order_accepted& a);
  executor_commands on_cancelled(const order_cancelled& c);
  executor_commands on_rejected(const order_rejected& r);

  // What it knows (status, tests).
  const executor_settings& settings() const { return cfg_; }
  const order_tracker& orders() const { return orders_; }
  const executor_counters& counters() const { return counters_; }
  const client_index_allocator& indexes() const { return indexes_; }
  /// The running job, if any.
  std::optional<job_kind> job() const;
  /// What the running job is doing.
  std::optional<step> step_now() const;
  /// The grid the running reset applies.
  std::optional<uint64_t> reset_in_flight() const;
  /// Batches of the running job not yet answered.
  size_t batches_left() const;
  /// The grid waiting for the current job.
  std::optional<uint64_t> reset_pending() const;
  bool paused() const { return paused_; }
  bool draining() const { return draining_; }
  /// Why a fatal verdict halted the market ("" when not halted).
  const std::string& halted() const { return halted_; }
  /// Paused, draining or halted, and the exchange may still list orders of
  /// ours.
  bool cancel_unconfirmed() const { return quiet() && !cancel_confirmed_; }
  const std::string& last_error() const { return last_error_; }

private:
  struct job_state {
    job_kind kind = job_kind::reset;
    replace_grid grid;                          ///< reset: the desired grid
    std::deque<std::vector<tx_intent>> batches; ///< front: now
    uint64_t batch_id = 0;
    step now = step::idle;
    uint64_t token = 0;       ///< guards answers and wakes of the current step
    int attempts = 0;         ///< of the front batch (or of the read)
    int recoveries = 0;       ///< replan rounds after verdict unknown
    bool measured = false;    ///< the latency of this reset is recorded
    bool abort = false;       ///< send no more creates
    bool hurried = false;     ///< a fill came: the next reset waits for us
    bool needs_query = false; ///< waits for the exchange's live orders
    int32_t placed = 0;
    int32_t failed = 0;
    int32_t orphans = 0;             ///< reconcile: our unknown orders found
    std::optional<uint64_t> request; ///< reconcile: whom to answer
  };

  using out_t = executor_commands;

  bool quiet() const { return paused_ || draining_ || !halted_.empty(); }
  /// A fill of ours came: the running job's batches go ahead from now on.
  void hurry(out_t& out);
  /// The job's batches go ahead of those that answer no fill: a reset
  /// after a fill, or a job a fill came during.
  static bool urgent(const job_state& j);
  bool is_ours(int64_t coi) const { return indexes_.space().owns(coi); }
  template <class Event>
  bool ours(const Event& ev);

  uint64_t begin_step(step s);
  bool still_current(uint64_t token) const;
  int64_t backoff_delay(int attempt) const;
  void back_off(out_t& out);

  void start_next(int64_t now, out_t& out);
  void plan(const std::vector<int64_t>& cancels);
  void count_unchanged_levels(const std::vector<grid_level>& levels,
                              const std::vector<int64_t>& live);
  void run_front(int64_t now, out_t& out);
  void send_front(int64_t now, out_t& out);
  void next_batch(int64_t now, out_t& out);
  void give_up_front(std::string why, int64_t now, out_t& out);
  void finish_job(int64_t now, out_t& out);
  void recover(int64_t now, out_t& out);
  void query(out_t& out);
  void request_cancel(bool keep_pending, int64_t now, out_t& out);

  void on_accepted_batch(const batch_reply& r, int64_t now, out_t& out);
  void on_already_gone(const batch_reply& r, int64_t now, out_t& out);
  void on_fatal(const batch_reply& r, int64_t now, out_t& out);
  void drop_creates(const batch_reply& r, int64_t now, out_t& out);
  void forget_cancels();
  size_t drop_cancels_of_gone();
  void untrack_creates(const std::vector<tx_intent>& b);

  executor_settings cfg_;
  client_index_allocator indexes_;
  order_tracker orders_;
  std::optional<job_state> job_;
  /// The latest grid not yet applied (latest wins).
  std::optional<replace_grid> pending_;
  /// A reconcile request waiting for the current job.
  std::optional<uint64_t> reconcile_waiting_;
  bool cancel_waiting_ = false; ///< a cancel job runs after the current one
  /// Quiet (paused, draining, halted): false until the exchange listed none
  /// of the market's orders of ours.
  bool cancel_confirmed_ = true;
  bool verify_due_ = false;     ///< such a check runs after the current job
  bool verify_waiting_ = false; ///< ... once its backoff ended
  int verify_attempts_ = 0;     ///< checks since the last cancel request
  /// Highest reset_seq taken from the current grid (stale filter).
  std::optional<uint64_t> last_seq_;
  bool paused_ = false;
  bool draining_ = false;
  std::string halted_;
  std::string last_error_;
  uint64_t next_token_ = 1; ///< 0 is the cancel check's wake
  uint64_t next_batch_id_ = 1;
  executor_counters counters_;
};

} // namespace trailgrid::execution
