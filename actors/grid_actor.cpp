#include "actors/grid_actor.hpp"

#include "actors/component_logger.hpp"

#include "actors/clock.hpp"
#include "actors/display.hpp"
#include "actors/grid_convert.hpp"
#include "strategy/centre_selector.hpp"
#include "strategy/decimal.hpp"

#include "caf/all.hpp"

#include <utility>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <limits>
#include <variant>

namespace trailgrid::actors {

using namespace messages;

namespace {

using self_ptr = grid_actor::stateful_pointer<grid_actor_state>;

constexpr int64_t hour_ms = 3'600'000;

int64_t now_ms(self_ptr self) {
  return clock_ms(self->clock().now()) + self->state.offset_ms;
}

template <class Message>
void to_executor(self_ptr self, Message&& msg) {
  if (self->state.executor)
    self->send(self->state.executor, std::forward<Message>(msg));
}

void forget_old_resets(grid_actor_state& st, int64_t now) {
  while (!st.recent_resets.empty() && st.recent_resets.front() <= now - hour_ms)
    st.recent_resets.pop_front();
}

// -- journal book samples (reports) -------------------------------------------

/// How often the grid journals its book for the report's price chart.
constexpr int64_t book_sample_every_ms = 5'000;
/// The markout horizons (backtest/markout.hpp): the book this long after
/// each fill is journaled.
constexpr int64_t markout_after_ms[] = {1'000, 10'000, 60'000};

void journal_book(self_ptr self, int64_t at_ms) {
  auto& st = self->state;
  if (!st.bid || !st.ask) return;
  self->send(st.cfg.journal, book_sample{st.cfg.market_index, *st.bid, *st.ask,
                                         at_ms, st.cfg.spec.price_decimals,
                                         st.cfg.spec.size_decimals});
}

// Before the book changes at `now`: every markout time that has passed saw
// the book as it still stands (no update came in between), exactly.
void book_changes(self_ptr self, int64_t now) {
  auto& st = self->state;
  if (!st.cfg.journal) return;
  auto& due = st.markout_due;
  while (!due.empty() && *due.begin() < now) {
    journal_book(self, *due.begin());
    due.erase(due.begin());
  }
}

void book_changed(self_ptr self, int64_t now) {
  auto& st = self->state;
  if (!st.cfg.journal) return;
  if (st.last_book_sample_ms != std::numeric_limits<int64_t>::min() &&
      now - st.last_book_sample_ms < book_sample_every_ms)
    return;
  st.last_book_sample_ms = now;
  journal_book(self, now);
}

// -- commands out -------------------------------------------------------------

void send_replace(self_ptr self, const strategy::replace_grid_command& c) {
  auto& st = self->state;
  st.desired = to_message(c, st.cfg.market_index);
  st.desired->trigger_ns = std::exchange(st.fill_trigger_ns, 0);
  to_executor(self, *st.desired);
  if (st.cfg.journal) self->send(st.cfg.journal, *st.desired);
  st.desired->trigger_ns = 0; // a re-send to a new executor is no fill's
  st.last_source = c.source;
  st.last_guard_fallback = c.guard_fallback;
  st.reset_sent_ms = c.ts;
  st.recent_resets.push_back(c.ts);
  forget_old_resets(st, c.ts);
  st.log->info(reset_line(c, st.cfg.spec.price_decimals));
  st.log->debug("reset #{} because {}{}", c.reset_id, to_string(c.why),
                c.source_fallback ? ", configured centre source had no data"
                                  : "");
}

void send_cancel(self_ptr self, const strategy::cancel_all_command& c) {
  auto& st = self->state;
  st.desired.reset();
  st.fill_trigger_ns = 0; // these fills get no reset
  auto why = std::string{to_string(c.why)};
  st.log->info("cancel all orders: {}", why);
  to_executor(self, cancel_grid{st.cfg.market_index, std::move(why), c.ts});
}

void send_halt(self_ptr self, const strategy::halt_command& c) {
  auto& st = self->state;
  auto why = std::string{to_string(c.why)};
  st.log->warn("halted: {}; quoting stops until resume", why);
  to_executor(self,
              halt_notice{st.cfg.market_index, true, std::move(why), c.ts});
}

void send_resume(self_ptr self, const strategy::resume_command& c) {
  auto& st = self->state;
  st.log->info("resumed");
  to_executor(self, halt_notice{st.cfg.market_index, false, "", c.ts});
}

// Arms a tick for the strategy's next timer unless an earlier one is
// pending. After a tick, a due time that is already past is not re-armed:
// nothing changed since, and the next event re-arms (no busy loop while a
// reset is in flight).
void arm_timer(self_ptr self, bool after_tick) {
  auto& st = self->state;
  auto next = st.strategy->next_timer();
  if (!next || *next == std::numeric_limits<int64_t>::max()) return;
  const int64_t now = now_ms(self);
  if (after_tick && *next <= now) return;
  if (!st.timers.empty() && *st.timers.begin() <= *next) return;
  st.timers.insert(*next);
  self->delayed_send(
      self, std::chrono::milliseconds{std::max<int64_t>(*next - now, 0)},
      tick_atom::value, *next);
}

// Journals the strategy's risk state when it changed: halts and breaker
// changes at once, a new drawdown peak at most every risk_journal_every_ms.
void journal_risk(self_ptr self) {
  auto& st = self->state;
  if (!st.cfg.journal) return;
  auto r = st.strategy->risk();
  const int64_t now = now_ms(self);
  if (st.journaled_risk) {
    const auto& last = *st.journaled_risk;
    if (r == last) return;
    const bool urgent = r.halted != last.halted ||
                        r.breaker_tripped != last.breaker_tripped ||
                        (r.halted && r.why != last.why);
    if (!urgent && now - st.risk_journaled_ms < st.cfg.risk_journal_every_ms)
      return;
  } else if (r == strategy::risk_state{}) {
    return; // nothing worth a record yet
  }
  st.journaled_risk = r;
  st.risk_journaled_ms = now;
  self->send(st.cfg.journal,
             risk_record{st.cfg.market_index, r.halted,
                         r.halted ? std::string{to_string(r.why)} : "", r.peak,
                         r.breaker_tripped, now});
}

// Sends what one strategy event produced, in order, then re-arms the timer.
void apply(self_ptr self, const strategy::command_buffer& cmds,
           bool after_tick = false) {
  struct visitor {
    self_ptr self;
    void operator()(const strategy::replace_grid_command& c) {
      send_replace(self, c);
    }
    void operator()(const strategy::cancel_all_command& c) {
      send_cancel(self, c);
    }
    void operator()(const strategy::halt_command& c) { send_halt(self, c); }
    void operator()(const strategy::resume_command& c) { send_resume(self, c); }
  };
  for (const auto& c : cmds)
    std::visit(visitor{self}, c);
  arm_timer(self, after_tick);
  journal_risk(self);
}

// Operator pause, cancel or drain: pull the orders, stop quoting.
void stop_quoting(self_ptr self) {
  auto& st = self->state;
  if (st.strategy->state() == strategy::strategy_state::halted) return;
  apply(self, st.strategy->on_halt_request(
                  {now_ms(self), strategy::halt_reason::operator_request}));
}

// -- status -------------------------------------------------------------------

run_state status_state(const grid_actor_state& st) {
  if (st.paused || st.draining) return run_state::paused;
  if (st.strategy->state() == strategy::strategy_state::halted)
    return run_state::halted;
  return run_state::running;
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  const auto& s = *st.strategy;
  const auto& spec = st.cfg.spec;
  const int64_t now = now_ms(self);
  forget_old_resets(st, now);
  actor_status out;
  out.name = st.cfg.market + "/grid";
  out.kind = "grid";
  out.state = status_state(st);
  out.uptime_ms = clock_ms(self->clock().now()) - clock_ms(st.started_at);
  out.mailbox_size = self->mailbox().size();
  auto& f = out.figures;
  const int d = spec.price_decimals;
  f["state"] = std::string{to_string(s.state())};
  if (st.draining)
    f["state"] = "draining";
  else if (st.paused)
    f["state"] = "paused";
  if (auto mid = strategy::market_mid(st.bid, st.ask))
    f["mid"] = format_price(*mid, d);
  if (auto atr = s.atr()) f["atr_pct"] = format_ppm_percent(*atr);
  if (s.last_spacing() > 0) {
    f["spacing"] = format_ppm_percent(s.last_spacing());
    f["centre"] = format_price(s.last_centre(), d);
  }
  if (st.last_source) {
    f["centre_source"] = std::string{to_string(*st.last_source)};
    if (st.last_guard_fallback) f["centre_source"] += " (guard fallback)";
  }
  f["live_orders"] = std::to_string(s.live_orders());
  auto& facts = out.facts;
  facts.live_orders = s.live_orders();
  if (s.reduce_only()) f["reduce_only"] = "yes (node exposure cap)";
  const auto& pnl = s.pnl();
  facts.position = pnl.position().value;
  facts.realised_pnl = pnl.realised().value;
  facts.fees = pnl.fees().value;
  facts.volume = pnl.volume().value;
  f["position"] = strategy::format_qty(pnl.position(), spec);
  f["realised_pnl"] = strategy::format_quote(pnl.realised(), spec);
  if (auto mark = s.mark_reference()) {
    f["unrealised_pnl"] = strategy::format_quote(pnl.unrealised(*mark), spec);
    facts.unrealised_pnl = pnl.unrealised(*mark).value;
  }
  f["fees"] = strategy::format_quote(pnl.fees(), spec);
  f["volume"] = strategy::format_quote(pnl.volume(), spec);
  const auto& c = s.counters();
  f["resets"] = std::to_string(c.resets);
  f["resets_per_hour"] = std::to_string(st.recent_resets.size());
  f["fills"] = std::to_string(c.fills);
  f["coalesced_fills"] = std::to_string(c.coalesced_fills);
  facts.fills = static_cast<int64_t>(c.fills);
  facts.resets = static_cast<int64_t>(c.resets);
  facts.coalesced_fills = static_cast<int64_t>(c.coalesced_fills);
  f["deferred_resets"] = std::to_string(c.deferred_resets);
  f["guard_fallbacks"] = std::to_string(c.guard_fallbacks);
  f["market_active"] = s.market_active() ? "1" : "0";
  if (!s.market_active()) f["market_inactive"] = st.market_inactive_why;
  f["market_pauses"] = std::to_string(c.market_pauses);
  f["position_syncs"] = std::to_string(c.position_syncs);
  f["balance_resets"] = std::to_string(c.balance_resets);
  f["levels_trimmed"] = std::to_string(c.levels_trimmed);
  f["drawdown_peak"] = strategy::format_quote(s.peak_equity(), spec);
  f["equity"] = strategy::format_quote(s.equity(), spec);
  if (auto why = s.halted_by()) f["halt_reason"] = std::string{to_string(*why)};
  f["breaker_trips"] = std::to_string(c.breaker_trips);
  f["drawdown_stops"] = std::to_string(c.drawdown_stops);
  if (st.last_reset_latency_ms)
    f["last_reset_latency_ms"] = std::to_string(*st.last_reset_latency_ms);
  return out;
}

} // namespace

grid_actor::behavior_type grid_actor_impl(self_ptr self,
                                          grid_actor_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.started_at = self->clock().now();
  st.offset_ms = st.cfg.unix_offset_ms.value_or(unix_offset_ms(st.started_at));
  st.strategy.emplace(st.cfg.spec, st.cfg.params);
  if (st.cfg.restore_pnl)
    st.strategy->restore(*st.cfg.restore_pnl, st.cfg.restore_fills,
                         st.cfg.restore_resets);
  st.executor = st.cfg.executor;
  st.log = component_logger(st.cfg.logger, st.cfg.market + "/grid");
  if (st.cfg.restore_risk) {
    st.strategy->restore_risk(*st.cfg.restore_risk);
    st.journaled_risk = st.strategy->risk();
    if (auto why = st.strategy->halted_by()) {
      st.log->warn("halted at start: {} (journal); quoting stays off until "
                   "gridctl resume",
                   to_string(*why));
      to_executor(self, halt_notice{st.cfg.market_index, true,
                                    std::string{to_string(*why)}, 0});
    }
    if (st.cfg.restore_risk->breaker_tripped)
      st.log->warn("volatility breaker tripped at start (journal): quoting "
                   "waits for the ATR to fall below its resume level");
  }
  auto ts = [self] { return now_ms(self); };
  auto* strat = &*st.strategy; // lives as long as the actor's state
  return {
      [=](status_atom) { return make_status(self); },
      [=](const market_peers& peers) {
        auto& s = self->state;
        if (peers.executor == s.executor) return;
        s.executor = peers.executor;
        // A new executor starts from a reconciled, empty order set: give it
        // the grid we want (same reset_seq, so its reset_done also releases
        // a reset the old executor never finished).
        if (s.executor && s.desired) self->send(s.executor, *s.desired);
      },
      [=](pause_atom) {
        self->state.paused = true;
        stop_quoting(self);
      },
      [=](cancel_atom) {
        self->state.paused = true;
        stop_quoting(self);
      },
      [=](drain_atom) {
        self->state.draining = true;
        stop_quoting(self);
      },
      [=](resume_atom) {
        self->state.paused = false;
        self->state.draining = false;
        apply(self, strat->on_resume_request({ts()}));
      },
      [=](const top_of_book& x) {
        auto& s = self->state;
        auto now = ts();
        book_changes(self, now);
        s.bid = x.bid.value > 0 ? std::optional{x.bid} : std::nullopt;
        s.ask = x.ask.value > 0 ? std::optional{x.ask} : std::nullopt;
        book_changed(self, now);
        apply(self, strat->on_top_of_book(to_event(x, now)));
      },
      [=](const trade_print& x) {
        apply(self, strat->on_trade(to_event(x, ts())));
      },
      [=](const mark_price& x) {
        apply(self, strat->on_mark_price(to_event(x, ts())));
      },
      [=](const atr_update& x) {
        if (x.atr_ppm <= 0) return; // not a usable volatility
        apply(self, strat->on_volatility(to_event(x, ts())));
      },
      [=](const fill& x) {
        auto& trigger = self->state.fill_trigger_ns;
        if (trigger == 0) trigger = x.recv_ns;
        if (auto& j = self->state.cfg.journal) {
          self->send(j, x);
          for (auto after : markout_after_ms)
            self->state.markout_due.insert(ts() + after);
        }
        apply(self, strat->on_fill(to_event(x, ts())));
      },
      [=](const order_accepted& x) {
        apply(self, strat->on_order_accepted(to_event(x, ts())));
      },
      [=](const order_cancelled& x) {
        apply(self, strat->on_order_cancelled(to_event(x, ts())));
      },
      [=](const order_rejected& x) {
        if (auto& j = self->state.cfg.journal) self->send(j, x);
        apply(self, strat->on_order_rejected(to_event(x, ts())));
      },
      [=](const reset_done& x) {
        auto& s = self->state;
        auto now = ts();
        if (x.reset_seq != 0 && x.reset_seq == strat->in_flight_reset_id())
          s.last_reset_latency_ms = now - s.reset_sent_ms;
        apply(self, strat->on_reset_done(to_event(x, now)));
      },
      [=](const balance_update& x) {
        auto before = strat->counters().balance_resets;
        apply(self, strat->on_balance(to_event(x, ts())));
        if (strat->counters().balance_resets != before)
          self->state.log->warn(
              "free collateral {} no longer covers the grid: trimming it",
              strategy::format_quote(x.available, self->state.cfg.spec));
      },
      [=](const position_report& x) {
        auto& s = self->state;
        auto booked = strat->pnl().position();
        apply(self, strat->on_position(to_event(x, ts())));
        if (booked != x.position)
          s.log->warn("position {} booked, the exchange reports {}: using "
                      "the exchange's",
                      strategy::format_qty(booked, s.cfg.spec),
                      strategy::format_qty(x.position, s.cfg.spec));
      },
      [=](const risk_halt& x) {
        self->state.log->warn("node risk halt: {}", x.why);
        apply(self, strat->on_halt_request(
                        {ts(), strategy::parse_halt_reason(x.why).value_or(
                                   strategy::halt_reason::account_drawdown)}));
      },
      [=](const market_status& x) {
        auto& s = self->state;
        if (x.active == strat->market_active()) return;
        if (x.active) {
          s.log->info("market active again on the exchange: quoting resumes");
          s.market_inactive_why.clear();
        } else {
          s.log->warn("market not active on the exchange ({}): orders "
                      "pulled, quoting paused",
                      x.why);
          s.market_inactive_why = x.why;
        }
        apply(self, strat->on_market_status({x.active, ts()}));
      },
      [=](exposure_atom) {
        auto& s = self->state;
        return market_exposure{
            s.cfg.market_index, strat->pnl().position(),
            strat->mark_reference().value_or(strategy::price_ticks{0}),
            strat->equity()};
      },
      [=](const reduce_only& x) {
        auto& s = self->state;
        if (x.on != strat->reduce_only())
          s.log->warn("{}: {}", x.on ? "reduce-only" : "normal quoting", x.why);
        apply(self, strat->on_reduce_only({x.on, ts()}));
      },
      [=](tick_atom, int64_t due) {
        auto& timers = self->state.timers;
        if (auto i = timers.find(due); i != timers.end()) timers.erase(i);
        apply(self, strat->on_timer({ts()}), true);
      },
  };
}

grid_actor spawn_grid_actor(caf::actor_system& sys, grid_actor_config cfg) {
  return sys.spawn(grid_actor_impl, std::move(cfg));
}

} // namespace trailgrid::actors
