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
  std::vector<actor_status> children;
};

/// Serializes an actor_status (recursively, with its children).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, actor_status& x) {
  return f(caf::meta::type_name("actor_status"), x.name, x.kind, x.state,
           x.attempt, x.next_retry_in_ms, x.restarts, x.uptime_ms,
           x.mailbox_size, x.figures, x.children);
}

} // namespace trailgrid::messages
