#pragma once

#include "actors/restart_policy.hpp"
#include "messages/interfaces.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace trailgrid::actors {

/// The four children of a market, in the order status lists them.
enum class child_role : uint8_t { feed, atr, grid, executor };

/// "feed", "atr", "grid" or "executor".
std::string to_string(child_role x);

/// What a child factory gets to build one child.
struct child_context {
  std::string market;       ///< symbol, e.g. "BTC"
  int32_t market_index = 0; ///< exchange market index
  child_role role = child_role::feed;
  uint32_t restarts = 0; ///< 0 at first start, then 1, 2, ...
  messages::signer_actor signer;
};

/// Builds the feed of a market; `parent` is the supervisor (spawn from it).
using feed_factory = std::function<messages::feed_actor(
    caf::local_actor* parent, const child_context& ctx)>;
/// Builds the ATR actor of a market.
using atr_factory = std::function<messages::atr_actor(
    caf::local_actor* parent, const child_context& ctx)>;
/// Builds the grid actor of a market.
using grid_factory = std::function<messages::grid_actor(
    caf::local_actor* parent, const child_context& ctx)>;
/// Builds the executor of a market.
using executor_factory = std::function<messages::executor_actor(
    caf::local_actor* parent, const child_context& ctx)>;

/// The factories of a market's children; an empty one means that role does
/// not run (tests, partial deployments).
struct market_children {
  feed_factory feed;
  atr_factory atr;
  grid_factory grid;
  executor_factory executor;
};

/// Spawn arguments of a market supervisor.
struct market_supervisor_config {
  std::string market;
  int32_t market_index = 0;
  market_children children;
  messages::signer_actor signer;
  /// The node's gateway: told where to route this market's account events
  /// (route_market) whenever the executor or grid changed and the executor
  /// has reconciled. Optional (tests).
  messages::gateway_actor gateway;
  restart_policy_config restart;
  /// Seeds the jitter; each child's policy gets seed + role.
  uint64_t seed = 0;
  /// How long a child may take to answer a status request.
  std::chrono::milliseconds status_timeout{2'000};
  /// How long the executor may take to reconcile after a (re)start.
  std::chrono::milliseconds reconcile_timeout{30'000};
  /// Reconcile the running executor this often, too (0 = only after
  /// starts). A failed periodic reconcile is logged, not fatal.
  std::chrono::milliseconds reconcile_every{0};
};

/// State of a market supervisor (public for tests and status).
struct market_supervisor_state {
  /// One supervised child.
  struct slot {
    child_role role = child_role::feed;
    bool enabled = false; ///< has a factory
    messages::supervised_actor handle;
    messages::run_state state = messages::run_state::stopped;
    restart_policy policy;
    uint32_t restarts = 0;
    /// Bumped on every start and failure; stale restart timers carry an old
    /// value and are dropped.
    uint64_t generation = 0;
    /// Executor only: reconciling; siblings do not see it yet.
    bool reconciling = false;
    caf::actor_clock::time_point started_at;
  };

  market_supervisor_config cfg;
  std::array<slot, 4> slots;
  /// Typed handles of the running children (invalid when not running).
  messages::market_peers peers;
  bool paused = false;
  /// The last reduce_only from the root; re-sent to a restarted grid.
  std::optional<messages::reduce_only> reduce;
  /// The last market_status from the root; a not-active one is re-sent to
  /// a restarted grid.
  std::optional<messages::market_status> status;
  /// A node risk halt not yet lifted by an operator resume; re-sent to a
  /// restarted grid (which may not have journaled it).
  std::optional<messages::risk_halt> risk_halt;
  bool stopping = false;
  caf::actor_clock::time_point started_at;
  /// Addresses of the running children, shared with the exit hook that
  /// takes them down when the supervisor itself terminates.
  std::shared_ptr<std::array<caf::actor_addr, 4>> live =
      std::make_shared<std::array<caf::actor_addr, 4>>();

  /// The slot of `role`.
  slot& at(child_role role) { return slots[static_cast<size_t>(role)]; }

  static inline const char* name = "trailgrid.market_supervisor";
};

/// The market supervisor actor: spawns executor, grid, atr and feed (that
/// order), monitors them, restarts a failed one after the backoff of its
/// restart_policy, has the executor reconcile before siblings may reach it,
/// forwards operator commands and the root's reduce_only, answers the
/// root's exposure request through the grid, routes the market's account
/// events at the gateway, nests its children's status.
messages::market_supervisor_actor::behavior_type market_supervisor_impl(
    messages::market_supervisor_actor::stateful_pointer<market_supervisor_state>
        self,
    market_supervisor_config cfg);

/// Spawns a market supervisor.
messages::market_supervisor_actor
spawn_market_supervisor(caf::actor_system& sys, market_supervisor_config cfg);

/// When the first periodic reconcile comes: after reconcile_every plus a
/// share of it set by the market index. Markets started together would
/// otherwise reconcile together, every period; at 100 markets that burst
/// read the whole account at once and the fills during it waited for it.
/// Golden-ratio steps spread consecutive indices evenly over the period.
std::chrono::milliseconds
first_periodic_reconcile(const market_supervisor_config& cfg);

} // namespace trailgrid::actors
