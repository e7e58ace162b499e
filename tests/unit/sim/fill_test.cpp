#define CAF_SUITE sim_fills
#include "caf/test/unit_test.hpp"

#include "tests/unit/sim/sim_fixture.hpp"

using namespace sim_test;

namespace {

std::map<int, price_path> points(std::vector<path_point> v) {
  std::map<int, price_path> m;
  m.emplace(1, price_path::recorded(std::move(v), false));
  return m;
}

std::vector<const sim_trade*> ours(const std::vector<sim_event>& evs) {
  std::vector<const sim_trade*> out;
  for (const auto& e : evs)
    if (auto* t = std::get_if<trade_event>(&e))
      if (t->trade.ask_account_id == acct || t->trade.bid_account_id == acct)
        out.push_back(&t->trade);
  return out;
}

} // namespace

CAF_TEST(resting orders fill only when the path trades through the price) {
  exchange ex(test_cfg(), t0,
              path_of({{0, 650000}, {1000, 649990}, {2000, 649989}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  ex.advance(t0 + 1000);
  CAF_CHECK_EQUAL(last_status(ex, 1), "open");
  ex.drain_events();
  ex.advance(t0 + 2000);
  CAF_CHECK_EQUAL(last_status(ex, 1), "filled");
  const auto& pos = ex.account(acct)->positions.at(1);
  CAF_CHECK_EQUAL(pos.qty, 100);
  CAF_CHECK_EQUAL(pos.entry_quote, 64999000);
  auto evs = ex.drain_events();
  auto fills = ours(evs);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  CAF_CHECK_EQUAL(fills[0]->price, 649990);
  CAF_CHECK_EQUAL(fills[0]->size, 100);
  CAF_CHECK_EQUAL(fills[0]->is_maker_ask, false);
  CAF_CHECK_EQUAL(fills[0]->bid_client_id, 1);
  CAF_CHECK_EQUAL(fills[0]->ask_account_id, ex.cfg().background_account);
  CAF_CHECK_EQUAL(fills[0]->timestamp, t0 + 2000);
  CAF_CHECK_EQUAL(fills[0]->tx_hash.size(), 80u);
  CAF_CHECK_EQUAL(fills[0]->tx_hash.substr(32), std::string(48, '0'));
  CAF_CHECK_EQUAL(fills[0]->maker_sign_changed, true);
  CAF_CHECK(!fills[0]->maker_fee);
}

CAF_TEST(positions keep an exact average entry realised pnl and fees) {
  auto cfg = test_cfg();
  cfg.accounts[0].level = tier::premium; // no speed bump
  cfg.markets[0].maker_fee_ppm[static_cast<size_t>(tier::premium)] = 20;
  cfg.markets[0].taker_fee_ppm[static_cast<size_t>(tier::premium)] = 200;
  const int64_t c0 = cfg.accounts[0].collateral_micro;
  exchange ex(
      cfg, t0,
      path_of({{0, 650000}, {1000, 649000}, {2000, 651000}, {3000, 652000}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  CAF_CHECK_EQUAL(send(ex, order(1, 2, 649500, 300, false), t0), 0);
  ex.advance(t0 + 1000);
  auto pos = ex.account(acct)->positions.at(1);
  CAF_CHECK_EQUAL(pos.qty, 400);
  CAF_CHECK_EQUAL(pos.entry_quote, 259849000);
  CAF_CHECK_EQUAL(ex.account(acct)->collateral_micro, c0 - 1300 - 3897);
  CAF_CHECK_EQUAL(send(ex, order(2, 3, 650500, 100, true), t0 + 1000), 0);
  ex.advance(t0 + 2000);
  pos = ex.account(acct)->positions.at(1);
  CAF_CHECK_EQUAL(pos.qty, 300);
  CAF_CHECK_EQUAL(pos.entry_quote, 194886750);
  CAF_CHECK_EQUAL(pos.realized_quote, 87750);
  CAF_CHECK_EQUAL(ex.account(acct)->collateral_micro,
                  c0 - 1300 - 3897 - 1301 + 87750);
  // Selling 500 flips the position to short 200 at the fill price.
  CAF_CHECK_EQUAL(send(ex, order(3, 4, 651500, 500, true), t0 + 2000), 0);
  ex.drain_events();
  ex.advance(t0 + 3000);
  pos = ex.account(acct)->positions.at(1);
  CAF_CHECK_EQUAL(pos.qty, -200);
  CAF_CHECK_EQUAL(pos.entry_quote, 130300000);
  CAF_CHECK_EQUAL(pos.realized_quote, 87750 + 563250);
  CAF_CHECK_EQUAL(ex.account(acct)->collateral_micro,
                  c0 - 1300 - 3897 - 1301 - 6515 + 87750 + 563250);
  // The events own the trades the pointers below look into.
  auto events = ex.drain_events();
  auto fills = ours(events);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  CAF_CHECK_EQUAL(fills[0]->maker_fee.value_or(0), 20);
  CAF_CHECK_EQUAL(fills[0]->maker_position_before, 300);
  CAF_CHECK_EQUAL(fills[0]->maker_entry_quote_before, 194886750);
  CAF_CHECK_EQUAL(fills[0]->maker_sign_changed, true);
  int64_t fee_sum = 0;
  for (const auto& r : ex.record())
    if (r.kind == record_kind::fill) fee_sum += r.fee_micro;
  CAF_CHECK_EQUAL(fee_sum, 1300 + 3897 + 1301 + 6515);
}

CAF_TEST(the queue model needs the size ahead traded before filling) {
  auto cfg = test_cfg();
  cfg.fills = fill_model::queue;
  // Sizes: filled in after reading the background queue.
  exchange probe(cfg, t0, path_of({{0, 650000}}));
  const int64_t q = probe.market(1)->bg_bids.at(649985);
  CAF_CHECK_GREATER_OR_EQUAL(q, 500);
  exchange ex(cfg, t0,
              points({{0, 650000, 1, true},
                      {1000, 649985, q - 1, false},
                      {1500, 649985, 1, false},
                      {2000, 649984, 30, false},
                      {3000, 649980, 1000, false}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649985, 100, false), t0), 0);
  ex.advance(t0 + 200);
  CAF_CHECK_EQUAL(live(ex, 1).queue_ahead, q);
  ex.advance(t0 + 1000);
  CAF_CHECK_EQUAL(live(ex, 1).queue_ahead, 1);
  ex.advance(t0 + 1500);
  CAF_CHECK_EQUAL(live(ex, 1).queue_ahead, 0);
  CAF_CHECK_EQUAL(live(ex, 1).remaining_base, 100);
  ex.advance(t0 + 2000);
  CAF_CHECK_EQUAL(live(ex, 1).remaining_base, 70);
  CAF_CHECK_EQUAL(last_status(ex, 1), "open");
  ex.advance(t0 + 3000);
  CAF_CHECK_EQUAL(last_status(ex, 1), "filled");
  CAF_CHECK_EQUAL(ex.account(acct)->positions.at(1).qty, 100);
}

CAF_TEST(ioc orders take background liquidity up to their limit) {
  exchange ex(test_cfg(), t0, path_of({{0, 650000}}));
  const auto asks = ex.market(1)->bg_asks;
  const int64_t a1 = asks.at(650005), a2 = asks.at(650015);
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 650020, 2500, false, wire::tif_ioc), t0),
                  0);
  ex.advance(t0 + 299);
  CAF_CHECK_EQUAL(last_status(ex, 1), "pending");
  ex.drain_events();
  ex.advance(t0 + 300);
  const int64_t filled = std::min<int64_t>(2500, a1 + a2);
  CAF_CHECK_EQUAL(ex.account(acct)->positions.at(1).qty, filled);
  CAF_CHECK_EQUAL(last_status(ex, 1), filled == 2500 ? "filled" : "canceled");
  auto events = ex.drain_events();
  auto fills = ours(events);
  CAF_REQUIRE_EQUAL(fills.size(), 2u);
  CAF_CHECK_EQUAL(fills[0]->price, 650005);
  CAF_CHECK_EQUAL(fills[0]->size, a1);
  CAF_CHECK_EQUAL(fills[1]->price, 650015);
  CAF_CHECK_EQUAL(fills[0]->is_maker_ask, true);
  CAF_CHECK(ex.live_orders(acct).empty());
}

CAF_TEST(the same seed gives the same run) {
  auto run = [](uint64_t seed) {
    auto cfg = default_config();
    cfg.seed = seed;
    account_cfg a;
    a.index = acct;
    a.keys = {api_key_cfg{key, pubkey, 0}};
    cfg.accounts = {a};
    exchange ex(cfg, t0);
    auto o = order(0, 1, 649000, 100, false);
    CAF_CHECK_EQUAL(send(ex, o, t0), 0);
    for (ms_t t = t0; t <= t0 + 600000; t += 100)
      ex.advance(t);
    std::string out = std::to_string(ex.mark_price(0)) + "/" +
                      std::to_string(ex.mark_price(1));
    for (const auto& r : ex.record())
      out += to_json_line(r);
    return out;
  };
  const auto a = run(42);
  CAF_CHECK_EQUAL(a, run(42));
  CAF_CHECK_NOT_EQUAL(a.substr(0, 20), run(43).substr(0, 20));
}

CAF_TEST(book deltas chain by nonce and offset and rebuild the snapshot) {
  auto cfg = default_config();
  exchange ex(cfg, t0);
  const auto first = ex.market(1)->feed.snapshot(t0);
  CAF_CHECK_EQUAL(first.begin_nonce, 0);
  std::map<int64_t, int64_t> asks, bids;
  for (const auto& l : first.asks)
    asks[l.price] = l.size;
  for (const auto& l : first.bids)
    bids[l.price] = l.size;
  int64_t nonce = first.nonce, offset = first.offset;
  size_t deltas = 0;
  for (ms_t t = t0 + 100; t <= t0 + 30000; t += 100) {
    ex.advance(t);
    for (const auto& e : ex.drain_events()) {
      auto* b = std::get_if<book_event>(&e);
      if (!b || b->market_id != 1) continue;
      ++deltas;
      CAF_CHECK_EQUAL(b->msg.begin_nonce, nonce);
      CAF_CHECK_GREATER(b->msg.nonce, nonce);
      CAF_CHECK_EQUAL(b->msg.offset, offset + 1);
      nonce = b->msg.nonce;
      offset = b->msg.offset;
      for (const auto& l : b->msg.asks)
        l.size == 0 ? (void)asks.erase(l.price)
                    : (void)(asks[l.price] = l.size);
      for (const auto& l : b->msg.bids)
        l.size == 0 ? (void)bids.erase(l.price)
                    : (void)(bids[l.price] = l.size);
    }
  }
  CAF_CHECK_GREATER(deltas, 10u);
  CAF_CHECK(asks == ex.market(1)->feed.asks());
  CAF_CHECK(bids == ex.market(1)->feed.bids());
  CAF_CHECK_LESS(bids.rbegin()->first, asks.begin()->first);
}

CAF_TEST(with a market data cadence fills go out at once and books wait for it) {
  auto cfg = test_cfg();
  cfg.market_data_every_ms = 50;
  exchange ex(cfg, t0, path_of({{0, 650000}, {1000, 649995}, {1010, 649989}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  ex.advance(t0 + 1000); // the bid is open; books published at t0 + 1000
  ex.drain_events();
  auto count = [](const std::vector<sim_event>& evs, auto* kind) {
    using event = std::remove_pointer_t<decltype(kind)>;
    return std::count_if(evs.begin(), evs.end(), [](const sim_event& e) {
      return std::holds_alternative<event>(e);
    });
  };
  ex.advance(t0 + 1010); // the path trades through the bid
  auto evs = ex.drain_events();
  CAF_CHECK_EQUAL(ours(evs).size(), 1u);
  CAF_CHECK_EQUAL(count(evs, static_cast<book_event*>(nullptr)), 0);
  CAF_CHECK_EQUAL(count(evs, static_cast<stats_event*>(nullptr)), 0);
  ex.advance(t0 + 1049);
  CAF_CHECK(ex.drain_events().empty());
  ex.advance(t0 + 1050); // the cadence is due: what changed since goes out
  evs = ex.drain_events();
  CAF_CHECK_EQUAL(ours(evs).size(), 0u);
  CAF_CHECK_EQUAL(count(evs, static_cast<book_event*>(nullptr)), 1);
  CAF_CHECK_EQUAL(count(evs, static_cast<stats_event*>(nullptr)), 1);
}
