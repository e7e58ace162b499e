#include "strategy/grid_strategy.hpp"

#include "strategy/balance_check.hpp"
#include "strategy/int_math.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace trailgrid::strategy {

std::string_view to_string(strategy_state s) {
  switch (s) {
  case strategy_state::warming_up:
    return "warming_up";
  case strategy_state::quoting:
    return "quoting";
  case strategy_state::reset_in_flight:
    return "reset_in_flight";
  case strategy_state::paused_breaker:
    return "paused_breaker";
  case strategy_state::halted:
    return "halted";
  case strategy_state::paused_market:
    return "paused_market";
  }
  return "unknown";
}

grid_strategy::grid_strategy(market_spec spec, const strategy_params& params)
    : params_(params), calc_(spec, params.grid),
      selector_(std::move(spec), params.grid.centre_source,
                params.grid.sanity_guard, params.grid.sanity_guard_spread_check,
                params.grid.fallback_to_market_mid),
      trailing_(params.trailing), skew_(params.skew, params.risk.max_position),
      limit_(params.risk.max_position),
      breaker_(params.risk.breaker_trip_atr, params.risk.breaker_resume_atr),
      limiter_(params.risk.tx_bucket_capacity,
               params.risk.tx_refill_per_minute),
      drawdown_(params.risk.max_drawdown), pnl_(params.fees) {
  const auto reserve =
      static_cast<std::size_t>(2 * std::max(params.grid.levels_per_side, 0));
  plan_.levels.reserve(reserve);
  scratch_.levels.reserve(reserve);
}

void grid_strategy::restore(const pnl_tracker& pnl, int64_t fills,
                            int64_t resets) {
  pnl_ = pnl;
  counters_.fills = fills;
  counters_.resets = resets;
}

void grid_strategy::restore_risk(const risk_state& r) {
  drawdown_.restore(r.peak, r.halted && r.why == halt_reason::drawdown);
  breaker_.restore(r.breaker_tripped);
  if (r.halted) {
    halted_ = true;
    halt_why_ = r.why;
  }
}

risk_state grid_strategy::risk() const {
  risk_state r;
  r.halted = halted_ && halt_why_ != halt_reason::operator_request;
  r.why = r.halted ? halt_why_ : halt_reason::drawdown;
  r.peak = drawdown_.peak();
  r.breaker_tripped = breaker_.tripped();
  return r;
}

// -- events -------------------------------------------------------------------

const command_buffer& grid_strategy::on_fill(const fill_event& e) {
  begin_event();
  ++counters_.fills;
  pnl_.on_fill(e.side, e.price, e.qty, e.maker, e.fee);
  if (e.position_after && *e.position_after != pnl_.position()) {
    // Keep the average entry of what is held; a flip opens at the fill.
    const qty_lots pos = *e.position_after;
    const bool same_side = (pos.value > 0) == (pnl_.position().value > 0) &&
                           pnl_.position().value != 0;
    const price_ticks entry = same_side ? pnl_.average_price() : e.price;
    ++counters_.position_syncs;
    pnl_.set_position(
        pos, notional(entry, qty_lots{pos.value < 0 ? -pos.value : pos.value}));
  }
  last_fill_ = e.price;
  if (e.order_done && live_orders_ > 0) --live_orders_;
  check_drawdown(e.ts);
  request_reset(reset_reason::fill, e.price, e.ts);
  return out_;
}

const command_buffer&
grid_strategy::on_top_of_book(const top_of_book_event& e) {
  begin_event();
  best_bid_ = e.best_bid.value > 0 ? std::optional{e.best_bid} : std::nullopt;
  best_ask_ = e.best_ask.value > 0 ? std::optional{e.best_ask} : std::nullopt;
  // Equity is marked at the mark price once there is one: then the book
  // cannot move it (fills and mark updates check the drawdown themselves).
  if (!mark_ && pnl_.position().value != 0) check_drawdown(e.ts);
  if (auto m = mid(); m && !pending_)
    if (trailing_.observe(*m, e.ts)) {
      ++counters_.trailing_shifts;
      request_reset(reset_reason::trailing, std::nullopt, e.ts);
    }
  maybe_start(e.ts);
  // A reset waiting for a usable centre (or whose limiter wait is over)
  // retries on fresh book data.
  try_dispatch(e.ts);
  return out_;
}

const command_buffer& grid_strategy::on_trade(const trade_event& e) {
  begin_event();
  if (e.price.value > 0) last_trade_ = e.price;
  return out_;
}

const command_buffer& grid_strategy::on_mark_price(const mark_price_event& e) {
  begin_event();
  if (e.price.value > 0) mark_ = e.price;
  if (pnl_.position().value != 0) check_drawdown(e.ts);
  return out_;
}

const command_buffer& grid_strategy::on_volatility(const volatility_event& e) {
  begin_event();
  atr_ = e.atr;
  switch (breaker_.update(e.atr)) {
  case breaker_transition::tripped:
    ++counters_.breaker_trips;
    stop_quoting(cancel_reason::breaker, e.ts);
    break;
  case breaker_transition::resumed:
  case breaker_transition::none:
    break;
  }
  maybe_start(e.ts);
  try_dispatch(e.ts); // a reset requested during warm-up can go now
  return out_;
}

const command_buffer& grid_strategy::on_timer(const timer_event& e) {
  begin_event();
  if (!pending_ && trailing_.check(e.ts)) {
    ++counters_.trailing_shifts;
    request_reset(reset_reason::trailing, std::nullopt, e.ts);
  }
  try_dispatch(e.ts);
  return out_;
}

const command_buffer&
grid_strategy::on_order_accepted(const order_accepted_event&) {
  begin_event();
  ++live_orders_;
  return out_;
}

const command_buffer&
grid_strategy::on_order_rejected(const order_rejected_event& e) {
  begin_event();
  auto i = static_cast<std::size_t>(e.reason);
  if (i < counters_.rejects.size()) ++counters_.rejects[i];
  return out_;
}

const command_buffer&
grid_strategy::on_order_cancelled(const order_cancelled_event&) {
  begin_event();
  if (live_orders_ > 0) --live_orders_;
  return out_;
}

const command_buffer& grid_strategy::on_reset_done(const reset_done_event& e) {
  begin_event();
  if (!in_flight_ || e.reset_id != reset_id_)
    return out_; // stale or unknown: the in-flight reset is still running
  in_flight_ = false;
  maybe_start(e.ts);
  try_dispatch(e.ts);
  return out_;
}

const command_buffer& grid_strategy::on_balance(const balance_event& e) {
  begin_event();
  available_ = e.available;
  // Shrinking is urgent (the exchange would refuse or cancel the outer
  // orders); growing back waits for the next reset, so a balance that
  // moves with every fill does not rebuild the grid each time.
  if (params_.risk.balance_check && grid_live_ && !pending_ &&
      required_margin(plan_, params_.risk.margin_leverage) > e.available) {
    ++counters_.balance_resets;
    request_reset(reset_reason::balance, std::nullopt, e.ts);
  }
  return out_;
}

const command_buffer& grid_strategy::on_position(const position_event& e) {
  begin_event();
  if (e.position == pnl_.position()) return out_;
  ++counters_.position_syncs;
  const int64_t abs =
      e.position.value < 0 ? -e.position.value : e.position.value;
  price_ticks entry = e.avg_entry;
  if (entry.value <= 0) entry = mark_reference().value_or(price_ticks{0});
  pnl_.set_position(e.position, notional(entry, qty_lots{abs}));
  if (grid_live_) request_reset(reset_reason::position, std::nullopt, e.ts);
  return out_;
}

const command_buffer&
grid_strategy::on_market_status(const market_status_event& e) {
  begin_event();
  if (e.active == market_active_) return out_;
  market_active_ = e.active;
  if (!e.active) {
    ++counters_.market_pauses;
    if (grid_live_ || pending_)
      stop_quoting(cancel_reason::market_inactive, e.ts);
    return out_;
  }
  maybe_start(e.ts);
  return out_;
}

const command_buffer&
grid_strategy::on_halt_request(const halt_request_event& e) {
  begin_event();
  halt(e.why, e.ts);
  return out_;
}

const command_buffer&
grid_strategy::on_resume_request(const resume_request_event& e) {
  begin_event();
  if (!halted_) return out_;
  halted_ = false;
  drawdown_.rearm(equity());
  out_.add(resume_command{e.ts});
  maybe_start(e.ts);
  return out_;
}

const command_buffer&
grid_strategy::on_reduce_only(const reduce_only_event& e) {
  begin_event();
  if (reduce_only_ == e.on) return out_;
  reduce_only_ = e.on;
  // Orders that grow the position must go now, not at the next fill.
  if (grid_live_) request_reset(reset_reason::exposure, std::nullopt, e.ts);
  return out_;
}

const command_buffer& grid_strategy::on_event(const strategy_event& e) {
  struct visitor {
    grid_strategy& s;
    const command_buffer& operator()(const fill_event& x) {
      return s.on_fill(x);
    }
    const command_buffer& operator()(const top_of_book_event& x) {
      return s.on_top_of_book(x);
    }
    const command_buffer& operator()(const trade_event& x) {
      return s.on_trade(x);
    }
    const command_buffer& operator()(const mark_price_event& x) {
      return s.on_mark_price(x);
    }
    const command_buffer& operator()(const volatility_event& x) {
      return s.on_volatility(x);
    }
    const command_buffer& operator()(const timer_event& x) {
      return s.on_timer(x);
    }
    const command_buffer& operator()(const order_accepted_event& x) {
      return s.on_order_accepted(x);
    }
    const command_buffer& operator()(const order_rejected_event& x) {
      return s.on_order_rejected(x);
    }
    const command_buffer& operator()(const order_cancelled_event& x) {
      return s.on_order_cancelled(x);
    }
    const command_buffer& operator()(const reset_done_event& x) {
      return s.on_reset_done(x);
    }
    const command_buffer& operator()(const balance_event& x) {
      return s.on_balance(x);
    }
    const command_buffer& operator()(const halt_request_event& x) {
      return s.on_halt_request(x);
    }
    const command_buffer& operator()(const resume_request_event& x) {
      return s.on_resume_request(x);
    }
  };
  return std::visit(visitor{*this}, e);
}

// -- status -------------------------------------------------------------------

strategy_state grid_strategy::state() const {
  if (halted_) return strategy_state::halted;
  if (breaker_.tripped()) return strategy_state::paused_breaker;
  if (!market_active_) return strategy_state::paused_market;
  if (in_flight_) return strategy_state::reset_in_flight;
  if (!grid_live_) return strategy_state::warming_up;
  return strategy_state::quoting;
}

std::optional<price_ticks> grid_strategy::mark_reference() const {
  if (mark_) return mark_;
  if (auto m = mid()) return m;
  if (last_trade_) return last_trade_;
  return last_fill_;
}

quote_units grid_strategy::equity() const {
  return pnl_.equity(mark_reference().value_or(price_ticks{0}));
}

std::optional<int64_t> grid_strategy::next_timer() const {
  // While a reset is pending the trailing range is not checked (the pending
  // reset re-arms it on the new grid), so its deadline must not be asked
  // for: a driver would deliver it again and again.
  if (pending_)
    return deferred_ && !in_flight_ ? std::optional{ready_at_} : std::nullopt;
  return trailing_.deadline();
}

// -- internals ----------------------------------------------------------------

const command_buffer& grid_strategy::begin_event() {
  out_.clear();
  return out_;
}

std::optional<price_ticks> grid_strategy::mid() const {
  return market_mid(best_bid_, best_ask_);
}

bool grid_strategy::warm() const {
  return atr_.has_value() && mid().has_value();
}

bool grid_strategy::blocked() const {
  return halted_ || breaker_.tripped() || !market_active_;
}

void grid_strategy::maybe_start(int64_t ts) {
  if (blocked() || grid_live_ || pending_ || !warm()) return;
  request_reset(started_once_ ? reset_reason::resume : reset_reason::start,
                std::nullopt, ts);
}

void grid_strategy::request_reset(reset_reason why,
                                  std::optional<price_ticks> fill, int64_t ts) {
  if (blocked())
    return; // nothing is quoted; the resume path builds a fresh grid
  if (pending_ && why == reset_reason::fill) ++counters_.coalesced_fills;
  // The latest request wins: a later fill re-centres on its own price.
  pending_ = true;
  pending_why_ = why;
  pending_fill_ = fill;
  try_dispatch(ts);
}

bool grid_strategy::build_plan(grid_plan& out) {
  const ppm spacing = calc_.spacing(*atr_);
  market_view view{pending_fill_, best_bid_, best_ask_, mark_, last_trade_};
  auto choice = selector_.select(view, spacing);
  if (!choice) return false;
  choice_ = *choice;
  const qty_lots pos = pnl_.position();
  price_ticks centre =
      choice->centre + skew_.centre_shift(choice->centre, spacing, pos);
  if (centre.value <= 0) centre = choice->centre;
  const auto sizes = skew_.sizes(level_base_size(centre), pos);
  auto sides = limit_.sides(pos);
  if (reduce_only_) {
    sides.bids = sides.bids && pos.value < 0;
    sides.asks = sides.asks && pos.value > 0;
  }
  const int n = params_.grid.levels_per_side;
  limited_ = !sides.bids || !sides.asks;
  calc_.build({centre, spacing, sides.bids ? n : 0, sides.asks ? n : 0,
               sizes.bid, sizes.ask},
              out);
  trimmed_ = 0;
  if (params_.risk.balance_check && available_)
    trimmed_ = trim_to_balance(out, *available_, params_.risk.margin_leverage);
  return true;
}

qty_lots grid_strategy::level_base_size(price_ticks centre) const {
  const quote_units q = params_.grid.order_size_quote;
  if (q.value <= 0 || centre.value <= 0) return params_.grid.order_size;
  // quote_units = ticks x lots: lots = quote / centre, rounded down.
  return spec().floor_to_lot(qty_lots{q.value / centre.value});
}

void grid_strategy::try_dispatch(int64_t ts) {
  if (!pending_ || in_flight_ || blocked() || !atr_ || ts < ready_at_) return;
  if (!build_plan(scratch_))
    return; // no usable centre yet: retried on the next book update
  const int64_t cost =
      live_orders_ + static_cast<int64_t>(scratch_.levels.size());
  if (!limiter_.try_acquire(cost, ts)) {
    ready_at_ = limiter_.ready_at(cost, ts);
    if (!deferred_) ++counters_.deferred_resets;
    deferred_ = true;
    return;
  }
  deferred_ = false;
  ready_at_ = 0;
  pending_ = false;
  in_flight_ = true;
  grid_live_ = true;
  started_once_ = true;

  auto& cmd = out_.add_replace();
  cmd.reset_id = ++reset_id_;
  cmd.why = pending_why_;
  // The new grid moves into the command, whose executor reads every level
  // right away; the strategy keeps a copy as the current plan. (Reading a
  // fresh memcpy'd copy stalls: loads that straddle its wide stores cannot
  // be forwarded from them.)
  std::swap(cmd.plan, scratch_);
  plan_ = cmd.plan;
  cmd.source = choice_.source;
  cmd.source_fallback = choice_.source_fallback;
  cmd.guard_fallback = choice_.guard_fallback;
  cmd.ts = ts;

  ++counters_.resets;
  counters_.guard_fallbacks += choice_.guard_fallback ? 1 : 0;
  counters_.source_fallbacks += choice_.source_fallback ? 1 : 0;
  counters_.limited_resets += limited_ ? 1 : 0;
  counters_.levels_trimmed += static_cast<int64_t>(trimmed_);
  arm_trailing();
}

void grid_strategy::arm_trailing() {
  // Bids come first, each side innermost to outermost (grid_plan layout):
  // the outermost bid is the one before the first ask, the outermost ask is
  // the last level.
  const auto& levels = plan_.levels;
  const auto first_ask = std::partition_point(
      levels.begin(), levels.end(),
      [](const grid_level& l) { return l.side == side::bid; });
  const price_ticks low =
      first_ask == levels.begin() ? plan_.centre : std::prev(first_ask)->price;
  const price_ticks high =
      first_ask == levels.end() ? plan_.centre : levels.back().price;
  // One level step in ticks at the centre, at least one tick.
  auto step = ceil_div(static_cast<int128>(plan_.centre.value) * plan_.spacing,
                       ppm_one);
  trailing_.arm(
      low, high,
      price_ticks{std::max<int64_t>(static_cast<int64_t>(step), spec().tick)});
}

void grid_strategy::stop_quoting(cancel_reason why, int64_t ts) {
  out_.add(cancel_all_command{why, ts});
  // Cancels are never delayed, but they use up the tx quota.
  limiter_.force(live_orders_, ts);
  grid_live_ = false;
  pending_ = false;
  deferred_ = false;
  ready_at_ = 0;
  trailing_.disarm();
}

void grid_strategy::halt(halt_reason why, int64_t ts) {
  // An operator pause over a risk halt keeps the risk reason.
  if (!halted_ || halt_why_ == halt_reason::operator_request) halt_why_ = why;
  halted_ = true;
  stop_quoting(cancel_reason::halt, ts);
  out_.add(halt_command{why, ts});
}

void grid_strategy::check_drawdown(int64_t ts) {
  if (drawdown_.update(equity()) &&
      (!halted_ || halt_why_ == halt_reason::operator_request)) {
    ++counters_.drawdown_stops;
    halt(halt_reason::drawdown, ts);
  }
}

} // namespace trailgrid::strategy
