#define CAF_SUITE lighter_sim

// The client, the gateway and the feed against the real lighter-sim process
// on loopback: metadata, book sync, a signed batch placed and cancelled
// (real Schnorr signatures and auth tokens of a key registered in the sim),
// fills on the account stream, reconnects after dropped sockets, and every
// error class the simulator can produce mapped to its verdict.

#include "actors/component_logger.hpp"
#include "actors/feed_actor.hpp"
#include "actors/gateway_actor.hpp"
#include "actors/signer_actor.hpp"
#include "execution/client_index.hpp"
#include "lighter/client/rest_api.hpp"
#include "lighter/client/ws_session.hpp"
#include "lighter/codec/order_book.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/tx/signer.hpp"
#include "messages/errors.hpp"

#include "caf/test/unit_test.hpp"

#include "../actors/actor_fixture.hpp"
#include "tests/support/lighter_sim.hpp"

using namespace trailgrid;
using namespace trailgrid::actors;
using namespace trailgrid::actors::test;
using namespace trailgrid::lighter::test;
using namespace std::chrono_literals;

namespace {

constexpr int64_t account = 7;
constexpr uint8_t key = 3;
constexpr int32_t btc = 1;
const std::string test_key(80, '2'); // a test-only private key

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// The tx_signer seam over lighter/tx: signs intents and auth tokens with
/// one real key (chain 304, the simulator's default).
class key_signer : public tx_signer {
public:
  explicit key_signer(lighter::signer s) : s_(std::move(s)) {}

  lighter::any_tx to_tx(const tx_intent& in, int64_t nonce) const {
    switch (in.kind) {
    case tx_kind::create_order: {
      lighter::create_order_tx t;
      t.account_index = account;
      t.api_key_index = key;
      t.market_index = static_cast<int16_t>(in.market_index);
      t.client_order_index = in.client_order_index;
      t.base_amount = in.base_amount.value;
      t.price = static_cast<uint32_t>(in.price.value);
      t.is_ask = in.is_ask ? 1 : 0;
      t.type = in.order_type;
      t.time_in_force = in.time_in_force;
      t.reduce_only = in.reduce_only ? 1 : 0;
      t.trigger_price = static_cast<uint32_t>(in.trigger_price.value);
      t.order_expiry = in.order_expiry_ms;
      t.expired_at = in.expired_at_ms;
      t.nonce = nonce;
      return t;
    }
    case tx_kind::cancel_order: {
      lighter::cancel_order_tx t;
      t.account_index = account;
      t.api_key_index = key;
      t.market_index = static_cast<int16_t>(in.market_index);
      t.index = in.cancel_index;
      t.expired_at = in.expired_at_ms;
      t.nonce = nonce;
      return t;
    }
    case tx_kind::cancel_all_orders: {
      lighter::cancel_all_orders_tx t;
      t.account_index = account;
      t.api_key_index = key;
      t.time_in_force = in.time_in_force;
      t.time = in.cancel_all_time_ms;
      t.expired_at = in.expired_at_ms;
      t.nonce = nonce;
      return t;
    }
    }
    return lighter::create_order_tx{};
  }

  sign_outcome sign(const tx_intent& in, int64_t nonce) override {
    auto r = s_.sign_tx(to_tx(in, nonce), 304);
    if (!r) return sign_failure{r.error().message};
    return signed_payload{r->tx_info_json, r->tx_hash_hex};
  }

  auth_outcome auth_token(int64_t deadline_unix_s) override {
    auto r = s_.auth_token(account, key, deadline_unix_s);
    if (!r) return sign_failure{r.error().message};
    return *r;
  }

  /// A messages::signed_tx made outside the signer actor (error cases).
  signed_tx sign_direct(const tx_intent& in, int64_t nonce) {
    auto r = s_.sign_tx(to_tx(in, nonce), 304);
    if (!r) throw std::runtime_error(r.error().message);
    return signed_tx{nonce, static_cast<uint8_t>(in.kind), r->tx_info_json,
                     r->tx_hash_hex};
  }

  const std::string& public_key() const { return s_.public_key(); }

private:
  lighter::signer s_;
};

std::shared_ptr<key_signer> make_key() {
  auto s = lighter::signer::from_private_key_hex(test_key);
  if (!s) throw std::runtime_error(s.error().message);
  return std::make_shared<key_signer>(std::move(*s));
}

struct fixture {
  std::shared_ptr<key_signer> keys = make_key();
  std::unique_ptr<test_support::lighter_sim> sim;
  lighter::net::io_runner io{"sim-client"};
  test_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<sink> events = std::make_shared<sink>();
  signer_actor signer;
  executor_actor executor;
  gateway_actor gw;
  std::vector<caf::actor> others;

  void start_sim(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{LIGHTER_SIM_BIN,
                                  "--port",
                                  "0",
                                  "--seed",
                                  "3",
                                  "--tick-ms",
                                  "20",
                                  "--register-key",
                                  keys->public_key() + ":7:3"};
    args.insert(args.end(), extra.begin(), extra.end());
    sim = std::make_unique<test_support::lighter_sim>(
        test_support::child_options{args});
  }

  gateway_config gateway_cfg() {
    gateway_config c;
    c.runner = &io;
    c.rest_url = sim->rest_url();
    c.ws_url = sim->ws_url();
    c.ws.heartbeat_interval = 0ms;
    c.account_index = account;
    c.api_key_index = key;
    c.signer = signer;
    c.tx_timeout = 2000ms;
    c.reconnect.initial = 100ms;
    c.reconnect.cap = 400ms;
    c.logger = trailgrid::actors::silent_logger("test");
    return c; // markets empty: loaded from orderBookDetails
  }

  void start_gateway() {
    signer_config sc;
    sc.keys = {{key, keys}};
    signer = spawn_signer(sys, sc);
    executor = sys.spawn(executor_stub, events);
    gw = spawn_gateway(sys, gateway_cfg());
    self->send(gw, route_market{btc, executor, grid_actor{}});
    CAF_REQUIRE(poll_until([&] { return figure("link") == "ready"; }));
  }

  std::unique_ptr<lighter::rest_api> rest() {
    lighter::rest_config rc;
    rc.base_url = sim->rest_url();
    rc.account_index = account;
    rc.tier = lighter::account_tier::premium;
    auto r = lighter::rest_api::create(io, rc);
    CAF_REQUIRE(r.has_value());
    return std::move(*r);
  }

  std::string figure(const std::string& k) {
    actor_status out;
    self->request(gw, 5s, status_atom::value)
        .receive([&](actor_status& s) { out = std::move(s); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    auto i = out.figures.find(k);
    return i == out.figures.end() ? "" : i->second;
  }

  int64_t next_nonce() {
    nonce_resync r;
    self->request(gw, 5s, next_nonce_atom::value, key)
        .receive([&](nonce_resync& x) { r = x; },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return r.next_nonce;
  }

  /// Signs `txs` in the key's turn and has the gateway send them (the
  /// executor's path); the gateway's answer.
  batch_reply submit(std::vector<tx_intent> txs, uint64_t id = 1) {
    sign_and_send m;
    m.request = sign_request{key, btc, std::move(txs), {}};
    m.gateway = gw;
    m.batch_id = id;
    batch_reply out;
    self->request(signer, 30s, std::move(m))
        .receive([&](batch_reply& r) { out = std::move(r); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return out;
  }

  batch_reply send(std::vector<signed_tx> txs, uint64_t id = 1) {
    send_batch b;
    b.market_index = btc;
    b.api_key_index = key;
    b.batch_id = id;
    b.txs = std::move(txs);
    batch_reply out;
    self->request(gw, 10s, std::move(b))
        .receive([&](batch_reply& r) { out = std::move(r); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return out;
  }

  std::vector<live_order> active_orders() {
    std::vector<live_order> out;
    self->request(gw, 5s, active_orders_atom::value, btc)
        .receive([&](std::vector<live_order>& x) { out = std::move(x); },
                 [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
    return out;
  }

  /// Best bid and ask of BTC from orderBookOrders.
  std::pair<int64_t, int64_t> best_prices() {
    auto api = rest();
    CAF_REQUIRE(api->order_book_details().has_value());
    auto book = api->order_book_orders(btc, 5);
    CAF_REQUIRE(book.has_value());
    CAF_REQUIRE(!book->bids.empty() && !book->asks.empty());
    return {book->bids[0].price.value, book->asks[0].price.value};
  }

  ~fixture() {
    std::vector<caf::actor> all = others;
    for (auto h :
         {caf::actor_cast<caf::actor>(gw), caf::actor_cast<caf::actor>(signer),
          caf::actor_cast<caf::actor>(executor)})
      if (h) all.push_back(h);
    for (auto& h : all) {
      self->monitor(h);
      self->send_exit(h, caf::exit_reason::kill);
      self->receive([](const caf::down_msg&) {}, caf::after(5s) >> [] {});
    }
    io.stop();
    if (sim) sim->stop();
  }
};

/// Client order index `seq` of the bot's namespace on the test market: the
/// gateway routes only events of those.
int64_t ours(uint64_t seq) {
  return execution::client_index_space{
      execution::client_index_space::default_tag, btc}
      .make(seq);
}

tx_intent post_only_bid(int64_t coi, int64_t price, int64_t size) {
  auto now = unix_ms();
  return make_create_order(btc, coi, false, price_ticks{price}, qty_lots{size},
                           now + 3'600'000, now + 600'000);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(sim_tests, fixture)

CAF_TEST(metadata and the nonce come from the simulator) {
  start_sim();
  auto api = rest();
  auto b = api->market_by_symbol("BTC");
  CAF_REQUIRE(b.has_value());
  CAF_CHECK_EQUAL(b->market_id, 1);
  CAF_CHECK(b->decimals == (lighter::market_decimals{1, 5}));
  CAF_CHECK_EQUAL(b->min_base.value, 20);
  auto e = api->market_by_symbol("ETH");
  CAF_REQUIRE(e.has_value());
  CAF_CHECK_EQUAL(e->market_id, 0);
  auto n = api->next_nonce(key);
  CAF_REQUIRE(n.has_value());
  CAF_CHECK_EQUAL(*n, 0);
  CAF_CHECK(!api->market_by_symbol("DOGE").has_value());
}

CAF_TEST(the book syncs through a snapshot and deltas) {
  start_sim();
  auto api = rest();
  auto details = api->order_book_details();
  CAF_REQUIRE(details.has_value());
  lighter::ws_session_config wc;
  wc.url = sim->ws_url();
  wc.ws.heartbeat_interval = 0ms;
  wc.markets.add_all(*details);
  lighter::order_book book(btc);
  std::mutex mu;
  int snapshots = 0;
  int deltas = 0;
  int failures = 0;
  bool crossed = false;
  lighter::ws_session_callbacks cb;
  cb.on_message = [&](const lighter::ws_message& m, int64_t) {
    auto u = std::get_if<lighter::order_book_update>(&m);
    if (!u) return;
    std::lock_guard<std::mutex> lock(mu);
    if (!book.apply(*u)) ++failures;
    (u->is_snapshot ? snapshots : deltas)++;
    auto bid = book.best_bid();
    auto ask = book.best_ask();
    if (bid && ask && bid->price.value >= ask->price.value) crossed = true;
  };
  lighter::ws_session ws(io, wc, cb);
  ws.subscribe(lighter::channel::order_book(btc));
  ws.connect();
  CAF_REQUIRE(poll_until(
      [&] {
        std::lock_guard<std::mutex> lock(mu);
        return deltas >= 10;
      },
      10s));
  std::lock_guard<std::mutex> lock(mu);
  CAF_CHECK_EQUAL(snapshots, 1);
  CAF_CHECK_EQUAL(failures, 0);
  CAF_CHECK(!crossed);
  CAF_CHECK(!book.needs_resync());
  CAF_CHECK(book.level_count(lighter::book_side::bid) > 0);
  CAF_CHECK(book.level_count(lighter::book_side::ask) > 0);
}

CAF_TEST(the feed publishes the simulated top of book) {
  start_sim();
  auto atr = sys.spawn(atr_stub, events);
  auto grid = sys.spawn(grid_stub, events);
  others = {caf::actor_cast<caf::actor>(atr),
            caf::actor_cast<caf::actor>(grid)};
  feed_config c;
  c.market = "BTC";
  c.market_index = btc;
  c.decimals = {1, 5};
  c.runner = &io;
  c.ws_url = sim->ws_url();
  c.rest_url = sim->rest_url();
  c.ws.heartbeat_interval = 0ms;
  c.peers.atr = atr;
  c.peers.grid = grid;
  c.warmup_candles = 5;
  c.logger = trailgrid::actors::silent_logger("test");
  auto feed = spawn_feed(sys, c);
  others.push_back(caf::actor_cast<caf::actor>(feed));
  CAF_REQUIRE(events->tops.wait_count(10, 10s));
  for (auto& t : events->tops.items()) {
    CAF_CHECK(t.bid.value < t.ask.value);
    CAF_CHECK_EQUAL(t.market_index, btc);
  }
  CAF_REQUIRE(events->warmups.wait_count(1, 10s));
  auto w = events->warmups.items()[0];
  CAF_CHECK_EQUAL(w.interval_ms, 60'000);
  CAF_CHECK(w.bars.size() <= 5u);
  actor_status st;
  self->request(feed, 5s, status_atom::value)
      .receive([&](actor_status& s) { st = std::move(s); },
               [&](caf::error& e) { CAF_FAIL(sys.render(e)); });
  CAF_CHECK_EQUAL(st.figures["resyncs"], "0");
  CAF_CHECK_EQUAL(st.figures["book_synced"], "yes");
}

CAF_TEST(a signed batch is placed and cancelled) {
  start_sim();
  start_gateway();
  // Private channels were accepted with the signer's real auth token.
  self->send(signer, nonce_resync{key, next_nonce()});
  auto [bid, ask] = best_prices();
  CAF_REQUIRE(bid > 2000);
  auto r = submit({post_only_bid(ours(101), bid - 1000, 40),
                   post_only_bid(ours(102), bid - 1001, 40)},
                  1);
  CAF_CHECK_EQUAL(r.message, "");
  CAF_REQUIRE(r.verdict == exchange_verdict::accepted);
  CAF_REQUIRE_EQUAL(r.tx_hashes.size(), 2u);
  CAF_CHECK_EQUAL(r.batch_id, 1u);
  CAF_REQUIRE(events->accepted.wait_count(2, 10s));
  std::set<int64_t> cois;
  for (auto& a : events->accepted.items())
    cois.insert(a.client_order_index);
  CAF_CHECK_EQUAL(cois, (std::set<int64_t>{ours(101), ours(102)}));
  auto live = active_orders(); // REST with a real auth token
  CAF_CHECK_EQUAL(live.size(), 2u);
  auto now = unix_ms();
  auto c = submit({make_cancel_order(btc, ours(101), now + 600'000),
                   make_cancel_order(btc, ours(102), now + 600'000)},
                  2);
  CAF_REQUIRE(c.verdict == exchange_verdict::accepted);
  CAF_REQUIRE(events->cancelled.wait_count(2, 10s));
  CAF_CHECK(poll_until([&] { return active_orders().empty(); }));
  CAF_CHECK_EQUAL(next_nonce(), 4);
}

CAF_TEST(a taker fill arrives on the account stream) {
  start_sim();
  start_gateway();
  self->send(signer, nonce_resync{key, next_nonce()});
  auto [bid, ask] = best_prices();
  auto ioc = post_only_bid(ours(201), ask + ask / 100, 40); // 1 % through
  ioc.time_in_force = 0; // immediate or cancel
  ioc.order_expiry_ms = 0;
  auto r = submit({ioc});
  CAF_REQUIRE(r.verdict == exchange_verdict::accepted);
  CAF_REQUIRE(events->fills.wait_count(1, 10s));
  auto f = events->fills.items()[0];
  CAF_CHECK_EQUAL(f.market_index, btc);
  CAF_CHECK_EQUAL(f.client_order_index, ours(201));
  CAF_CHECK(f.order_side == side::bid);
  CAF_CHECK(!f.is_maker);
  CAF_CHECK(f.price.value <= ask + ask / 100);
  CAF_CHECK(f.size.value > 0 && f.size.value <= 40);
  CAF_CHECK(f.order_index >= (int64_t{1} << 48));
  CAF_CHECK_EQUAL(figure("fills_routed") != "0", true);
  (void)bid;
}

CAF_TEST(each error class of the simulator maps to its verdict) {
  start_sim();
  start_gateway();
  auto [bid, ask] = best_prices();
  (void)ask;
  auto n = next_nonce();
  auto now = unix_ms();
  // Out of sequence: resync the nonce.
  auto r =
      send({keys->sign_direct(post_only_bid(301, bid - 1000, 40), n + 50)});
  CAF_CHECK_EQUAL(r.code, 21104);
  CAF_CHECK_EQUAL(to_string(r.verdict), "resync_nonce");
  // A tampered signature: fatal.
  auto good = keys->sign_direct(post_only_bid(302, bid - 1000, 40), n);
  auto forged = good;
  auto at = forged.tx_info.find("\"BaseAmount\":40");
  CAF_REQUIRE(at != std::string::npos);
  forged.tx_info.replace(at, 15, "\"BaseAmount\":41");
  r = send({forged});
  CAF_CHECK_EQUAL(r.code, 21120);
  CAF_CHECK_EQUAL(to_string(r.verdict), "fatal");
  // Below the minimum size: this order cannot be placed.
  r = send(
      {keys->sign_direct(post_only_bid(303, bid - 1000, 1), next_nonce())});
  CAF_CHECK(r.code == 21706 || r.code == 21701);
  CAF_CHECK_EQUAL(to_string(r.verdict), "drop_order");
  // A cancel of an order that is not live: already gone.
  r = send({keys->sign_direct(make_cancel_order(btc, 999, now + 600'000),
                              next_nonce())});
  CAF_CHECK_EQUAL(r.code, 21600);
  CAF_CHECK_EQUAL(to_string(r.verdict), "already_gone");
  // The same good order is still accepted afterwards.
  r = send(
      {keys->sign_direct(post_only_bid(304, bid - 1000, 40), next_nonce())});
  CAF_CHECK_EQUAL(to_string(r.verdict), "accepted");
}

CAF_TEST(a busy exchange maps to retry later) {
  start_sim({"--reject-fraction", "1", "--reject-code", "21506"});
  start_gateway();
  auto [bid, ask] = best_prices();
  (void)ask;
  auto r = send(
      {keys->sign_direct(post_only_bid(401, bid - 1000, 40), next_nonce())});
  CAF_CHECK_EQUAL(r.code, 21506);
  CAF_CHECK_EQUAL(to_string(r.verdict), "retry_later");
}

CAF_TEST(the gateway reconnects after the simulator drops its sockets) {
  start_sim({"--drop-ws-every", "700"});
  start_gateway();
  CAF_REQUIRE(poll_until(
      [&] { return std::stoi("0" + figure("reconnects")) >= 2; }, 10s));
  CAF_REQUIRE(poll_until([&] { return figure("link") == "ready"; }));
  // After reconnecting, batches go through again.
  self->send(signer, nonce_resync{key, next_nonce()});
  auto [bid, ask] = best_prices();
  (void)ask;
  batch_reply r;
  // A drop can hit the batch itself: then it is unknown; try again.
  for (int i = 0; i < 5; ++i) {
    CAF_REQUIRE(poll_until([&] { return figure("link") == "ready"; }));
    self->send(signer, nonce_resync{key, next_nonce()});
    r = submit({post_only_bid(500 + i, bid - 1000, 40)});
    if (r.verdict == exchange_verdict::accepted) break;
    CAF_CHECK(r.verdict == exchange_verdict::unknown ||
              r.verdict == exchange_verdict::retry_later);
  }
  CAF_CHECK(r.verdict == exchange_verdict::accepted);
}

CAF_TEST(a feed quits with connection lost when its socket drops) {
  start_sim({"--drop-ws-every", "500"});
  feed_config c;
  c.market = "BTC";
  c.market_index = btc;
  c.decimals = {1, 5};
  c.runner = &io;
  c.ws_url = sim->ws_url();
  c.ws.heartbeat_interval = 0ms;
  c.logger = trailgrid::actors::silent_logger("test");
  auto feed = spawn_feed(sys, c);
  self->monitor(feed);
  caf::error reason;
  self->receive([&](const caf::down_msg& d) { reason = d.reason; },
                caf::after(10s) >> [] { CAF_FAIL("the feed did not quit"); });
  CAF_CHECK_EQUAL(reason.code(),
                  static_cast<uint8_t>(error_code::connection_lost));
}

CAF_TEST_FIXTURE_SCOPE_END()
