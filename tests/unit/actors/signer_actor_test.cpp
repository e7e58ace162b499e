#define CAF_SUITE signer_actor
#include "caf/test/dsl.hpp"

#include "actors/signer_actor.hpp"
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

/// What one market stub got back.
struct market_log {
  std::vector<sign_result> results;
  std::vector<caf::error> errors;
};

/// A market that sends its batches one after another, each as soon as the
/// previous one came back, so two markets interleave at the signer.
void send_next(caf::event_based_actor* self, signer_actor signer,
               int32_t market, std::vector<int32_t> sizes, size_t i,
               std::shared_ptr<market_log> out) {
  if (i == sizes.size()) return;
  self->request(signer, caf::infinite,
                batch(2, market, sizes[i], market * 1000 + int64_t(i) * 10 + 1))
      .then(
          [=](sign_result& r) {
            out->results.push_back(std::move(r));
            send_next(self, signer, market, sizes, i + 1, out);
          },
          [=](caf::error& e) { out->errors.push_back(std::move(e)); });
}

caf::behavior market_stub(caf::event_based_actor* self, signer_actor signer,
                          int32_t market, std::vector<int32_t> sizes,
                          std::shared_ptr<market_log> out) {
  send_next(self, signer, market, std::move(sizes), 0, out);
  return {[](caf::unit_t) {}};
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
  signer_actor uut;

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

  /// Sends `req` and returns the answer (result or error).
  caf::expected<sign_result> sign(sign_request req) {
    self->send(uut, std::move(req));
    sched.run();
    caf::expected<sign_result> out{caf::sec::none};
    bool got = false;
    self->receive(
        [&](sign_result& r) {
          out = std::move(r);
          got = true;
        },
        [&](caf::error& e) {
          out = std::move(e);
          got = true;
        },
        caf::after(std::chrono::seconds(0)) >> [] {});
    CAF_REQUIRE(got);
    return out;
  }

  void tell(const tx_outcome& o) {
    self->send(uut, o);
    sched.run();
  }

  void resync(uint8_t key, int64_t next) {
    self->send(uut, nonce_resync{key, next});
    sched.run();
  }

  static std::vector<int64_t> nonces_of(const sign_result& r) {
    std::vector<int64_t> out;
    for (auto& t : r.txs)
      out.push_back(t.nonce);
    return out;
  }

  int64_t first_nonce(caf::expected<sign_result> r) {
    CAF_REQUIRE(r);
    CAF_REQUIRE(!r->txs.empty());
    return r->txs.front().nonce;
  }

  actor_status status() {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status out;
    self->receive([&](actor_status& s) { out = std::move(s); });
    return out;
  }
};

bool is(const caf::error& e, error_code code) {
  return e.category() == caf::atom("trailgrid") &&
         e.code() == static_cast<uint8_t>(code);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(signer_actor_tests, fixture)

CAF_TEST(a batch gets consecutive nonces and signed payloads in order) {
  start(make_config());
  resync(2, 40);
  auto r = sign(batch(2, 1, 3));
  CAF_REQUIRE(r);
  CAF_CHECK_EQUAL(r->api_key_index, 2);
  CAF_CHECK_EQUAL(nonces_of(*r), (std::vector<int64_t>{40, 41, 42}));
  CAF_CHECK_EQUAL(r->txs[1].tx_type, 14);
  CAF_CHECK_EQUAL(r->txs[1].tx_info, "{\"Nonce\":41}");
  CAF_CHECK_EQUAL(r->txs[2].tx_hash, "hash-42");
  CAF_CHECK_EQUAL(calls->size(), 3u);
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 1))), 43);
}

CAF_TEST(interleaved batches of two markets use every nonce exactly once) {
  start(make_config());
  resync(2, 0);
  auto btc = std::make_shared<market_log>();
  auto eth = std::make_shared<market_log>();
  std::vector<int32_t> btc_sizes{3, 1, 15, 2, 7, 4};
  std::vector<int32_t> eth_sizes{2, 5, 1, 9, 3, 6};
  sys.spawn(market_stub, uut, 1, btc_sizes, btc);
  sys.spawn(market_stub, uut, 0, eth_sizes, eth);
  sched.run();
  CAF_CHECK(btc->errors.empty());
  CAF_CHECK(eth->errors.empty());
  CAF_REQUIRE_EQUAL(btc->results.size(), btc_sizes.size());
  CAF_REQUIRE_EQUAL(eth->results.size(), eth_sizes.size());
  std::multiset<int64_t> all;
  for (auto log : {btc, eth})
    for (auto& r : log->results) {
      // Each batch is consecutive.
      for (size_t i = 1; i < r.txs.size(); ++i)
        CAF_CHECK_EQUAL(r.txs[i].nonce, r.txs[i - 1].nonce + 1);
      for (auto& t : r.txs)
        all.insert(t.nonce);
    }
  // The union is exactly 0 .. N-1: nothing reused, nothing skipped.
  int64_t total = 0;
  for (auto s : btc_sizes)
    total += s;
  for (auto s : eth_sizes)
    total += s;
  CAF_REQUIRE_EQUAL(static_cast<int64_t>(all.size()), total);
  int64_t expected = 0;
  for (auto n : all)
    CAF_CHECK_EQUAL(n, expected++);
  // The markets really interleaved at the signer.
  int switches = 0;
  for (size_t i = 1; i < calls->size(); ++i)
    if ((*calls)[i].market_index != (*calls)[i - 1].market_index) ++switches;
  CAF_CHECK_GREATER_OR_EQUAL(switches, 10);
  // And the signer was called in nonce order.
  for (size_t i = 0; i < calls->size(); ++i)
    CAF_CHECK_EQUAL((*calls)[i].nonce, static_cast<int64_t>(i));
}

CAF_TEST(api keys keep separate nonce streams) {
  start(make_config());
  resync(2, 100);
  resync(5, 7);
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 2))), 100);
  CAF_CHECK_EQUAL(first_nonce(sign(batch(5, 1, 1))), 7);
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 0, 1))), 102);
}

CAF_TEST(requests wait for the first nonce and then go in arrival order) {
  start(make_config());
  self->send(uut, batch(2, 1, 2));
  self->send(uut, batch(2, 0, 1));
  sched.run();
  CAF_CHECK(calls->empty());
  CAF_CHECK_EQUAL(st().keys.at(2).queue.size(), 2u);
  resync(2, 10);
  std::vector<std::vector<int64_t>> got;
  for (int i = 0; i < 2; ++i)
    self->receive([&](sign_result& r) { got.push_back(nonces_of(r)); });
  CAF_CHECK_EQUAL(got, (std::vector<std::vector<int64_t>>{{10, 11}, {12}}));
}

CAF_TEST(an invalid nonce makes the signer wait for the exchange count) {
  start(make_config());
  resync(2, 0);
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 3))), 0); // 0, 1, 2
  tell({2, 1, 1, tx_verdict::invalid_nonce, 21104});
  // Without a nonce source the request waits for a nonce_resync.
  self->send(uut, batch(2, 1, 1));
  sched.run();
  CAF_CHECK_EQUAL(st().keys.at(2).queue.size(), 1u);
  resync(2, 1); // the exchange took 0 only
  sign_result r;
  self->receive([&](sign_result& x) { r = std::move(x); });
  CAF_CHECK_EQUAL(nonces_of(r), std::vector<int64_t>{1});
  // A late verdict on the old nonce 2 does not trigger another resync.
  tell({2, 2, 1, tx_verdict::invalid_nonce, 21104});
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 1))), 2);
  CAF_CHECK_EQUAL(st().resyncs, 2u);
}

CAF_TEST(the signer asks its nonce source at start and after an invalid nonce) {
  auto source = sys.spawn(source_stub, std::vector<int64_t>{50, 53});
  auto cfg = make_config();
  cfg.nonce_source = source;
  start(std::move(cfg));
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 4))), 50); // 50..53
  tell({2, 53, 1, tx_verdict::invalid_nonce, 21104});
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 1))), 53);
  CAF_CHECK_EQUAL(deref<nonce_source_actor::stateful_base<source_state>>(source)
                      .state.asked,
                  2u);
}

CAF_TEST(a failing nonce source fails the waiting requests) {
  auto source = sys.spawn(source_stub, std::vector<int64_t>{});
  auto cfg = make_config();
  cfg.nonce_source = source;
  start(std::move(cfg));
  auto r = sign(batch(2, 1, 1));
  CAF_REQUIRE(!r);
  CAF_CHECK(is(r.error(), error_code::nonce_unavailable));
  CAF_CHECK(calls->empty());
}

CAF_TEST(a refused last batch rolls back and its nonces are reused) {
  start(make_config());
  resync(2, 0);
  sign(batch(2, 1, 2));                                  // 0, 1
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 0, 3))), 2); // 2..4
  tell({2, 2, 3, tx_verdict::rejected_other, 21706});
  CAF_CHECK_EQUAL(st().rollbacks, 1u);
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 0, 1))), 2);
  // Accepted verdicts leave the count alone.
  tell({2, 0, 2, tx_verdict::accepted, 0});
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 0, 1))), 3);
}

CAF_TEST(a refused tx below later ones needs a resync not a rollback) {
  start(make_config());
  resync(2, 0);
  sign(batch(2, 1, 1)); // 0
  sign(batch(2, 0, 1)); // 1
  tell({2, 0, 1, tx_verdict::rejected_other, 21706});
  CAF_CHECK_EQUAL(st().rollbacks, 0u);
  CAF_CHECK(!st().nonces.ready(2));
  self->send(uut, batch(2, 1, 1));
  sched.run();
  CAF_CHECK_EQUAL(st().keys.at(2).queue.size(), 1u);
  resync(2, 0);
  sign_result r;
  self->receive([&](sign_result& x) { r = std::move(x); });
  CAF_CHECK_EQUAL(nonces_of(r), std::vector<int64_t>{0});
}

CAF_TEST(a batch that fails to sign consumes no nonce) {
  start(make_config());
  resync(2, 0);
  key2->refuse_coi = 3;
  auto r = sign(batch(2, 1, 4)); // the third intent (coi 3) is refused
  CAF_REQUIRE(!r);
  CAF_CHECK(is(r.error(), error_code::signing_failed));
  key2->refuse_coi = 0;
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 1))), 0);
}

CAF_TEST(malformed requests are refused with a reason) {
  start(make_config());
  resync(2, 0);
  auto unknown = sign(batch(9, 1, 1));
  CAF_REQUIRE(!unknown);
  CAF_CHECK(is(unknown.error(), error_code::unknown_api_key));
  auto empty = sign(batch(2, 1, 0));
  CAF_REQUIRE(!empty);
  CAF_CHECK(is(empty.error(), error_code::empty_batch));
  auto big = sign(batch(2, 1, 16));
  CAF_REQUIRE(!big);
  CAF_CHECK(is(big.error(), error_code::batch_too_large));
  CAF_CHECK_EQUAL(first_nonce(sign(batch(2, 1, 15))), 0);
}

CAF_TEST(status reports keys nonces and signatures per second) {
  start(make_config());
  resync(2, 7);
  sign(batch(2, 1, 3));
  sign(batch(2, 1, 2));
  auto s = status();
  CAF_CHECK_EQUAL(s.name, "signer");
  CAF_CHECK_EQUAL(s.kind, "signer");
  CAF_CHECK(s.state == run_state::running);
  CAF_CHECK_EQUAL(s.figures.at("signatures"), "5");
  CAF_CHECK_EQUAL(s.figures.at("sigs_per_s"), "0.5");
  CAF_CHECK_EQUAL(s.figures.at("key.2.next_nonce"), "12");
  CAF_CHECK_EQUAL(s.figures.at("key.2.in_flight"), "5");
  CAF_CHECK_EQUAL(s.figures.at("key.2.synced"), "yes");
  CAF_CHECK_EQUAL(s.figures.at("key.5.synced"), "no");
  advance_time(std::chrono::seconds(11));
  auto later = status(); // a named copy: the macro keeps a reference
  CAF_CHECK_EQUAL(later.figures.at("sigs_per_s"), "0.0");
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
  CAF_CHECK_EQUAL(status().figures.at("auth_tokens"), "1");
}

CAF_TEST(another node gets the key only after the verdicts on its nonces) {
  start(make_config());
  resync(2, 10);
  auto from = [](std::string origin, int32_t size) {
    auto req = batch(2, 1, size);
    req.origin = std::move(origin);
    return req;
  };
  auto a = sign(from("node-a", 3)); // 10..12 in flight
  CAF_REQUIRE(a);
  CAF_CHECK(a->predecessors_settled); // nothing was in flight
  // The same node may go on: its gateway sends in nonce order.
  auto a2 = sign(from("node-a", 1));
  CAF_REQUIRE(a2);
  CAF_CHECK_EQUAL(a2->txs.front().nonce, 13);
  CAF_CHECK(!a2->predecessors_settled);
  // Node b waits while a's nonces are in flight.
  self->send(uut, from("node-b", 2));
  sched.run();
  CAF_CHECK(self->mailbox().empty());
  tell(tx_outcome{2, 10, 3, tx_verdict::accepted, 0});
  CAF_CHECK(self->mailbox().empty()); // 13 still in flight
  tell(tx_outcome{2, 13, 1, tx_verdict::accepted, 0});
  sign_result b;
  self->receive([&](sign_result& r) { b = std::move(r); });
  CAF_CHECK_EQUAL(nonces_of(b), (std::vector<int64_t>{14, 15}));
  CAF_CHECK(b.predecessors_settled);
  CAF_CHECK_EQUAL(status().figures["handovers"], "2");
}

CAF_TEST(a handover whose verdicts never come resyncs the key) {
  auto cfg = make_config();
  cfg.nonce_source = sys.spawn(source_stub, std::vector<int64_t>{50});
  start(std::move(cfg));
  resync(2, 10);
  auto req = batch(2, 1, 2);
  req.origin = "node-a";
  CAF_REQUIRE(sign(req)); // 10, 11 in flight; node a dies
  req.origin = "node-b";
  self->send(uut, req);
  sched.run();
  CAF_CHECK(self->mailbox().empty());
  advance_time(st().cfg.handover_timeout);
  sched.run();
  sign_result b;
  self->receive([&](sign_result& r) { b = std::move(r); });
  // The exchange's next nonce, not a guess.
  CAF_CHECK_EQUAL(nonces_of(b), (std::vector<int64_t>{50, 51}));
  CAF_CHECK(b.predecessors_settled);
  CAF_CHECK_EQUAL(status().figures["handover_timeouts"], "1");
}

CAF_TEST(requests of one node never wait for each other) {
  start(make_config());
  resync(2, 0);
  for (int64_t i = 0; i < 5; ++i) {
    auto r = sign(batch(2, 1, 1)); // origin "": the signer's own node
    CAF_REQUIRE(r);
    CAF_CHECK_EQUAL(r->txs.front().nonce, i);
  }
  CAF_CHECK_EQUAL(status().figures["handovers"], "0");
}

CAF_TEST_FIXTURE_SCOPE_END()
