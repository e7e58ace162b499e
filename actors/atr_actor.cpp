#include "actors/atr_actor.hpp"

#include "actors/clock.hpp"
#include "actors/display.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <limits>

namespace trailgrid::actors {

using namespace messages;

namespace {

using self_ptr = atr_actor::stateful_pointer<atr_actor_state>;

int64_t now_unix_ms(self_ptr self) {
  return clock_ms(self->clock().now()) + self->state.offset_ms;
}

std::string component(self_ptr self) {
  return self->state.cfg.market + "/atr";
}

void publish(self_ptr self) {
  auto& st = self->state;
  if (st.grid && st.last) {
    self->send(st.grid, *st.last);
    ++st.updates_sent;
  }
}

// Feeds one completed bar to the ATR; once it is initialized, keeps the
// update and (when `send`) publishes it.
void on_bar(self_ptr self, const strategy::ohlc_bar& bar, bool send = true) {
  auto& st = self->state;
  st.atr->update(bar);
  st.closed_until_ms = bar.start_ms + st.bars->interval_ms();
  auto ppm = st.atr->atr_ppm(bar.close);
  if (!ppm) return;
  atr_update up;
  up.market_index = st.cfg.market_index;
  up.atr = strategy::price_ticks{std::llround(st.atr->value())};
  up.atr_ppm = *ppm;
  up.warmed_up = true;
  up.bar_close_ms = st.closed_until_ms;
  st.last = up;
  spdlog::debug("{} bar {} closed at {}: ATR {} ticks, {}", component(self),
                st.atr->bars_seen(), bar.close, up.atr.value,
                format_ppm_percent(up.atr_ppm));
  if (send) publish(self);
}

void add_price(self_ptr self, int64_t ts_ms, double price) {
  auto& st = self->state;
  if (!(price > 0)) return;
  if (ts_ms <= 0) ts_ms = now_unix_ms(self); // unstamped: receipt time
  if (ts_ms < st.closed_until_ms) {
    ++st.late_prices;
    return;
  }
  if (auto bar = st.bars->add(ts_ms, price)) on_bar(self, *bar);
}

// Closes the open bar if it ended (plus grace), then arms the timer for the
// end of the bar that is open at that point.
void close_due(self_ptr self) {
  auto& st = self->state;
  const int64_t grace = st.cfg.close_grace.count();
  const int64_t now = now_unix_ms(self);
  if (auto bar = st.bars->close_until(now - grace)) on_bar(self, *bar);
  const int64_t due =
      st.bars->bar_start(now - grace) + st.bars->interval_ms() + grace;
  self->delayed_send(self, std::chrono::milliseconds{due - now},
                     tick_atom::value);
}

// The feed's candles arrive shortly after the start. They replace what the
// few live prices built so far, unless the ATR is already initialized (a
// repeat for a new handle, or warm-up candles given at spawn).
void apply_warmup(self_ptr self, const atr_warmup& w) {
  auto& st = self->state;
  if (st.atr->initialized() || w.bars.empty()) return;
  st.bars.emplace(st.cfg.params.bar_interval_ms);
  st.atr.emplace(st.cfg.params.period, st.cfg.convention);
  st.closed_until_ms = std::numeric_limits<int64_t>::min();
  for (const auto& c : w.bars) {
    strategy::ohlc_bar b;
    b.start_ms = c.start_ms;
    b.open = static_cast<double>(c.open.value);
    b.high = static_cast<double>(c.high.value);
    b.low = static_cast<double>(c.low.value);
    b.close = static_cast<double>(c.close.value);
    if (auto bar = st.bars->add_bar(b)) on_bar(self, *bar, false);
  }
  const int64_t grace = st.cfg.close_grace.count();
  if (auto bar = st.bars->close_until(now_unix_ms(self) - grace))
    on_bar(self, *bar, false);
  publish(self);
  spdlog::info("{} warmed up from {} exchange candles ({}): ATR {}",
               component(self), w.bars.size(), w.resolution,
               st.last ? format_ppm_percent(st.last->atr_ppm) : "not yet");
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  actor_status out;
  out.name = component(self);
  out.kind = "atr";
  out.uptime_ms = clock_ms(self->clock().now()) - clock_ms(st.started_at);
  out.mailbox_size = self->mailbox().size();
  auto& f = out.figures;
  f["bars"] = std::to_string(st.atr->bars_seen());
  f["warmed_up"] = st.atr->initialized() ? "yes" : "no";
  f["interval_ms"] = std::to_string(st.bars->interval_ms());
  f["period"] = std::to_string(st.atr->period());
  f["source"] = std::string{to_string(st.cfg.source)};
  f["late_prices"] = std::to_string(st.late_prices);
  if (st.last) {
    f["atr"] = format_price(st.last->atr, st.cfg.price_decimals);
    f["atr_pct"] = format_ppm_percent(st.last->atr_ppm);
  }
  return out;
}

} // namespace

std::string_view to_string(bar_price_source x) {
  switch (x) {
  case bar_price_source::trade:
    return "trade";
  case bar_price_source::mid:
    return "mid";
  case bar_price_source::mark:
    return "mark";
  }
  return "bar_price_source(?)";
}

atr_actor::behavior_type atr_actor_impl(self_ptr self, atr_actor_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.started_at = self->clock().now();
  st.offset_ms = st.cfg.unix_offset_ms.value_or(unix_offset_ms(st.started_at));
  st.bars.emplace(st.cfg.params.bar_interval_ms);
  st.atr.emplace(st.cfg.params.period, st.cfg.convention);
  st.grid = st.cfg.grid;
  // Candles go through the same builder, so a partial last bar (say 3 of 5
  // one-minute candles) simply continues with live prices.
  // The grid gets one update for the whole warm-up, not one per bar.
  for (const auto& candle : st.cfg.warmup)
    if (auto bar = st.bars->add_bar(candle)) on_bar(self, *bar, false);
  st.cfg.warmup.clear();
  st.cfg.warmup.shrink_to_fit();
  close_due(self); // the last candle may complete a bar that is over
  if (st.updates_sent == 0) publish(self);
  if (st.atr->initialized())
    spdlog::info("{} warmed up from {} bars: ATR {}", component(self),
                 st.atr->bars_seen(),
                 st.last ? format_ppm_percent(st.last->atr_ppm) : "?");
  return {
      [=](status_atom) { return make_status(self); },
      [=](const market_peers& peers) {
        auto& s = self->state;
        if (peers.grid == s.grid) return;
        s.grid = peers.grid;
        publish(self); // a new grid must not wait a whole bar for its ATR
      },
      // The ATR does not quote: operator commands change nothing here.
      [=](pause_atom) {},
      [=](resume_atom) {},
      [=](cancel_atom) {},
      [=](drain_atom) {},
      [=](const top_of_book& x) {
        if (self->state.cfg.source != bar_price_source::mid) return;
        if (x.bid.value <= 0 || x.ask.value <= x.bid.value) return;
        auto mid = (static_cast<double>(x.bid.value) +
                    static_cast<double>(x.ask.value)) /
                   2;
        add_price(self, x.ts_ms, mid);
      },
      [=](const trade_print& x) {
        if (self->state.cfg.source == bar_price_source::trade)
          add_price(self, x.ts_ms, static_cast<double>(x.price.value));
      },
      [=](const mark_price& x) {
        if (self->state.cfg.source == bar_price_source::mark)
          add_price(self, x.ts_ms, static_cast<double>(x.mark.value));
      },
      [=](tick_atom) { close_due(self); },
      [=](const atr_warmup& w) { apply_warmup(self, w); },
  };
}

atr_actor spawn_atr_actor(caf::actor_system& sys, atr_actor_config cfg) {
  return sys.spawn(atr_actor_impl, std::move(cfg));
}

} // namespace trailgrid::actors
