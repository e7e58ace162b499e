#pragma once

#include "messages/interfaces.hpp"
#include "strategy/grid_strategy.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace spdlog {
class logger;
} // namespace spdlog

namespace trailgrid::actors {

/// Spawn arguments of a grid actor.
struct grid_actor_config {
  std::string market;       ///< symbol, e.g. "BTC" (logs: "BTC/grid")
  int32_t market_index = 0; ///< stamped on every message to the executor
  strategy::market_spec spec;
  strategy::strategy_params params; ///< with sizes already in lots
  /// The executor to use until market_peers names one (tests, standalone
  /// use); invalid by default.
  messages::executor_actor executor;
  /// Gets a copy of every fill, replace_grid and reject (optional).
  messages::journal_actor journal;
  /// A session to continue (restart): position and PnL booked so far and
  /// the session's fill and reset counts. Nothing: a fresh session.
  std::optional<strategy::pnl_tracker> restore_pnl;
  int64_t restore_fills = 0;  ///< with restore_pnl
  int64_t restore_resets = 0; ///< with restore_pnl
  /// The risk state the journal recorded last (a risk halt, the drawdown
  /// peak, a breaker trip): continued at start.
  std::optional<strategy::risk_state> restore_risk;
  /// At most one journaled risk record per this many ms while only the
  /// drawdown peak moves (halts and breaker changes go at once).
  int64_t risk_journal_every_ms = 1'000;
  /// Where reset and halt lines go. Null: a clone of spdlog's default
  /// logger named "<market>/grid" (same sinks, so the pattern's %n shows
  /// the component).
  std::shared_ptr<spdlog::logger> logger;
  /// Strategy time = actor clock ms + this (Unix ms live). Nothing: measured
  /// from the system clock at start; tests set it to run on virtual time.
  std::optional<int64_t> unix_offset_ms;
};

/// State of a grid actor (public for tests and status).
struct grid_actor_state {
  grid_actor_config cfg;
  std::optional<strategy::grid_strategy> strategy;
  messages::executor_actor executor;
  std::shared_ptr<spdlog::logger> log;
  int64_t offset_ms = 0;
  /// Due times of the ticks sent to itself and not yet received.
  std::multiset<int64_t> timers;
  /// The last replace_grid sent and not cancelled since: what a new
  /// executor must be given.
  std::optional<messages::replace_grid> desired;
  bool paused = false;   ///< operator pause or cancel: halted until resume
  bool draining = false; ///< operator drain: halted, a stop should follow
  std::optional<strategy::price_ticks> bid;
  std::optional<strategy::price_ticks> ask;
  /// The centre source of the last reset (after fallbacks).
  std::optional<strategy::mid_price_source> last_source;
  bool last_guard_fallback = false;
  /// When the in-flight replace_grid went out (strategy ms).
  int64_t reset_sent_ms = 0;
  /// fill::recv_ns of the first fill no replace_grid has answered yet; the
  /// next replace_grid carries it as trigger_ns (fill-to-wire latency).
  int64_t fill_trigger_ns = 0;
  /// replace_grid -> reset_done of the last finished reset, ms.
  std::optional<int64_t> last_reset_latency_ms;
  /// Strategy times of the resets of the last hour.
  std::deque<int64_t> recent_resets;
  /// Journal book samples (reports): times after fills whose book is still
  /// to be journaled (fill + 1 s, 10 s, 60 s), and when the last periodic
  /// sample went out.
  std::multiset<int64_t> markout_due;
  int64_t last_book_sample_ms = std::numeric_limits<int64_t>::min();
  caf::actor_clock::time_point started_at;
  /// The risk state last journaled, and when (strategy ms).
  std::optional<strategy::risk_state> journaled_risk;
  int64_t risk_journaled_ms = 0;
  /// Why the exchange reports the market not active ("" while active).
  std::string market_inactive_why;

  static inline const char* name = "trailgrid.grid";
};

/// The grid actor of one market: a thin shell over strategy::grid_strategy.
/// It turns messages into strategy events (time = its clock at receipt),
/// sends each resulting command to the executor (replace_grid, cancel_grid,
/// halt_notice), delivers strategy timers with delayed ticks to itself,
/// logs one INFO line per reset and answers status with the market's key
/// figures. Pause, cancel and drain halt the strategy (orders pulled) until
/// resume.
messages::grid_actor::behavior_type
grid_actor_impl(messages::grid_actor::stateful_pointer<grid_actor_state> self,
                grid_actor_config cfg);

/// Spawns a grid actor (from a market_supervisor child factory:
/// parent->spawn(grid_actor_impl, cfg)).
messages::grid_actor spawn_grid_actor(caf::actor_system& sys,
                                      grid_actor_config cfg);

} // namespace trailgrid::actors
