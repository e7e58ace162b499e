#pragma once

#include "tools/lighter-sim/exchange.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sim_test {

using namespace trailgrid::sim;

/// Exchange time at the start of every test.
inline constexpr ms_t t0 = 1700000000000;
/// Our test account and key.
inline constexpr int64_t acct = 7;
inline constexpr int key = 3;
inline const std::string pubkey(80, 'a');

/// One BTC market (id 1, 1 price / 5 size decimals) with 3 background levels
/// each side (half spread 5 ticks, step 10, ~1000 lots), account 7 / key 3.
inline sim_cfg test_cfg() {
  sim_cfg c = default_config();
  market_cfg btc = *c.market(1);
  btc.book.levels = 3;
  btc.book.half_spread = 5;
  btc.book.level_step = 10;
  btc.book.level_size = 1000;
  c.markets = {btc};
  account_cfg a;
  a.index = acct;
  a.collateral_micro = 1000000LL * 1000000;
  a.keys = {api_key_cfg{key, pubkey, 0}};
  c.accounts = {a};
  return c;
}

/// A recorded path for market 1: points (data ms since start, price ticks,
/// size lots); the first point is the opening price.
inline std::map<int, price_path>
path_of(const std::vector<std::pair<ms_t, int64_t>>& pts, int64_t size = 100) {
  std::vector<path_point> v;
  for (const auto& [t, p] : pts)
    v.push_back(path_point{t, p, size, true});
  std::map<int, price_path> m;
  m.emplace(1, price_path::recorded(std::move(v), false));
  return m;
}

/// A tx of account 7 / key 3 with `nonce`, valid for 10 minutes.
template <class Tx>
Tx ours(int64_t nonce) {
  Tx t;
  t.account_index = acct;
  t.api_key_index = key;
  t.expired_at = t0 + 600000;
  t.nonce = nonce;
  return t;
}

/// A post-only order of account 7 / key 3.
inline create_order_tx order(int64_t nonce, int64_t cloid, int64_t price,
                             int64_t size, bool ask,
                             int tif = wire::tif_post_only) {
  auto t = ours<create_order_tx>(nonce);
  t.market_index = 1;
  t.client_order_index = cloid;
  t.base_amount = size;
  t.price = price;
  t.is_ask = ask ? 1 : 0;
  t.type = wire::type_limit;
  t.time_in_force = tif;
  t.order_expiry = tif == wire::tif_ioc ? 0 : t0 + 86400000;
  return t;
}

inline cancel_order_tx cancel(int64_t nonce, int64_t index) {
  auto t = ours<cancel_order_tx>(nonce);
  t.market_index = 1;
  t.index = index;
  return t;
}

inline cancel_all_orders_tx cancel_all(int64_t nonce, int tif, int64_t time,
                                       int market = wire::nil_market) {
  auto t = ours<cancel_all_orders_tx>(nonce);
  t.time_in_force = tif;
  t.time = time;
  if (market != wire::nil_market)
    t.attributes[trailgrid::lighter::attribute::cancel_all_market_index] =
        market;
  return t;
}

/// Submits one tx; returns the error code (0 = accepted).
inline int send(exchange& ex, const sim_tx& tx, ms_t now) {
  auto r = ex.submit({tx}, {}, now);
  return r.error ? r.error->code : 0;
}

/// The live order with client order index `cloid`, or a default one.
inline sim_order live(const exchange& ex, int64_t cloid) {
  for (const auto& o : ex.live_orders(acct))
    if (o.client_order_index == cloid) return o;
  return sim_order{};
}

/// Status of the last record entry about order `cloid`.
inline std::string last_status(const exchange& ex, int64_t cloid) {
  std::string s;
  for (const auto& r : ex.record())
    if (r.kind == record_kind::order && r.client_order_index == cloid)
      s = r.status;
  return s;
}

} // namespace sim_test
