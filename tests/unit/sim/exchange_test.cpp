#define CAF_SUITE sim_exchange
#include "caf/test/unit_test.hpp"

#include "tests/unit/sim/sim_fixture.hpp"

using namespace sim_test;

// g++ 12 at -O3 reports copies of the tx variant built in a loop as "maybe
// uninitialized" (a known false positive of the variant's storage).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace {

/// A batch of transactions of different kinds.
template <class... Tx>
std::vector<sim_tx> batch(const Tx&... txs) {
  std::vector<sim_tx> out;
  (out.emplace_back(txs), ...);
  return out;
}

exchange flat_exchange() {
  return exchange(test_cfg(), t0, path_of({{0, 650000}}));
}

/// An exchange whose account may rest `per_account` orders, `per_market` in
/// one market.
exchange capped(int per_account, int per_market) {
  auto cfg = test_cfg();
  cfg.max_active_orders = per_account;
  cfg.max_active_orders_per_market = per_market;
  return exchange(cfg, t0, path_of({{0, 650000}}));
}

/// Places two bids (nonces 0 and 1), then answers the verdict on a third.
int two_bids_then_a_third(exchange& ex) {
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(1, 2, 649980, 100, false), t0), 0);
  return send(ex, order(2, 3, 649970, 100, false), t0);
}

} // namespace

CAF_TEST(the nonce must be exactly the next one of the key) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(0, 2, 649990, 100, false), t0),
                  err::invalid_nonce);
  CAF_CHECK_EQUAL(send(ex, order(2, 2, 649990, 100, false), t0),
                  err::invalid_nonce);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 1);
  CAF_CHECK_EQUAL(send(ex, order(1, 2, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 2);
}

CAF_TEST(expired transactions are refused without consuming the nonce) {
  auto ex = flat_exchange();
  auto t = order(0, 1, 649990, 100, false);
  t.expired_at = t0 - 1;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::tx_expired);
  t.expired_at = t0;
  CAF_CHECK_EQUAL(send(ex, t, t0), 0);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 1);
}

CAF_TEST(unknown accounts keys and bad signatures are refused) {
  auto ex = flat_exchange();
  auto t = order(0, 1, 649990, 100, false);
  t.account_index = 8;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::account_not_found);
  t.account_index = acct;
  t.api_key_index = 4;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::api_key_not_found);
  t.api_key_index = 255;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_api_key_index);
  t.api_key_index = key;
  std::string seen;
  auto r =
      ex.submit({t}, {}, t0, [&](size_t, const std::string& pk, std::string&) {
        seen = pk;
        return false;
      });
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::invalid_signature);
  CAF_CHECK_EQUAL(seen, pubkey);
  r = ex.submit({t}, {}, t0, [](size_t, const std::string&, std::string& h) {
    h = "feed";
    return true;
  });
  CAF_CHECK(!r.error);
  CAF_CHECK_EQUAL(r.tx_hashes.at(0), "feed");
}

CAF_TEST(order fields are range checked) {
  auto ex = flat_exchange();
  auto t = order(0, 1, 649990, 100, false);
  t.price = 0;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_price);
  t = order(0, 1, 649990, 0, false);
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_base_amount);
  t = order(0, 1, 649990, 19, false); // below min_base 0.00020
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_order_amount);
  t = order(0, 1, 1000, 100, false); // 0.1 USDC notional
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_order_amount);
  t = order(0, 1, 649990, 100, false);
  t.order_expiry = 0;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_expiry);
  t = order(0, 1, 649990, 100, false, wire::tif_ioc);
  t.order_expiry = t0 + 1000;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_expiry);
  t = order(0, 1, 649990, 100, false);
  t.time_in_force = 3;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_tif);
  t = order(0, (int64_t{1} << 48), 649990, 100, false);
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_client_order_index);
  t = order(0, 1, 649990, 100, false);
  t.market_index = 5;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_market);
  t = order(0, 1, 649990, 100, false);
  t.type = 7;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_order_type);
  // A stop loss breaking the exchange's rules gets the exchange's answer
  // (here: a stop loss must be IOC); a valid one is beyond the simulator.
  t.type = 2;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_tif);
  t = order(0, 1, 649990, 100, false, wire::tif_ioc);
  t.type = 2;
  t.trigger_price = 649000;
  t.order_expiry = t0 + 60000;
  auto r = ex.submit({t}, {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::invalid_order_type);
  CAF_CHECK_EQUAL(r.error->message,
                  "invalid order type (simulator: limit and market only)");
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
}

CAF_TEST(field rule violations carry the exchange code and the rule) {
  auto ex = flat_exchange();
  auto t = order(0, 1, 649990, 100, false);
  t.price = 0;
  auto r = ex.submit({t}, {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->message, "invalid price: Price 0 is out of range "
                                    "(allowed 1..4294967295)");
  t = order(0, 1, 649990, 100, false);
  t.is_ask = 2;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_tx_info);
  t = order(0, 1, 649990, 100, false);
  t.trigger_price = 5;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_tx_info);
  t = order(0, 1, 649990, 100, false);
  t.attributes = {{9, 1}};
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_tx_info);
  t = order(0, 1, 649990, 100, false);
  t.market_index = 300;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_market);
  t = order(0, 1, 649990, 100, false);
  t.expired_at = int64_t{1} << 48;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::tx_expired);
  CAF_CHECK_EQUAL(send(ex, cancel(0, 0), t0), err::order_not_active);
  // Field rules come before the ledger: an unknown account with a bad
  // price is a bad price.
  t = order(0, 1, 649990, 100, false);
  t.account_index = 8;
  t.price = 0;
  CAF_CHECK_EQUAL(send(ex, t, t0), err::invalid_price);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
}

CAF_TEST(client order indices are unique among live orders) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(1, 1, 649980, 100, false), t0),
                  err::duplicate_client_order_index);
  CAF_CHECK_EQUAL(send(ex, cancel(1, 1), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(2, 1, 649980, 100, false), t0), 0);
}

CAF_TEST(creates past the resting order caps are refused until one ends) {
  auto ex = capped(3, 2);
  CAF_CHECK_EQUAL(two_bids_then_a_third(ex), err::too_many_market_orders);
  CAF_CHECK_EQUAL(send(ex, cancel(2, 1), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(3, 3, 649970, 100, false), t0), 0);
  auto small = capped(2, 1000);
  CAF_CHECK_EQUAL(two_bids_then_a_third(small), err::too_many_account_orders);
  // A refused batch leaves the count as it was: one cancel frees one place.
  auto r = small.submit({cancel(2, 1), order(3, 3, 649970, 100, false),
                         order(4, 4, 649960, 100, false)},
                        {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::too_many_account_orders);
  CAF_CHECK_EQUAL(small.live_orders(acct).size(), 2u);
  CAF_CHECK_EQUAL(send(small, cancel(2, 1), t0), 0);
  CAF_CHECK_EQUAL(send(small, order(3, 3, 649970, 100, false), t0), 0);
}

CAF_TEST(batches are limited in size and atomic) {
  auto ex = flat_exchange();
  std::vector<sim_tx> big;
  for (int i = 0; i < 16; ++i) {
    const sim_tx tx = order(i, i + 1, 649900 - i, 100, false);
    big.push_back(tx);
  }
  auto r = ex.submit(big, {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::batch_too_large);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
  big.pop_back();
  r = ex.submit(big, {}, t0);
  CAF_CHECK(!r.error);
  CAF_CHECK_EQUAL(r.tx_hashes.size(), 15u);
  CAF_CHECK_EQUAL(r.tx_hashes.at(0).size(), 80u);
  CAF_CHECK_EQUAL(ex.live_orders(acct).size(), 15u);
  // A failing tx in the middle refuses the whole batch.
  r = ex.submit({order(15, 100, 649800, 100, false), cancel(16, 999),
                 order(17, 101, 649800, 100, false)},
                {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::order_not_active);
  CAF_CHECK_EQUAL(r.failed_index, 1u);
  CAF_CHECK_EQUAL(ex.live_orders(acct).size(), 15u);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 15);
  // What the refused batch did to the client indexes is undone too: 100 is
  // free again, 1 (cancelled inside the refused batch) still taken.
  r = ex.submit(
      {cancel(15, 1), order(16, 100, 649800, 100, false), cancel(17, 999)}, {},
      t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(send(ex, order(15, 1, 649700, 100, false), t0),
                  err::duplicate_client_order_index);
  CAF_CHECK_EQUAL(send(ex, order(15, 100, 649700, 100, false), t0), 0);
}

CAF_TEST(a rest batch takes up to 50 and a websocket frame up to 15) {
  using trailgrid::lighter::limits::tx_channel;
  auto cfg = test_cfg();
  cfg.accounts[0].level = tier::premium; // a quota that fits 51 txs
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  std::vector<sim_tx> txs;
  for (int i = 0; i < 51; ++i)
    txs.emplace_back(cancel_all(i, wire::cancel_all_immediate, 0));
  auto r = ex.submit(txs, {}, t0, {}, tx_channel::rest);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::batch_too_large);
  txs.pop_back();
  r = ex.submit(txs, {}, t0, {}, tx_channel::websocket);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::batch_too_large);
  r = ex.submit(txs, {}, t0, {}, tx_channel::rest);
  CAF_CHECK(!r.error);
  CAF_CHECK_EQUAL(r.tx_hashes.size(), 50u);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 50);
}

CAF_TEST(a batch must use one account and key with increasing nonces) {
  auto cfg = test_cfg();
  cfg.accounts[0].keys.push_back(api_key_cfg{5, pubkey, 0});
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  auto other_key = cancel_all(1, wire::cancel_all_immediate, 0);
  other_key.api_key_index = 5;
  auto r = ex.submit(
      batch(cancel_all(0, wire::cancel_all_immediate, 0), other_key), {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::batch_mixed_keys);
  CAF_CHECK_EQUAL(r.failed_index, 1u);
  auto other_account = cancel_all(1, wire::cancel_all_immediate, 0);
  other_account.account_index = acct + 1;
  r = ex.submit(
      batch(cancel_all(0, wire::cancel_all_immediate, 0), other_account), {},
      t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::batch_mixed_keys);
  for (int64_t second : {0, -1}) {
    r = ex.submit(batch(cancel_all(0, wire::cancel_all_immediate, 0),
                        cancel_all(second, wire::cancel_all_immediate, 0)),
                  {}, t0);
    CAF_REQUIRE(r.error);
    CAF_CHECK_EQUAL(r.error->code, err::batch_nonces_not_increasing);
  }
  // Refused at the API layer: no nonce was consumed.
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
}

CAF_TEST(skip nonce allows gaps forward but never backwards) {
  using trailgrid::lighter::attribute::skip_nonce;
  auto ex = flat_exchange();
  auto skipping = [](int64_t nonce) {
    auto t = cancel_all(nonce, wire::cancel_all_immediate, 0);
    t.attributes[skip_nonce] = 1;
    return t;
  };
  // Without the attribute a gap is an invalid nonce.
  CAF_CHECK_EQUAL(send(ex, cancel_all(5, wire::cancel_all_immediate, 0), t0),
                  err::invalid_nonce);
  CAF_CHECK_EQUAL(send(ex, skipping(5), t0), 0);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 6);
  CAF_CHECK_EQUAL(send(ex, skipping(5), t0), err::invalid_nonce);
  CAF_CHECK_EQUAL(send(ex, skipping(3), t0), err::invalid_nonce);
  CAF_CHECK_EQUAL(send(ex, skipping((int64_t{1} << 47) - 1), t0),
                  err::invalid_nonce);
  CAF_CHECK_EQUAL(send(ex, skipping((int64_t{1} << 47) - 2), t0), 0);
}

CAF_TEST(the standard tier allows a burst of 60 tx requests then one a second) {
  auto ex = flat_exchange();
  int64_t nonce = 0;
  for (int i = 0; i < 60; ++i)
    CAF_CHECK_EQUAL(send(ex, cancel_all(nonce++, 0, 0), t0 + i), 0);
  auto r = ex.submit({cancel_all(nonce, 0, 0)}, {}, t0 + 100);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::too_many_requests);
  CAF_CHECK_EQUAL(r.error->http_status(), 429);
  // A token bucket refilled 60 a minute: the next fits one second after the
  // burst began.
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce, 0, 0), t0 + 999),
                  err::too_many_requests);
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce++, 0, 0), t0 + 1000), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce, 0, 0), t0 + 1000),
                  err::too_many_requests);
}

CAF_TEST(the standard tier counts a batch as one request) {
  auto cfg = test_cfg();
  cfg.tiers[static_cast<size_t>(tier::standard)].requests_per_minute = 2;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  auto r = ex.submit(
      {cancel_all(0, 0, 0), cancel_all(1, 0, 0), cancel_all(2, 0, 0)}, {}, t0);
  CAF_CHECK(!r.error);
  CAF_CHECK_EQUAL(send(ex, cancel_all(3, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(4, 0, 0), t0), err::too_many_requests);
}

CAF_TEST(the premium tier counts txs and leaves single cancels free) {
  auto cfg = test_cfg();
  auto& premium = cfg.tiers[static_cast<size_t>(tier::premium)];
  premium.requests_per_minute = 5;
  premium.free_every_ms = 0;
  cfg.accounts.at(0).level = tier::premium;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  // Four creates take four of the five txs.
  auto r = ex.submit(
      {order(0, 1, 649000, 100, false), order(1, 2, 649010, 100, false),
       order(2, 3, 649020, 100, false), order(3, 4, 649030, 100, false)},
      {}, t0);
  CAF_REQUIRE(!r.error);
  ex.advance(t0 + 1);
  // A batch of two creates no longer fits.
  r = ex.submit(
      {order(4, 5, 649040, 100, false), order(5, 6, 649050, 100, false)}, {},
      t0 + 1);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::too_many_requests);
  // Cancels cost nothing: three go although one tx is left.
  r = ex.submit({cancel(4, live(ex, 1).order_index),
                 cancel(5, live(ex, 2).order_index),
                 cancel(6, live(ex, 3).order_index)},
                {}, t0 + 1);
  CAF_CHECK(!r.error);
  CAF_CHECK_EQUAL(send(ex, order(7, 7, 649000, 100, false), t0 + 1), 0);
  CAF_CHECK_EQUAL(send(ex, order(8, 8, 649000, 100, false), t0 + 1),
                  err::too_many_requests);
}

CAF_TEST(the premium tier gives one free tx every 15 seconds) {
  auto cfg = test_cfg();
  cfg.tiers[static_cast<size_t>(tier::premium)].requests_per_minute = 1;
  cfg.accounts.at(0).level = tier::premium;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  int64_t nonce = 0;
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce++, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce++, 0, 0), t0), 0); // free
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce, 0, 0), t0 + 14999),
                  err::too_many_requests);
  CAF_CHECK_EQUAL(send(ex, cancel_all(nonce++, 0, 0), t0 + 15000), 0);
}

CAF_TEST(accounts of one L1 address and all their keys share one quota) {
  auto cfg = test_cfg();
  cfg.tiers[static_cast<size_t>(tier::standard)].requests_per_minute = 3;
  auto& master = cfg.accounts.at(0);
  master.l1_address = "0xabc";
  master.keys.push_back(api_key_cfg{5, pubkey, 0});
  account_cfg sub = master;
  sub.index = 8;
  account_cfg other = master;
  other.index = 9;
  other.l1_address.clear();
  cfg.accounts.push_back(sub);
  cfg.accounts.push_back(other);
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  auto as = [](int64_t account, int api_key, int64_t nonce) {
    auto t = cancel_all(nonce, 0, 0);
    t.account_index = account;
    t.api_key_index = api_key;
    return t;
  };
  CAF_CHECK_EQUAL(send(ex, as(acct, key, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, as(acct, 5, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, as(8, key, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, as(8, 5, 0), t0), err::too_many_requests);
  CAF_CHECK_EQUAL(send(ex, as(acct, key, 1), t0), err::too_many_requests);
  // Another address has its own.
  CAF_CHECK_EQUAL(send(ex, as(9, key, 0), t0), 0);
}

CAF_TEST(each account has its own tier budget) {
  auto cfg = test_cfg();
  cfg.tiers[static_cast<size_t>(tier::standard)].requests_per_minute = 2;
  cfg.tiers[static_cast<size_t>(tier::premium)].requests_per_minute = 3;
  cfg.tiers[static_cast<size_t>(tier::premium)].free_every_ms = 0;
  account_cfg other = cfg.accounts.at(0);
  other.index = 8;
  other.level = tier::premium;
  cfg.accounts.push_back(other);
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  auto of_8 = [](int64_t nonce) {
    auto t = cancel_all(nonce, 0, 0);
    t.account_index = 8;
    return t;
  };
  CAF_CHECK_EQUAL(send(ex, cancel_all(0, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(1, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(2, 0, 0), t0), err::too_many_requests);
  for (int64_t n = 0; n < 3; ++n)
    CAF_CHECK_EQUAL(send(ex, of_8(n), t0 + 1), 0);
  CAF_CHECK_EQUAL(send(ex, of_8(3), t0 + 1), err::too_many_requests);
  CAF_CHECK_EQUAL(send(ex, cancel_all(2, 0, 0), t0 + 60000), 0);
}

CAF_TEST(a new order becomes live only after the maker speed bump) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(status_name(live(ex, 1).status), std::string("pending"));
  ex.advance(t0 + 199);
  CAF_CHECK_EQUAL(status_name(live(ex, 1).status), std::string("pending"));
  CAF_CHECK_EQUAL(ex.market(1)->feed.bids().count(649990), 0u);
  ex.advance(t0 + 200);
  CAF_CHECK_EQUAL(status_name(live(ex, 1).status), std::string("open"));
  CAF_CHECK_EQUAL(ex.market(1)->feed.bids().at(649990), 100);
}

CAF_TEST(the premium tier has no maker speed bump) {
  auto cfg = test_cfg();
  cfg.accounts[0].level = tier::premium;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(status_name(live(ex, 1).status), std::string("open"));
}

CAF_TEST(post only orders that would cross are canceled) {
  auto ex = flat_exchange();
  // Best background ask is 650005, best bid 649995.
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 650005, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(1, 2, 649995, 100, true), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(2, 3, 650004, 100, false), t0), 0);
  ex.advance(t0 + 200);
  CAF_CHECK_EQUAL(last_status(ex, 1), "canceled-post-only");
  CAF_CHECK_EQUAL(last_status(ex, 2), "canceled-post-only");
  CAF_CHECK_EQUAL(last_status(ex, 3), "open");
  // Our own resting bid at 650004 is crossed by an ask at 650004.
  CAF_CHECK_EQUAL(send(ex, order(3, 4, 650004, 100, true), t0 + 200), 0);
  ex.advance(t0 + 400);
  CAF_CHECK_EQUAL(last_status(ex, 4), "canceled-post-only");
}

CAF_TEST(orders are canceled by client order index or order index) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, order(0, 11, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(1, 12, 649980, 100, false), t0), 0);
  ex.advance(t0 + 200);
  const int64_t idx12 = live(ex, 12).order_index;
  CAF_CHECK_GREATER_OR_EQUAL(idx12, wire::order_index_floor * 2);
  CAF_CHECK_EQUAL(send(ex, cancel(2, 11), t0 + 300), 0);
  CAF_CHECK_EQUAL(send(ex, cancel(3, idx12), t0 + 300), 0);
  CAF_CHECK_EQUAL(last_status(ex, 11), "canceled");
  CAF_CHECK_EQUAL(last_status(ex, 12), "canceled");
  CAF_CHECK(ex.live_orders(acct).empty());
  CAF_CHECK_EQUAL(send(ex, cancel(4, 11), t0 + 300), err::order_not_active);
  CAF_CHECK_EQUAL(ex.inactive_orders(acct, -1, 10).size(), 2u);
}

CAF_TEST(a pending order can be canceled before it goes live) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel(1, 1), t0 + 50), 0);
  ex.advance(t0 + 500);
  CAF_CHECK_EQUAL(last_status(ex, 1), "canceled");
  CAF_CHECK(ex.live_orders(acct).empty());
}

CAF_TEST(cancel all immediately cancels every order or one market) {
  auto cfg = test_cfg();
  cfg.markets.push_back(*default_config().market(0));
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  auto eth = order(1, 2, 100000, 1000, false);
  eth.market_index = 0;
  CAF_CHECK_EQUAL(send(ex, eth, t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(2, 0, 0, 1), t0), 0);
  CAF_CHECK_EQUAL(ex.live_orders(acct).size(), 1u);
  CAF_CHECK_EQUAL(int{ex.live_orders(acct).at(0).market_id}, 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(3, 0, 5), t0),
                  err::invalid_cancel_all_time);
  CAF_CHECK_EQUAL(send(ex, cancel_all(3, 0, 0), t0), 0);
  CAF_CHECK(ex.live_orders(acct).empty());
  CAF_CHECK_EQUAL(send(ex, cancel_all(4, 3, 0), t0),
                  err::invalid_cancel_all_tif);
}

CAF_TEST(a scheduled cancel all fires at its time unless pushed or aborted) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, cancel_all(0, 1, t0), t0),
                  err::invalid_cancel_all_time);
  CAF_CHECK_EQUAL(send(ex, cancel_all(0, 1, t0 + 1000, 1), t0),
                  err::invalid_cancel_all_tif);
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(1, 1, t0 + 1000), t0), 0);
  CAF_CHECK_EQUAL(ex.account(acct)->cancel_all_time, t0 + 1000);
  // Pushed out: the switch does not fire at the first time.
  CAF_CHECK_EQUAL(send(ex, cancel_all(2, 1, t0 + 2000), t0 + 900), 0);
  ex.advance(t0 + 1500);
  CAF_CHECK_EQUAL(ex.live_orders(acct).size(), 1u);
  ex.advance(t0 + 2000);
  CAF_CHECK(ex.live_orders(acct).empty());
  CAF_CHECK_EQUAL(last_status(ex, 1), "canceled");
  CAF_CHECK_EQUAL(ex.account(acct)->cancel_all_time, 0);
  size_t fired = 0;
  for (const auto& r : ex.record())
    if (r.kind == record_kind::cancel_all_fired) {
      ++fired;
      CAF_CHECK_EQUAL(r.ts, t0 + 2000);
    }
  CAF_CHECK_EQUAL(fired, 1u);
  // Abort: scheduled then aborted, nothing fires.
  CAF_CHECK_EQUAL(send(ex, order(3, 2, 649990, 100, false), t0 + 2000), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(4, 1, t0 + 3000), t0 + 2000), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(5, 2, 7), t0 + 2000),
                  err::invalid_cancel_all_time);
  CAF_CHECK_EQUAL(send(ex, cancel_all(5, 2, 0), t0 + 2000), 0);
  ex.advance(t0 + 5000);
  CAF_CHECK_EQUAL(ex.live_orders(acct).size(), 1u);
}

CAF_TEST(good till time orders expire at their order expiry) {
  auto ex = flat_exchange();
  auto t = order(0, 1, 649990, 100, false);
  t.order_expiry = t0 + 5000;
  CAF_CHECK_EQUAL(send(ex, t, t0), 0);
  ex.advance(t0 + 4999);
  CAF_CHECK_EQUAL(last_status(ex, 1), "open");
  ex.advance(t0 + 5000);
  CAF_CHECK_EQUAL(last_status(ex, 1), "canceled-expired");
}

CAF_TEST(reduce only orders without a position are canceled) {
  auto ex = flat_exchange();
  auto t = order(0, 1, 650010, 100, true);
  t.reduce_only = 1;
  CAF_CHECK_EQUAL(send(ex, t, t0), 0);
  ex.advance(t0 + 200);
  CAF_CHECK_EQUAL(last_status(ex, 1), "canceled-reduce-only");
}

CAF_TEST(modify order is refused with a clear message) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  auto m = ours<modify_order_tx>(1);
  m.market_index = 1;
  m.index = live(ex, 1).order_index;
  m.base_amount = 100;
  m.price = 649980;
  auto r = ex.submit({m}, {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.error->code, err::invalid_tx_info);
  CAF_CHECK(r.error->message.find("ModifyOrder is not supported") !=
            std::string::npos);
}

CAF_TEST(the record holds accepted txs rejections and order changes) {
  auto ex = flat_exchange();
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(5, 2, 649990, 100, false), t0),
                  err::invalid_nonce);
  ex.advance(t0 + 200);
  const auto& rec = ex.record();
  CAF_REQUIRE_EQUAL(rec.size(), 4u);
  CAF_CHECK(rec[0].kind == record_kind::order);
  CAF_CHECK_EQUAL(rec[0].status, "pending");
  CAF_CHECK(rec[1].kind == record_kind::tx);
  CAF_CHECK_EQUAL(rec[1].nonce, 0);
  CAF_CHECK_EQUAL(rec[1].tx_type, 14);
  CAF_CHECK(rec[2].kind == record_kind::reject);
  CAF_CHECK_EQUAL(rec[2].code, err::invalid_nonce);
  CAF_CHECK(rec[3].kind == record_kind::order);
  CAF_CHECK_EQUAL(rec[3].status, "open");
  CAF_CHECK_EQUAL(rec[3].ts, t0 + 200);
  CAF_CHECK_EQUAL(to_json_line(rec[2]).substr(0, 35),
                  R"({"kind":"reject","ts":1700000000000)");
}

CAF_TEST(a refused batch leaves every market and counter as it was) {
  auto cfg = test_cfg();
  auto eth = cfg.markets.front();
  eth.market_id = 0;
  eth.symbol = "ETH";
  cfg.markets.push_back(eth);
  auto paths = path_of({{0, 650000}});
  paths.emplace(0, paths.at(1));
  exchange ex(cfg, t0, std::move(paths));
  auto on_eth = [](create_order_tx t) {
    t.market_index = 0;
    return t;
  };
  CAF_REQUIRE_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_REQUIRE_EQUAL(send(ex, on_eth(order(1, 2, 649990, 100, false)), t0), 0);
  const auto before = ex.live_orders(acct);
  CAF_REQUIRE_EQUAL(before.size(), 2u);
  // It cancels a live order and places one, then fails: on market 1 alone,
  // and with a CancelAll that reaches every market.
  auto r = ex.submit(batch(cancel(2, live(ex, 1).order_index),
                           order(3, 3, 649980, 100, false), cancel(4, 999)),
                     {}, t0);
  CAF_REQUIRE(r.error);
  CAF_CHECK_EQUAL(r.failed_index, 2u);
  r = ex.submit(
      batch(cancel_all(2, wire::cancel_all_immediate, 0), cancel(3, 999)), {},
      t0);
  CAF_REQUIRE(r.error);
  const auto after = ex.live_orders(acct);
  CAF_REQUIRE_EQUAL(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    CAF_CHECK_EQUAL(after[i].order_index, before[i].order_index);
    CAF_CHECK_EQUAL(after[i].client_order_index, before[i].client_order_index);
    CAF_CHECK(after[i].status == before[i].status);
  }
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 2);
  // The refused create took no order index: the next one is as before.
  CAF_REQUIRE_EQUAL(send(ex, order(2, 3, 649980, 100, false), t0), 0);
  CAF_CHECK_EQUAL(live(ex, 3).order_index, live(ex, 1).order_index + 1);
}
