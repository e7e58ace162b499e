#define CAF_SUITE feed_actor

#include "actors/component_logger.hpp"
#include "actors/feed_actor.hpp"
#include "lighter/net/io_runner.hpp"
#include "messages/errors.hpp"

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

using namespace trailgrid;
using namespace trailgrid::actors;
using namespace trailgrid::actors::test;
using namespace trailgrid::lighter::test;
using namespace std::chrono_literals;

namespace {

// Snapshot (captured): nonce 904845; best bid 2000.00 x 0.0200, best ask
// 2325.00 x 99.0000.
std::string snapshot() {
  return payload("ws", "order_book_subscribed__nautilus_mainnet.json");
}

// A hand-written delta continuing from `begin_nonce`.
std::string delta(int64_t begin_nonce, const std::string& ask_price,
                  const std::string& ask_size) {
  auto n = std::to_string(begin_nonce + 1);
  return R"({"channel":"order_book:0","offset":)" + n +
         R"(,"order_book":{"code":0,"asks":[{"price":")" + ask_price +
         R"(","size":")" + ask_size + R"("}],"bids":[],"offset":)" + n +
         R"(,"nonce":)" + n + R"(,"begin_nonce":)" +
         std::to_string(begin_nonce) +
         R"(},"timestamp":1778138582700,"type":"update/order_book"})";
}

std::string trade_update() {
  auto t = payload("ws", "trade_subscribed__ccxt_comment_mainnet.json");
  auto from = std::string("subscribed/trade");
  t.replace(t.find(from), from.size(), "update/trade");
  return t;
}

struct fixture {
  fake_exchange ex;
  lighter::net::io_runner io{"feed-test"};
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<sink> events = std::make_shared<sink>();
  atr_actor atr;
  grid_actor grid;
  feed_actor feed;

  fixture() {
    atr = sys.spawn(atr_stub, events);
    grid = sys.spawn(grid_stub, events);
  }

  feed_config config() {
    feed_config c;
    c.market = "ETH";
    c.market_index = 0;
    c.decimals = {2, 4};
    c.runner = &io;
    c.ws_url = ex.ws_url();
    c.rest_url = ex.rest_url();
    c.ws.heartbeat_interval = 0ms;
    c.stale_after = 0ms; // off unless a test turns it on
    c.check_every = 20ms;
    c.restarts = 2;
    c.peers.atr = atr;
    c.peers.grid = grid;
    c.logger = trailgrid::actors::silent_logger("test");
    return c;
  }

  void start(feed_config c) {
    feed = spawn_feed(sys, std::move(c));
    self->monitor(feed);
  }

  actor_status status() {
    actor_status out;
    self->request(feed, 5s, status_atom::value)
        .receive([&](actor_status& s) { out = std::move(s); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return out;
  }

  std::string figure(const std::string& key) {
    auto s = status();
    auto i = s.figures.find(key);
    return i == s.figures.end() ? "" : i->second;
  }

  /// Waits for the feed to terminate; its exit reason.
  caf::error wait_down() {
    caf::error reason;
    bool down = false;
    self->receive(
        [&](const caf::down_msg& d) {
          reason = d.reason;
          down = true;
        },
        caf::after(5s) >> [] {});
    CAF_REQUIRE(down);
    return reason;
  }

  ~fixture() {
    for (auto h :
         {caf::actor_cast<caf::actor>(feed), caf::actor_cast<caf::actor>(atr),
          caf::actor_cast<caf::actor>(grid)})
      if (h) self->send_exit(h, caf::exit_reason::kill);
    io.stop();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(feed_actor_tests, fixture)

CAF_TEST(snapshot and delta give top of book to atr and grid) {
  start(config());
  CAF_REQUIRE(ex.wait_frames_with("market_stats/0"));
  CAF_CHECK_EQUAL(ex.frames_with(R"("channel":"order_book/0")").size(), 1u);
  CAF_CHECK_EQUAL(ex.frames_with(R"("channel":"trade/0")").size(), 1u);
  ex.push(snapshot());
  CAF_REQUIRE(events->tops.wait_count(2)); // one each
  auto t = events->tops.items()[0];
  CAF_CHECK_EQUAL(t.market_index, 0);
  CAF_CHECK_EQUAL(t.bid.value, 200000);
  CAF_CHECK_EQUAL(t.bid_size.value, 200);
  CAF_CHECK_EQUAL(t.ask.value, 232500);
  CAF_CHECK_EQUAL(t.ask_size.value, 990000);
  CAF_CHECK_EQUAL(t.ts_ms, 1778138582602);
  ex.push(delta(904845, "2300.00", "1.0000"));
  CAF_REQUIRE(events->tops.wait_count(4));
  auto u = events->tops.items()[3];
  CAF_CHECK_EQUAL(u.ask.value, 230000);
  CAF_CHECK_EQUAL(u.ask_size.value, 10000);
  CAF_CHECK_EQUAL(u.bid.value, 200000);
  // A delta that leaves the top alone publishes nothing.
  ex.push(delta(904846, "2500.00", "1.0000"));
  ex.push(delta(904847, "2300.00", "2.0000"));
  CAF_REQUIRE(events->tops.wait_count(6));
  auto last =
      events->tops.items()[5]; // a named copy: the macro keeps a reference
  CAF_CHECK_EQUAL(last.ask_size.value, 20000);
  CAF_CHECK_EQUAL(figure("tops_sent"), "3");
  CAF_CHECK_EQUAL(figure("bid"), "2000.00");
  CAF_CHECK_EQUAL(figure("ask"), "2300.00");
  CAF_CHECK_EQUAL(figure("book_synced"), "yes");
  CAF_CHECK_EQUAL(figure("reconnects"), "2");
}

CAF_TEST(a gap resubscribes and the next snapshot heals the book) {
  start(config());
  CAF_REQUIRE(ex.wait_frames_with("market_stats/0"));
  ex.push(snapshot());
  CAF_REQUIRE(events->tops.wait_count(2));
  ex.push(delta(111, "2300.00", "1.0000")); // begin_nonce != 904845
  CAF_REQUIRE(ex.wait_frames_with(R"("type":"unsubscribe")"));
  CAF_REQUIRE(ex.wait_frames_with(R"("channel":"order_book/0")", 3));
  auto f = ex.frames_with(R"("channel":"order_book/0")");
  CAF_CHECK(contains(f[1], "unsubscribe"));
  CAF_CHECK(contains(f[2], R"("type":"subscribe")"));
  CAF_CHECK_EQUAL(figure("resyncs"), "1");
  CAF_CHECK_EQUAL(figure("book_synced"), "no");
  // Deltas before the fresh snapshot are ignored without asking again.
  ex.push(delta(904845, "2300.00", "1.0000"));
  ex.push(snapshot());
  CAF_REQUIRE(events->tops.wait_count(4)); // republished after the resync
  CAF_CHECK_EQUAL(figure("book_synced"), "yes");
  CAF_CHECK_EQUAL(ex.frames_with("unsubscribe").size(), 1u);
}

CAF_TEST(trades and market stats become trade prints and mark prices) {
  start(config());
  CAF_REQUIRE(ex.wait_frames_with("market_stats/0"));
  ex.push(payload("ws", "trade_subscribed__ccxt_comment_mainnet.json"));
  ex.push(trade_update());
  ex.push(
      payload("ws", "market_stats_update_single__ccxt_comment_mainnet.json"));
  CAF_REQUIRE(events->trades.wait_count(2)); // the snapshot is history
  CAF_REQUIRE(events->marks.wait_count(2));
  auto t = events->trades.items()[0];
  CAF_CHECK_EQUAL(t.trade_id, 526801155);
  CAF_CHECK_EQUAL(t.price.value, 302885);
  CAF_CHECK_EQUAL(t.size.value, 346);
  CAF_CHECK(!t.maker_is_ask);
  CAF_CHECK_EQUAL(t.ts_ms, 1763623734215);
  auto m = events->marks.items()[0];
  CAF_CHECK_EQUAL(m.mark.value, 301391);
  CAF_CHECK_EQUAL(m.index.value, 301556);
  CAF_CHECK_EQUAL(figure("trades_sent"), "1");
}

CAF_TEST(a malformed frame is counted and skipped) {
  start(config());
  CAF_REQUIRE(ex.wait_frames_with("market_stats/0"));
  ex.push("{\"type\":\"update/order_book\",\"order_book\":");
  ex.push(snapshot());
  CAF_REQUIRE(events->tops.wait_count(2));
  CAF_CHECK_EQUAL(figure("malformed"), "1");
}

CAF_TEST(a stale book is resubscribed then the feed gives up) {
  auto c = config();
  c.stale_after = 150ms;
  start(c);
  CAF_REQUIRE(ex.wait_frames_with("market_stats/0"));
  ex.push(snapshot());
  CAF_REQUIRE(events->tops.wait_count(2));
  // Nothing more arrives: first a resubscribe, then an exit.
  CAF_REQUIRE(ex.wait_frames_with("unsubscribe"));
  auto reason = wait_down();
  CAF_CHECK_EQUAL(reason.code(),
                  static_cast<uint8_t>(error_code::connection_lost));
  CAF_CHECK(contains(sys.render(reason), "no order book after resubscribing"));
}

CAF_TEST(a disconnect ends the feed with connection lost) {
  start(config());
  CAF_REQUIRE(ex.wait_frames_with("market_stats/0"));
  ex.drop_all();
  auto reason = wait_down();
  CAF_CHECK_EQUAL(reason.code(),
                  static_cast<uint8_t>(error_code::connection_lost));
}

CAF_TEST(recent candles warm up the atr and every new atr handle) {
  ex.route("/api/v1/candles", 200,
           payload("rest", "candles__lev7_mainnet_truncated.json"));
  auto c = config();
  c.market = "BTC";
  c.market_index = 1;
  c.decimals = {1, 5};
  c.warmup_candles = 2;
  c.warmup_resolution = "1h";
  // Three candles start at 1750003200000 + k h; at this time all are done.
  c.unix_now_ms = [] { return int64_t{1750014000000}; };
  start(c);
  CAF_REQUIRE(events->warmups.wait_count(1));
  auto w = events->warmups.items()[0];
  CAF_CHECK_EQUAL(w.market_index, 1);
  CAF_CHECK_EQUAL(w.resolution, "1h");
  CAF_CHECK_EQUAL(w.interval_ms, 3'600'000);
  CAF_REQUIRE_EQUAL(w.bars.size(), 2u); // the newest two
  CAF_CHECK(w.bars[0].start_ms < w.bars[1].start_ms);
  CAF_CHECK_EQUAL(w.bars[0].start_ms, 1750006800000);
  CAF_CHECK_EQUAL(w.bars[0].open.value, 1055942);
  auto req = ex.requests().at(0);
  CAF_CHECK(contains(req.target, "count_back=3"));
  CAF_CHECK(contains(req.target, "resolution=1h"));
  // A restarted atr gets the warm-up again; the same handle does not.
  auto atr2 = sys.spawn(atr_stub, events);
  self->send(feed, market_peers{feed, atr2, grid, executor_actor{}});
  self->send(feed, market_peers{feed, atr2, grid, executor_actor{}});
  CAF_REQUIRE(events->warmups.wait_count(2));
  CAF_CHECK_EQUAL(figure("warmup_bars"), "2");
  CAF_CHECK_EQUAL(events->warmups.size(), 2u);
  self->send_exit(atr2, caf::exit_reason::kill);
}

CAF_TEST(the warm - up keeps only completed candles) {
  std::vector<lighter::candle> candles(3);
  candles[0].start_ms = 120'000;
  candles[1].start_ms = 0;
  candles[2].start_ms = 60'000;
  auto w = make_atr_warmup(4, "1m", candles, 150'000);
  CAF_REQUIRE_EQUAL(w.bars.size(), 2u);
  CAF_CHECK_EQUAL(w.bars[0].start_ms, 0);
  CAF_CHECK_EQUAL(w.bars[1].start_ms, 60'000);
  CAF_CHECK_EQUAL(w.interval_ms, 60'000);
}

CAF_TEST_FIXTURE_SCOPE_END()
