#include "tools/lighter-sim/exchange.hpp"

#include "tools/lighter-sim/rng.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace trailgrid::sim {

namespace {

constexpr ms_t never = std::numeric_limits<ms_t>::max();
constexpr size_t recent_trades_kept = 200;
constexpr size_t account_trades_kept = 5000;
constexpr size_t inactive_kept = 5000;
constexpr size_t candles_kept = 20000;

int64_t pow10(int n) {
  int64_t v = 1;
  for (int i = 0; i < n; ++i)
    v *= 10;
  return v;
}

int64_t mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<int128>(a) * b);
}

int sign_of(int64_t v) {
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

// Applies a fill to a position; returns the realised PnL in quote units.
int64_t apply_position(sim_position& p, bool sell, int64_t size,
                       int64_t price) {
  const int64_t delta = sell ? -size : size;
  if (p.qty == 0 || (p.qty > 0) == (delta > 0)) {
    p.qty += delta;
    p.entry_quote += mul(price, size);
    return 0;
  }
  const int64_t before = p.qty < 0 ? -p.qty : p.qty;
  const int64_t closed = std::min(before, size);
  const int64_t released = static_cast<int64_t>(
      static_cast<int128>(p.entry_quote) * closed / before);
  const int64_t closed_notional = mul(price, closed);
  const int64_t pnl =
      p.qty > 0 ? closed_notional - released : released - closed_notional;
  p.entry_quote -= released;
  p.qty += delta;
  if (size > closed) p.entry_quote = mul(price, size - closed);
  p.realized_quote += pnl;
  return pnl;
}

} // namespace

const char* status_name(order_status s) {
  switch (s) {
  case order_status::pending:
    return "pending";
  case order_status::open:
    return "open";
  case order_status::filled:
    return "filled";
  case order_status::canceled:
    return "canceled";
  case order_status::canceled_post_only:
    return "canceled-post-only";
  case order_status::canceled_expired:
    return "canceled-expired";
  case order_status::canceled_reduce_only:
    return "canceled-reduce-only";
  }
  return "?";
}

exchange::exchange(sim_cfg cfg, ms_t start, std::map<int, price_path> paths)
    : cfg_(std::move(cfg)), origin_(start),
      faults_(cfg_.faults, hash3(cfg_.seed, 0xfa17)) {
  for (const auto& mc : cfg_.markets) {
    market_state m;
    m.cfg = mc;
    auto it = paths.find(mc.market_id);
    if (it != paths.end())
      m.path = std::move(it->second);
    else
      m.path = price_path::synthetic(
          mc.path, hash3(cfg_.seed, 0x9a7, static_cast<uint64_t>(mc.market_id)),
          start);
    const auto first = m.path.peek();
    m.last_price = m.first_price = m.high = m.low = first.price;
    m.candles = candle_history(
        mc.path, first.price, cfg_.speed,
        hash3(cfg_.seed, 0xc4d1, static_cast<uint64_t>(mc.market_id)), start,
        cfg_.history_minutes);
    m.path.pop();
    refresh_background(m);
    markets_.emplace(mc.market_id, std::move(m));
  }
  for (const auto& a : cfg_.accounts) {
    auto& acc = ledger_.accounts[a.index];
    acc.index = a.index;
    acc.level = a.level;
    acc.l1_address = a.l1_address;
    acc.collateral_micro = a.collateral_micro;
    for (const auto& k : a.keys)
      acc.keys[k.index] = api_key_state{k.public_key, k.initial_nonce};
  }
  pending_out out;
  publish_books(start, out);
  commit(out);
  events_.clear();
}

ms_t exchange::to_exchange_time(const market_state& m, ms_t data_ts) const {
  const double dt = static_cast<double>(data_ts - m.path.start_ts());
  return origin_ + static_cast<ms_t>(std::floor(dt / cfg_.speed));
}

void exchange::refresh_background(market_state& m) {
  const uint64_t seed =
      hash3(cfg_.seed, 0xb00c, static_cast<uint64_t>(m.cfg.market_id));
  m.bg_asks = background_side(m.cfg.book, m.last_price, true, seed);
  m.bg_bids = background_side(m.cfg.book, m.last_price, false, seed);
  books_changed_.insert(m.cfg.market_id);
}

void exchange::register_key(int64_t account, int api_key,
                            const std::string& public_key, int64_t next_nonce) {
  auto& acc = ledger_.accounts[account];
  if (acc.index != account) {
    acc.index = account;
    acc.collateral_micro = cfg_.default_collateral_micro;
  }
  acc.keys[api_key] = api_key_state{public_key, next_nonce};
}

void exchange::desync_nonce(int64_t account, int api_key, ms_t now) {
  auto a = ledger_.accounts.find(account);
  if (a == ledger_.accounts.end()) return;
  auto k = a->second.keys.find(api_key);
  if (k == a->second.keys.end()) return;
  ++k->second.next_nonce;
  record_entry e;
  e.kind = record_kind::nonce_desync;
  e.ts = now;
  e.account = account;
  e.api_key = api_key;
  e.nonce = k->second.next_nonce;
  record_.push_back(e);
}

bool exchange::set_market_status(int market, const std::string& status) {
  auto* mc = cfg_.market(market);
  if (!mc) return false;
  mc->status = status;
  if (auto m = markets_.find(market); m != markets_.end())
    m->second.cfg.status = status;
  return true;
}

bool exchange::set_position(int64_t account, int market, int64_t qty,
                            int64_t entry_quote) {
  auto a = ledger_.accounts.find(account);
  if (a == ledger_.accounts.end() || !cfg_.market(market)) return false;
  auto& p = a->second.positions[market];
  p.qty = qty;
  p.entry_quote = qty == 0 ? 0 : entry_quote;
  events_.emplace_back(std::in_place_type<position_event>,
                       position_event{account, market});
  events_.emplace_back(std::in_place_type<balance_event>,
                       balance_event{account});
  return true;
}

bool exchange::set_collateral(int64_t account, int64_t micro) {
  auto a = ledger_.accounts.find(account);
  if (a == ledger_.accounts.end()) return false;
  a->second.collateral_micro = micro;
  events_.emplace_back(std::in_place_type<balance_event>,
                       balance_event{account});
  return true;
}

std::vector<sim_event> exchange::drain_events() {
  std::vector<sim_event> out;
  out.swap(events_);
  return out;
}

const market_state* exchange::market(int id) const {
  auto it = markets_.find(id);
  return it == markets_.end() ? nullptr : &it->second;
}

const sim_account* exchange::account(int64_t index) const {
  auto it = ledger_.accounts.find(index);
  return it == ledger_.accounts.end() ? nullptr : &it->second;
}

std::optional<int64_t> exchange::next_nonce(int64_t account,
                                            int api_key) const {
  auto a = ledger_.accounts.find(account);
  if (a == ledger_.accounts.end()) return std::nullopt;
  auto k = a->second.keys.find(api_key);
  if (k == a->second.keys.end()) return std::nullopt;
  return k->second.next_nonce;
}

std::vector<sim_order> exchange::live_orders(int64_t account,
                                             int market) const {
  std::vector<sim_order> out;
  auto keep = [&](const sim_order& o) {
    if (o.account == account) out.push_back(o);
  };
  if (market < 0)
    for (const auto& [idx, o] : ledger_.live)
      keep(o);
  else
    for (const auto& [idx, o] : live_in(market))
      keep(o);
  return out;
}

std::vector<sim_order> exchange::open_orders(int market) const {
  std::vector<sim_order> out;
  for (const auto& [idx, o] : live_in(market))
    if (o.status == order_status::open) out.push_back(o);
  return out;
}

std::vector<sim_trade> exchange::account_trades(int64_t account, int market,
                                                size_t limit,
                                                int64_t before_id) const {
  std::vector<sim_trade> out;
  auto i = account_trades_.find(account);
  if (i == account_trades_.end()) return out;
  for (const auto& t : i->second) {
    if (out.size() >= limit) break;
    if (before_id != 0 && t.trade_id >= before_id) continue;
    if (market < 0 || t.market_id == market) out.push_back(t);
  }
  return out;
}

std::vector<sim_order> exchange::inactive_orders(int64_t account, int market,
                                                 size_t limit) const {
  std::vector<sim_order> out;
  for (const auto& o : inactive_) {
    if (out.size() >= limit) break;
    if (o.account == account && (market < 0 || o.market_id == market))
      out.push_back(o);
  }
  return out;
}

int64_t exchange::mark_price(int market) const {
  auto it = markets_.find(market);
  return it == markets_.end() ? 0 : it->second.last_price;
}

int64_t exchange::unrealized_quote(int market, const sim_position& p) const {
  const int64_t abs_qty = p.qty < 0 ? -p.qty : p.qty;
  const int64_t value = mul(mark_price(market), abs_qty);
  return p.qty >= 0 ? value - p.entry_quote : p.entry_quote - value;
}

int64_t exchange::to_micro(int market, int64_t quote) const {
  const auto* mc = cfg_.market(market);
  const int d = mc ? mc->price_decimals + mc->size_decimals : 6;
  if (d <= 6) return quote * pow10(6 - d);
  return quote / pow10(d - 6);
}

std::string exchange::synthetic_hash(ms_t now) {
  // The zero-padded form the exchange uses for engine-generated trades.
  char buf[33];
  std::snprintf(
      buf, sizeof buf, "%016llx%016llx",
      static_cast<unsigned long long>(ledger_.block_height),
      static_cast<unsigned long long>(now * 1000 + (++hash_counter_ % 1000)));
  return std::string(buf) + std::string(48, '0');
}

// --- transactions ----------------------------------------------------------

submit_result exchange::submit(const std::vector<sim_tx>& txs,
                               std::vector<std::string> hashes, ms_t now,
                               const signature_check& check,
                               lighter::limits::tx_channel channel) {
  ++request_seq_;
  submit_result res;
  auto refuse = [&](sim_error e, size_t index) {
    record_entry r;
    r.kind = record_kind::reject;
    r.ts = now;
    if (index < txs.size()) {
      const auto c = common_of(txs[index]);
      r.account = c.account_index;
      r.api_key = c.api_key_index;
      r.nonce = c.nonce;
      r.tx_type = type_id_of(txs[index]);
      if (index < hashes.size()) r.tx_hash = hashes[index];
    }
    r.code = e.code;
    r.message = e.message;
    record_.push_back(r);
    res.error = std::move(e);
    res.failed_index = index;
    return res;
  };
  if (txs.empty())
    return refuse({err::invalid_tx_info, "invalid tx info: empty batch"}, 0);
  if (auto e = check_batch(txs, channel))
    return refuse(std::move(e->first), e->second);
  const auto first = common_of(txs.front());
  auto acc_it = ledger_.accounts.find(first.account_index);
  const tier level =
      acc_it == ledger_.accounts.end() ? tier::standard : acc_it->second.level;
  // One quota per L1 address: a master and its sub-accounts, all API keys.
  const std::string quota_key =
      acc_it == ledger_.accounts.end() || acc_it->second.l1_address.empty()
          ? "account:" + std::to_string(first.account_index)
          : acc_it->second.l1_address;
  const auto& tc = cfg_.tiers[static_cast<size_t>(level)];
  if (!tc.can_trade)
    return refuse(
        {err::invalid_param, "invalid param: the account's tier (" +
                                 std::string(lighter::to_string(level)) +
                                 ") is read-only"},
        0);
  auto quota = quotas_.find(quota_key);
  if (quota == quotas_.end())
    quota =
        quotas_
            .emplace(quota_key, execution::quota_governor(quota_rules_of(tc)))
            .first;
  std::vector<int> types;
  types.reserve(txs.size());
  for (const auto& tx : txs)
    types.push_back(type_id_of(tx));
  const auto cost = quota->second.cost_of(
      execution::shape_of_types(types.data(), static_cast<int>(types.size())));
  if (!quota->second.try_take(cost, now))
    return refuse({err::too_many_requests, "Too Many Requests"}, 0);
  if (faults_.reject_request(request_seq_)) {
    ++fault_counts_.injected_rejects;
    return refuse({faults_.reject_code(), "injected rejection (fault)"}, 0);
  }
  while (hashes.size() < txs.size()) {
    std::string h;
    char buf[17];
    for (uint64_t part = 0; part < 5; ++part) {
      std::snprintf(buf, sizeof buf, "%016llx",
                    static_cast<unsigned long long>(
                        hash3(cfg_.seed, ++hash_counter_, part)));
      h += buf;
    }
    hashes.push_back(h);
  }
  auto backup = save_for(txs);
  pending_out out;
  for (size_t i = 0; i < txs.size(); ++i) {
    const auto c = common_of(txs[i]);
    auto a = ledger_.accounts.find(c.account_index);
    std::optional<sim_error> e = validate_tx(txs[i]);
    if (e) {
      // The exchange's field rules come first.
    } else if (a == ledger_.accounts.end()) {
      e = sim_error{err::account_not_found, "account not found"};
    } else if (!a->second.keys.count(c.api_key_index)) {
      e = sim_error{err::api_key_not_found, "api key not found"};
    } else if (check && !check(i, a->second.keys[c.api_key_index].public_key,
                               hashes[i])) {
      e = sim_error{err::invalid_signature, "invalid signature"};
    } else if (c.expired_at < now) {
      e = sim_error{err::tx_expired, "transaction expired: ExpiredAt " +
                                         std::to_string(c.expired_at) +
                                         " < now " + std::to_string(now)};
    } else {
      auto& key = a->second.keys[c.api_key_index];
      if (!nonce_fits(c, key.next_nonce)) {
        e = sim_error{err::invalid_nonce,
                      "invalid nonce: expected " +
                          std::string(c.skip_nonce ? "at least " : "") +
                          std::to_string(key.next_nonce) + ", got " +
                          std::to_string(c.nonce)};
      } else {
        key.next_nonce = c.nonce + 1;
        e = apply(txs[i], hashes[i], now, out);
      }
    }
    if (e) {
      restore(std::move(backup));
      return refuse(std::move(*e), i);
    }
    record_entry r;
    r.kind = record_kind::tx;
    r.ts = now;
    r.account = c.account_index;
    r.api_key = c.api_key_index;
    r.nonce = c.nonce;
    r.tx_type = type_id_of(txs[i]);
    r.tx_hash = hashes[i];
    out.records.push_back(r);
  }
  ++ledger_.block_height;
  run_timed(now, out);
  publish_books(now, out);
  commit(out);
  for (const auto& tx : txs) {
    ++accepted_txs_;
    if (faults_.desync_after(accepted_txs_)) {
      const auto c = common_of(tx);
      ++fault_counts_.nonce_desyncs;
      desync_nonce(c.account_index, c.api_key_index, now);
    }
  }
  res.tx_hashes = std::move(hashes);
  res.predicted_execution_time_ms = now + tc.maker_delay_ms;
  return res;
}

exchange::batch_undo exchange::save_for(const std::vector<sim_tx>& txs) {
  batch_undo u;
  std::set<int> markets;
  for (const auto& tx : txs) {
    if (const auto* c = std::get_if<create_order_tx>(&tx)) {
      markets.insert(c->market_index);
    } else if (const auto* k = std::get_if<cancel_order_tx>(&tx)) {
      markets.insert(k->market_index);
    } else {
      u.saved = ledger_;
      return u;
    }
  }
  // Everything but the live orders (moved aside, not copied), then those
  // of the named markets.
  auto live = std::move(ledger_.live);
  u.saved = ledger_;
  ledger_.live = std::move(live);
  for (int m : markets) {
    auto orders = live_in(m);
    u.saved.live.insert(orders.begin(), orders.end());
  }
  u.markets = std::move(markets);
  return u;
}

template <class Range>
void exchange::index_live_of(const Range& orders, bool add) {
  for (const auto& [idx, o] : orders) {
    if (o.client_order_index == 0) continue;
    if (add)
      live_client_indexes_.emplace(o.account, o.client_order_index);
    else
      live_client_indexes_.erase({o.account, o.client_order_index});
  }
}

void exchange::restore(batch_undo u) {
  if (!u.markets) {
    ledger_ = std::move(u.saved);
    live_client_indexes_.clear();
    index_live_of(ledger_.live, true);
    return;
  }
  for (int m : *u.markets) {
    auto orders = live_in(m);
    index_live_of(orders, false);
    ledger_.live.erase(orders.begin(), orders.end());
  }
  index_live_of(u.saved.live, true);
  ledger_.live.merge(u.saved.live);
  // The saved ledger takes the live orders put back, then replaces ours.
  u.saved.live = std::move(ledger_.live);
  ledger_ = std::move(u.saved);
}

std::optional<std::pair<sim_error, size_t>>
exchange::check_batch(const std::vector<sim_tx>& txs,
                      lighter::limits::tx_channel channel) const {
  const bool rest = channel == lighter::limits::tx_channel::rest;
  const int max = rest ? cfg_.max_rest_batch : cfg_.max_ws_batch;
  if (txs.size() > static_cast<size_t>(max))
    return std::pair{
        sim_error{
            err::batch_too_large,
            "too many transactions in batch: " + std::to_string(txs.size()) +
                " (max " + std::to_string(max) +
                (rest ? " per REST batch)" : " per WebSocket frame)")},
        size_t{0}};
  const auto first = common_of(txs.front());
  for (size_t i = 1; i < txs.size(); ++i) {
    const auto c = common_of(txs[i]);
    if (c.account_index != first.account_index ||
        c.api_key_index != first.api_key_index)
      return std::pair{sim_error{err::batch_mixed_keys,
                                 "batch mixes accounts or api keys: tx " +
                                     std::to_string(i) + " is " +
                                     std::to_string(c.account_index) + "/" +
                                     std::to_string(c.api_key_index) +
                                     ", tx 0 is " +
                                     std::to_string(first.account_index) + "/" +
                                     std::to_string(first.api_key_index)},
                       i};
    if (c.nonce <= common_of(txs[i - 1]).nonce)
      return std::pair{
          sim_error{err::batch_nonces_not_increasing,
                    "nonces of a batch must be strictly increasing: tx " +
                        std::to_string(i) + " has " + std::to_string(c.nonce)},
          i};
  }
  return std::nullopt;
}

bool exchange::nonce_fits(const tx_common& c, int64_t next_nonce) {
  if (!c.skip_nonce) return c.nonce == next_nonce;
  return c.nonce >= next_nonce && c.nonce < lighter::limits::skip_nonce_limit;
}

std::optional<sim_error> exchange::apply(const sim_tx& tx,
                                         const std::string& hash, ms_t now,
                                         pending_out& out) {
  switch (tx.index()) {
  case 0:
    return apply_create(std::get<create_order_tx>(tx), hash, now, out);
  case 1:
    return apply_cancel(std::get<cancel_order_tx>(tx), now, out);
  case 2:
    return apply_cancel_all(std::get<cancel_all_orders_tx>(tx), now, out);
  default:
    return sim_error{err::invalid_tx_info,
                     "invalid tx info: ModifyOrder is not supported by the "
                     "simulator (cancel and create instead)"};
  }
}

std::optional<sim_error> exchange::apply_create(const create_order_tx& t,
                                                const std::string& hash,
                                                ms_t now, pending_out& out) {
  // Field rules were checked by validate_tx; what is left depends on the
  // simulator's markets, its time and its ledger.
  const market_cfg* mc = cfg_.market(t.market_index);
  if (!mc) return sim_error{err::invalid_market, "invalid market index"};
  if (t.type != wire::type_limit && t.type != wire::type_market)
    return sim_error{err::invalid_order_type,
                     "invalid order type (simulator: limit and market only)"};
  if (t.time_in_force != wire::tif_ioc && t.order_expiry <= now)
    return sim_error{err::invalid_expiry,
                     "GTT/post-only orders need a future OrderExpiry"};
  if (!t.reduce_only) {
    const int64_t micro = to_micro(mc->market_id, mul(t.price, t.base_amount));
    if (t.base_amount < mc->min_base || micro < mc->min_quote_micro)
      return sim_error{err::invalid_order_amount,
                       "invalid order base or quote amount"};
  }
  if (t.client_order_index != 0 &&
      live_client_indexes_.count({t.account_index, t.client_order_index}))
    return sim_error{err::duplicate_client_order_index,
                     "duplicate client order index"};
  auto& acc = ledger_.accounts.at(t.account_index);
  if (acc.active_orders >= cfg_.max_active_orders)
    return sim_error{err::too_many_account_orders,
                     "too many active orders on the account (" +
                         std::to_string(cfg_.max_active_orders) + ")"};
  int in_market = 0;
  for (const auto& [idx, o] : live_in(t.market_index))
    in_market += o.account == t.account_index;
  if (in_market >= cfg_.max_active_orders_per_market)
    return sim_error{err::too_many_market_orders,
                     "too many active orders in the market (" +
                         std::to_string(cfg_.max_active_orders_per_market) +
                         ")"};
  const auto& tc = cfg_.tiers[static_cast<size_t>(acc.level)];
  sim_order o;
  const int64_t counter = ++ledger_.order_counter[t.market_index];
  o.order_index =
      wire::order_index_floor * (t.market_index + 1) + 1000000 + counter;
  o.client_order_index = t.client_order_index;
  o.market_id = t.market_index;
  o.account = t.account_index;
  o.api_key = t.api_key_index;
  o.is_ask = t.is_ask != 0;
  o.type = t.type;
  o.time_in_force = t.time_in_force;
  o.reduce_only = t.reduce_only != 0;
  o.price = t.price;
  o.initial_base = o.remaining_base = t.base_amount;
  o.order_expiry = t.order_expiry;
  o.nonce = t.nonce;
  o.status = order_status::pending;
  o.created_at = o.updated_at = now;
  o.live_at = now + (t.time_in_force == wire::tif_ioc ? tc.taker_delay_ms
                                                      : tc.maker_delay_ms);
  o.seq = ++ledger_.seq;
  o.tx_hash = hash;
  o.block_height = ledger_.block_height;
  ledger_.live[o.order_index] = o;
  ++acc.active_orders;
  if (o.client_order_index != 0)
    live_client_indexes_.emplace(o.account, o.client_order_index);
  note_timed(o.live_at);
  note_order(o, now, out);
  return std::nullopt;
}

sim_order* exchange::find_live(int64_t account, int market, int64_t index) {
  for (auto& [idx, o] : live_in(market)) {
    if (o.account != account) continue;
    if (index >= wire::order_index_floor
            ? o.order_index == index
            : (index != 0 && o.client_order_index == index))
      return &o;
  }
  return nullptr;
}

exchange::range<exchange::live_map::iterator> exchange::live_in(int market) {
  const int64_t from = wire::order_index_floor * (market + 1);
  return {ledger_.live.lower_bound(from),
          ledger_.live.lower_bound(from + wire::order_index_floor)};
}

exchange::range<exchange::live_map::const_iterator>
exchange::live_in(int market) const {
  const int64_t from = wire::order_index_floor * (market + 1);
  return {ledger_.live.lower_bound(from),
          ledger_.live.lower_bound(from + wire::order_index_floor)};
}

std::optional<sim_error> exchange::apply_cancel(const cancel_order_tx& t,
                                                ms_t now, pending_out& out) {
  if (!cfg_.market(t.market_index))
    return sim_error{err::invalid_market, "invalid market index"};
  sim_order* o = find_live(t.account_index, t.market_index, t.index);
  if (!o)
    return sim_error{err::order_not_active, "order not found or not active"};
  finish(*o, order_status::canceled, now, out);
  return std::nullopt;
}

std::optional<sim_error>
exchange::apply_cancel_all(const cancel_all_orders_tx& t, ms_t now,
                           pending_out& out) {
  // Field rules (Time per mode, the market filter only when immediate) were
  // checked by validate_tx.
  const int market_filter = market_filter_of(t);
  if (market_filter != wire::nil_market && !cfg_.market(market_filter))
    return sim_error{err::invalid_market, "invalid market index"};
  auto& acc = ledger_.accounts.at(t.account_index);
  switch (t.time_in_force) {
  case wire::cancel_all_immediate:
    cancel_all_of(t.account_index, market_filter, now, out);
    return std::nullopt;
  case wire::cancel_all_scheduled:
    if (t.time <= now)
      return sim_error{err::invalid_cancel_all_time,
                       "invalid cancel all time: must be in the future"};
    acc.cancel_all_time = t.time;
    note_timed(t.time);
    return std::nullopt;
  default: // abort
    acc.cancel_all_time = 0;
    return std::nullopt;
  }
}

void exchange::cancel_all_of(int64_t account, int market_filter, ms_t now,
                             pending_out& out) {
  std::vector<int64_t> ids;
  for (const auto& [idx, o] : ledger_.live)
    if (o.account == account &&
        (market_filter == wire::nil_market || o.market_id == market_filter))
      ids.push_back(idx);
  for (auto id : ids)
    finish(ledger_.live.at(id), order_status::canceled, now, out);
}

void exchange::note_order(const sim_order& o, ms_t now, pending_out& out) {
  books_changed_.insert(o.market_id);
  out.events.push_back(order_event{o});
  record_entry r;
  r.kind = record_kind::order;
  r.ts = now;
  r.account = o.account;
  r.api_key = o.api_key;
  r.market_id = o.market_id;
  r.order_index = o.order_index;
  r.client_order_index = o.client_order_index;
  r.is_ask = o.is_ask;
  r.price = o.price;
  r.size = o.initial_base;
  r.remaining = o.remaining_base;
  r.status = status_name(o.status);
  r.tx_hash = o.tx_hash;
  r.nonce = o.nonce;
  out.records.push_back(r);
}

void exchange::finish(sim_order& o, order_status s, ms_t now,
                      pending_out& out) {
  o.status = s;
  o.updated_at = now;
  const sim_order copy = o;
  ledger_.live.erase(copy.order_index);
  live_client_indexes_.erase({copy.account, copy.client_order_index});
  if (auto a = ledger_.accounts.find(copy.account); a != ledger_.accounts.end())
    --a->second.active_orders;
  note_order(copy, now, out);
}

// --- time and the path -----------------------------------------------------

void exchange::advance(ms_t now) {
  pending_out out;
  while (true) {
    market_state* best = nullptr;
    ms_t best_t = never;
    for (auto& [id, m] : markets_) {
      if (m.path.exhausted()) continue;
      const ms_t t = to_exchange_time(m, m.path.peek().ts);
      if (t <= now && t < best_t) {
        best_t = t;
        best = &m;
      }
    }
    if (!best) break;
    run_timed(best_t, out);
    const path_point pt = best->path.peek();
    best->path.pop();
    apply_point(*best, pt, best_t, out);
  }
  run_timed(now, out);
  publish_books(now, out);
  commit(out);
}

void exchange::note_timed(ms_t t) {
  next_timed_ = std::min(next_timed_, t);
}

void exchange::run_timed(ms_t upto, pending_out& out) {
  if (upto < next_timed_) return;
  while (true) {
    ms_t best_t = never;
    int kind = 0; // 1 cancel-all, 2 activation, 3 expiry
    int64_t key = 0;
    uint64_t best_seq = 0;
    ms_t soonest = never; // of every timed event, due or not
    for (const auto& [idx, a] : ledger_.accounts) {
      if (a.cancel_all_time > 0) soonest = std::min(soonest, a.cancel_all_time);
      if (a.cancel_all_time > 0 && a.cancel_all_time <= upto &&
          a.cancel_all_time < best_t) {
        best_t = a.cancel_all_time;
        kind = 1;
        key = idx;
      }
    }
    for (const auto& [idx, o] : ledger_.live) {
      if (o.status == order_status::pending)
        soonest = std::min(soonest, o.live_at);
      if (o.status == order_status::open && o.order_expiry > 0)
        soonest = std::min(soonest, o.order_expiry);
      if (o.status == order_status::pending && o.live_at <= upto &&
          (o.live_at < best_t ||
           (o.live_at == best_t && kind == 2 && o.seq < best_seq))) {
        best_t = o.live_at;
        kind = 2;
        key = idx;
        best_seq = o.seq;
      }
      if (o.status == order_status::open && o.order_expiry > 0 &&
          o.order_expiry <= upto && o.order_expiry < best_t) {
        best_t = o.order_expiry;
        kind = 3;
        key = idx;
      }
    }
    if (kind == 0) {
      next_timed_ = soonest;
      return;
    }
    if (kind == 1) {
      auto& a = ledger_.accounts.at(key);
      a.cancel_all_time = 0;
      record_entry r;
      r.kind = record_kind::cancel_all_fired;
      r.ts = best_t;
      r.account = key;
      out.records.push_back(r);
      cancel_all_of(key, wire::nil_market, best_t, out);
    } else if (kind == 2) {
      activate(ledger_.live.at(key), best_t, out);
    } else {
      finish(ledger_.live.at(key), order_status::canceled_expired, best_t, out);
    }
  }
}

int64_t exchange::queue_at(const market_state& m, bool is_ask, int64_t price,
                           uint64_t before_seq) const {
  const auto& bg = is_ask ? m.bg_asks : m.bg_bids;
  auto it = bg.find(price);
  int64_t q = it == bg.end() ? 0 : it->second;
  for (const auto& [idx, o] : live_in(m.cfg.market_id))
    if (o.status == order_status::open && o.is_ask == is_ask &&
        o.price == price && o.seq < before_seq)
      q += o.remaining_base;
  return q;
}

void exchange::activate(sim_order& o, ms_t now, pending_out& out) {
  auto& m = markets_.at(o.market_id);
  auto& acc = ledger_.accounts.at(o.account);
  if (o.reduce_only) {
    auto p = acc.positions.find(o.market_id);
    const int64_t pos = p == acc.positions.end() ? 0 : p->second.qty;
    const bool reduces = o.is_ask ? pos > 0 : pos < 0;
    if (!reduces) {
      finish(o, order_status::canceled_reduce_only, now, out);
      return;
    }
    o.remaining_base = std::min(o.remaining_base, pos < 0 ? -pos : pos);
  }
  if (o.time_in_force == wire::tif_post_only) {
    // Crosses the best opposite price of the whole book (background and
    // every account's open orders)?
    bool crosses = false;
    if (o.is_ask) {
      if (!m.bg_bids.empty() && o.price <= m.bg_bids.rbegin()->first)
        crosses = true;
    } else {
      if (!m.bg_asks.empty() && o.price >= m.bg_asks.begin()->first)
        crosses = true;
    }
    for (const auto& [idx, x] : live_in(o.market_id))
      if (x.status == order_status::open && x.is_ask != o.is_ask &&
          (o.is_ask ? o.price <= x.price : o.price >= x.price))
        crosses = true;
    if (crosses) {
      finish(o, order_status::canceled_post_only, now, out);
      return;
    }
  } else {
    take_liquidity(o, now, out);
  }
  if (o.remaining_base == 0) {
    finish(o, order_status::filled, now, out);
    return;
  }
  if (o.time_in_force == wire::tif_ioc) {
    finish(o, order_status::canceled, now, out);
    return;
  }
  o.status = order_status::open;
  o.updated_at = now;
  if (o.order_expiry > 0) note_timed(o.order_expiry);
  o.queue_ahead = queue_at(m, o.is_ask, o.price, o.seq);
  note_order(o, now, out);
}

void exchange::take_liquidity(sim_order& o, ms_t now, pending_out& out) {
  auto& m = markets_.at(o.market_id);
  auto& levels = o.is_ask ? m.bg_bids : m.bg_asks;
  books_changed_.insert(o.market_id);
  while (o.remaining_base > 0 && !levels.empty()) {
    auto it = o.is_ask ? std::prev(levels.end()) : levels.begin();
    if (o.is_ask ? it->first < o.price : it->first > o.price) break;
    const int64_t f = std::min(it->second, o.remaining_base);
    const int64_t price = it->first;
    // The background level is consumed until the path moves again.
    it->second -= f;
    if (it->second == 0) levels.erase(it);
    fill_order(o, f, price, false, o.tx_hash, now, out);
  }
}

void exchange::fill_order(sim_order& o, int64_t size, int64_t price, bool maker,
                          const std::string& hash, ms_t now, pending_out& out) {
  auto& m = markets_.at(o.market_id);
  auto& acc = ledger_.accounts.at(o.account);
  auto& pos = acc.positions[o.market_id];
  const sim_position before = pos;
  const auto lvl = static_cast<size_t>(acc.level);
  const int64_t ppm =
      maker ? m.cfg.maker_fee_ppm[lvl] : m.cfg.taker_fee_ppm[lvl];
  const int64_t notional = mul(price, size);
  const int qd = m.cfg.price_decimals + m.cfg.size_decimals;
  const int128 fee_num = static_cast<int128>(notional) * ppm;
  const int128 fee_den = pow10(qd);
  const int64_t fee_micro =
      static_cast<int64_t>((fee_num + fee_den - 1) / fee_den);
  const int64_t pnl = apply_position(pos, o.is_ask, size, price);
  acc.collateral_micro += to_micro(o.market_id, pnl) - fee_micro;
  acc.volume_micro += to_micro(o.market_id, notional);
  o.remaining_base -= size;
  o.filled_base += size;
  o.filled_quote += notional;
  o.updated_at = now;

  sim_trade t;
  t.trade_id = ++ledger_.trade_id;
  t.tx_hash = hash;
  t.market_id = o.market_id;
  t.size = size;
  t.price = price;
  const int64_t bg_order = wire::order_index_floor * (o.market_id + 1) +
                           (int64_t{1} << 47) + t.trade_id;
  const int64_t bg_account = cfg_.background_account;
  if (o.is_ask) {
    t.ask_id = o.order_index;
    t.ask_client_id = o.client_order_index;
    t.ask_account_id = o.account;
    t.bid_id = bg_order;
    t.bid_account_id = bg_account;
  } else {
    t.bid_id = o.order_index;
    t.bid_client_id = o.client_order_index;
    t.bid_account_id = o.account;
    t.ask_id = bg_order;
    t.ask_account_id = bg_account;
  }
  t.is_maker_ask = maker ? o.is_ask : !o.is_ask;
  t.block_height = ledger_.block_height;
  t.timestamp = now;
  t.transaction_time = now * 1000 + static_cast<int64_t>(t.trade_id % 1000);
  const bool changed = sign_of(before.qty) != sign_of(pos.qty);
  if (maker) {
    if (ppm > 0) t.maker_fee = ppm;
    t.maker_position_before = before.qty;
    t.maker_entry_quote_before = before.entry_quote;
    t.maker_sign_changed = changed;
  } else {
    if (ppm > 0) t.taker_fee = ppm;
    t.taker_position_before = before.qty;
    t.taker_entry_quote_before = before.entry_quote;
    t.taker_sign_changed = changed;
  }
  t.taker_imf = t.maker_imf = m.cfg.default_imf;
  record_trade(m, t, out);

  record_entry r;
  r.kind = record_kind::fill;
  r.ts = now;
  r.account = o.account;
  r.api_key = o.api_key;
  r.market_id = o.market_id;
  r.order_index = o.order_index;
  r.client_order_index = o.client_order_index;
  r.is_ask = o.is_ask;
  r.price = price;
  r.size = size;
  r.remaining = o.remaining_base;
  r.trade_id = t.trade_id;
  r.maker = maker;
  r.fee_micro = fee_micro;
  r.position_after = pos.qty;
  r.tx_hash = hash;
  out.records.push_back(r);
  out.events.emplace_back(std::in_place_type<position_event>,
                          position_event{o.account, o.market_id});
  out.events.emplace_back(std::in_place_type<balance_event>,
                          balance_event{o.account});
}

void exchange::record_trade(market_state& m, const sim_trade& t,
                            pending_out& out) {
  m.recent.push_front(t);
  if (m.recent.size() > recent_trades_kept) m.recent.pop_back();
  for (auto account : {t.ask_account_id, t.bid_account_id}) {
    if (account == cfg_.background_account) continue;
    auto& mine = account_trades_[account];
    mine.push_front(t);
    if (mine.size() > account_trades_kept) mine.pop_back();
    if (t.ask_account_id == t.bid_account_id) break;
  }
  const ms_t minute = t.timestamp - (t.timestamp % 60000);
  if (m.candles.empty() || m.candles.back().t != minute) {
    m.candles.push_back(
        candle_bar{minute, t.price, t.price, t.price, t.price, 0, 0, 0});
    if (m.candles.size() > candles_kept) m.candles.erase(m.candles.begin());
  }
  auto& c = m.candles.back();
  c.high = std::max(c.high, t.price);
  c.low = std::min(c.low, t.price);
  c.close = t.price;
  c.volume += t.size;
  c.quote_volume += mul(t.price, t.size);
  c.last_trade_id = t.trade_id;
  out.events.push_back(trade_event{t});
}

void exchange::apply_point(market_state& m, const path_point& pt, ms_t now,
                           pending_out& out) {
  m.last_price = pt.price;
  m.high = std::max(m.high, pt.price);
  m.low = std::min(m.low, pt.price);
  m.volume += pt.size;
  m.quote_volume += mul(pt.price, pt.size);
  ++m.trades_count;
  refresh_background(m);
  out.stats_dirty.insert(m.cfg.market_id);
  if (pt.size > 0) {
    sim_trade t;
    t.trade_id = ++ledger_.trade_id;
    t.tx_hash = synthetic_hash(now);
    t.market_id = m.cfg.market_id;
    t.size = pt.size;
    t.price = pt.price;
    t.ask_id = wire::order_index_floor * (m.cfg.market_id + 1) +
               (int64_t{1} << 47) + 2 * t.trade_id;
    t.bid_id = t.ask_id + 1;
    t.ask_account_id = t.bid_account_id = cfg_.background_account;
    t.is_maker_ask = pt.taker_is_buy;
    t.block_height = ledger_.block_height;
    t.timestamp = now;
    t.transaction_time = now * 1000 + static_cast<int64_t>(t.trade_id % 1000);
    t.taker_imf = t.maker_imf = m.cfg.default_imf;
    record_trade(m, t, out);
  }
  // Resting orders the path reached, best price first, then time priority.
  const bool queue_model = cfg_.fills == fill_model::queue;
  std::vector<int64_t> bids, asks;
  for (const auto& [idx, o] : live_in(m.cfg.market_id)) {
    if (o.status != order_status::open) continue;
    const bool reached =
        o.is_ask ? (queue_model ? o.price <= pt.price : o.price < pt.price)
                 : (queue_model ? o.price >= pt.price : o.price > pt.price);
    if (reached) (o.is_ask ? asks : bids).push_back(idx);
  }
  auto by_priority = [&](bool ask) {
    return [this, ask](int64_t a, int64_t b) {
      const auto& x = ledger_.live.at(a);
      const auto& y = ledger_.live.at(b);
      if (x.price != y.price)
        return ask ? x.price < y.price : x.price > y.price;
      return x.seq < y.seq;
    };
  };
  std::sort(bids.begin(), bids.end(), by_priority(false));
  std::sort(asks.begin(), asks.end(), by_priority(true));
  int64_t volume = pt.size;
  bool any_fill = false;
  std::string hash;
  for (const auto* side : {&bids, &asks}) {
    for (int64_t idx : *side) {
      auto& o = ledger_.live.at(idx);
      const bool through = o.is_ask ? o.price < pt.price : o.price > pt.price;
      int64_t f = 0;
      if (!queue_model) {
        f = o.remaining_base;
      } else {
        const int64_t used = std::min(o.queue_ahead, volume);
        o.queue_ahead -= used;
        volume -= used;
        if (through && o.queue_ahead == 0)
          f = std::min(o.remaining_base, volume);
        volume -= f;
      }
      if (f <= 0) continue;
      if (f >= 2 && faults_.partial_fill(++resting_fill_seq_)) {
        ++fault_counts_.partial_fills;
        f /= 2;
      }
      if (!any_fill) {
        hash = synthetic_hash(now);
        any_fill = true;
      }
      fill_order(o, f, o.price, true, hash, now, out);
      if (o.remaining_base == 0)
        finish(o, order_status::filled, now, out);
      else
        note_order(o, now, out);
    }
  }
  if (any_fill) ++ledger_.block_height;
}

void exchange::publish_books(ms_t now, pending_out& out) {
  stats_changed_.merge(out.stats_dirty);
  out.stats_dirty.clear();
  const auto every = cfg_.market_data_every_ms;
  if (every > 0 && market_data_at_ > 0 && now < market_data_at_ + every)
    return; // what changed waits for the next publication
  market_data_at_ = now;
  // The other markets' books are the ones last published: no delta.
  for (int id : books_changed_) {
    auto& m = markets_.at(id);
    side_levels asks = m.bg_asks;
    side_levels bids = m.bg_bids;
    for (const auto& [idx, o] : live_in(id))
      if (o.status == order_status::open)
        (o.is_ask ? asks : bids)[o.price] += o.remaining_base;
    if (auto msg = m.feed.update(std::move(asks), std::move(bids), now))
      out.events.push_back(book_event{id, std::move(*msg)});
  }
  books_changed_.clear();
  for (int id : stats_changed_)
    out.events.emplace_back(std::in_place_type<stats_event>, stats_event{id});
  stats_changed_.clear();
}

void exchange::commit(pending_out& out) {
  for (auto& e : out.events) {
    if (auto* oe = std::get_if<order_event>(&e))
      if (!is_live(oe->order.status)) {
        inactive_.push_front(oe->order);
        if (inactive_.size() > inactive_kept) inactive_.pop_back();
      }
    events_.push_back(std::move(e));
  }
  for (auto& r : out.records)
    record_.push_back(std::move(r));
  out.events.clear();
  out.records.clear();
}

} // namespace trailgrid::sim
