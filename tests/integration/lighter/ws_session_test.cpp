#define CAF_SUITE lighter_ws_session

#include "lighter/client/ws_session.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/io_runner.hpp"

#include "caf/test/unit_test.hpp"

#include "fake_exchange.hpp"

#include <atomic>

using namespace trailgrid;
using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;

namespace {

/// The id a client put into a jsonapi frame.
std::string id_of(std::string_view frame) {
  auto k = frame.find("\"id\":\"");
  if (k == std::string_view::npos) return {};
  auto start = k + 6;
  return std::string(frame.substr(start, frame.find('"', start) - start));
}

struct fixture {
  fake_exchange ex;
  net::io_runner io{"ws-test"};
  recorder<ws_message> messages;
  recorder<std::string> malformed;
  recorder<std::string> closes;
  recorder<int> readies;
  std::atomic<int64_t> unix_now{1'000'000};
  std::atomic<int> tokens_issued{0};
  std::unique_ptr<ws_session> session;

  ws_session_config config() {
    ws_session_config cfg;
    cfg.url = ex.ws_url();
    cfg.ws.heartbeat_interval = std::chrono::milliseconds(0);
    market_info eth;
    eth.market_id = 0;
    eth.decimals = market_decimals{2, 4};
    cfg.markets.add_all({eth});
    cfg.tx_timeout = std::chrono::milliseconds(300);
    cfg.tick = std::chrono::milliseconds(10);
    cfg.unix_now_s = [this] { return unix_now.load(); };
    cfg.auth = [this](std::function<void(std::optional<auth_token>)> done) {
      auto n = ++tokens_issued;
      done(auth_token{"tok" + std::to_string(n), unix_now.load() + 600});
    };
    cfg.auth_renew_before = std::chrono::seconds(120);
    return cfg;
  }

  ws_session_callbacks callbacks() {
    ws_session_callbacks cbs;
    cbs.on_ready = [this] { readies.push(1); };
    cbs.on_message = [this](const ws_message& m, int64_t) { messages.push(m); };
    cbs.on_malformed = [this](std::string_view f, const std::string&) {
      malformed.push(std::string(f));
    };
    cbs.on_close = [this](const std::string& r) { closes.push(r); };
    return cbs;
  }

  void open(ws_session_config cfg) {
    session = std::make_unique<ws_session>(io, std::move(cfg), callbacks());
    session->connect();
  }

  void open() { open(config()); }

  template <class T>
  std::vector<T> messages_of() {
    std::vector<T> out;
    for (auto& m : messages.items())
      if (auto p = std::get_if<T>(&m)) out.push_back(*p);
    return out;
  }

  ~fixture() {
    session.reset();
    io.stop();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(ws_session_tests, fixture)

CAF_TEST(
    subscriptions go out after the greeting and private ones carry a token) {
  auto cfg = config();
  open(cfg);
  session->subscribe(channel::order_book(0));
  session->subscribe(channel::account_all_orders(42), true);
  CAF_REQUIRE(readies.wait_count(1));
  CAF_REQUIRE(ex.wait_frames_with("subscribe", 2));
  auto subs = ex.frames_with("subscribe");
  CAF_CHECK_EQUAL(subs[0], R"({"type":"subscribe","channel":"order_book/0"})");
  CAF_CHECK_EQUAL(
      subs[1],
      R"({"type":"subscribe","channel":"account_all_orders/42","auth":"tok1"})");
  CAF_CHECK_EQUAL(session->stats().subscribes, 2u);
}

CAF_TEST(an app level ping is answered with a pong) {
  open();
  CAF_REQUIRE(readies.wait_count(1));
  ex.push(R"({"type":"ping"})");
  CAF_REQUIRE(ex.wait_frames_with(R"({"type":"pong"})"));
  CAF_CHECK(poll_until([&] { return session->stats().pings == 1; }));
}

CAF_TEST(decoded frames reach the callback and malformed ones are skipped) {
  open();
  CAF_REQUIRE(readies.wait_count(1));
  ex.push(payload("ws", "order_book_subscribed__nautilus_mainnet.json"));
  ex.push("{\"type\":\"update/order_book\",");
  ex.push(payload("ws", "order_book_update__nautilus_HANDWRITTEN.json"));
  CAF_REQUIRE(messages.wait_count(3)); // connected + two books
  CAF_REQUIRE(malformed.wait_count(1));
  auto books = messages_of<order_book_update>();
  CAF_REQUIRE_EQUAL(books.size(), 2u);
  CAF_CHECK(books[0].is_snapshot);
  CAF_CHECK_EQUAL(books[0].asks.size(), 2u);
  CAF_CHECK(!books[1].is_snapshot);
  auto st = session->stats();
  CAF_CHECK_EQUAL(st.malformed, 1u);
  CAF_CHECK_EQUAL(st.frames, 4u);
}

CAF_TEST(a batch reply is matched by its echoed id) {
  ex.on_frame([](std::string_view text, const auto& reply) {
    if (!contains(text, "jsonapi/sendtxbatch")) return;
    reply(R"({"code":200,"id":")" + id_of(text) +
          R"(","tx_hash":["h1","h2"],"type":"jsonapi/sendtxbatch"})");
  });
  open();
  recorder<tx_result> results;
  session->send_tx_batch({{15, R"({"A":1})"}, {14, R"({"A":2})"}},
                         [&](tx_result r) { results.push(std::move(r)); });
  CAF_REQUIRE(results.wait_count(1));
  auto r = results.items()[0];
  CAF_CHECK(r.cls == error_class::ok);
  CAF_CHECK(r.answered);
  CAF_CHECK_EQUAL(r.code, 200);
  CAF_REQUIRE_EQUAL(r.tx_hashes.size(), 2u);
  CAF_CHECK_EQUAL(r.tx_hashes[1], "h2");
  CAF_CHECK_EQUAL(r.request_id, "tg1");
  CAF_CHECK(r.written_ns > 0);
  CAF_CHECK(r.answered_ns >= r.written_ns);
  auto frame = ex.frames_with("jsonapi/sendtxbatch").at(0);
  CAF_CHECK(contains(frame, R"("tx_types":"[15,14]")"));
}

CAF_TEST(a reply without an id answers the only pending tx) {
  ex.on_frame([](std::string_view text, const auto& reply) {
    if (!contains(text, "jsonapi/sendtx")) return;
    if (contains(text, R"("A":1)"))
      reply(R"({"code":200,"tx_hash":"h1","type":"jsonapi/sendtx"})");
    else
      reply(payload("ws", "sendtx_reply_error__nautilus_HANDWRITTEN.json"));
  });
  open();
  recorder<tx_result> results;
  session->send_tx({14, R"({"A":1})"},
                   [&](tx_result r) { results.push(std::move(r)); });
  CAF_REQUIRE(results.wait_count(1));
  session->send_tx({14, R"({"A":2})"},
                   [&](tx_result r) { results.push(std::move(r)); });
  CAF_REQUIRE(results.wait_count(2));
  auto rs = results.items();
  CAF_CHECK_EQUAL(rs[0].request_id, "tg1");
  CAF_CHECK(rs[0].cls == error_class::ok);
  CAF_CHECK_EQUAL(rs[1].request_id, "tg2");
  CAF_CHECK(rs[1].cls == error_class::drop_order); // 21727
  CAF_CHECK_EQUAL(rs[1].code, 21727);
  CAF_CHECK_EQUAL(session->stats().tx_fifo_matched, 2u);
}

CAF_TEST(replies without an id are not guessed when several txs are pending) {
  // Both frames are answered only once both are out: any match would be a
  // guess (a wrong rollback, then a reused nonce). They time out instead and
  // their owner settles them from the exchange.
  int seen = 0;
  ex.on_frame([&seen](std::string_view text, const auto& reply) {
    if (!contains(text, "jsonapi/sendtx") || ++seen < 2) return;
    reply(R"({"code":200,"tx_hash":"h1","type":"jsonapi/sendtx"})");
    reply(R"({"error":{"code":21104,"message":"invalid nonce"}})");
  });
  open();
  recorder<tx_result> results;
  session->send_tx({14, R"({"A":1})"},
                   [&](tx_result r) { results.push(std::move(r)); });
  session->send_tx({14, R"({"A":2})"},
                   [&](tx_result r) { results.push(std::move(r)); });
  CAF_REQUIRE(results.wait_count(2));
  for (auto& r : results.items()) {
    CAF_CHECK(!r.answered);
    CAF_CHECK(r.cls == error_class::unknown);
  }
  CAF_CHECK_EQUAL(session->stats().tx_unmatched, 1u);
}

CAF_TEST(an error frame without id answers the only pending tx) {
  ex.on_frame([](std::string_view text, const auto& reply) {
    if (contains(text, "jsonapi/sendtx"))
      reply(R"({"error":{"code":21104,"message":"invalid nonce"}})");
  });
  open();
  recorder<tx_result> results;
  session->send_tx({14, "{}"},
                   [&](tx_result r) { results.push(std::move(r)); });
  CAF_REQUIRE(results.wait_count(1));
  CAF_CHECK(results.items()[0].cls == error_class::resync_nonce);
}

CAF_TEST(a subscription error frame does not answer a pending tx) {
  open();
  CAF_REQUIRE(readies.wait_count(1));
  recorder<tx_result> results;
  session->send_tx({14, "{}"},
                   [&](tx_result r) { results.push(std::move(r)); });
  CAF_REQUIRE(ex.wait_frames_with("jsonapi/sendtx"));
  ex.push(payload("ws", "error_30003_already_subscribed__lev7_testnet.json"));
  // The tx runs into its timeout instead.
  CAF_REQUIRE(results.wait_count(1));
  auto r = results.items()[0];
  CAF_CHECK(r.cls == error_class::unknown);
  CAF_CHECK(!r.answered);
  CAF_CHECK(contains(r.message, "no reply within 300 ms"));
  CAF_CHECK_EQUAL(session->stats().tx_timeouts, 1u);
  CAF_CHECK_EQUAL(messages_of<ws_error>().size(), 1u);
}

CAF_TEST(a disconnect answers pending txs unknown before on_close) {
  open();
  CAF_REQUIRE(readies.wait_count(1));
  std::vector<std::string> order;
  std::mutex mu;
  recorder<tx_result> results;
  session->send_tx({14, "{}"}, [&](tx_result r) {
    {
      std::lock_guard<std::mutex> lock(mu);
      order.push_back("tx");
    }
    results.push(std::move(r));
  });
  CAF_REQUIRE(ex.wait_frames_with("jsonapi/sendtx"));
  ex.drop_all();
  CAF_REQUIRE(closes.wait_count(1));
  CAF_REQUIRE(results.wait_count(1));
  auto r = results.items()[0];
  CAF_CHECK(r.cls == error_class::unknown);
  CAF_CHECK(contains(r.message, "disconnected"));
  CAF_CHECK_EQUAL(session->stats().tx_unanswered_on_close, 1u);
  CAF_CHECK(session->stats().closed);
  // After the close, a new tx is refused at once: nothing was sent.
  session->send_tx({14, "{}"},
                   [&](tx_result r2) { results.push(std::move(r2)); });
  CAF_REQUIRE(results.wait_count(2));
  CAF_CHECK(results.items()[1].cls == error_class::retry_later);
}

CAF_TEST(a token close to expiry is renewed and private channels resubscribed) {
  open();
  session->subscribe(channel::account_all_trades(42), true);
  session->subscribe(channel::trade(0));
  CAF_REQUIRE(ex.wait_frames_with("tok1"));
  // Jump the clock to 100 s before the token's expiry (renewal margin 120).
  unix_now += 500;
  CAF_REQUIRE(ex.wait_frames_with("tok2"));
  auto frames = ex.frames();
  // unsubscribe, then subscribe with the fresh token; the public channel is
  // left alone.
  auto unsub = ex.frames_with("unsubscribe");
  CAF_REQUIRE_EQUAL(unsub.size(), 1u);
  CAF_CHECK_EQUAL(
      unsub[0], R"({"type":"unsubscribe","channel":"account_all_trades/42"})");
  CAF_CHECK_EQUAL(ex.frames_with("trade/0").size(), 1u);
  CAF_CHECK_EQUAL(session->stats().auth_renewals, 2u);
}

CAF_TEST(a failed token request is retried) {
  auto cfg = config();
  std::atomic<int> calls{0};
  cfg.auth_retry = std::chrono::milliseconds(20);
  cfg.auth = [&](std::function<void(std::optional<auth_token>)> done) {
    if (++calls == 1) return done(std::nullopt);
    done(auth_token{"late", unix_now.load() + 600});
  };
  open(cfg);
  session->subscribe(channel::account_all_orders(42), true);
  CAF_REQUIRE(ex.wait_frames_with("late"));
  CAF_CHECK_EQUAL(session->stats().auth_failures, 1u);
}

CAF_TEST(resubscribe sends unsubscribe then subscribe) {
  open();
  session->subscribe(channel::order_book(0));
  CAF_REQUIRE(ex.wait_frames_with("order_book/0"));
  session->resubscribe(channel::order_book(0));
  CAF_REQUIRE(ex.wait_frames_with("order_book/0", 3));
  auto f = ex.frames_with("order_book/0");
  CAF_CHECK(contains(f[1], "unsubscribe"));
  CAF_CHECK(contains(f[2], R"("type":"subscribe")"));
}

CAF_TEST(a refused connection reports on_close) {
  auto cfg = config();
  cfg.url = "ws://127.0.0.1:1/stream";
  open(cfg);
  CAF_REQUIRE(closes.wait_count(1));
  CAF_CHECK_EQUAL(readies.size(), 0u);
}

CAF_TEST_FIXTURE_SCOPE_END()
