#define CAF_SUITE signer_actor
#include "caf/test/dsl.hpp"

#include "actors/signer_actor.hpp"
#include "actors/signer_gate.hpp"
#include "messages/errors.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace trailgrid::actors;
using namespace trailgrid::messages;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

namespace {

/// One call to the fake signer.
struct sign_call {
  uint8_t key;
  int32_t market_index;
  int64_t client_order_index;
  int64_t nonce;
};

/// Records every call; refuses intents whose client order index is
/// `refuse_coi`.
class fake_tx_signer : public tx_signer {
public:
  fake_tx_signer(uint8_t key, std::shared_ptr<std::vector<sign_call>> calls)
      : key_(key), calls_(std::move(calls)) {}

  sign_outcome sign(const tx_intent& intent, int64_t nonce) override {
    if (refuse_coi != 0 && intent.client_order_index == refuse_coi)
      return sign_failure{"price out of range"};
    calls_->push_back(
        {key_, intent.market_index, intent.client_order_index, nonce});
    auto n = std::to_string(nonce);
    return signed_payload{"{\"Nonce\":" + n + "}", "hash-" + n};
  }

  auth_outcome auth_token(int64_t deadline_unix_s) override {
    if (!makes_tokens) return tx_signer::auth_token(deadline_unix_s);
    return std::to_string(deadline_unix_s) + ":1:" + std::to_string(key_) +
           ":sig";
  }

  int64_t refuse_coi = 0;
  bool makes_tokens = false;

private:
  uint8_t key_;
  std::shared_ptr<std::vector<sign_call>> calls_;
};

/// Cancels of `size` orders of `market` (a halt, a shutdown).
sign_request cancels(uint8_t key, int32_t market, int32_t size) {
  sign_request req;
  req.api_key_index = key;
  req.market_index = market;
  for (int32_t i = 0; i < size; ++i)
    req.txs.push_back(make_cancel_order(market, 100 + i, 2'000'000));
  return req;
}

sign_request batch(uint8_t key, int32_t market, int32_t size,
                   int64_t first_coi = 1) {
  sign_request req;
  req.api_key_index = key;
  req.market_index = market;
  for (int32_t i = 0; i < size; ++i)
    req.txs.push_back(make_create_order(market, first_coi + i, i % 2 == 1,
                                        price_ticks{1000 + i}, qty_lots{5},
                                        2'000'000, 1'000'000));
  return req;
}

/// A gateway that records what the signer hands it and answers the
/// requester with "accepted". Verdicts go to the signer only when a test
/// sends them (tell), so each test decides when the key's turn is over.
struct gateway_log {
  std::vector<send_batch> batches;
  /// Verdicts of the next batches, in order (then: accepted).
  std::vector<exchange_verdict> script;
};

struct gateway_stub_state {
  std::shared_ptr<gateway_log> log;
};

gateway_actor::behavior_type
gateway_stub(gateway_actor::stateful_pointer<gateway_stub_state> self,
             std::shared_ptr<gateway_log> log) {
  self->state.log = std::move(log);
  return {
      [](next_nonce_atom, uint8_t k) {
        return nonce_resync{k, 0};
      },
      [=](send_batch& b) {
        batch_reply r;
        r.batch_id = b.batch_id;
        auto& record = *self->state.log;
        auto n = record.batches.size();
        r.verdict = n < record.script.size() ? record.script[n]
                                             : exchange_verdict::accepted;
        for (auto& t : b.txs)
          r.tx_hashes.push_back(t.tx_hash);
        record.batches.push_back(std::move(b));
        return r;
      },
      [](active_orders_atom, int32_t) { return std::vector<live_order>{}; },
      [](account_atom) { return account_snapshot{}; },
      [](const fills_since&) { return std::vector<fill>{}; },
      [](check_trades_atom) { return true; },
      [](link_root_atom, const caf::actor&) {},
      [](const route_market&) {},
      [](status_atom) { return actor_status{}; },
  };
}

/// A nonce source that answers from a script of next nonces.
struct source_state {
  std::vector<int64_t> answers;
  size_t asked = 0;
};

nonce_source_actor::behavior_type
source_stub(nonce_source_actor::stateful_pointer<source_state> self,
            std::vector<int64_t> answers) {
  self->state.answers = std::move(answers);
  return {
      [=](next_nonce_atom, uint8_t key) -> caf::result<nonce_resync> {
        auto& st = self->state;
        if (st.asked >= st.answers.size()) return caf::sec::runtime_error;
        return nonce_resync{key, st.answers[st.asked++]};
      },
  };
}

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

using signer_base = signer_actor::stateful_base<signer_state>;

struct fixture : test_coordinator_fixture<test_config> {
  std::shared_ptr<std::vector<sign_call>> calls =
      std::make_shared<std::vector<sign_call>>();
  std::shared_ptr<fake_tx_signer> key2 =
      std::make_shared<fake_tx_signer>(2, calls);
  std::shared_ptr<fake_tx_signer> key5 =
      std::make_shared<fake_tx_signer>(5, calls);
  std::shared_ptr<gateway_log> sent = std::make_shared<gateway_log>();
  gateway_actor gateway = sys.spawn(gateway_stub, sent);
  signer_actor uut;
  uint64_t next_batch = 1;

  // The signer watches its requesters: the down message of `self` at
  // teardown would keep it scheduled (and the system waiting) forever.
  ~fixture() {
    if (uut) self->send_exit(uut, caf::exit_reason::kill);
    sched.run();
  }

  signer_config make_config() {
    signer_config cfg;
    cfg.keys = {{2, key2}, {5, key5}};
    cfg.max_batch = 15;
    return cfg;
  }

  void start(signer_config cfg) {
    uut = spawn_signer(sys, std::move(cfg));
    sched.run();
  }

  signer_state& st() { return deref<signer_base>(uut).state; }

  /// Asks the signer to sign and send `req` (the answer comes later, from
  /// the gateway, to `self`).
  void submit(sign_request req, int32_t max_wait_ms = 10'000,
              bool urgent = false) {
    sign_and_send m;
    m.request = std::move(req);
    m.gateway = gateway;
    m.batch_id = next_batch++;
    m.urgent = urgent;
    m.max_wait_ms = max_wait_ms;
    self->send(uut, std::move(m));
    sched.run();
  }

  /// Every answer that reached the requester so far.
  std::vector<caf::expected<batch_reply>> answers() {
    std::vector<caf::expected<batch_reply>> out;
    for (;;) {
      bool got = false;
      self->receive(
          [&](batch_reply& r) {
            out.emplace_back(std::move(r));
            got = true;
          },
          [&](caf::error& e) {
            out.emplace_back(std::move(e));
            got = true;
          },
          caf::after(std::chrono::seconds(0)) >> [] {});
      if (!got) return out;
    }
  }

  /// The gateway's verdict on sent batch `i` (as the real gateway reports).
  void tell(size_t i, tx_verdict v) {
    auto& b = sent->batches.at(i);
    self->send(uut, tx_outcome{b.api_key_index, b.txs.front().nonce,
                               static_cast<int32_t>(b.txs.size()), v, 0});
    sched.run();
  }

  void resync(uint8_t key, int64_t next) {
    self->send(uut, nonce_resync{key, next});
    sched.run();
  }

  static std::vector<int64_t> nonces(const send_batch& b) {
    std::vector<int64_t> out;
    for (auto& t : b.txs)
      out.push_back(t.nonce);
    return out;
  }

  actor_status status() {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status out;
    self->receive([&](actor_status& s) { out = std::move(s); });
    return out;
  }
};

bool is(const caf::error& e, error_code c) {
  return e.category() == caf::atom("trailgrid") &&
         e.code() == static_cast<uint8_t>(c);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(signer_actor_tests, fixture)

CAF_TEST(a batch is signed in order and its gateway answers the requester) {
  start(make_config());
  resync(2, 40);
  submit(batch(2, 1, 3));
  CAF_REQUIRE_EQUAL(sent->batches.size(), 1u);
  CAF_CHECK_EQUAL(nonces(sent->batches[0]), (std::vector<int64_t>{40, 41, 42}));
  CAF_CHECK_EQUAL(sent->batches[0].txs[1].tx_info, "{\"Nonce\":41}");
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 1u);
  CAF_REQUIRE(got[0]);
  CAF_CHECK_EQUAL(got[0]->batch_id, 1u);
  CAF_CHECK(got[0]->verdict == exchange_verdict::accepted);
}

CAF_TEST(the next batch of a key is signed only after the previous verdict) {
  start(make_config());
  resync(2, 0);
  submit(batch(2, 1, 2));
  submit(batch(2, 7, 3));
  CAF_CHECK_EQUAL(sent->batches.size(), 1u); // market 7 waits for its turn
  tell(0, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(nonces(sent->batches[1]), (std::vector<int64_t>{2, 3, 4}));
  CAF_CHECK_EQUAL(sent->batches[1].market_index, 7);
}

CAF_TEST(api keys keep separate nonce streams) {
  start(make_config());
  resync(2, 10);
  resync(5, 500);
  submit(batch(2, 1, 1));
  submit(batch(5, 1, 1));
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u); // no key waits for another
  CAF_CHECK_EQUAL(sent->batches[0].txs[0].nonce, 10);
  CAF_CHECK_EQUAL(sent->batches[1].txs[0].nonce, 500);
}

CAF_TEST(a refused batch gives its nonces to the next one) {
  start(make_config());
  resync(2, 0);
  submit(batch(2, 1, 3));
  submit(batch(2, 2, 2));
  tell(0, tx_verdict::rejected_other);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(nonces(sent->batches[1]), (std::vector<int64_t>{0, 1}));
}

CAF_TEST(an invalid nonce makes the signer ask its nonce source first) {
  auto cfg = make_config();
  cfg.nonce_source = sys.spawn(source_stub, std::vector<int64_t>{0, 77});
  start(std::move(cfg));
  submit(batch(2, 1, 1)); // first nonce from the source: 0
  submit(batch(2, 1, 1));
  tell(0, tx_verdict::invalid_nonce);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(sent->batches[1].txs[0].nonce, 77);
}

CAF_TEST(a failing nonce source fails the waiting requests) {
  auto cfg = make_config();
  cfg.nonce_source = sys.spawn(source_stub, std::vector<int64_t>{});
  start(std::move(cfg));
  submit(batch(2, 1, 1));
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 1u);
  CAF_REQUIRE(!got[0]);
  CAF_CHECK(is(got[0].error(), error_code::nonce_unavailable));
  CAF_CHECK(sent->batches.empty());
}

CAF_TEST(a batch that fails to sign consumes no nonce) {
  start(make_config());
  resync(2, 0);
  key2->refuse_coi = 2;
  submit(batch(2, 1, 3)); // coi 1, 2, 3: the second cannot be signed
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 1u);
  CAF_REQUIRE(!got[0]);
  CAF_CHECK(is(got[0].error(), error_code::signing_failed));
  key2->refuse_coi = 0;
  submit(batch(2, 1, 1));
  CAF_REQUIRE_EQUAL(sent->batches.size(), 1u);
  CAF_CHECK_EQUAL(sent->batches[0].txs[0].nonce, 0);
}

CAF_TEST(malformed requests are refused with a reason) {
  start(make_config());
  resync(2, 0);
  submit(batch(9, 1, 1));
  submit(batch(2, 1, 0));
  submit(batch(2, 1, 16));
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 3u);
  CAF_CHECK(is(got[0].error(), error_code::unknown_api_key));
  CAF_CHECK(is(got[1].error(), error_code::empty_batch));
  CAF_CHECK(is(got[2].error(), error_code::batch_too_large));
  CAF_CHECK(sent->batches.empty());
  CAF_CHECK_EQUAL(std::string{status().figures.at("refused")}, "3");
}

CAF_TEST(a request that waits past its limit fails and uses no nonce) {
  start(make_config());
  resync(2, 0);
  submit(batch(2, 1, 1));
  submit(batch(2, 1, 2), 500); // waits behind the first
  advance_time(std::chrono::milliseconds(600));
  sched.run();
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 2u); // the first's reply, then the timeout
  CAF_CHECK(got[0]);
  CAF_CHECK(is(got[1].error(), error_code::nonce_unavailable));
  tell(0, tx_verdict::accepted);
  submit(batch(2, 1, 1));
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(sent->batches[1].txs[0].nonce, 1); // no hole
}

// Guards against a nonce hole: a request its requester gave up on (timed
// out) used to stay queued, be signed later and sent to nobody.
CAF_TEST(a request its requester withdrew is never signed and uses no nonce) {
  start(make_config());
  submit(batch(2, 1, 1)); // key 2 has no nonce yet: it waits
  self->send(uut, withdraw_atom::value, uint64_t{1});
  sched.run();
  resync(2, 7);
  submit(batch(2, 1, 1, 9));
  CAF_REQUIRE_EQUAL(sent->batches.size(), 1u);
  CAF_CHECK_EQUAL(sent->batches[0].txs[0].nonce, 7); // no hole
  CAF_CHECK_EQUAL(std::string{status().figures.at("withdrawn")}, "1");
}

// Guards against a nonce hole: a request whose gateway died (its node went
// away) used to be signed with the key's next nonce and sent nowhere.
CAF_TEST(a request whose gateway died is never signed and uses no nonce) {
  start(make_config());
  auto dead_log = std::make_shared<gateway_log>();
  auto doomed = sys.spawn(gateway_stub, dead_log);
  sign_and_send m;
  m.request = batch(2, 1, 1);
  m.gateway = doomed;
  m.batch_id = next_batch++;
  self->send(uut, std::move(m));
  sched.run();
  caf::anon_send_exit(doomed, caf::exit_reason::kill);
  sched.run();
  resync(2, 7);
  submit(batch(2, 1, 1, 9));
  CAF_CHECK(dead_log->batches.empty());
  CAF_REQUIRE_EQUAL(sent->batches.size(), 1u);
  CAF_CHECK_EQUAL(sent->batches[0].txs[0].nonce, 7); // no hole
}

CAF_TEST(an urgent request goes before waiting ones) {
  start(make_config());
  resync(2, 0);
  submit(batch(2, 1, 1));
  submit(batch(2, 2, 1));
  submit(batch(2, 3, 1), 10'000, true);
  tell(0, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(sent->batches[1].market_index, 3);
}

CAF_TEST(a hurried request goes before waiting ones) {
  start(make_config());
  resync(2, 0);
  submit(batch(2, 1, 1));
  submit(batch(2, 2, 1));
  submit(batch(2, 3, 1)); // a fill came to market 3 while it waits
  self->send(uut, hurry_atom::value, next_batch - 1);
  sched.run();
  tell(0, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(sent->batches[1].market_index, 3);
}

CAF_TEST(a verdict that never comes is settled from the exchange) {
  auto cfg = make_config();
  cfg.nonce_source = sys.spawn(source_stub, std::vector<int64_t>{0, 5});
  start(std::move(cfg));
  submit(batch(2, 1, 1));
  submit(batch(2, 1, 1), 30'000);
  advance_time(std::chrono::seconds(16)); // the node that sent it died
  sched.run();
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(sent->batches[1].txs[0].nonce, 5);
  CAF_CHECK_EQUAL(std::string{status().figures.at("verdict_timeouts")}, "1");
}

CAF_TEST(status reports keys nonces and signatures per second) {
  start(make_config());
  resync(2, 7);
  submit(batch(2, 1, 3));
  tell(0, tx_verdict::accepted);
  submit(batch(2, 1, 2));
  auto s = status();
  CAF_CHECK_EQUAL(s.name, "signer");
  CAF_CHECK_EQUAL(s.kind, "signer");
  CAF_CHECK_EQUAL(s.figures.at("signatures"), "5");
  CAF_CHECK_EQUAL(s.figures.at("sigs_per_s"), "0.5");
  CAF_CHECK_EQUAL(s.figures.at("key.2.next_nonce"), "12");
  CAF_CHECK_EQUAL(s.figures.at("key.2.in_flight"), "1");
  CAF_CHECK_EQUAL(s.figures.at("key.2.synced"), "yes");
  CAF_CHECK_EQUAL(s.figures.at("key.5.synced"), "no");
}

CAF_TEST(auth tokens come from the signer of the key) {
  key5->makes_tokens = true;
  start(make_config());
  auto ask = [&](uint8_t key) {
    self->send(uut, auth_token_atom::value, key, int64_t{1'700'000'000});
    sched.run();
    caf::expected<std::string> out{caf::sec::none};
    self->receive([&](std::string& t) { out = std::move(t); },
                  [&](caf::error& e) { out = std::move(e); },
                  caf::after(std::chrono::seconds(0)) >> [] {});
    return out;
  };
  auto token = ask(5);
  CAF_REQUIRE(token);
  CAF_CHECK_EQUAL(*token, "1700000000:1:5:sig");
  // Key 2's signer makes no tokens (the seam's default).
  auto none = ask(2);
  CAF_REQUIRE(!none);
  CAF_CHECK(is(none.error(), error_code::signing_failed));
  auto unknown = ask(9);
  CAF_REQUIRE(!unknown);
  CAF_CHECK(is(unknown.error(), error_code::unknown_api_key));
  // No nonce was touched.
  CAF_CHECK(calls->empty());
  CAF_CHECK_EQUAL(std::string{status().figures.at("auth_tokens")}, "1");
}

// --- the gate a signer node publishes ----------------------------------------

namespace {

const std::string peer_token = "market-btc-token-0123456789";

/// The gate in front of the signer: key 2 and market 1 only.
signer_gate_actor open_gate(caf::actor_system& sys, signer_actor signer,
                            std::shared_ptr<signer_peer_counters> counters) {
  signer_gate_config gc;
  gc.signer = std::move(signer);
  trailgrid::execution::signer_grant g;
  g.token = peer_token;
  g.keys = {2};
  g.markets = {1};
  gc.access = trailgrid::execution::signer_access{{g}};
  gc.counters = std::move(counters);
  return spawn_signer_gate(sys, std::move(gc));
}

} // namespace

// Guards against a signer that signs for anyone who reaches it: a peer
// without the token gets no signer at all, and is counted.
CAF_TEST(a peer with a wrong token gets no signer and is counted) {
  auto counters = std::make_shared<signer_peer_counters>();
  auto cfg = make_config();
  cfg.peers = counters;
  start(cfg);
  auto gate = open_gate(sys, uut, counters);
  self->send(gate, hello_atom::value, std::string{"wrong-token-0123456789"},
             std::string{"intruder"});
  sched.run();
  bool refused = false;
  self->receive(
      [&](signer_session&) {},
      [&](caf::error& e) { refused = is(e, error_code::unauthorized); });
  CAF_CHECK(refused);
  CAF_CHECK_EQUAL(std::string{status().figures.at("peers_unauthorized")}, "1");
}

// Guards against a peer signing for keys or markets it was never given,
// and against forged verdicts rolling back another key's nonces.
CAF_TEST(an admitted peer may sign only for its keys and markets) {
  auto counters = std::make_shared<signer_peer_counters>();
  auto cfg = make_config();
  cfg.peers = counters;
  start(cfg);
  auto gate = open_gate(sys, uut, counters);
  self->send(gate, hello_atom::value, peer_token, std::string{"market-btc"});
  sched.run();
  signer_actor session;
  self->receive([&](signer_session& s) { session = s.signer; },
                [&](caf::error&) {});
  CAF_REQUIRE(session);
  resync(2, 10);
  resync(5, 20);
  auto via_session = [&](sign_request req) {
    sign_and_send m;
    m.request = std::move(req);
    m.gateway = gateway;
    m.batch_id = next_batch++;
    self->send(session, std::move(m));
    sched.run();
  };
  via_session(batch(5, 1, 1)); // key 5 is not granted
  via_session(batch(2, 7, 1)); // market 7 is not granted
  via_session(batch(2, 1, 1)); // granted
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 3u);
  CAF_CHECK(is(got[0].error(), error_code::unauthorized));
  CAF_CHECK(is(got[1].error(), error_code::unauthorized));
  CAF_CHECK(got[2]);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 1u);
  CAF_CHECK_EQUAL(sent->batches[0].txs[0].nonce, 10);
  // A forged verdict on key 5 and a nonce for it never reach the signer.
  self->send(session, tx_outcome{5, 20, 1, tx_verdict::rejected_other, 0});
  self->send(session, nonce_resync{5, 3});
  sched.run();
  auto st = status();
  CAF_CHECK_EQUAL(st.figures.at("key.5.next_nonce"), "20");
  CAF_CHECK_EQUAL(st.figures.at("peer_requests_refused"), "4");
  CAF_CHECK_EQUAL(st.figures.at("peers_admitted"), "1");
}

// Guards against a signer killed by a malformed request (an unknown key
// used to reach keys.at() in places): every one is answered or ignored and
// counted, and the signer keeps signing.
CAF_TEST(requests naming unknown keys are refused and the signer keeps going) {
  start(make_config());
  resync(2, 0);
  self->send(uut, nonce_resync{9, 100});
  self->send(uut, tx_outcome{9, 0, 1, tx_verdict::rejected_other, 0});
  self->send(uut, tx_outcome{2, 55, 1, tx_verdict::rejected_other, 0});
  self->send(uut, auth_token_atom::value, uint8_t{9}, int64_t{0});
  sched.run();
  submit(batch(9, 1, 1));
  submit(batch(2, 1, 1));
  CAF_REQUIRE_EQUAL(sent->batches.size(), 1u);
  CAF_CHECK_EQUAL(sent->batches[0].txs[0].nonce, 0);
  CAF_CHECK_EQUAL(std::string{status().figures.at("refused")}, "5");
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(signer_merge_tests, fixture)

namespace {

// Standard's budget counts requests: cancels of several markets merge.
signer_config merging(signer_config cfg) {
  trailgrid::execution::quota_rules q;
  q.unit = trailgrid::execution::quota_unit::request;
  q.capacity = 1'000;
  q.refill_per_minute = 1'000;
  cfg.quota = q;
  cfg.merge_cancels_up_to = 15;
  return cfg;
}

} // namespace

CAF_TEST(waiting cancels of several markets go out as one batch) {
  start(merging(make_config()));
  resync(2, 0);
  submit(cancels(2, 1, 2)); // in flight: the others wait together
  submit(cancels(2, 2, 3));
  submit(cancels(2, 3, 4));
  answers();
  tell(0, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(nonces(sent->batches[1]),
                  (std::vector<int64_t>{2, 3, 4, 5, 6, 7, 8}));
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 2u);
  CAF_REQUIRE(got[0] && got[1]);
  // Each requester gets its own batch id and the hashes of its own txs.
  CAF_CHECK_EQUAL(got[0]->batch_id, 2u);
  CAF_CHECK_EQUAL(got[0]->tx_hashes,
                  (std::vector<std::string>{"hash-2", "hash-3", "hash-4"}));
  CAF_CHECK_EQUAL(got[1]->batch_id, 3u);
  CAF_CHECK_EQUAL(got[1]->tx_hashes.size(), 4u);
  CAF_CHECK_EQUAL(got[1]->tx_hashes.front(), "hash-5");
}

CAF_TEST(a merged batch refused for one cancel is signed again per market) {
  start(merging(make_config()));
  resync(2, 0);
  sent->script = {exchange_verdict::accepted, exchange_verdict::already_gone};
  submit(cancels(2, 1, 2));
  submit(cancels(2, 2, 3));
  submit(cancels(2, 3, 4));
  answers();
  tell(0, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK(answers().empty());   // nobody is told yet
  tell(1, tx_verdict::uncertain); // the whole batch was refused
  resync(2, 2);                   // as the exchange says: nothing taken
  CAF_REQUIRE_EQUAL(sent->batches.size(), 3u);
  CAF_CHECK_EQUAL(nonces(sent->batches[2]), (std::vector<int64_t>{2, 3, 4}));
  tell(2, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 4u);
  CAF_CHECK_EQUAL(nonces(sent->batches[3]), (std::vector<int64_t>{5, 6, 7, 8}));
  auto got = answers();
  CAF_REQUIRE_EQUAL(got.size(), 2u);
  CAF_CHECK_EQUAL(st().split_after_refusal, 2u);
}

CAF_TEST(without a quota that counts requests nothing is merged) {
  start(make_config());
  resync(2, 0);
  submit(cancels(2, 1, 2));
  submit(cancels(2, 2, 3));
  submit(cancels(2, 3, 4));
  tell(0, tx_verdict::accepted);
  CAF_REQUIRE_EQUAL(sent->batches.size(), 2u);
  CAF_CHECK_EQUAL(sent->batches[1].txs.size(), 3u);
}

CAF_TEST_FIXTURE_SCOPE_END()
