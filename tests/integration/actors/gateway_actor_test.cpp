#define CAF_SUITE gateway_actor

#include "actors/component_logger.hpp"
#include "actors/gateway_actor.hpp"
#include "actors/signer_actor.hpp"
#include "execution/client_index.hpp"
#include "lighter/net/io_runner.hpp"
#include "messages/errors.hpp"

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

#include <algorithm>

using namespace trailgrid;
using namespace trailgrid::actors;
using namespace trailgrid::actors::test;
using namespace trailgrid::lighter::test;
using namespace std::chrono_literals;

namespace {

// A trade of market 0 in which account 1077 bought 0.01 (id `id`).
std::string trade_json(int id) {
  return R"({"trade_id":)" + std::to_string(id) +
         R"(,"tx_hash":"00","type":"trade","market_id":0,"size":"0.0100",)"
         R"("price":"2958.75","usd_amount":"29.587500","ask_id":)" +
         std::to_string(1000 + id) +
         R"(,"bid_id":1,"ask_client_id":0,"bid_client_id":0,)"
         R"("ask_account_id":20,"bid_account_id":1077,"is_maker_ask":true,)"
         R"("block_height":1,"timestamp":)" +
         std::to_string(1766386112000 + id) + "}";
}

// A page of the trades endpoint: `count` trades from `newest` down.
std::string trades_page(int newest, int count, const std::string& next) {
  std::string body =
      R"({"code":200,"next_cursor":")" + next + R"(","trades":[)";
  for (int i = 0; i < count; ++i)
    body += (i ? "," : "") + trade_json(newest - i);
  return body + "]}";
}

// `text` with every `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from,
                     const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// Client order index `seq` of the bot's namespace on `market`: the captured
// payloads carry other tools' indexes, which the gateway does not route.
int64_t ours(int32_t market, uint64_t seq) {
  return execution::client_index_space{
      execution::client_index_space::default_tag, market}
      .make(seq);
}

// The captured fill of account 8 (market 1), made one of our orders'.
std::string our_fill_frame() {
  return replaced(
      payload("ws", "account_all_trades_update_buyer_taker__lev7_testnet.json"),
      "178527706671510", std::to_string(ours(1, 7)));
}

std::string id_of(std::string_view frame) {
  auto k = frame.find("\"id\":\"");
  if (k == std::string_view::npos) return {};
  auto start = k + 6;
  return std::string(frame.substr(start, frame.find('"', start) - start));
}

// Answers jsonapi/sendtx(batch) frames by the tag inside the tx_info.
void exchange_rules(std::string_view text,
                    const std::function<void(std::string)>& reply) {
  if (!contains(text, "jsonapi/sendtx")) return;
  if (contains(text, "SILENT")) return;
  std::string type =
      contains(text, "sendtxbatch") ? "jsonapi/sendtxbatch" : "jsonapi/sendtx";
  struct rule {
    const char* tag;
    int code;
    const char* message;
  };
  static const rule rules[] = {
      {"NONCE", 21104, "invalid nonce"},
      {"CROSS", 21733, "order price flagged as an accidental price"},
      {"GONE", 21709, "order is not active"},
      {"FATAL", 21120, "invalid signature"},
      {"BUSY", 21506, "too many pending txs"},
      {"MARGIN", 21732, "reduce only order would increase position"},
      {"WHAT", 12345, "something new"},
      {"DUP", 21728, "duplicate client order index"},
  };
  for (auto& r : rules)
    if (contains(text, r.tag)) {
      reply(R"({"code":)" + std::to_string(r.code) + R"(,"id":")" +
            id_of(text) + R"(","message":")" + r.message + R"(","type":")" +
            type + R"("})");
      return;
    }
  auto hashes = type == "jsonapi/sendtx" ? std::string(R"("h1")")
                                         : std::string(R"(["h1","h2"])");
  reply(R"({"code":200,"id":")" + id_of(text) + R"(","tx_hash":)" + hashes +
        R"(,"type":")" + type + R"("})");
}

signed_tx tx(const std::string& tag, int64_t nonce, uint8_t type = 14) {
  return signed_tx{nonce, type,
                   R"({"Tag":")" + tag + R"(","Nonce":)" +
                       std::to_string(nonce) + "}",
                   "hash"};
}

struct fixture {
  fake_exchange ex;
  lighter::net::io_runner io{"gw-test"};
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<token_signer> keys = std::make_shared<token_signer>(8, 3);
  signer_actor signer;
  std::shared_ptr<sink> events = std::make_shared<sink>();
  executor_actor executor;
  grid_actor grid;
  gateway_actor gw;

  fixture() {
    ex.on_frame(exchange_rules);
    signer_config sc;
    sc.keys = {{3, keys}};
    signer = spawn_signer(sys, sc);
    executor = sys.spawn(executor_stub, events);
    grid = sys.spawn(grid_stub, events);
  }

  gateway_config config() {
    gateway_config c;
    c.runner = &io;
    c.rest_url = ex.rest_url();
    c.ws_url = ex.ws_url();
    c.ws.heartbeat_interval = 0ms;
    c.account_index = 8;
    c.api_key_index = 3;
    c.signer = signer;
    lighter::market_info eth;
    eth.symbol = "ETH";
    eth.market_id = 0;
    eth.decimals = {2, 4};
    lighter::market_info btc;
    btc.symbol = "BTC";
    btc.market_id = 1;
    btc.decimals = {1, 5};
    c.markets = {eth, btc};
    c.tx_timeout = 300ms;
    c.reconnect.initial = 50ms;
    c.reconnect.cap = 200ms;
    c.reconnect.jitter_ppm = 0;
    c.logger = trailgrid::actors::silent_logger("test");
    return c;
  }

  void start(gateway_config c) { gw = spawn_gateway(sys, std::move(c)); }

  /// Each private channel of account 8 was subscribed once, with `token`.
  void check_private_channels_carry(const std::string& token) {
    for (auto ch : {"account_all_orders/8", "account_all_trades/8",
                    "account_all_positions/8", "user_stats/8"}) {
      auto f = ex.frames_with(ch);
      CAF_REQUIRE_EQUAL(f.size(), 1u);
      CAF_CHECK(contains(f[0], token));
    }
  }

  actor_status status() {
    actor_status out;
    self->request(gw, 5s, status_atom::value)
        .receive([&](actor_status& s) { out = std::move(s); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return out;
  }

  std::string figure(const std::string& key) {
    auto s = status();
    auto i = s.figures.find(key);
    return i == s.figures.end() ? "" : i->second;
  }

  bool wait_ready() {
    return poll_until([&] { return figure("link") == "ready"; });
  }

  batch_reply send(send_batch b) {
    batch_reply out;
    self->request(gw, 5s, std::move(b))
        .receive([&](batch_reply& r) { out = std::move(r); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return out;
  }

  void route(int32_t market) {
    self->send(gw, route_market{market, executor, grid});
  }

  ~fixture() {
    for (auto h :
         {caf::actor_cast<caf::actor>(gw), caf::actor_cast<caf::actor>(signer),
          caf::actor_cast<caf::actor>(executor),
          caf::actor_cast<caf::actor>(grid)}) {
      if (!h) continue;
      self->monitor(h);
      self->send_exit(h, caf::exit_reason::kill);
      self->receive([](const caf::down_msg&) {}, caf::after(5s) >> [] {});
    }
    io.stop();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(gateway_actor_tests, fixture)

CAF_TEST(private channels are subscribed with the signer token) {
  start(config());
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(ex.wait_frames_with("user_stats/8"));
  check_private_channels_carry(":8:3:fake");
  // One token serves all four.
  CAF_CHECK_EQUAL(keys->tokens.load(), 1);
}

CAF_TEST(a refused token is replaced once and the channels resubscribed) {
  start(config());
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(ex.wait_frames_with("user_stats/8"));
  auto refused = payload("ws", "error_20013_invalid_auth__lev7_testnet.json");
  ex.push(refused);
  ex.push(refused); // within reauth_every: no second renewal
  CAF_REQUIRE(ex.wait_frames_with("account_all_orders/8", 2));
  CAF_REQUIRE(ex.wait_frames_with("user_stats/8", 2));
  CAF_CHECK(poll_until([&] { return figure("error_frames") == "2"; }));
  CAF_CHECK_EQUAL(figure("reauths"), "1");
  CAF_CHECK_EQUAL(keys->tokens.load(), 2);
  CAF_CHECK_EQUAL(ex.frames_with("account_all_orders/8").size(), 2u);
}

CAF_TEST(a read only token reads the account where no key is held) {
  auto c = config();
  c.signer = signer_actor{}; // a market node's gateway: no key here
  c.read_only_token = "ro:8:single:4102444800:0a1b2c";
  start(c);
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(ex.wait_frames_with("user_stats/8"));
  check_private_channels_carry("ro:8:single:4102444800:0a1b2c");
  CAF_CHECK_EQUAL(figure("reads_with"), "read-only token");
}

CAF_TEST(a refused read only token gives way to the signer token) {
  auto c = config();
  c.read_only_token = "ro:8:single:4102444800:0a1b2c";
  start(c);
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(ex.wait_frames_with("user_stats/8"));
  CAF_CHECK_EQUAL(keys->tokens.load(), 0); // the signer was not asked
  ex.push(payload("ws", "error_20013_invalid_auth__lev7_testnet.json"));
  CAF_REQUIRE(ex.wait_frames_with("account_all_orders/8", 2));
  auto f = ex.frames_with("account_all_orders/8");
  CAF_CHECK(contains(f.back(), ":8:3:fake"));
  CAF_CHECK_EQUAL(figure("reads_with"), "signer auth token");
}

CAF_TEST(without a signer private channels go out without a token) {
  auto c = config();
  c.signer = signer_actor{};
  start(c);
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(ex.wait_frames_with("user_stats/8"));
  auto f = ex.frames_with("account_all_trades/8");
  CAF_REQUIRE_EQUAL(f.size(), 1u);
  CAF_CHECK(!contains(f[0], "auth"));
}

CAF_TEST(a batch goes out as one frame and its reply carries the verdict) {
  start(config());
  CAF_REQUIRE(wait_ready());
  send_batch b;
  b.market_index = 0;
  b.api_key_index = 3;
  b.batch_id = 77;
  b.trigger_ns = 12345;
  b.txs = {tx("OK", 5, 15), tx("OK", 6, 14)};
  auto r = send(b);
  CAF_CHECK_EQUAL(r.batch_id, 77u);
  CAF_CHECK(r.verdict == exchange_verdict::accepted);
  CAF_CHECK_EQUAL(r.code, 200);
  CAF_CHECK_EQUAL(r.tx_hashes, (std::vector<std::string>{"h1", "h2"}));
  CAF_CHECK_EQUAL(r.trigger_ns, 12345);
  CAF_CHECK(r.written_ns > 0);
  auto frames = ex.frames_with("jsonapi/sendtxbatch");
  CAF_REQUIRE_EQUAL(frames.size(), 1u);
  CAF_CHECK(contains(frames[0], R"("tx_types":"[15,14]")"));
  // A single tx goes as jsonapi/sendtx with its tx_info embedded.
  b.batch_id = 78;
  b.txs = {tx("OK", 7)};
  auto one = send(b);
  CAF_CHECK(one.verdict == exchange_verdict::accepted);
  CAF_CHECK_EQUAL(one.tx_hashes, (std::vector<std::string>{"h1"}));
  auto singles = ex.frames_with(R"("type":"jsonapi/sendtx")");
  CAF_REQUIRE_EQUAL(singles.size(), 1u);
  CAF_CHECK(contains(singles[0], R"("tx_info":{"Tag":"OK","Nonce":7})"));
  CAF_CHECK_EQUAL(figure("batches_sent"), "2");
}

CAF_TEST(each error class maps to its verdict) {
  // The timed-out batch is settled from the next nonce: taken.
  ex.route("/api/v1/nextNonce", 200, R"({"code":200,"nonce":3})");
  start(config());
  CAF_REQUIRE(wait_ready());
  struct expectation {
    const char* tag;
    exchange_verdict verdict;
    int32_t code;
  };
  expectation cases[] = {
      {"NONCE", exchange_verdict::resync_nonce, 21104},
      {"CROSS", exchange_verdict::drop_order, 21733},
      {"GONE", exchange_verdict::already_gone, 21709},
      {"FATAL", exchange_verdict::fatal, 21120},
      {"BUSY", exchange_verdict::retry_later, 21506},
      {"MARGIN", exchange_verdict::drop_order, 21732},
      {"WHAT", exchange_verdict::unknown, 12345},
      // A resend whose first copy was placed: the exchange's live orders
      // settle it (the executor adopts the order), never dropped.
      {"DUP", exchange_verdict::unknown, 21728},
      {"SILENT", exchange_verdict::unknown, 0}, // timeout
  };
  uint64_t id = 1;
  for (auto& c : cases) {
    send_batch b;
    b.batch_id = id++;
    b.txs = {tx(c.tag, 1), tx(c.tag, 2)};
    auto r = send(b);
    CAF_CHECK_EQUAL(to_string(r.verdict), to_string(c.verdict));
    CAF_CHECK_EQUAL(r.code, c.code);
    CAF_CHECK_EQUAL(r.batch_id, b.batch_id);
  }
  CAF_CHECK_EQUAL(figure("verdicts_unknown"), "3");
  CAF_CHECK_EQUAL(figure("tx_timeouts"), "1");
}

CAF_TEST(malformed batches are refused without a frame) {
  start(config());
  CAF_REQUIRE(wait_ready());
  send_batch empty;
  caf::error err;
  self->request(gw, 5s, empty)
      .receive([](batch_reply&) {}, [&](caf::error& e) { err = e; });
  CAF_CHECK(err == make_error(error_code::empty_batch));
  send_batch big; // more than a REST sendTxBatch takes
  for (int i = 0; i < 51; ++i)
    big.txs.push_back(tx("OK", i));
  self->request(gw, 5s, big)
      .receive([](batch_reply&) {}, [&](caf::error& e) { err = e; });
  CAF_CHECK_EQUAL(err.code(),
                  static_cast<uint8_t>(error_code::batch_too_large));
  CAF_CHECK(ex.frames_with("jsonapi").empty());
}

CAF_TEST(a fill frame reaches the executor and then the grid of its market) {
  start(config());
  route(1);
  CAF_REQUIRE(wait_ready());
  ex.push(our_fill_frame());
  CAF_REQUIRE(events->fills.wait_count(1));
  auto f = events->fills.items()[0];
  // Account 8 is the bid (buyer, taker) of trade 5770012 on market 1.
  CAF_CHECK_EQUAL(f.market_index, 1);
  CAF_CHECK_EQUAL(f.trade_id, 5770012);
  CAF_CHECK_EQUAL(f.order_index, 844424916665793);
  CAF_CHECK_EQUAL(f.client_order_index, ours(1, 7));
  CAF_CHECK(f.order_side == side::bid);
  CAF_CHECK_EQUAL(f.price.value, 640000); // 64000.0
  CAF_CHECK_EQUAL(f.size.value, 1);       // 0.00001
  CAF_CHECK(!f.is_maker);
  CAF_CHECK_EQUAL(f.ts_ms, 1785277065764);
  // The same fill goes straight to the grid: its reset does not wait for
  // the executor.
  CAF_REQUIRE(events->grid_fills.wait_count(1));
  CAF_CHECK_EQUAL(events->grid_fills.items()[0].trade_id, 5770012);
  CAF_CHECK_EQUAL(events->grid_fills.items()[0].recv_ns, f.recv_ns);
  CAF_CHECK_EQUAL(figure("fills_routed"), "1");
}

CAF_TEST(a fill of another tool on the account is counted not delivered) {
  start(config());
  route(1);
  CAF_REQUIRE(wait_ready());
  // As captured: the order's client index is none of this bot's.
  ex.push(payload("ws",
                  "account_all_trades_update_buyer_taker__lev7_testnet.json"));
  CAF_REQUIRE(poll_until([&] { return figure("foreign_events") == "1"; }));
  CAF_CHECK_EQUAL(events->fills.size(), 0u);
  CAF_CHECK_EQUAL(events->grid_fills.size(), 0u);
  CAF_CHECK_EQUAL(figure("fills_routed"), "0");
}

CAF_TEST(events of a market without a route are counted not delivered) {
  start(config());
  route(0);
  CAF_REQUIRE(wait_ready());
  ex.push(our_fill_frame());
  CAF_REQUIRE(poll_until([&] { return figure("unrouted") == "1"; }));
  CAF_CHECK_EQUAL(events->fills.size(), 0u);
}

CAF_TEST(order updates become accepted cancelled and rejected events) {
  start(config());
  route(0);
  CAF_REQUIRE(wait_ready());
  auto coi = std::to_string(ours(0, 42));
  auto open = replaced(
      replaced(
          payload("ws", "account_orders_update__nautilus_HANDWRITTEN.json"),
          R"("client_order_index": 42)", R"("client_order_index": )" + coi),
      R"("client_order_id": "42")", R"("client_order_id": ")" + coi + "\"");
  ex.push(open);
  ex.push(open); // the same upsert again: reported once
  CAF_REQUIRE(events->accepted.wait_count(1));
  auto a = events->accepted.items()[0];
  CAF_CHECK_EQUAL(a.market_index, 0);
  CAF_CHECK_EQUAL(a.client_order_index, ours(0, 42));
  CAF_CHECK_EQUAL(a.order_index, 281476929510110);
  ex.push(replaced(open, R"("status": "open")", R"("status": "canceled")"));
  CAF_REQUIRE(events->cancelled.wait_count(1));
  auto c = events->cancelled.items()[0];
  CAF_CHECK_EQUAL(c.order_index, 281476929510110);
  CAF_CHECK_EQUAL(c.remaining.value, 30); // "0.0030"
  auto other = replaced(open, "281476929510110", "281476929510111");
  ex.push(replaced(other, R"("status": "open")",
                   R"("status": "canceled-post-only")"));
  CAF_REQUIRE(events->rejected.wait_count(1));
  auto r = events->rejected.items()[0];
  CAF_CHECK(r.why == reject_class::post_only_cross);
  CAF_CHECK_EQUAL(r.client_order_index, ours(0, 42));
  CAF_CHECK_EQUAL(events->accepted.size(), 1u);
  CAF_CHECK_EQUAL(events->cancelled.size(), 1u);
}

CAF_TEST(a malformed frame is counted and skipped) {
  start(config());
  route(1);
  CAF_REQUIRE(wait_ready());
  ex.push(R"({"type":"update/account_all_trades","trades":{"1":[{"trade_id":)");
  ex.push(our_fill_frame());
  CAF_REQUIRE(events->fills.wait_count(1));
  CAF_CHECK_EQUAL(figure("malformed"), "1");
}

CAF_TEST(
    a batch whose reply is lost with the socket is settled from the nonce) {
  // The exchange's next nonce is past the batch: it was taken, so the
  // verdict is unknown (the executor reconciles), never a guess.
  ex.route("/api/v1/nextNonce", 200, R"({"code":200,"nonce":3})");
  start(config());
  CAF_REQUIRE(wait_ready());
  send_batch b;
  b.batch_id = 9;
  b.txs = {tx("SILENT", 1), tx("SILENT", 2)};
  auto h = self->request(gw, 10s, b);
  CAF_REQUIRE(ex.wait_frames_with("SILENT"));
  ex.drop_all();
  batch_reply r;
  h.receive([&](batch_reply& x) { r = std::move(x); },
            [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
  CAF_CHECK_EQUAL(r.batch_id, 9u);
  CAF_CHECK(r.verdict == exchange_verdict::unknown);
  CAF_CHECK(contains(r.message, "consumed"));
  CAF_CHECK_EQUAL(figure("batches_settled"), "1");
  // Backoff, then a new session that subscribes again and takes batches.
  CAF_REQUIRE(ex.wait_opened(2));
  CAF_REQUIRE(wait_ready());
  CAF_CHECK_EQUAL(figure("reconnects"), "1");
  CAF_REQUIRE(ex.wait_frames_with("account_all_orders/8", 2));
  b.batch_id = 10;
  b.txs = {tx("OK", 3)};
  CAF_CHECK(send(b).verdict == exchange_verdict::accepted);
}

CAF_TEST(a lost batch the exchange never saw is answered retry later) {
  ex.route("/api/v1/nextNonce", 200, R"({"code":200,"nonce":1})");
  start(config());
  CAF_REQUIRE(wait_ready());
  send_batch b;
  b.batch_id = 11;
  b.txs = {tx("SILENT", 1)};
  auto h = self->request(gw, 10s, b);
  CAF_REQUIRE(ex.wait_frames_with("SILENT"));
  ex.drop_all();
  batch_reply r;
  h.receive([&](batch_reply& x) { r = std::move(x); },
            [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
  CAF_CHECK(r.verdict == exchange_verdict::retry_later);
  CAF_CHECK(contains(r.message, "did not take"));
}

CAF_TEST(a batch larger than a frame goes out over rest with the socket up) {
  ex.route("/api/v1/sendTxBatch", 200, R"({"code":200,"tx_hash":["h1","h2"]})");
  start(config());
  CAF_REQUIRE(wait_ready());
  send_batch b;
  b.batch_id = 4;
  for (int i = 0; i < 40; ++i) // a 10+10 reset: 20 cancels, 20 creates
    b.txs.push_back(tx("BIG", i));
  auto r = send(b);
  CAF_CHECK(r.verdict == exchange_verdict::accepted);
  CAF_CHECK_EQUAL(figure("batches_sent_rest"), "1");
  CAF_CHECK(ex.frames_with("BIG").empty());
  send_batch small;
  small.batch_id = 5;
  small.txs = {tx("SMALL", 40)};
  CAF_CHECK(send(small).verdict == exchange_verdict::accepted);
  CAF_CHECK(!ex.frames_with("SMALL").empty()); // a frame takes it
  CAF_CHECK_EQUAL(figure("batches_sent_rest"), "1");
}

CAF_TEST(a batch while the socket is down goes out over rest) {
  ex.route("/api/v1/sendTx", 200, R"({"code":200,"tx_hash":"h9"})");
  auto c = config();
  c.ws_url = "ws://127.0.0.1:1/stream"; // nobody listens
  start(c);
  send_batch b;
  b.batch_id = 3;
  b.txs = {tx("OK", 1)};
  auto r = send(b);
  CAF_CHECK(r.verdict == exchange_verdict::accepted);
  CAF_CHECK_EQUAL(r.tx_hashes, (std::vector<std::string>{"h9"}));
  CAF_CHECK_EQUAL(figure("batches_sent_rest"), "1");
}

CAF_TEST(rest reads answer nonce account and active orders) {
  ex.route("/api/v1/nextNonce", 200, R"({"code":200,"nonce":41})");
  ex.route("/api/v1/account", 200,
           payload("rest", "account_with_position__ccxt.json"));
  auto orders =
      payload("rest", "accountActiveOrders__ccxt_comment_testnet.json");
  orders.replace(orders.find("canceled-margin-not-allowed"),
                 std::string("canceled-margin-not-allowed").size(), "open");
  ex.route("/api/v1/accountActiveOrders", 200, orders);
  auto c = config();
  c.account_index = 1077; // the captured account
  start(c);
  nonce_resync n;
  self->request(gw, 5s, next_nonce_atom::value, uint8_t{3})
      .receive([&](nonce_resync& x) { n = x; },
               [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
  CAF_CHECK_EQUAL(n.api_key_index, 3);
  CAF_CHECK_EQUAL(n.next_nonce, 41);
  account_snapshot acc;
  self->request(gw, 5s, account_atom::value)
      .receive([&](account_snapshot& x) { acc = std::move(x); },
               [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
  CAF_CHECK_EQUAL(acc.collateral_micro, 9100242706);
  CAF_CHECK_EQUAL(acc.available_micro, 12582743947);
  CAF_REQUIRE_EQUAL(acc.positions.size(), 1u);
  CAF_CHECK_EQUAL(acc.positions[0].position.value, 180193);
  std::vector<live_order> live;
  self->request(gw, 5s, active_orders_atom::value, int32_t{0})
      .receive([&](std::vector<live_order>& x) { live = std::move(x); },
               [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
  CAF_REQUIRE_EQUAL(live.size(), 1u);
  CAF_CHECK_EQUAL(live[0].order_index, 281474977354074);
  CAF_CHECK(live[0].is_ask);
  CAF_CHECK_EQUAL(live[0].price.value, 222160);
  // One market asked: the read lists that market alone.
  std::string target;
  for (auto& r : ex.requests())
    if (contains(r.target, "/api/v1/accountActiveOrders")) target = r.target;
  CAF_CHECK(contains(target, "market_id=0"));
}

CAF_TEST(a recovery whose trades cannot be read stays open until they can) {
  // The account reads fine, the account's trades do not (yet): the gap's
  // fills are unread, so the recovery may not close.
  ex.route("/api/v1/account", 200,
           payload("rest", "account_with_position__ccxt.json"));
  auto c = config();
  c.account_index = 1077; // the captured account
  c.recovery_retry = 100ms;
  start(c);
  CAF_REQUIRE(wait_ready());
  ex.drop_all(); // a gap in the account stream
  CAF_CHECK(
      poll_until([&] { return std::stoi(figure("recovery_failures")) >= 3; }));
  CAF_CHECK_EQUAL(figure("recovering"), "1");
  auto asked = [&] {
    size_t n = 0;
    for (auto& r : ex.requests())
      if (contains(r.target, "/api/v1/trades")) ++n;
    return n;
  };
  CAF_CHECK_GREATER_OR_EQUAL(asked(), 3u); // read again, not given up
  ex.route("/api/v1/trades", 200, R"({"code":200,"trades":[]})");
  CAF_CHECK(poll_until([&] { return figure("recovering") == "0"; }));
  CAF_CHECK_GREATER_OR_EQUAL(std::stoi(figure("recoveries")), 1);
}

CAF_TEST(a gap longer than a page of trades is read back to what was booked) {
  ex.route("/api/v1/account", 200,
           payload("rest", "account_with_position__ccxt.json"));
  ex.route("/api/v1/trades", 200, R"({"code":200,"trades":[]})");
  auto c = config();
  c.account_index = 1077;
  c.recovery_trades = 2; // two trades a page
  start(c);
  route(0);
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(poll_until([&] { return figure("recovering") == "0"; }));
  auto pages_before = std::stoi(figure("trade_pages_read"));
  // While the stream is down the account trades five times; trade 100 is
  // booked already (the stream saw it). Newest first, two a page.
  ex.route("/api/v1/trades", 200, trades_page(105, 2, "p2"));
  ex.route_when("/api/v1/trades", "cursor=p2", 200, trades_page(103, 2, "p3"));
  ex.route_when("/api/v1/trades", "cursor=p3", 200, trades_page(101, 2, "p4"));
  ex.route_when("/api/v1/trades", "cursor=p4", 200, trades_page(99, 2, "p5"));
  // Trade 100 reached the bot before the gap.
  ex.push(R"({"channel":"account_all_trades:1077",)"
          R"("type":"update/account_all_trades","trades":{"0":[)" +
          trade_json(100) + "]}}");
  CAF_REQUIRE(poll_until([&] { return figure("fills_routed") == "1"; }));
  ex.drop_all();
  CAF_REQUIRE(poll_until([&] {
    return std::stoi(figure("recoveries")) >= 2 && figure("recovering") == "0";
  }));
  // Trades 105..101 are booked once; the page ending with 100 ends the read.
  CAF_CHECK_EQUAL(figure("fills_recovered"), "5");
  CAF_CHECK_EQUAL(figure("fills_routed"), "6");
  CAF_CHECK_EQUAL(std::stoi(figure("trade_pages_read")) - pages_before, 3);
  CAF_CHECK_EQUAL(figure("trade_reads_cut_short"), "0");
}

CAF_TEST(a fill the stream never sent is found by the periodic check) {
  ex.route("/api/v1/account", 200,
           payload("rest", "account_with_position__ccxt.json"));
  ex.route("/api/v1/trades", 200, R"({"code":200,"trades":[]})");
  auto c = config();
  c.account_index = 1077;
  c.stream_check_every = 100ms;
  start(c);
  route(0);
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(poll_until([&] { return figure("recovering") == "0"; }));
  // The stream stays up but never sends trade 7.
  ex.route("/api/v1/trades", 200, trades_page(7, 1, ""));
  CAF_REQUIRE(poll_until([&] { return figure("fills_recovered") == "1"; }));
  CAF_CHECK_EQUAL(figure("stream_gaps.stall"), "1");
  CAF_CHECK(poll_until([&] { return figure("recovering") == "0"; }));
  CAF_CHECK_EQUAL(figure("fills_routed"), "1"); // once, not by each check
}

CAF_TEST(a fill the stream never sent is found by the check at shutdown) {
  ex.route("/api/v1/account", 200,
           payload("rest", "account_with_position__ccxt.json"));
  ex.route("/api/v1/trades", 200, R"({"code":200,"trades":[]})");
  auto c = config();
  c.account_index = 1077;
  c.stream_check_every = 0ms; // no periodic check comes round
  start(c);
  route(0);
  CAF_REQUIRE(wait_ready());
  CAF_REQUIRE(poll_until([&] { return figure("recovering") == "0"; }));
  // Trade 7 was made during the drain; the stream never sent it.
  ex.route("/api/v1/trades", 200, trades_page(7, 1, ""));
  bool read = false;
  self->request(gw, 5s, check_trades_atom::value)
      .receive([&](bool ok) { read = ok; }, [](caf::error&) {});
  CAF_CHECK(read);
  CAF_REQUIRE(poll_until([&] { return figure("fills_recovered") == "1"; }));
  CAF_CHECK_EQUAL(figure("stream_gaps.stall"), "1");
  CAF_CHECK(poll_until([&] { return figure("recovering") == "0"; }));
}

CAF_TEST(a refused rest read is an exchange error) {
  ex.route("/api/v1/nextNonce", 400,
           R"({"code":21109,"message":"api key not found"})");
  start(config());
  caf::error err;
  self->request(gw, 5s, next_nonce_atom::value, uint8_t{3})
      .receive([](nonce_resync&) {}, [&](caf::error& e) { err = e; });
  CAF_CHECK_EQUAL(err.code(), static_cast<uint8_t>(error_code::exchange_error));
  CAF_CHECK(contains(sys.render(err), "21109"));
}

CAF_TEST_FIXTURE_SCOPE_END()
