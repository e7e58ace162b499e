#include "backtest/engine.hpp"

#include "backtest/event_queue.hpp"
#include "backtest/l2_book.hpp"
#include "backtest/markout.hpp"
#include "backtest/path_model.hpp"
#include "backtest/recorder.hpp"
#include "backtest/sim_orders.hpp"
#include "strategy/atr.hpp"
#include "strategy/bar_builder.hpp"
#include "strategy/grid_calculator.hpp"
#include "strategy/grid_strategy.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>

namespace trailgrid::backtest {

namespace {

using strategy::command_buffer;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;
using strategy::side;

constexpr int64_t never = std::numeric_limits<int64_t>::max();
constexpr int64_t funding_period_ms = 8 * 3'600'000;
constexpr int64_t mark_period_ms = 1'000; // trades/L2: mark once a second
constexpr std::size_t progress_every = 1 << 16;

// The replay of one tape: owns the strategy, the simulated exchange and the
// statistics. Single use.
class replay {
public:
  replay(const tape& data, const strategy::market_spec& spec,
         const strategy::strategy_params& params, const engine_options& opt,
         const run_hooks& hooks)
      : data_(data), params_(params), opt_(opt), hooks_(hooks),
        strat_(spec, params),
        orders_(static_cast<std::size_t>(
                    4 * std::max(params.grid.levels_per_side, 1)) +
                16),
        atr_(std::max(params.atr.period, 1)),
        bars_(std::clamp(params.atr.bar_interval_ms,
                         strategy::bar_builder::min_interval_ms,
                         strategy::bar_builder::max_interval_ms)),
        rec_(data.first_ts(), data.end_ts(), opt.series_points) {
    half_rtt_ = opt_.latency.reset_rtt_ms / 2;
    touch_ = opt_.fill == fill_rule::touch && !opt_.queue_position;
    spread_ = std::max<int64_t>(opt_.spread_ticks, 1);
    warmup_bars_ = opt_.warmup_bars >= 0 ? opt_.warmup_bars
                                         : std::max(params.atr.period, 1) + 1;
    result_.symbol = spec.symbol;
    result_.price_decimals = spec.price_decimals;
    result_.size_decimals = spec.size_decimals;
  }

  backtest_result run() {
    auto t0 = std::chrono::steady_clock::now();
    result_.source = data_.source;
    result_.kind = data_.kind;
    result_.rows = static_cast<int64_t>(data_.size());
    result_.first_ts = data_.first_ts();
    result_.end_ts = data_.end_ts();
    switch (data_.kind) {
    case tape_kind::candles:
      run_candles();
      break;
    case tape_kind::trades:
      run_trades();
      break;
    case tape_kind::l2:
      run_l2();
      break;
    }
    finish();
    result_.wall_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    return std::move(result_);
  }

private:
  // -- data loops -------------------------------------------------------------

  void run_candles() {
    const int64_t iv = data_.interval_ms;
    const int64_t bar_iv = bars_.interval_ms();
    if (bar_iv < iv || bar_iv % iv != 0) {
      result_.error = "the ATR bar interval (" + std::to_string(bar_iv) +
                      " ms) must be a multiple of the candle interval (" +
                      std::to_string(iv) + " ms)";
      return;
    }
    const auto& cs = data_.candles;
    for (std::size_t i = 0; i < cs.size(); ++i) {
      const auto& c = cs[i];
      if (trading_) {
        for (const auto& w : candle_path(c, iv)) {
          advance(w.ts, w.price.value, true);
          synth_book(w.price.value);
          point(w.ts);
        }
      }
      strategy::ohlc_bar b{c.ts_ms, static_cast<double>(c.open.value),
                           static_cast<double>(c.high.value),
                           static_cast<double>(c.low.value),
                           static_cast<double>(c.close.value)};
      if (auto done = bars_.add_bar(b)) on_bar(*done);
      if (auto done = bars_.close_until(c.ts_ms + iv)) on_bar(*done);
      if (!trading_ && warm()) start(c.ts_ms + iv, c.close.value);
      progress(i);
    }
  }

  void run_trades() {
    const auto& ts = data_.trades;
    for (std::size_t i = 0; i < ts.size(); ++i) {
      const auto& t = ts[i];
      trade_bar(t.ts_ms, t.price.value);
      if (!trading_) {
        if (!warm()) continue;
        start(t.ts_ms, t.price.value);
      }
      advance(t.ts_ms, t.price.value, false);
      if (t.side == marketdata::trade_side::sell) { // the bid was hit
        book_bid_ = t.price.value;
        book_ask_ = t.price.value + spread_;
      } else {
        book_ask_ = t.price.value;
        book_bid_ = t.price.value - spread_;
      }
      point(t.ts_ms);
      progress(i);
    }
  }

  void run_l2() {
    const auto& ev = data_.l2;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      const auto& e = ev[i];
      if (e.what == l2_event::type::trade) {
        trade_bar(e.ts, e.price.value);
        if (!trading_ && warm() && book_.best_bid() > 0 && book_.best_ask() > 0)
          start(e.ts, e.price.value);
        if (trading_) {
          advance(e.ts, e.price.value, false);
          if (opt_.queue_position) queue_trade(e);
          cur_p_ = e.price.value;
          point(e.ts);
        }
      } else {
        if (e.what == l2_event::type::clear) {
          book_.clear();
        } else {
          book_.set(e.side, e.price.value, e.qty.value);
          if (opt_.queue_position) queue_level(e);
        }
        // Publish the top once a same-time batch (a snapshot) is complete.
        bool batch_end = i + 1 == ev.size() || ev[i + 1].ts != e.ts ||
                         ev[i + 1].what == l2_event::type::trade;
        if (batch_end && trading_) {
          advance(e.ts, cur_p_, false);
          l2_top();
          sync(e.ts);
        }
      }
      progress(i);
    }
  }

  void progress(std::size_t i) {
    if (hooks_.on_progress && (i + 1) % progress_every == 0)
      hooks_.on_progress(i + 1, data_.size());
  }

  // -- ATR
  // ----------------------------------------------------------------------

  void trade_bar(int64_t ts, int64_t price) {
    if (auto done = bars_.close_until(ts)) on_bar(*done);
    if (auto done = bars_.add(ts, static_cast<double>(price))) on_bar(*done);
  }

  void on_bar(const strategy::ohlc_bar& b) {
    atr_.update(b);
    ++bars_seen_;
    if (!trading_ || !atr_.initialized()) return;
    if (auto v = atr_.atr_ppm(b.close)) {
      schedule(sim_event_kind::volatility, b.start_ms + bars_.interval_ms(),
               *v);
    }
  }

  bool warm() const { return atr_.initialized() && bars_seen_ >= warmup_bars_; }

  // The strategy starts seeing the market at `ts` with price `price`.
  void start(int64_t ts, int64_t price) {
    trading_ = true;
    result_.trading_ts = ts;
    cur_ts_ = ts;
    cur_p_ = price;
    if (data_.kind == tape_kind::candles)
      synth_book(price);
    else if (data_.kind == tape_kind::trades) {
      book_bid_ = price;
      book_ask_ = price + spread_;
    } else {
      l2_top();
    }
    if (opt_.funding_ppm_8h != 0)
      schedule(sim_event_kind::funding,
               (ts / funding_period_ms + 1) * funding_period_ms);
    if (opt_.collateral.value > 0) send_balance(ts);
    if (auto v = atr_.atr_ppm(static_cast<double>(price)))
      after(strat_.on_volatility({*v, ts}));
    sync(ts);
  }

  // -- the price path
  // -----------------------------------------------------------

  // Moves the market from (cur_ts_, cur_p_) to (t1, p1): along a straight
  // line (linear) or flat until t1 and then a jump (trades). Scheduled events
  // and order crossings are handled in time order on the way; at equal times
  // scheduled events (cancels, activations) go first, so fills are never
  // credited to an order that was already cancelled.
  void advance(int64_t t1, int64_t p1, bool linear) {
    seg_t0_ = cur_ts_;
    seg_p0_ = cur_p_;
    seg_t1_ = t1;
    seg_p1_ = p1;
    linear_ = linear;
    for (;;) {
      const int64_t tq = queue_.next_ts();
      const int64_t tt = timer_at_ > last_timer_ ? timer_at_ : never;
      const int64_t te = std::min(tq, tt);
      std::ptrdiff_t which = -1;
      const int64_t tc = next_cross(which);
      if (te > t1 && tc > t1) break;
      if (te <= tc) {
        const int64_t at = std::max(te, cur_ts_);
        move_to(at);
        if (tq <= tt)
          handle(queue_.pop(), at);
        else
          deliver_timer(at);
      } else {
        move_to(tc);
        if (!linear_) cur_p_ = seg_p1_;
        auto& o = orders_.all()[static_cast<std::size_t>(which)];
        fill(static_cast<std::size_t>(which), o.qty, tc);
      }
    }
    marks_.resolve_before(t1, [this](int64_t at) { return mid2_at(at); });
    cur_ts_ = t1;
    cur_p_ = p1;
  }

  // Twice the mid (bid + ask) in effect at `t`, a time of the segment being
  // travelled: the synthetic book around the path price for candles, the
  // book as it stands for ticks (it changes only between segments).
  int64_t mid2_at(int64_t t) const {
    if (data_.kind != tape_kind::candles) return book_bid_ + book_ask_;
    return 2 * (price_at(t) - spread_ / 2) + spread_;
  }

  int64_t price_at(int64_t t) const {
    if (!linear_) return t >= seg_t1_ ? seg_p1_ : seg_p0_;
    if (seg_t1_ <= seg_t0_) return seg_p1_;
    const int64_t dp = seg_p1_ - seg_p0_, dt = t - seg_t0_;
    constexpr int64_t small = int64_t{1} << 31; // product fits in 64 bits
    if (dp < small && dp > -small && dt < small)
      return seg_p0_ + dp * dt / (seg_t1_ - seg_t0_);
    auto d = static_cast<int128>(dp) * dt / (seg_t1_ - seg_t0_);
    return seg_p0_ + static_cast<int64_t>(d);
  }

  // Moves the clock to `t` inside the segment. A step segment keeps its old
  // price until the jump is executed (events at the jump time see the market
  // before the trade).
  void move_to(int64_t t) {
    if (t <= cur_ts_) return;
    marks_.resolve_before(t, [this](int64_t at) { return mid2_at(at); });
    cur_ts_ = t;
    if (linear_) cur_p_ = price_at(t);
  }

  // When the moving price next fills one of our live orders (the best one on
  // the side it moves toward); `never` when not in this segment.
  int64_t next_cross(std::ptrdiff_t& which) {
    if (seg_p1_ < seg_p0_) {
      auto i = orders_.best_index(side::bid);
      if (i < 0) return never;
      int64_t b = orders_.all()[static_cast<std::size_t>(i)].price.value;
      if (!(touch_ ? seg_p1_ <= b : seg_p1_ < b)) return never;
      which = i;
      return std::max(cur_ts_, cross_time(b));
    }
    if (seg_p1_ > seg_p0_) {
      auto i = orders_.best_index(side::ask);
      if (i < 0) return never;
      int64_t a = orders_.all()[static_cast<std::size_t>(i)].price.value;
      if (!(touch_ ? seg_p1_ >= a : seg_p1_ > a)) return never;
      which = i;
      return std::max(cur_ts_, cross_time(a));
    }
    return never;
  }

  // The first millisecond at which the segment's line reaches `p`.
  int64_t cross_time(int64_t p) const {
    if (!linear_ || seg_t1_ <= seg_t0_) return seg_t1_;
    int64_t dp = seg_p0_ - p, den = seg_p0_ - seg_p1_;
    const int64_t dt = seg_t1_ - seg_t0_;
    if (den < 0) {
      dp = -dp;
      den = -den;
    }
    if (dp <= 0) return seg_t0_;
    constexpr int64_t small = int64_t{1} << 31;
    if (dp < small && dt < small) // ceil(dp x dt / den) in 64 bits
      return seg_t0_ + (dp * dt + den - 1) / den;
    int128 num = static_cast<int128>(dp) * dt;
    return seg_t0_ + static_cast<int64_t>((num + den - 1) / den);
  }

  // True when a live order at `price` on `s` is filled by the market at `p`.
  bool through(side s, int64_t price, int64_t p) const {
    if (s == side::bid) return touch_ ? p <= price : p < price;
    return touch_ ? p >= price : p > price;
  }

  // -- market data to the strategy
  // -----------------------------------------------

  // Candles: a synthetic book spread_ ticks wide around the path price.
  void synth_book(int64_t p) {
    book_bid_ = p - spread_ / 2;
    book_ask_ = book_bid_ + spread_;
  }

  void l2_top() {
    book_bid_ = book_.best_bid();
    book_ask_ = book_.best_ask();
  }

  // Sends what changed to the strategy: last price and mark first, then the
  // book, so a reset that the book update dispatches sees current values.
  void sync(int64_t ts) {
    if (data_.kind == tape_kind::candles) synth_book(cur_p_);
    if (cur_p_ != sent_last_) {
      sent_last_ = cur_p_;
      after_quiet(strat_.on_trade({price_ticks{cur_p_}, qty_lots{0}, ts}));
    }
    // Candles: the mark follows the path; ticks: once a second.
    bool mark_due = data_.kind == tape_kind::candles || ts >= next_mark_;
    if (mark_due && cur_p_ != sent_mark_) {
      sent_mark_ = cur_p_;
      next_mark_ = (ts / mark_period_ms + 1) * mark_period_ms;
      after_quiet(strat_.on_mark_price({price_ticks{cur_p_}, ts}));
    }
    if (book_bid_ != sent_bid_ || book_ask_ != sent_ask_) {
      sent_bid_ = book_bid_;
      sent_ask_ = book_ask_;
      after(strat_.on_top_of_book(
          {price_ticks{book_bid_}, price_ticks{book_ask_}, ts}));
    }
  }

  // A data point at `ts` (the market price is cur_p_).
  void point(int64_t ts) {
    sync(ts);
    const auto& pnl = strat_.pnl();
    quote_units eq = pnl.equity(price_ticks{cur_p_}) + funding_;
    if (eq > peak_) peak_ = eq;
    quote_units dd = peak_ - eq;
    if (dd > max_dd_) max_dd_ = dd;
    rec_.price(ts, price_ticks{cur_p_}, eq, dd, pnl.position());
  }

  // After an event that can move the strategy's timer (book, fills,
  // resets, volatility, timers): apply its commands, re-read next_timer().
  void after(const command_buffer& cmds) {
    ++result_.events;
    for (const auto& c : cmds)
      std::visit([this](const auto& x) { apply(x); }, c);
    timer_at_ = strat_.next_timer().value_or(never);
  }

  // After an event that only updates a value (a trade, an order ack): the
  // timer can only move if it produced commands.
  void after_quiet(const command_buffer& cmds) {
    ++result_.events;
    if (cmds.empty()) return;
    for (const auto& c : cmds)
      std::visit([this](const auto& x) { apply(x); }, c);
    timer_at_ = strat_.next_timer().value_or(never);
  }

  void deliver_timer(int64_t ts) {
    sync(ts);
    last_timer_ = ts; // a deadline the strategy leaves unchanged is not re-sent
    after(strat_.on_timer({ts}));
  }

  void send_balance(int64_t ts) {
    const auto& pnl = strat_.pnl();
    const price_ticks mark{cur_p_};
    quote_units eq = pnl.equity(mark) + funding_;
    qty_lots pos = pnl.position();
    qty_lots abs_pos{pos.value < 0 ? -pos.value : pos.value};
    int64_t lev = std::max<int64_t>(params_.risk.margin_leverage, 1);
    auto margin = static_cast<int64_t>(
        static_cast<int128>(strategy::notional(mark, abs_pos).value) *
        strategy::ppm_one / lev);
    after_quiet(strat_.on_balance(
        {quote_units{opt_.collateral.value + eq.value - margin}, ts}));
  }

  // -- commands -> simulated exchange
  // --------------------------------------------

  sim_event& schedule(sim_event_kind k, int64_t ts, int64_t a = 0) {
    sim_event& e = queue_.push(ts);
    e.kind = k;
    e.a = a;
    return e;
  }

  // Every order not yet cancelled gets cancelled when the batch lands.
  void cancel_everything(int64_t cmd_ts) {
    const int64_t at = cmd_ts + half_rtt_ + opt_.latency.cancel_delay_ms;
    bool any = false;
    for (auto& o : orders_.all())
      if (o.cancel_at > at) {
        o.cancel_at = at;
        any = true;
      }
    if (any) schedule(sim_event_kind::cancel_effective, at);
  }

  void apply(const strategy::replace_grid_command& c) {
    cancel_everything(c.ts);
    const int64_t live_at = c.ts + half_rtt_ + opt_.latency.maker_delay_ms;
    for (const auto& l : c.plan.levels)
      orders_.add(++next_index_, l.side, l.price, l.qty, live_at);
    if (!c.plan.levels.empty()) schedule(sim_event_kind::activate, live_at);
    schedule(sim_event_kind::notify_reset_done,
             c.ts + opt_.latency.reset_rtt_ms,
             static_cast<int64_t>(c.reset_id));
    ++result_.resets;
    rec_.reset(c.ts, c.plan.centre);
    source_ = std::string{strategy::to_string(c.source)};
    if (hooks_.on_reset) {
      reset_info r;
      r.ts = c.ts;
      r.why = c.why;
      r.centre = c.plan.centre;
      r.source = c.source;
      r.guard_fallback = c.guard_fallback;
      r.spacing = c.plan.spacing;
      r.bids = c.plan.count(side::bid);
      r.asks = c.plan.count(side::ask);
      r.position = strat_.pnl().position();
      r.net_pnl = strat_.pnl().equity(price_ticks{cur_p_}) + funding_;
      hooks_.on_reset(r);
    }
  }
  void apply(const strategy::cancel_all_command& c) { cancel_everything(c.ts); }
  void apply(const strategy::halt_command&) { ++result_.halts; }
  void apply(const strategy::resume_command&) {}

  // -- scheduled events
  // ------------------------------------------------------------

  void handle(const sim_event& e, int64_t now) {
    switch (e.kind) {
    case sim_event_kind::activate:
      activate(now);
      break;
    case sim_event_kind::cancel_effective:
      cancels_land(now);
      break;
    case sim_event_kind::notify_fill: {
      sync(now);
      strategy::fill_event f;
      f.order_index = e.a;
      f.side = e.side;
      f.price = e.price;
      f.qty = e.qty;
      f.maker = true;
      f.order_done = e.flag;
      f.ts = now;
      after(strat_.on_fill(f));
      ++result_.fills;
      auto pos = strat_.pnl().position().value;
      pos = pos < 0 ? -pos : pos;
      if (pos > result_.max_abs_position.value)
        result_.max_abs_position = qty_lots{pos};
      if (opt_.collateral.value > 0) send_balance(now);
      break;
    }
    // Acks and cancels do not look at the market: no book sync first.
    case sim_event_kind::notify_accepted:
      for (int64_t i = 0; i < e.a; ++i)
        after_quiet(strat_.on_order_accepted({0, now}));
      break;
    case sim_event_kind::notify_cancelled:
      for (int64_t i = 0; i < e.a; ++i)
        after_quiet(strat_.on_order_cancelled({0, now}));
      break;
    case sim_event_kind::notify_rejected:
      for (int64_t i = 0; i < e.a; ++i)
        after_quiet(strat_.on_order_rejected(
            {0, strategy::reject_class::post_only_cross, now}));
      break;
    case sim_event_kind::notify_reset_done:
      sync(now);
      after(strat_.on_reset_done({static_cast<uint64_t>(e.a), now}));
      break;
    case sim_event_kind::volatility:
      sync(now);
      after(strat_.on_volatility({e.a, now}));
      break;
    case sim_event_kind::funding: {
      // Longs pay rate x notional; shorts receive it (negative rate: reverse).
      auto n = strategy::notional(price_ticks{cur_p_}, strat_.pnl().position());
      funding_ -= quote_units{
          static_cast<int64_t>(static_cast<int128>(n.value) *
                               opt_.funding_ppm_8h / strategy::ppm_one)};
      schedule(sim_event_kind::funding, now + funding_period_ms);
      break;
    }
    }
  }

  // Orders whose speed bump is over rest on the book, unless post-only
  // would cross (then the exchange rejects them).
  void activate(int64_t now) {
    int64_t accepted = 0, rejected = 0;
    auto& all = orders_.all();
    for (std::size_t i = 0; i < all.size();) {
      auto& o = all[i];
      if (o.live || o.live_at > now) {
        ++i;
        continue;
      }
      if (o.cancel_at <= now) { // cancelled before it ever rested
        orders_.remove(i);
        continue;
      }
      bool crosses = o.side == side::bid
                         ? (book_ask_ > 0 && o.price.value >= book_ask_)
                         : (book_bid_ > 0 && o.price.value <= book_bid_);
      if (crosses) {
        ++rejected;
        orders_.remove(i);
        continue;
      }
      orders_.go_live(i);
      if (opt_.queue_position && data_.kind == tape_kind::l2)
        o.queue_ahead = book_.qty_at(o.side, o.price.value);
      ++accepted;
      ++i;
    }
    if (accepted)
      schedule(sim_event_kind::notify_accepted, now + half_rtt_, accepted);
    if (rejected) {
      result_.post_only_rejects += rejected;
      schedule(sim_event_kind::notify_rejected, now + half_rtt_, rejected);
    }
    // Synthetic books: an order the market is already trading through fills
    // at once (only possible with a spread wider than one tick).
    if (data_.kind == tape_kind::l2 || !any_through()) return;
    for (std::size_t i = 0; i < all.size();) {
      auto& o = all[i];
      if (o.live && o.live_at == now && through(o.side, o.price.value, cur_p_))
        fill(i, o.qty, now); // removes order i
      else
        ++i;
    }
  }

  // True when the best live bid or ask is filled by the market at cur_p_
  // (then maybe others behind it too; otherwise no live order is).
  bool any_through() {
    const auto bid = orders_.best_index(side::bid);
    const auto ask = orders_.best_index(side::ask);
    return (bid >= 0 && through(side::bid, orders_.best_bid(), cur_p_)) ||
           (ask >= 0 && through(side::ask, orders_.best_ask(), cur_p_));
  }

  void cancels_land(int64_t now) {
    int64_t cancelled = 0;
    auto& all = orders_.all();
    for (std::size_t i = 0; i < all.size();) {
      if (all[i].cancel_at <= now) {
        cancelled += all[i].live ? 1 : 0;
        orders_.remove(i);
      } else {
        ++i;
      }
    }
    if (cancelled)
      schedule(sim_event_kind::notify_cancelled, now + half_rtt_, cancelled);
  }

  // Order i trades `qty` at its price at `ts`.
  void fill(std::size_t i, qty_lots qty, int64_t ts) {
    auto& o = orders_.all()[i];
    qty = std::min(qty, o.qty);
    o.qty -= qty;
    const bool done = o.qty.value <= 0;
    sim_event& e = schedule(sim_event_kind::notify_fill,
                            ts + opt_.latency.fill_notify_ms, o.index);
    e.side = o.side;
    e.price = o.price;
    e.qty = qty;
    e.flag = done;
    rec_.fill(ts, o.side, o.price);
    marks_.fill(ts, o.side, o.price, qty, source_);
    if (hooks_.on_fill) hooks_.on_fill({ts, o.side, o.price, qty, o.index});
    if (!done) ++result_.partial_fills;
    if (done) orders_.remove(i);
  }

  // -- queue position (L2)
  // ---------------------------------------------------------

  // A trade at exactly our price eats the queue ahead of us first.
  void queue_trade(const l2_event& t) {
    // The taker side: a buy (bid) takes asks, a sell takes bids.
    const side hit = t.side == side::bid ? side::ask : side::bid;
    auto& all = orders_.all();
    for (std::size_t i = 0; i < all.size();) {
      auto& o = all[i];
      if (!o.live || o.side != hit || o.price != t.price) {
        ++i;
        continue;
      }
      int64_t left = o.queue_ahead - t.qty.value;
      if (left >= 0) {
        o.queue_ahead = left;
        ++i;
        continue;
      }
      o.queue_ahead = 0;
      const bool whole = -left >= o.qty.value;
      fill(i, qty_lots{-left}, t.ts);
      if (!whole) ++i;
    }
  }

  // Cancels at our level shrink the queue ahead (it never exceeds the level).
  void queue_level(const l2_event& e) {
    for (auto& o : orders_.all())
      if (o.live && o.side == e.side && o.price == e.price &&
          o.queue_ahead > e.qty.value)
        o.queue_ahead = e.qty.value;
  }

  // -- results
  // ---------------------------------------------------------------------

  void finish() {
    const auto& pnl = strat_.pnl();
    const price_ticks last{cur_p_};
    result_.counters = strat_.counters();
    result_.volume = pnl.volume();
    result_.fees = pnl.fees();
    result_.realized = pnl.realised();
    result_.unrealized = trading_ ? pnl.unrealised(last) : quote_units{0};
    result_.funding = funding_;
    result_.net =
        result_.realized + result_.unrealized - result_.fees + result_.funding;
    result_.max_drawdown = max_dd_;
    result_.final_position = pnl.position();
    result_.last_price = last;
    if (!trading_) {
      result_.trading_ts = result_.end_ts;
      if (result_.error.empty())
        result_.error = "the data ended before the ATR warmed up (" +
                        std::to_string(bars_seen_) + " bars of " +
                        std::to_string(warmup_bars_) + " needed)";
    }
    result_.series = rec_.finish();
    const int64_t end_mid2 = data_.kind == tape_kind::candles
                                 ? 2 * (cur_p_ - spread_ / 2) + spread_
                                 : book_bid_ + book_ask_;
    result_.markouts =
        summarize_markouts(marks_.finish(result_.end_ts, end_mid2));
  }

  const tape& data_;
  const strategy::strategy_params& params_;
  const engine_options& opt_;
  const run_hooks& hooks_;
  strategy::grid_strategy strat_;
  sim_orders orders_;
  event_queue queue_;
  strategy::atr atr_;
  strategy::bar_builder bars_;
  l2_book book_;
  recorder rec_;
  markout_recorder marks_;
  std::string source_; ///< centre source of the last reset (markouts)
  backtest_result result_;

  int64_t half_rtt_ = 0;
  bool touch_ = false;
  int64_t spread_ = 1;
  int64_t warmup_bars_ = 0;
  int64_t bars_seen_ = 0;
  bool trading_ = false;

  // The market now and the segment being travelled.
  int64_t cur_ts_ = 0, cur_p_ = 0;
  int64_t seg_t0_ = 0, seg_p0_ = 0, seg_t1_ = 0, seg_p1_ = 0;
  bool linear_ = false;
  int64_t book_bid_ = 0, book_ask_ = 0;
  int64_t sent_bid_ = -1, sent_ask_ = -1, sent_last_ = -1, sent_mark_ = -1;
  int64_t next_mark_ = 0;

  int64_t timer_at_ = never;
  int64_t last_timer_ = std::numeric_limits<int64_t>::min();
  int64_t next_index_ = 0;

  quote_units funding_;
  quote_units peak_;
  quote_units max_dd_;
};

} // namespace

backtest_result run_backtest(const tape& data,
                             const strategy::market_spec& spec,
                             const strategy::strategy_params& params,
                             const engine_options& options,
                             const run_hooks& hooks) {
  replay r{data, spec, params, options, hooks};
  return r.run();
}

} // namespace trailgrid::backtest
