#pragma once

#include "strategy/centre_selector.hpp"
#include "strategy/commands.hpp"
#include "strategy/drawdown_stop.hpp"
#include "strategy/events.hpp"
#include "strategy/grid_calculator.hpp"
#include "strategy/grid_plan.hpp"
#include "strategy/inventory_skew.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"
#include "strategy/pnl_tracker.hpp"
#include "strategy/position_limit.hpp"
#include "strategy/reset_limiter.hpp"
#include "strategy/trailing_range.hpp"
#include "strategy/volatility_breaker.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::strategy {

/// What a market's strategy is doing, for status displays.
enum class strategy_state : uint8_t {
  warming_up,      ///< no volatility or no two-sided book yet: no grid
  quoting,         ///< a grid is out and no reset is in flight
  reset_in_flight, ///< a replace_grid awaits its reset_done
  paused_breaker,  ///< volatility breaker tripped: orders pulled
  halted,          ///< drawdown stop or kill switch: until an operator resumes
  paused_market,   ///< the exchange reports the market not active
};

/// "warming_up", "quoting", ...
std::string_view to_string(strategy_state s);

/// Counters of one market's session, for status and reports.
struct strategy_counters {
  int64_t resets = 0;           ///< replace_grid commands sent
  int64_t fills = 0;            ///< fills received
  int64_t coalesced_fills = 0;  ///< fills folded into an already pending reset
  int64_t deferred_resets = 0;  ///< resets that waited for the rate limiter
  int64_t guard_fallbacks = 0;  ///< resets centred on the mid by the guard
  int64_t source_fallbacks = 0; ///< resets whose source had no data
  int64_t trailing_shifts = 0;  ///< resets caused by the trailing range
  int64_t breaker_trips = 0;    ///< volatility breaker trips
  int64_t drawdown_stops = 0;   ///< drawdown stop trips
  int64_t limited_resets = 0;   ///< resets quoting one side (position limit)
  int64_t levels_trimmed = 0;   ///< levels dropped by the balance check
  int64_t balance_resets = 0;   ///< live grids re-trimmed by a balance update
  int64_t position_syncs = 0;   ///< exchange positions that replaced ours
  int64_t market_pauses = 0;    ///< times the market went not active
  /// Order rejects by reject_class.
  std::array<int64_t, reject_class_count> rejects{};
};

/// The risk state that survives a restart (journal): a risk halt (drawdown
/// stops, never an operator pause), the drawdown peak and a breaker trip.
struct risk_state {
  bool halted = false;
  halt_reason why = halt_reason::drawdown; ///< when halted
  quote_units peak;                        ///< drawdown reference
  bool breaker_tripped = false;

  bool operator==(const risk_state& o) const {
    return halted == o.halted && (!halted || why == o.why) && peak == o.peak &&
           breaker_tripped == o.breaker_tripped;
  }
  bool operator!=(const risk_state& o) const { return !(*this == o); }
};

/// The grid market maker of one market as a pure state machine: events in,
/// commands out. The live grid actor, the backtester and the tests all drive
/// this same class; it reads no clock (timestamps come with the events).
///
/// Rules:
/// - The first grid goes out once a volatility value and a two-sided book
///   are known (warm-up).
/// - Every fill: PnL -> drawdown check -> a reset request. A reset computes
///   the centre (mid_price_source + sanity guard), applies inventory skew,
///   the position limit (reduce-only side) and the balance check, and emits
///   exactly one replace_grid.
/// - At most one reset is in flight. Fills arriving meanwhile are never
///   dropped: they coalesce into one pending reset that goes out when
///   reset_done arrives, centred on the latest fill.
/// - No cooldown: besides the in-flight rule only the reset_limiter token
///   bucket paces resets. When it is short, the reset waits (next_timer()
///   says until when) and goes out on a timer event at/after that time.
/// - The trailing range recentres the grid when the price stays beyond its
///   outer levels for dwell_ms, without a fill.
/// - Breaker trip -> cancel_all, no quoting until it resumes (then a
///   replace_grid with reason resume). Drawdown stop or operator halt ->
///   cancel_all + halt, until resume_request (-> resume + replace_grid).
///
/// Every on_* returns the commands the event produced, in order; the buffer
/// is owned by the strategy and valid until the next call.
class grid_strategy {
public:
  /// A strategy for market `spec` with `params`.
  grid_strategy(market_spec spec, const strategy_params& params);

  /// Continues a session after a restart: position and PnL as booked so
  /// far (journal, reconciled with the exchange) and the session's fill and
  /// reset counts. Call before the first event.
  void restore(const pnl_tracker& pnl, int64_t fills, int64_t resets);
  /// Continues the risk state of the previous run (call before the first
  /// event): a risk halt stays until an operator resumes, the drawdown is
  /// measured from the recorded peak, a tripped breaker waits for the
  /// volatility to fall below its resume level.
  void restore_risk(const risk_state& r);
  /// One of our orders traded.
  const command_buffer& on_fill(const fill_event& e);
  /// New best bid/ask.
  const command_buffer& on_top_of_book(const top_of_book_event& e);
  /// A public trade (last price).
  const command_buffer& on_trade(const trade_event& e);
  /// A new mark price.
  const command_buffer& on_mark_price(const mark_price_event& e);
  /// A new ATR% (ppm).
  const command_buffer& on_volatility(const volatility_event& e);
  /// Time passed; schedule these at next_timer().
  const command_buffer& on_timer(const timer_event& e);
  /// One order went live.
  const command_buffer& on_order_accepted(const order_accepted_event& e);
  /// One order was refused (counted by class; the grid is not rebuilt).
  const command_buffer& on_order_rejected(const order_rejected_event& e);
  /// One live order went away without trading.
  const command_buffer& on_order_cancelled(const order_cancelled_event& e);
  /// The executor finished a replace_grid.
  const command_buffer& on_reset_done(const reset_done_event& e);
  /// Free collateral changed (the exchange's figure, live). With the
  /// balance check on, a live grid whose margin no longer fits is rebuilt
  /// at once (trimmed from the outside in); room that frees up is used at
  /// the next reset.
  const command_buffer& on_balance(const balance_event& e);
  /// The exchange's position of this market. When it differs from the
  /// booked one, the exchange's wins (cost basis at its average entry) and
  /// a live grid is rebuilt for it (position limit, skew).
  const command_buffer& on_position(const position_event& e);
  /// The exchange's status of the market: not active pulls the orders and
  /// quotes nothing; active again sends a fresh grid.
  const command_buffer& on_market_status(const market_status_event& e);
  /// Kill switch.
  const command_buffer& on_halt_request(const halt_request_event& e);
  /// Lift a halt.
  const command_buffer& on_resume_request(const resume_request_event& e);
  /// The node's exposure cap engaged or released: re-quotes reduce-only
  /// (or normally) at once when a grid is out.
  const command_buffer& on_reduce_only(const reduce_only_event& e);
  /// Dispatches any event to the matching on_*.
  const command_buffer& on_event(const strategy_event& e);

  /// Current state.
  strategy_state state() const;
  /// What restore_risk() would need to continue this state.
  risk_state risk() const;
  /// Why the market is halted; nothing when it is not.
  std::optional<halt_reason> halted_by() const {
    return halted_ ? std::optional{halt_why_} : std::nullopt;
  }
  /// False while the exchange reports the market not active.
  bool market_active() const { return market_active_; }
  /// Session counters.
  const strategy_counters& counters() const { return counters_; }
  /// Position, PnL, fees, volume.
  const pnl_tracker& pnl() const { return pnl_; }
  /// Equity marked at mark_reference() (0 mark when no price is known).
  quote_units equity() const;
  /// The price positions are marked at: mark price, else market mid, else
  /// last trade, else last fill.
  std::optional<price_ticks> mark_reference() const;
  /// The highest equity of the session (drawdown reference).
  quote_units peak_equity() const { return drawdown_.peak(); }
  /// When the caller must deliver a timer_event next (a deferred reset or a
  /// trailing dwell deadline); nothing when no timer is needed.
  std::optional<int64_t> next_timer() const;
  /// The last grid sent (centre, spacing, levels).
  const grid_plan& current_plan() const { return plan_; }
  /// Centre of the last grid sent (0 before the first).
  price_ticks last_centre() const { return plan_.centre; }
  /// Spacing of the last grid sent, ppm (0 before the first).
  ppm last_spacing() const { return plan_.spacing; }
  /// Latest ATR% (ppm), if any.
  std::optional<ppm> atr() const { return atr_; }
  /// Orders believed live (accepted - cancelled - fully filled).
  int64_t live_orders() const { return live_orders_; }
  /// True while the exposure cap holds the market reduce-only.
  bool reduce_only() const { return reduce_only_; }
  /// True while a reset waits (for reset_done, the rate limiter or a book).
  bool reset_pending() const { return pending_; }
  /// Id of the replace_grid in flight; 0 when none.
  uint64_t in_flight_reset_id() const { return in_flight_ ? reset_id_ : 0; }
  /// The market.
  const market_spec& spec() const { return calc_.spec(); }
  /// The parameters.
  const strategy_params& params() const { return params_; }

private:
  const command_buffer& begin_event();
  bool warm() const;
  std::optional<price_ticks> mid() const;
  void maybe_start(int64_t ts);
  void request_reset(reset_reason why, std::optional<price_ticks> fill,
                     int64_t ts);
  void try_dispatch(int64_t ts);
  bool build_plan(grid_plan& out);
  qty_lots level_base_size(price_ticks centre) const;
  void arm_trailing();
  void stop_quoting(cancel_reason why, int64_t ts);
  void halt(halt_reason why, int64_t ts);
  bool blocked() const; // halted, breaker or market not active
  void check_drawdown(int64_t ts);

  strategy_params params_;
  grid_calculator calc_;
  centre_selector selector_;
  trailing_range trailing_;
  inventory_skew skew_;
  position_limit limit_;
  volatility_breaker breaker_;
  reset_limiter limiter_;
  drawdown_stop drawdown_;
  pnl_tracker pnl_;

  command_buffer out_;
  grid_plan plan_;    // last sent
  grid_plan scratch_; // being built
  strategy_counters counters_;

  // Market data.
  std::optional<ppm> atr_;
  std::optional<price_ticks> best_bid_;
  std::optional<price_ticks> best_ask_;
  std::optional<price_ticks> mark_;
  std::optional<price_ticks> last_trade_;
  std::optional<price_ticks> last_fill_;
  std::optional<quote_units> available_;

  // Reset machinery.
  bool halted_ = false;
  halt_reason halt_why_ = halt_reason::operator_request;
  bool market_active_ = true;
  bool reduce_only_ = false;  // node exposure cap: only shrink |position|
  bool grid_live_ = false;    // a replace went out since the last cancel_all
  bool started_once_ = false; // any replace ever went out
  bool in_flight_ = false;
  uint64_t reset_id_ = 0; // id of the latest replace sent
  bool pending_ = false;
  reset_reason pending_why_ = reset_reason::start;
  std::optional<price_ticks> pending_fill_;
  bool deferred_ = false; // pending reset waits for the limiter
  int64_t ready_at_ = 0;
  int64_t live_orders_ = 0;
  // Outcome of the last build_plan(), counted when the plan is sent.
  centre_choice choice_;
  bool limited_ = false;
  std::size_t trimmed_ = 0;
};

} // namespace trailgrid::strategy
