#pragma once

#include "runtime/expected.hpp"
#include "runtime/journal.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/grid_strategy.hpp"
#include "strategy/params.hpp"
#include "strategy/pnl_tracker.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace trailgrid::runtime {

/// One market's session as booked so far.
struct market_session {
  strategy::pnl_tracker pnl{strategy::fee_params{}};
  int64_t fills = 0;
  int64_t resets = 0;
  int64_t rejects = 0;
  /// The risk state journaled last (a risk halt, the drawdown peak, a
  /// breaker trip), if any.
  std::optional<strategy::risk_state> risk;
};

/// The session of every market of the node: rebuilt from the journal at
/// start, kept current by the journal actor, read by the grid factory so a
/// (re)started grid continues the session. Thread-safe: the journal actor
/// writes, supervisors (other threads) read.
class session_ledger {
public:
  /// Registers `symbol` with its fees (before replay; idempotent).
  void add_market(const std::string& symbol, const strategy::fee_params& fees);

  /// Books one of our fills (same rules as the grid's pnl_tracker).
  void on_fill(const std::string& symbol, strategy::side side,
               strategy::price_ticks price, strategy::qty_lots size, bool maker,
               std::optional<strategy::quote_units> fee = {});

  /// Remembers a market's latest risk state.
  void on_risk(const journal_risk& r);

  /// Counts a reset that went out.
  void on_reset(const std::string& symbol);

  /// Counts a refused order.
  void on_reject(const std::string& symbol);

  /// Replaces the open position and its cost basis (the exchange's view
  /// after a restart wins over the journal's).
  void set_position(const std::string& symbol, strategy::qty_lots position,
                    strategy::quote_units cost_basis);

  /// The session of `symbol`; nothing when it is not registered.
  std::optional<market_session> get(const std::string& symbol) const;

  /// Rebuilds the registered markets' sessions from the journal at `path`,
  /// counting from its last session entry (unknown markets are skipped).
  /// Returns the number of entries applied.
  expected<uint64_t, std::string> replay(const std::string& path);

private:
  mutable std::mutex mutex_;
  std::map<std::string, market_session> markets_;
};

} // namespace trailgrid::runtime
