#pragma once

// The status every actor answers; supervisors nest their children's answers,
// so one request to a root returns the whole actor tree.

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trailgrid::messages {

/// Lifecycle state of an actor as its supervisor (or itself) sees it.
enum class run_state : uint8_t {
  running,     ///< working normally
  backing_off, ///< failed; waiting `next_retry_in_ms` before restart
  paused,      ///< alive but not quoting (operator command)
  halted,      ///< stopped itself on a risk limit; needs an operator
  stopped,     ///< exited on purpose; will not be restarted
};

/// The snake_case name of a run state.
std::string to_string(run_state x);

/// The figures code acts on (the shutdown verdict, the run summary, the
/// start-up's wait for recovery), typed and in the market's own units;
/// `actor_status::figures` shows them, and more, to people. Each actor sets
/// what it knows; the rest keep their defaults.
struct status_facts {
  /// Executor, grid: orders of ours live; -1 when the actor does not say.
  int64_t live_orders = -1;
  /// Grid: fills booked, resets sent, fills that joined a waiting reset.
  int64_t fills = 0;
  int64_t resets = 0;
  int64_t coalesced_fills = 0;
  /// Grid: signed position in lots; volume, fees and PnL in quote units.
  int64_t position = 0;
  int64_t volume = 0;
  int64_t fees = 0;
  int64_t realised_pnl = 0;
  int64_t unrealised_pnl = 0; ///< 0 while no mark price is known
  /// Executor: invalid-nonce refusals, fill -> wire latency samples.
  int64_t nonce_errors = 0;
  int64_t latency_samples = 0;
  /// Feed, gateway: reconnects of its socket.
  int64_t reconnects = 0;
  /// Gateway: a recovery of the account stream from REST is open.
  bool recovering = false;
};

/// Serializes status_facts.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, status_facts& x) {
  return f(caf::meta::type_name("status_facts"), x.live_orders, x.fills,
           x.resets, x.coalesced_fills, x.position, x.volume, x.fees,
           x.realised_pnl, x.unrealised_pnl, x.nonce_errors, x.latency_samples,
           x.reconnects, x.recovering);
}

/// A status snapshot of one actor and, for supervisors, its children.
struct actor_status {
  std::string name; ///< e.g. "BTC/executor"
  std::string kind; ///< e.g. "executor", "market_supervisor", "signer"
  run_state state = run_state::running;
  uint32_t attempt = 0;         ///< backoff attempt (1 = first retry)
  int64_t next_retry_in_ms = 0; ///< when backing_off: time to the restart
  uint32_t restarts = 0;        ///< restarts since the supervisor started
  int64_t uptime_ms = 0;        ///< since the last (re)start
  uint64_t mailbox_size = 0;
  /// Key figures for operators, e.g. {"mid", "98500.0"}, {"sigs_per_s", "4"}.
  std::map<std::string, std::string> figures;
  status_facts facts; ///< what code decides on (figures is for display)
  std::vector<actor_status> children;
};

/// Serializes an actor_status (recursively, with its children).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, actor_status& x) {
  return f(caf::meta::type_name("actor_status"), x.name, x.kind, x.state,
           x.attempt, x.next_retry_in_ms, x.restarts, x.uptime_ms,
           x.mailbox_size, x.figures, x.facts, x.children);
}

} // namespace trailgrid::messages
