#define CAF_SUITE lighter_rest_api

#include "lighter/client/rest_api.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/url.hpp"

#include "caf/test/unit_test.hpp"

#include "fake_exchange.hpp"

#include <atomic>
#include <utility>
#include <vector>

using namespace trailgrid;
using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;

namespace {

struct fixture {
  fake_exchange ex;
  net::io_runner io{"rest-test"};
  std::unique_ptr<rest_api> api;

  fixture() {
    ex.route("/api/v1/orderBookDetails", 200,
             payload("rest", "orderBookDetails__nautilus_mainnet.json"));
    ex.route("/api/v1/nextNonce", 200,
             payload("rest", "nextNonce__lev7_mainnet.json"));
    ex.route("/api/v1/account", 200,
             payload("rest", "account_with_position__ccxt.json"));
    ex.route("/api/v1/accountActiveOrders", 200,
             payload("rest", "accountActiveOrders__ccxt_comment_testnet.json"));
    ex.route("/api/v1/candles", 200,
             payload("rest", "candles__lev7_mainnet_truncated.json"));
    ex.route("/api/v1/orderBookOrders", 200,
             payload("rest", "orderBookOrders__nautilus_mainnet.json"));
    api = make(account_tier::premium);
  }

  std::unique_ptr<rest_api> make(account_tier tier,
                                 std::size_t max_queued = 1024,
                                 std::chrono::milliseconds queue_timeout =
                                     std::chrono::milliseconds(10000)) {
    rest_config cfg;
    cfg.base_url = ex.rest_url();
    cfg.tier = tier;
    cfg.account_index = 1077;
    cfg.http.request_timeout = std::chrono::milliseconds(2000);
    cfg.max_queued = max_queued;
    cfg.queue_timeout = queue_timeout;
    auto r = rest_api::create(io, cfg);
    if (!r) CAF_FAIL("create: " << r.error().message);
    return std::move(*r);
  }

  ~fixture() {
    api.reset();
    io.stop();
  }

  /// The last recorded request to `path`.
  fake_exchange::request last(const std::string& path) {
    fake_exchange::request out;
    for (auto& r : ex.requests())
      if (r.target.compare(0, path.size(), path) == 0) out = r;
    return out;
  }
};

market_info btc() {
  market_info m;
  m.symbol = "BTC";
  m.market_id = 1;
  m.decimals = market_decimals{1, 5};
  return m;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(rest_api_tests, fixture)

CAF_TEST(market metadata comes from orderBookDetails and is found by symbol) {
  auto eth = api->market_by_symbol("ETH");
  CAF_REQUIRE(eth.has_value());
  CAF_CHECK_EQUAL(eth->market_id, 0);
  CAF_CHECK_EQUAL(eth->decimals.price, 2);
  CAF_CHECK_EQUAL(eth->decimals.size, 4);
  CAF_CHECK_EQUAL(eth->min_base.value, 50); // "0.0050" in lots
  CAF_CHECK_EQUAL(eth->to_market_spec().min_base.value, 50);
  // orderBookDetails registered the market for later decoding.
  CAF_REQUIRE(api->decimals(0).has_value());
  CAF_CHECK(*api->decimals(0) == (market_decimals{2, 4}));
  auto none = api->market_by_symbol("NOPE");
  CAF_REQUIRE(!none.has_value());
  CAF_CHECK(none.error().cls == error_class::not_found);
  CAF_CHECK(contains(none.error().message, "NOPE"));
}

CAF_TEST(next nonce asks for the account and key) {
  auto n = api->next_nonce(uint8_t{3});
  CAF_REQUIRE(n.has_value());
  CAF_CHECK_EQUAL(*n, 1);
  auto req = last("/api/v1/nextNonce");
  CAF_CHECK(contains(req.target, "account_index=1077"));
  CAF_CHECK(contains(req.target, "api_key_index=3"));
}

CAF_TEST(a batch is posted as one form and its hashes come back in order) {
  ex.route("/api/v1/sendTxBatch", 200,
           R"({"code":200,"message":"{\"ratelimit\": \"x\"}",)"
           R"("tx_hash":["aa","bb"],"predicted_execution_time_ms":1,)"
           R"("volume_quota_remaining":7})");
  std::vector<wire_tx> txs{{15, R"({"Nonce":7})"}, {14, R"({"Nonce":8})"}};
  auto r = api->send_tx_batch(txs);
  CAF_REQUIRE(r.has_value());
  CAF_CHECK(r->ok());
  CAF_CHECK(r->batch);
  CAF_REQUIRE_EQUAL(r->tx_hashes.size(), 2u);
  CAF_CHECK_EQUAL(r->tx_hashes[0], "aa");
  CAF_CHECK_EQUAL(r->tx_hashes[1], "bb");
  auto req = last("/api/v1/sendTxBatch");
  CAF_CHECK_EQUAL(req.method, "POST");
  auto form = net::form_decode(req.body);
  CAF_REQUIRE(form.has_value());
  CAF_REQUIRE_EQUAL(form->size(), 2u);
  CAF_CHECK_EQUAL((*form)[0].first, "tx_types");
  CAF_CHECK_EQUAL((*form)[0].second, "[15,14]");
  CAF_CHECK_EQUAL((*form)[1].second, R"(["{\"Nonce\":7}","{\"Nonce\":8}"])");
}

CAF_TEST(a single tx is posted to sendTx) {
  ex.route("/api/v1/sendTx", 200,
           payload("rest", "sendTx_ok__ccxt_comment_REDACTED_HASH.json"));
  auto r = api->send_tx(wire_tx{14, R"({"Nonce":1})"});
  CAF_REQUIRE(r.has_value());
  CAF_CHECK(r->ok());
  CAF_CHECK_EQUAL(r->tx_hashes.size(), 1u);
  CAF_CHECK(contains(last("/api/v1/sendTx").body, "tx_type=14"));
}

CAF_TEST(exchange errors are classified) {
  struct expectation {
    int status;
    std::string body;
    error_class cls;
    int64_t code;
  };
  std::vector<expectation> cases{
      {400, R"({"code":21104,"message":"invalid nonce"})",
       error_class::resync_nonce, 21104},
      {400, R"({"code":21120,"message":"invalid signature"})",
       error_class::fatal, 21120},
      {400, R"({"code":21733,"message":"order price flagged"})",
       error_class::drop_order, 21733},
      {400, R"({"code":21709,"message":"order is not active"})",
       error_class::already_gone, 21709},
      {400,
       payload("rest", "error_20001_missing_auth_http400__lev7_mainnet.json"),
       error_class::reauth, 20001},
      {503, "upstream down", error_class::retry_later, 0},
      // A 200 whose body carries an error code is an exchange error too.
      {200, R"({"code":21506,"message":"too many pending txs"})",
       error_class::retry_later, 21506},
      // Last: a 429 empties our own bucket (see below).
      {429, R"({"code":23000,"message":"Too Many Requests!"})",
       error_class::retry_later, 23000},
  };
  for (auto& c : cases) {
    ex.route("/api/v1/sendTx", c.status, c.body);
    auto r = api->send_tx(wire_tx{14, "{}"});
    CAF_REQUIRE(!r.has_value());
    CAF_CHECK_EQUAL(std::string(to_string(r.error().kind)), "exchange");
    CAF_CHECK_EQUAL(std::string(to_string(r.error().cls)),
                    std::string(to_string(c.cls)));
    CAF_CHECK_EQUAL(r.error().code, c.code);
    CAF_CHECK_EQUAL(r.error().http_status, c.status);
  }
  CAF_CHECK_EQUAL(api->stats().rate_limited, 1u);
  // After the exchange's 429 our limiter holds the next request back until
  // the budget has refilled (premium: 6 units at 400 a second), then sends
  // it (and this exchange answers 429 again).
  auto next = api->send_tx(wire_tx{14, "{}"});
  CAF_CHECK_EQUAL(api->stats().queued, 1u);
  CAF_REQUIRE(!next.has_value());
  CAF_CHECK_EQUAL(std::string(to_string(next.error().kind)), "exchange");
}

CAF_TEST(a malformed answer is an error not a crash) {
  ex.route("/api/v1/nextNonce", 200, "{\"code\":200,\"nonce\":");
  auto r = api->next_nonce(uint8_t{3});
  CAF_REQUIRE(!r.has_value());
  CAF_CHECK(r.error().kind == rest_failure::malformed);
  CAF_CHECK(r.error().cls == error_class::unknown);
  CAF_CHECK_EQUAL(api->stats().malformed, 1u);
}

CAF_TEST(no server is a transport error to retry later) {
  rest_config cfg;
  cfg.base_url = "http://127.0.0.1:1"; // nothing listens on port 1
  cfg.http.connect_timeout = std::chrono::milliseconds(1000);
  auto dead = rest_api::create(io, cfg);
  CAF_REQUIRE(dead.has_value());
  auto r = (*dead)->next_nonce(uint8_t{3});
  CAF_REQUIRE(!r.has_value());
  CAF_CHECK(r.error().kind == rest_failure::transport);
  CAF_CHECK(r.error().cls == error_class::retry_later);
}

CAF_TEST(a bad base url is refused) {
  rest_config cfg;
  cfg.base_url = "ftp://example.com";
  auto r = rest_api::create(io, cfg);
  CAF_REQUIRE(!r.has_value());
  CAF_CHECK(r.error().cls == error_class::fatal);
}

CAF_TEST(over the standard budget a request waits its turn instead of failing) {
  auto slow = make(account_tier::standard);
  recorder<std::pair<int, bool>> results; // (call number, ok) as completed
  for (int i = 0; i < 61; ++i)
    slow->next_nonce(uint8_t{3}, [&results, i](rest_result<int64_t> r) {
      results.push({i, r.has_value()});
    });
  // The 61st fits one second after the burst of 60.
  CAF_REQUIRE(results.wait_count(61));
  auto items = results.items();
  for (int i = 0; i < 61; ++i) {
    CAF_CHECK_EQUAL(items[i].first, i);
    CAF_CHECK(items[i].second);
  }
  CAF_CHECK_EQUAL(slow->stats().queued, 1u);
  CAF_CHECK_EQUAL(slow->stats().throttled, 0u);
  CAF_CHECK_EQUAL(slow->stats().requests, 61u);
}

CAF_TEST(a full queue refuses and a wait past the queue timeout fails) {
  auto slow = make(account_tier::standard, 2, std::chrono::milliseconds(300));
  recorder<std::pair<int, rest_result<int64_t>>> results;
  for (int i = 0; i < 63; ++i)
    slow->next_nonce(uint8_t{3}, [&results, i](rest_result<int64_t> r) {
      results.push({i, std::move(r)});
    });
  CAF_REQUIRE(results.wait_count(63));
  int ok = 0;
  std::vector<int> throttled;
  for (auto& [i, r] : results.items()) {
    if (r.has_value()) ++ok;
    if (!r.has_value() && r.error().kind == rest_failure::throttled) {
      throttled.push_back(i);
      CAF_CHECK(r.error().cls == error_class::retry_later);
      CAF_CHECK(r.error().retry_after_ms > 0);
      CAF_MESSAGE(r.error().message);
    }
  }
  CAF_CHECK_EQUAL(ok, 60);
  // The 63rd found the queue full at once; the 61st and 62nd timed out.
  CAF_CHECK_EQUAL(throttled, (std::vector<int>{62, 60, 61}));
  CAF_CHECK_EQUAL(slow->stats().throttled, 3u);
  CAF_CHECK_EQUAL(slow->stats().queued, 2u);
  CAF_CHECK_EQUAL(slow->stats().requests, 60u);
}

CAF_TEST(clients sharing one gate spend one budget between them) {
  recorder<std::string> done; // outlives the gate: it gets the last calls
  rest_gate_options o;
  o.tier = account_tier::standard;
  o.per_minute = 4; // then one request every 15 s
  auto gate = rest_gate::create(io, o);
  auto client = [&] {
    rest_config cfg;
    cfg.base_url = ex.rest_url();
    cfg.account_index = 1077;
    cfg.gate = gate;
    auto r = rest_api::create(io, cfg);
    if (!r) CAF_FAIL("create: " << r.error().message);
    return std::move(*r);
  };
  auto status_to = [&done](std::string name) {
    return [&done, name](rest_result<exchange_status> r) {
      done.push(name + (r ? "" : ": " + r.error().message));
    };
  };
  auto feeds = client();
  auto gateway = client();
  for (int i = 0; i < 3; ++i)
    feeds->exchange_status(status_to("feed " + std::to_string(i)));
  gateway->exchange_status(status_to("gateway"));
  CAF_REQUIRE(done.wait_count(4));
  CAF_CHECK_EQUAL(feeds->stats().requests, 3u);
  CAF_CHECK_EQUAL(gateway->stats().requests, 1u);
  // The budget of 4 is spent by both together: the next ones wait.
  gateway->exchange_status(status_to("late read"));
  feeds->exchange_status(status_to("late feed read"));
  auto s = gate->stats();
  CAF_CHECK_EQUAL(s.sent, 4u);
  CAF_CHECK_EQUAL(s.waiting, 2u);
  CAF_CHECK_EQUAL(s.capacity, 4);
  CAF_CHECK_EQUAL(gateway->stats().queued, 1u);
  CAF_CHECK_EQUAL(feeds->stats().queued, 1u);
  // Going away, the gate fails what still waits: nothing is sent.
  gateway.reset();
  feeds.reset();
  gate.reset();
  CAF_REQUIRE(done.wait_count(6));
  auto items = done.items();
  for (std::size_t i = 4; i < items.size(); ++i)
    CAF_CHECK_NOT_EQUAL(items[i].find("not sent"), std::string::npos);
  CAF_CHECK_EQUAL(ex.requests().size(), 4u);
}

CAF_TEST(the account comes back with its positions) {
  CAF_REQUIRE(api->order_book_details().has_value()); // ETH decimals
  auto a = api->account_info();
  CAF_REQUIRE(a.has_value());
  CAF_CHECK_EQUAL(a->index, 1077);
  CAF_CHECK_EQUAL(a->collateral.micros, 9100242706);
  CAF_CHECK_EQUAL(a->available_balance.micros, 12582743947);
  CAF_REQUIRE_EQUAL(a->positions.size(), 1u);
  CAF_CHECK_EQUAL(a->positions[0].size.value, 180193);
  CAF_CHECK_EQUAL(a->positions[0].avg_entry_price.value, 266984);
  CAF_CHECK(contains(last("/api/v1/account").target, "value=1077"));
}

CAF_TEST(active orders send the auth token and decode the orders) {
  CAF_REQUIRE(api->order_book_details().has_value());
  auto r = api->active_orders(0, "tok-1");
  CAF_REQUIRE(r.has_value());
  CAF_CHECK_EQUAL(r->orders.size(), 1u);
  CAF_CHECK_EQUAL(r->orders[0].order_index, 281474977354074);
  CAF_CHECK_EQUAL(r->orders[0].market_id, 0);
  auto req = last("/api/v1/accountActiveOrders");
  CAF_CHECK(contains(req.target, "account_index=1077"));
  CAF_CHECK(contains(req.target, "market_id=0"));
  // The token travels as the auth query parameter.
  CAF_CHECK(contains(req.target, "auth=tok-1"));
}

CAF_TEST(candles ask for count back from the end and come oldest first) {
  api->add_markets({btc()});
  candle_query q;
  q.market_id = 1;
  q.resolution = "1h";
  q.count_back = 3;
  q.end_ms = 1750014000000;
  auto r = api->candles(q);
  CAF_REQUIRE(r.has_value());
  CAF_REQUIRE(r->size() >= 2u);
  CAF_CHECK_EQUAL(r->front().start_ms, 1750003200000);
  CAF_CHECK_EQUAL(r->front().open.value, 1056228);
  CAF_CHECK_EQUAL(r->front().high.value, 1057366);
  for (size_t i = 1; i < r->size(); ++i)
    CAF_CHECK((*r)[i - 1].start_ms < (*r)[i].start_ms);
  auto req = last("/api/v1/candles");
  CAF_CHECK(contains(req.target, "market_id=1"));
  CAF_CHECK(contains(req.target, "resolution=1h"));
  CAF_CHECK(contains(req.target, "count_back=3"));
  CAF_CHECK(contains(req.target, "start_timestamp=1750003200000"));
  CAF_CHECK(contains(req.target, "end_timestamp=1750014000000"));
}

CAF_TEST(candles of an unregistered market fail without a request) {
  candle_query q;
  q.market_id = 77;
  q.count_back = 3;
  q.end_ms = 1;
  auto r = api->candles(q);
  CAF_REQUIRE(!r.has_value());
  CAF_CHECK(contains(r.error().message, "not registered"));
  CAF_CHECK(last("/api/v1/candles").target.empty());
}

CAF_TEST(order book orders decode per order) {
  CAF_REQUIRE(api->order_book_details().has_value());
  auto r = api->order_book_orders(0, 5);
  CAF_REQUIRE(r.has_value());
  CAF_REQUIRE_EQUAL(r->asks.size(), 1u);
  CAF_CHECK_EQUAL(r->asks[0].price.value, 236132);
  CAF_CHECK_EQUAL(r->bids[0].remaining_size.value, 34125);
  CAF_CHECK(contains(last("/api/v1/orderBookOrders").target, "limit=5"));
}

CAF_TEST(async calls complete on the io thread) {
  recorder<bool> on_io;
  api->next_nonce(uint8_t{1},
                  [&](rest_result<int64_t>) { on_io.push(io.in_io_thread()); });
  CAF_REQUIRE(on_io.wait_count(1));
  CAF_CHECK(on_io.items()[0]);
}

CAF_TEST_FIXTURE_SCOPE_END()
