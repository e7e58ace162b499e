#include "execution/account_events.hpp"

#include "execution/account_units.hpp"
#include "execution/client_index.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace trailgrid::execution {

namespace {

// Fee of a fill in the market's quote units, rounded to nearest (half away
// from zero); the rate is ppm of the notional.
strategy::quote_units fee_of(const lighter::own_fill& f) {
  if (!f.fee_ppm) return strategy::quote_units{0};
  auto notional = static_cast<int128>(f.price.value) * f.size.value;
  auto scaled = notional * *f.fee_ppm;
  auto half = static_cast<int128>(500'000);
  auto q = scaled >= 0 ? (scaled + half) / 1'000'000
                       : -((-scaled + half) / 1'000'000);
  return strategy::quote_units{static_cast<int64_t>(q)};
}

bool mentions(const std::string& text, const char* word) {
  return text.find(word) != std::string::npos;
}

std::string market_trade(int32_t market, int64_t trade_id) {
  return "market " + std::to_string(market) + " trade " +
         std::to_string(trade_id);
}

} // namespace

fill fill_of(const lighter::own_fill& f) {
  fill out;
  out.market_index = f.market_id;
  out.order_index = f.order_index;
  out.client_order_index = f.client_order_index;
  out.order_side = f.is_ask ? strategy::side::ask : strategy::side::bid;
  out.price = f.price;
  out.size = f.size;
  out.fee = fee_of(f);
  out.is_maker = f.is_maker;
  out.trade_id = f.trade_id;
  out.ts_ms = f.timestamp_ms;
  out.fee_reported = f.fee_ppm.has_value();
  if (f.position_before) {
    out.position_known = true;
    out.position_after = strategy::qty_lots{
        f.position_before->value + (f.is_ask ? -f.size.value : f.size.value)};
  }
  return out;
}

live_order live_order_of(const lighter::order& o) {
  live_order out;
  out.market_index = o.market_id;
  out.order_index = o.order_index;
  out.client_order_index = o.client_order_index;
  out.is_ask = o.is_ask;
  out.price = o.price;
  out.remaining = o.remaining_size;
  return out;
}

position_report position_of(const lighter::position& p) {
  return position_report{p.market_id, p.size, p.avg_entry_price};
}

account_snapshot snapshot_of(const lighter::account& a, int64_t now_ms) {
  account_snapshot out;
  out.collateral_micro = a.collateral.micros;
  out.available_micro = a.available_balance.micros;
  for (auto& p : a.positions)
    out.positions.push_back(position_of(p));
  out.ts_ms = now_ms;
  return out;
}

std::variant<order_rejected, order_cancelled>
end_of_order(const lighter::order& o) {
  const auto& why = o.status_text;
  auto rejected = [&](reject_class c) {
    return order_rejected{o.market_id, o.client_order_index, o.nonce, c, 0,
                          why,         o.updated_at_ms};
  };
  if (mentions(why, "post-only") || mentions(why, "post_only"))
    return rejected(reject_class::post_only_cross);
  if (mentions(why, "margin"))
    return rejected(reject_class::insufficient_margin);
  return order_cancelled{o.market_id, o.client_order_index, o.order_index,
                         o.remaining_size, o.updated_at_ms};
}

account_events::account_events(config cfg, int64_t now_ms)
    : cfg_(std::move(cfg)), ledger_(cfg_.ledger),
      booked_until_ms_(cfg_.booked_until_ms > 0 ? cfg_.booked_until_ms
                                                : now_ms),
      checked_until_ms_(now_ms) {
  ledger_.on_stream_down(now_ms); // not up yet
  for (auto key : cfg_.booked_fills)
    ledger_.remember(key);
}

void account_events::add_markets(
    const std::vector<lighter::market_info>& markets) {
  markets_.add_all(markets);
}

// -- routing ------------------------------------------------------------------

const account_events::route* account_events::routed(int32_t market) {
  auto i = routes_.find(market);
  if (i == routes_.end() || !i->second.executor) {
    ++counters_.unrouted;
    return nullptr;
  }
  return &i->second;
}

bool account_events::owns(const route& r, int32_t market,
                          int64_t client_order_index) const {
  // Outside client_index_space's preconditions nothing is ours.
  using space = client_index_space;
  if (r.client_tag == 0 || r.client_tag >= (1 << space::tag_bits) ||
      market < 0 || market >= (1 << space::market_bits))
    return false;
  return client_index_space(r.client_tag, market).owns(client_order_index);
}

account_deliveries account_events::on_route(int32_t market, uint8_t client_tag,
                                            bool has_executor, bool has_grid) {
  account_deliveries out;
  auto& r = routes_[market];
  r = route{client_tag, has_executor, has_grid};
  if (has_executor) {
    auto mine = std::stable_partition(
        waiting_.begin(), waiting_.end(),
        [market](const fill& f) { return f.market_index != market; });
    std::vector<fill> theirs(std::make_move_iterator(mine),
                             std::make_move_iterator(waiting_.end()));
    waiting_.erase(mine, waiting_.end());
    for (auto& f : theirs)
      deliver_fill(std::move(f), out);
  }
  deliver_balance(market, r, out);
  return out;
}

// A fill of a routed market: to the executor, then to the grid. One without a
// client order index goes to the executor alone (see the header).
void account_events::deliver_fill(fill f, account_deliveries& out) {
  auto market = f.market_index;
  auto i = routes_.find(market);
  if (i == routes_.end() || !i->second.executor) {
    ++counters_.unrouted;
    if (waiting_.size() < cfg_.max_waiting_fills) {
      waiting_.push_back(std::move(f));
    } else {
      ++counters_.fills_dropped;
      out.push_back(
          account_notice{"fill of " + market_trade(market, f.trade_id) +
                         " dropped: no route and the buffer is full"});
    }
    return;
  }
  auto& r = i->second;
  if (f.client_order_index != 0 && !owns(r, market, f.client_order_index)) {
    ++counters_.foreign;
    return;
  }
  ++counters_.fills_routed;
  bool to_grid_too = r.grid && f.client_order_index != 0;
  if (!to_grid_too) {
    out.push_back(to_executor{market, std::move(f)});
    return;
  }
  out.push_back(to_executor{market, f});
  out.push_back(to_grid{market, std::move(f)});
}

// Routes one of our fills, once per trade side whatever path reported it.
void account_events::book_fill(const lighter::own_fill& f, int64_t recv_ns,
                               bool from_recovery, account_deliveries& out) {
  if (!ledger_.first_sight(fill_key(f.trade_id, f.is_ask), from_recovery))
    return;
  if (from_recovery)
    out.push_back(account_notice{"recovered fill: " +
                                 market_trade(f.market_id, f.trade_id)});
  auto msg = fill_of(f);
  msg.recv_ns = recv_ns; // fill-to-wire latency starts here
  deliver_fill(std::move(msg), out);
}

void account_events::deliver_balance(int32_t market, const route& r,
                                     account_deliveries& out) const {
  const auto* d = markets_.find(market);
  if (!account_known_ || !r.grid || d == nullptr) return;
  out.push_back(to_grid{
      market, balance_update{
                  market, micro_to_quote(account_.available_micro, d->quote()),
                  account_.ts_ms}});
}

void account_events::deliver_balances(account_deliveries& out) const {
  for (auto& [market, r] : routes_)
    deliver_balance(market, r, out);
}

void account_events::set_position(const position_report& p) {
  auto& all = account_.positions;
  auto i = std::find_if(all.begin(), all.end(), [&](const position_report& x) {
    return x.market_index == p.market_index;
  });
  if (i == all.end())
    all.push_back(p);
  else
    *i = p;
}

// -- the stream ---------------------------------------------------------------

account_deliveries
account_events::on_trades(const lighter::account_trades_update& u,
                          int64_t recv_ns) {
  account_deliveries out;
  for (auto& t : u.trades)
    for (auto& f : lighter::own_fills_of(t, cfg_.account_index))
      book_fill(f, recv_ns, false, out);
  return out;
}

account_deliveries
account_events::on_orders(const lighter::account_orders_update& u) {
  account_deliveries out;
  for (auto& o : u.orders) {
    if (o.status == lighter::order_status::unknown) continue;
    auto news = ledger_.on_order(o.order_index, o.market_id, o.is_final());
    if (news == order_news::none) continue;
    // Fills come from the trades channel; a filled order is only forgotten.
    if (o.status == lighter::order_status::filled) continue;
    auto r = routed(o.market_id);
    if (r == nullptr) continue;
    if (!owns(*r, o.market_id, o.client_order_index)) {
      ++counters_.foreign;
      continue;
    }
    ++counters_.order_events_routed;
    auto both = [&](auto event) {
      out.push_back(to_executor{o.market_id, event});
      if (r->grid) out.push_back(to_grid{o.market_id, std::move(event)});
    };
    if (news == order_news::accepted)
      both(order_accepted{o.market_id, o.client_order_index, o.order_index,
                          o.updated_at_ms});
    else
      std::visit(both, end_of_order(o));
  }
  return out;
}

account_deliveries
account_events::on_positions(const lighter::account_positions_update& u) {
  account_deliveries out;
  for (auto& p : u.positions) {
    auto rep = position_of(p);
    set_position(rep);
    auto i = routes_.find(rep.market_index);
    if (i != routes_.end() && i->second.executor && i->second.grid)
      out.push_back(to_grid{rep.market_index, rep});
  }
  account_.ts_ms = u.timestamp_ms;
  return out;
}

account_deliveries
account_events::on_user_stats(const lighter::user_stats_update& u) {
  account_deliveries out;
  account_.collateral_micro = u.stats.collateral.micros;
  account_.available_micro = u.stats.available_balance.micros;
  account_.ts_ms = u.timestamp_ms;
  account_known_ = true;
  deliver_balances(out);
  return out;
}

// -- recovery -----------------------------------------------------------------

bool account_events::booked(const lighter::trade& t) const {
  for (auto& f : lighter::own_fills_of(t, cfg_.account_index))
    if (ledger_.knows(fill_key(f.trade_id, f.is_ask))) return true;
  return false;
}

bool account_events::on_stall_check(
    const std::vector<lighter::trade>& newest_first) {
  bool stalled = false;
  const auto read_back_to = checked_until_ms_;
  for (auto& t : newest_first) {
    checked_until_ms_ = std::max(checked_until_ms_, t.timestamp_ms);
    for (auto& f : lighter::own_fills_of(t, cfg_.account_index))
      if (f.timestamp_ms > booked_until_ms_ &&
          !ledger_.knows(fill_key(f.trade_id, f.is_ask)))
        stalled = true;
  }
  if (stalled)
    stall_back_to_ms_ =
        std::min(stall_back_to_ms_.value_or(read_back_to), read_back_to);
  return stalled;
}

account_deliveries account_events::on_recovered_trades(
    const std::vector<lighter::trade>& newest_first, int64_t now_ns) {
  account_deliveries out;
  for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it)
    for (auto& f : lighter::own_fills_of(*it, cfg_.account_index)) {
      if (f.timestamp_ms <= booked_until_ms_)
        ledger_.remember(fill_key(f.trade_id, f.is_ask));
      else
        book_fill(f, now_ns, true, out);
    }
  return out;
}

account_deliveries
account_events::on_recovered_account(const lighter::account& a,
                                     int64_t now_ms) {
  account_deliveries out;
  account_ = snapshot_of(a, now_ms);
  account_known_ = true;
  for (auto& [market, r] : routes_) {
    if (!r.executor || !r.grid) continue;
    position_report rep{market, {}, {}};
    for (auto& p : account_.positions)
      if (p.market_index == market) rep = p;
    out.push_back(to_grid{market, rep});
  }
  deliver_balances(out);
  return out;
}

void account_events::on_recovery_done(int64_t now_ms) {
  ledger_.on_recovery_done(now_ms);
  booked_until_ms_ = 0;
  stall_back_to_ms_.reset();
}

std::vector<fill>
account_events::fills_missing(int64_t since_ms,
                              const std::vector<int64_t>& booked,
                              const std::vector<lighter::trade>& newest_first) {
  std::set<int64_t> known(booked.begin(), booked.end());
  std::set<int64_t> answered;
  std::vector<fill> out;
  for (auto it = newest_first.rbegin(); it != newest_first.rend(); ++it)
    for (auto& f : lighter::own_fills_of(*it, cfg_.account_index)) {
      auto key = fill_key(f.trade_id, f.is_ask);
      ledger_.remember(key);
      if (f.timestamp_ms <= since_ms || known.count(key) != 0) continue;
      answered.insert(key);
      out.push_back(fill_of(f));
    }
  // Waiting for a route meanwhile: answered here instead.
  waiting_.erase(
      std::remove_if(waiting_.begin(), waiting_.end(),
                     [&](const fill& f) {
                       return answered.count(fill_key(
                                  f.trade_id,
                                  f.order_side == strategy::side::ask)) != 0;
                     }),
      waiting_.end());
  counters_.fills_missing_from_journal += out.size();
  return out;
}

} // namespace trailgrid::execution
