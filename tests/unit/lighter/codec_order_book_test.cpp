#define CAF_SUITE codec_order_book
#include "caf/test/unit_test.hpp"

#include "codec_test_util.hpp"

#include "lighter/codec/order_book.hpp"
#include "lighter/codec/ws_decoder.hpp"

using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

namespace {

book_level lvl(int64_t p, int64_t s) {
  return book_level{price_ticks{p}, qty_lots{s}};
}

order_book_update frame(bool snapshot, std::vector<book_level> bids,
                        std::vector<book_level> asks, int64_t offset,
                        std::optional<int64_t> nonce = std::nullopt,
                        std::optional<int64_t> begin = std::nullopt) {
  order_book_update u;
  u.market_id = 0;
  u.is_snapshot = snapshot;
  u.bids = std::move(bids);
  u.asks = std::move(asks);
  u.offset = offset;
  u.nonce = nonce;
  u.begin_nonce = begin;
  return u;
}

/// A book holding bids 100x5, 99x3, 97x1 and asks 101x2, 103x4 at nonce 10.
order_book seeded() {
  order_book b{0};
  b.apply(frame(true, {lvl(97, 1), lvl(100, 5), lvl(99, 3)},
                {lvl(103, 4), lvl(101, 2)}, 1, 10, 0));
  return b;
}

} // namespace

CAF_TEST(a snapshot of unsorted levels gives a sorted book) {
  auto b = seeded();
  CAF_CHECK(!b.needs_resync());
  CAF_CHECK(b.best_bid() == lvl(100, 5));
  CAF_CHECK(b.best_ask() == lvl(101, 2));
  CAF_REQUIRE_EQUAL(b.level_count(book_side::bid), 3u);
  CAF_CHECK(b.level(book_side::bid, 0) == lvl(100, 5));
  CAF_CHECK(b.level(book_side::bid, 1) == lvl(99, 3));
  CAF_CHECK(b.level(book_side::bid, 2) == lvl(97, 1));
  CAF_CHECK(b.level(book_side::ask, 1) == lvl(103, 4));
  CAF_CHECK_EQUAL(b.nonce(), 10);
  CAF_CHECK_EQUAL(b.offset(), 1);
  CAF_CHECK_EQUAL(b.mid_price().value_or(price_ticks{0}).value, 100);
}

CAF_TEST(deltas set absolute sizes insert levels and remove zero sizes) {
  auto b = seeded();
  CAF_REQUIRE(b.apply(frame(false, {lvl(99, 0), lvl(98, 7), lvl(100, 6)},
                            {lvl(102, 1), lvl(103, 0)}, 2, 11, 10)));
  auto bids = b.top(book_side::bid, 10);
  CAF_REQUIRE_EQUAL(bids.size(), 3u);
  CAF_CHECK(bids[0] == lvl(100, 6));
  CAF_CHECK(bids[1] == lvl(98, 7));
  CAF_CHECK(bids[2] == lvl(97, 1));
  auto asks = b.top(book_side::ask, 10);
  CAF_REQUIRE_EQUAL(asks.size(), 2u);
  CAF_CHECK(asks[0] == lvl(101, 2));
  CAF_CHECK(asks[1] == lvl(102, 1));
  CAF_CHECK_EQUAL(b.nonce(), 11);
}

CAF_TEST(removing an absent level is harmless) {
  auto b = seeded();
  CAF_REQUIRE(b.apply(frame(false, {lvl(50, 0)}, {lvl(500, 0)}, 2, 11, 10)));
  CAF_CHECK_EQUAL(b.level_count(book_side::bid), 3u);
  CAF_CHECK_EQUAL(b.level_count(book_side::ask), 2u);
}

CAF_TEST(depth queries) {
  auto b = seeded();
  CAF_CHECK_EQUAL(b.depth(book_side::bid, 2).value, 8);
  CAF_CHECK_EQUAL(b.depth(book_side::bid, 99).value, 9);
  CAF_CHECK_EQUAL(b.depth(book_side::ask, 1).value, 2);
  CAF_CHECK_EQUAL(b.depth_to(book_side::bid, price_ticks{99}).value, 8);
  CAF_CHECK_EQUAL(b.depth_to(book_side::bid, price_ticks{98}).value, 8);
  CAF_CHECK_EQUAL(b.depth_to(book_side::bid, price_ticks{101}).value, 0);
  CAF_CHECK_EQUAL(b.depth_to(book_side::ask, price_ticks{103}).value, 6);
  CAF_CHECK_EQUAL(b.depth_to(book_side::ask, price_ticks{102}).value, 2);
  CAF_CHECK_EQUAL(b.size_at(book_side::bid, price_ticks{99}).value, 3);
  CAF_CHECK_EQUAL(b.size_at(book_side::bid, price_ticks{98}).value, 0);
  CAF_CHECK_EQUAL(b.size_at(book_side::ask, price_ticks{103}).value, 4);
}

CAF_TEST(a nonce gap needs a resync until the next snapshot) {
  auto b = seeded();
  CAF_CHECK(!b.apply(frame(false, {lvl(100, 1)}, {}, 2, 12, 11)));
  CAF_CHECK(b.needs_resync());
  CAF_CHECK(b.reason() == resync_reason::nonce_gap);
  // Later deltas are ignored, even ones that would chain.
  CAF_CHECK(!b.apply(frame(false, {lvl(100, 9)}, {}, 3, 13, 12)));
  CAF_CHECK(b.best_bid() == lvl(100, 5));
  CAF_REQUIRE(b.apply(frame(true, {lvl(90, 1)}, {lvl(91, 1)}, 9, 50, 0)));
  CAF_CHECK(!b.needs_resync());
  CAF_CHECK(b.best_bid() == lvl(90, 1));
  CAF_CHECK(b.apply(frame(false, {lvl(90, 2)}, {}, 10, 51, 50)));
}

// Guards against gap detection by offset + 1: the exchange's offsets stopped
// being contiguous in Dec 2025, only begin_nonce/nonce continuity counts.
CAF_TEST(offsets that jump are no gap while a nonce break is) {
  auto b = seeded(); // offset 1, nonce 10
  CAF_CHECK(b.apply(frame(false, {lvl(100, 6)}, {}, 500, 11, 10)));
  CAF_CHECK(b.apply(frame(false, {lvl(100, 7)}, {}, 501'000, 12, 11)));
  // Even an offset that goes backwards is no gap when the nonces chain.
  CAF_CHECK(b.apply(frame(false, {lvl(100, 8)}, {}, 400, 13, 12)));
  CAF_CHECK(!b.needs_resync());
  CAF_CHECK_EQUAL(b.size_at(book_side::bid, price_ticks{100}).value, 8);
  // A contiguous offset with a broken nonce chain is a gap.
  CAF_CHECK(!b.apply(frame(false, {lvl(100, 9)}, {}, 401, 15, 14)));
  CAF_CHECK(b.reason() == resync_reason::nonce_gap);
}

CAF_TEST(without begin_nonce the offset must not go backwards) {
  order_book b{0};
  CAF_REQUIRE(b.apply(frame(true, {lvl(10, 1)}, {lvl(11, 1)}, 100)));
  CAF_CHECK(b.apply(frame(false, {lvl(10, 2)}, {}, 105, 7)));
  CAF_CHECK(b.apply(frame(false, {lvl(10, 3)}, {}, 105)));
  CAF_CHECK(!b.apply(frame(false, {lvl(10, 4)}, {}, 104)));
  CAF_CHECK(b.reason() == resync_reason::offset_regression);
}

CAF_TEST(a crossed book needs a resync) {
  auto b = seeded();
  CAF_CHECK(!b.apply(frame(false, {lvl(101, 1)}, {}, 2, 11, 10)));
  CAF_CHECK(b.reason() == resync_reason::crossed);
  order_book c{0};
  CAF_CHECK(!c.apply(frame(true, {lvl(10, 1)}, {lvl(9, 1)}, 1)));
  CAF_CHECK(c.reason() == resync_reason::crossed);
}

CAF_TEST(a delta before any snapshot needs a resync) {
  order_book b{0};
  CAF_CHECK(b.needs_resync());
  CAF_CHECK(b.reason() == resync_reason::no_snapshot);
  CAF_CHECK(!b.apply(frame(false, {lvl(10, 1)}, {}, 1)));
  CAF_CHECK(!b.best_bid());
}

CAF_TEST(negative sizes and foreign markets are refused) {
  auto b = seeded();
  CAF_CHECK(!b.apply(frame(false, {lvl(100, -1)}, {}, 2, 11, 10)));
  CAF_CHECK(b.reason() == resync_reason::bad_level);
  auto c = seeded();
  auto f = frame(false, {}, {}, 2, 11, 10);
  f.market_id = 1;
  CAF_CHECK(!c.apply(f));
  CAF_CHECK(c.reason() == resync_reason::wrong_market);
  CAF_CHECK_EQUAL(to_string(resync_reason::wrong_market),
                  std::string("wrong_market"));
}

CAF_TEST(repeated prices in a snapshot keep the last size) {
  order_book b{0};
  CAF_REQUIRE(b.apply(frame(true, {lvl(10, 1), lvl(9, 2), lvl(10, 3)},
                            {lvl(12, 1), lvl(12, 0)}, 1)));
  CAF_CHECK_EQUAL(b.level_count(book_side::bid), 2u);
  CAF_CHECK(b.best_bid() == lvl(10, 3));
  CAF_CHECK(b.best_ask() == lvl(12, 1));
}

CAF_TEST(reset forgets the book) {
  auto b = seeded();
  b.reset();
  CAF_CHECK(b.needs_resync());
  CAF_CHECK(!b.best_bid());
  CAF_CHECK(!b.mid_price());
}

CAF_TEST(captured frames decode and apply in sequence) {
  ws_decoder dec;
  auto markets = payload_markets();
  order_book book{0};
  order_book_update u;
  std::string err;
  CAF_REQUIRE(dec.decode_order_book(
      load_payload("ws/order_book_subscribed__nautilus_mainnet.json"), markets,
      u, err));
  CAF_REQUIRE(book.apply(u));
  CAF_CHECK(book.best_bid() == lvl(200'000, 200));
  CAF_CHECK(book.best_ask() == lvl(232'500, 990'000));
  // A delta chained on the snapshot's nonce 904845.
  std::string delta =
      R"({"channel":"order_book:0","offset":2165,"order_book":{"code":0,)"
      R"("asks":[{"price":"2325.00","size":"0.0000"},)"
      R"({"price":"2320.10","size":"1.5000"}],)"
      R"("bids":[{"price":"2000.00","size":"0.0300"},)"
      R"({"price":"2100.00","size":"0.1000"}],"offset":2165,"nonce":904850,)"
      R"("begin_nonce":904845},"type":"update/order_book"})";
  CAF_REQUIRE(dec.decode_order_book(delta, markets, u, err));
  CAF_REQUIRE(book.apply(u));
  CAF_CHECK(book.best_ask() == lvl(232'010, 15'000));
  CAF_CHECK(book.best_bid() == lvl(210'000, 1'000));
  CAF_CHECK_EQUAL(book.size_at(book_side::bid, price_ticks{200'000}).value,
                  300);
  CAF_CHECK_EQUAL(book.level_count(book_side::ask), 2u);
  // The captured hand-written delta does not chain: a gap.
  CAF_REQUIRE(dec.decode_order_book(
      load_payload("ws/order_book_update__nautilus_HANDWRITTEN.json"), markets,
      u, err));
  CAF_CHECK(!book.apply(u));
  CAF_CHECK(book.reason() == resync_reason::nonce_gap);
}

CAF_TEST(an old - server delta applies by offset) {
  ws_decoder dec;
  auto markets = payload_markets();
  order_book book{0};
  order_book_update snap;
  snap.market_id = 0;
  snap.is_snapshot = true;
  snap.offset = 11413300;
  snap.bids = {lvl(297'936, 10), lvl(297'900, 5)};
  snap.asks = {lvl(297'964, 1)};
  CAF_REQUIRE(book.apply(snap));
  order_book_update u;
  std::string err;
  CAF_REQUIRE(dec.decode_order_book(
      load_payload("ws/order_book_update__ccxt_comment_mainnet.json"), markets,
      u, err));
  CAF_REQUIRE(book.apply(u));
  CAF_CHECK(book.best_bid() == lvl(297'900, 5));
  CAF_CHECK(book.best_ask() == lvl(297'964, 619'487));
  CAF_CHECK_EQUAL(book.offset(), 11413309);
}
