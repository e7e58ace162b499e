#define CAF_SUITE sim_book
#include "caf/test/unit_test.hpp"

#include "tools/lighter-sim/book_feed.hpp"
#include "tools/lighter-sim/sim_config.hpp"
#include "tools/lighter-sim/sim_json.hpp"

using namespace trailgrid::sim;

CAF_TEST(background levels sit around the reference price) {
  book_cfg c;
  c.levels = 3;
  c.half_spread = 5;
  c.level_step = 10;
  c.level_size = 1000;
  auto asks = background_side(c, 1000, true, 1);
  auto bids = background_side(c, 1000, false, 1);
  CAF_REQUIRE_EQUAL(asks.size(), 3u);
  CAF_CHECK_EQUAL(asks.begin()->first, 1005);
  CAF_CHECK_EQUAL(asks.rbegin()->first, 1025);
  CAF_CHECK_EQUAL(bids.rbegin()->first, 995);
  CAF_CHECK_EQUAL(bids.begin()->first, 975);
  for (const auto& [p, s] : asks) {
    CAF_CHECK_GREATER_OR_EQUAL(s, 500);
    CAF_CHECK_LESS(s, 1500);
  }
  // Sizes depend on the price only: moving by one step keeps shared levels.
  auto moved = background_side(c, 1010, true, 1);
  CAF_CHECK_EQUAL(moved.at(1015), asks.at(1015));
  CAF_CHECK_EQUAL(moved.at(1025), asks.at(1025));
  CAF_CHECK(background_side(c, 3, false, 1).empty());
}

CAF_TEST(the feed emits only changed levels with chained nonces) {
  book_feed f;
  auto s0 = f.snapshot(5);
  CAF_CHECK_EQUAL(s0.offset, 1);
  CAF_CHECK_EQUAL(s0.nonce, 0);
  CAF_CHECK(s0.asks.empty());
  auto d1 = f.update({{105, 3}, {106, 4}}, {{100, 2}}, 10);
  CAF_REQUIRE(d1);
  CAF_CHECK_EQUAL(d1->begin_nonce, 0);
  CAF_CHECK_EQUAL(d1->nonce, 3);
  CAF_CHECK_EQUAL(d1->offset, 2);
  CAF_CHECK_EQUAL(d1->last_updated_at, 10000);
  CAF_CHECK(!f.update({{105, 3}, {106, 4}}, {{100, 2}}, 11));
  auto d2 = f.update({{106, 5}}, {{100, 2}, {99, 1}}, 12);
  CAF_REQUIRE(d2);
  CAF_CHECK_EQUAL(d2->begin_nonce, 3);
  CAF_REQUIRE_EQUAL(d2->asks.size(), 2u);
  CAF_CHECK(d2->asks[0] == (book_level{105, 0}));
  CAF_CHECK(d2->asks[1] == (book_level{106, 5}));
  CAF_REQUIRE_EQUAL(d2->bids.size(), 1u);
  CAF_CHECK(d2->bids[0] == (book_level{99, 1}));
  auto s = f.snapshot(13);
  CAF_CHECK_EQUAL(s.begin_nonce, 0);
  CAF_CHECK_EQUAL(s.nonce, d2->nonce);
  CAF_CHECK_EQUAL(s.offset, 3);
  CAF_REQUIRE_EQUAL(s.bids.size(), 2u);
  CAF_CHECK_EQUAL(s.bids[0].price, 100);
  CAF_CHECK_EQUAL(f.best_ask().value_or(0), 106);
  CAF_CHECK_EQUAL(f.best_bid().value_or(0), 100);
}

CAF_TEST(an order book frame is the text json would dump for it) {
  market_cfg mc;
  mc.market_id = 7;
  mc.price_decimals = 2;
  mc.size_decimals = 4;
  book_message m;
  m.asks = {{10005, 30000}, {10010, 0}};
  m.bids = {{9995, 12}};
  m.offset = 41;
  m.begin_nonce = 900;
  m.nonce = 903;
  m.last_updated_at = 1'767'225'600'123'456;
  m.timestamp = 1'767'225'600'123;
  const auto text = payload::order_book_frame(m, mc);
  const auto parsed = nlohmann::json::parse(text);
  CAF_CHECK_EQUAL(parsed.dump(), text); // keys sorted, no spaces
  CAF_CHECK_EQUAL(parsed["channel"], "order_book:7");
  CAF_CHECK_EQUAL(parsed["type"], "update/order_book");
  const auto& book = parsed["order_book"];
  CAF_CHECK_EQUAL(book["asks"][0]["price"], "100.05");
  CAF_CHECK_EQUAL(book["asks"][0]["size"], "3.0000");
  CAF_CHECK_EQUAL(book["asks"][1]["size"], "0.0000");
  CAF_CHECK_EQUAL(book["bids"][0]["size"], "0.0012");
  CAF_CHECK_EQUAL(book["begin_nonce"], 900);
  CAF_CHECK_EQUAL(book["nonce"], 903);
  CAF_CHECK_EQUAL(book["offset"], 41);
  CAF_CHECK_EQUAL(book["code"], 0);
  m.snapshot = true;
  m.asks.clear();
  const auto snap = nlohmann::json::parse(payload::order_book_frame(m, mc));
  CAF_CHECK_EQUAL(snap["type"], "subscribed/order_book");
  CAF_CHECK(snap["order_book"]["asks"].empty());
}
