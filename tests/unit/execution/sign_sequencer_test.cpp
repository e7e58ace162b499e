#define CAF_SUITE sign_sequencer
#include "caf/test/unit_test.hpp"

#include "execution/sign_sequencer.hpp"
#include "tests/unit/execution/sign_test_util.hpp"

#include <map>

using namespace trailgrid::execution;
using namespace trailgrid::execution::test;
using kind = sign_command::kind;

namespace {

struct fixture {
  sign_sequencer seq;
  fixture() {
    seq.add_key(4);
    seq.on_nonce(4, 100, 0);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(sign_sequencer_tests, fixture)

CAF_TEST(a key without a trusted nonce asks the exchange once and waits) {
  sign_sequencer s;
  s.add_key(5);
  auto a = s.on_request(ticket(1, 5, 3), 0);
  CAF_CHECK_EQUAL(of(a, kind::fetch_nonce).size(), 1u);
  CAF_CHECK(of(a, kind::sign).empty());
  auto b = s.on_request(ticket(2, 5, 3), 0);
  CAF_CHECK(of(b, kind::fetch_nonce).empty());
  auto c = s.on_nonce(5, 40, 1);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u); // the second waits for a verdict
  CAF_CHECK_EQUAL(signs[0].id, 1u);
  CAF_CHECK_EQUAL(signs[0].first_nonce, 40);
}

CAF_TEST(the next batch of a key is signed only after the verdict) {
  auto a = seq.on_request(ticket(1, 4, 15), 0);
  auto b = seq.on_request(ticket(2, 4, 15), 0);
  CAF_REQUIRE_EQUAL(of(a, kind::sign).size(), 1u);
  CAF_CHECK(of(b, kind::sign).empty());
  auto c = seq.on_verdict(4, 100, 15, nonce_fate::consumed, 1);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 2u);
  CAF_CHECK_EQUAL(signs[0].first_nonce, 115);
}

CAF_TEST(a refusal before the sequencer hands its nonces to the next batch) {
  seq.on_request(ticket(1, 4, 5), 0);
  seq.on_request(ticket(2, 4, 5), 0);
  auto c = seq.on_verdict(4, 100, 5, nonce_fate::not_consumed, 1);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].first_nonce, 100); // no hole, no invalid nonce
  CAF_CHECK_EQUAL(seq.rollbacks(), 1u);
}

CAF_TEST(an invalid or uncertain verdict waits for the exchange nonce) {
  for (auto fate : {nonce_fate::invalid, nonce_fate::uncertain}) {
    sign_sequencer s;
    s.add_key(4);
    s.on_nonce(4, 100, 0);
    s.on_request(ticket(1, 4, 2), 0);
    s.on_request(ticket(2, 4, 2), 0);
    auto c = s.on_verdict(4, 100, 2, fate, 1);
    CAF_CHECK_EQUAL(of(c, kind::fetch_nonce).size(), 1u);
    CAF_CHECK(of(c, kind::sign).empty());
    auto d = s.on_nonce(4, 101, 2);
    auto signs = of(d, kind::sign);
    CAF_REQUIRE_EQUAL(signs.size(), 1u);
    CAF_CHECK_EQUAL(signs[0].first_nonce, 101);
  }
}

CAF_TEST(a verdict on nonces no longer in flight is ignored) {
  seq.on_request(ticket(1, 4, 2), 0);
  seq.on_nonce(4, 300, 1); // a resync settled it
  auto c = seq.on_verdict(4, 100, 2, nonce_fate::not_consumed, 2);
  CAF_CHECK(c.empty());
  CAF_CHECK_EQUAL(next_of(seq, 4), 300);
}

CAF_TEST(an urgent request overtakes waiting ones but never a signed one) {
  seq.on_request(ticket(1, 4, 1), 0);
  seq.on_request(ticket(2, 4, 1), 0);
  seq.on_request(ticket(3, 4, 1, true), 0);
  auto c = seq.on_verdict(4, 100, 1, nonce_fate::consumed, 1);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 3u);
}

CAF_TEST(a hurried request goes ahead of the requests that answer no fill) {
  seq.on_request(ticket(1, 4, 5), 0); // signed: in flight
  seq.on_request(ticket(2, 4, 5), 0); // another market's start grid
  seq.on_request(ticket(3, 4, 5), 0); // the market a fill came to
  CAF_CHECK(of(seq.on_hurry(3, 1), kind::sign).empty()); // 1 still in flight
  auto c = seq.on_verdict(4, 100, 5, nonce_fate::consumed, 2);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 3u);
  CAF_CHECK_EQUAL(signs[0].first_nonce, 105);
  CAF_CHECK(seq.on_hurry(1, 3).empty()); // signed already: nothing to do
}

CAF_TEST(a request that waited long is not starved by urgent ones) {
  CAF_REQUIRE_EQUAL(sign_sequencer::config{}.promote_after_ms, 5'000);
  seq.on_request(ticket(1, 4, 5), 0);                   // in flight
  seq.on_request(ticket(2, 4, 5, false, 60'000), 0);    // a start grid
  seq.on_request(ticket(3, 4, 5, true, 60'000), 5'500); // a reset, later
  // Within promote_after_ms the reset would go first; after it, arrival.
  auto c = seq.on_verdict(4, 100, 5, nonce_fate::consumed, 5'500);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 2u);
}

CAF_TEST(a request that waited past its deadline fails without a nonce) {
  seq.on_request(ticket(1, 4, 1), 0);
  seq.on_request(ticket(2, 4, 1, false, 500), 0);
  auto c = seq.on_tick(600);
  auto fails = of(c, kind::fail);
  CAF_REQUIRE_EQUAL(fails.size(), 1u);
  CAF_CHECK_EQUAL(fails[0].id, 2u);
  auto d = seq.on_verdict(4, 100, 1, nonce_fate::consumed, 700);
  CAF_CHECK(of(d, kind::sign).empty());
  CAF_CHECK_EQUAL(next_of(seq, 4), 101); // no hole
}

CAF_TEST(a withdrawn request never consumes a nonce) {
  seq.on_request(ticket(1, 4, 1), 0);
  seq.on_request(ticket(2, 4, 3), 0);
  auto w = seq.on_withdraw(2, 1);
  CAF_CHECK_EQUAL(of(w, kind::fail).size(), 1u);
  seq.on_verdict(4, 100, 1, nonce_fate::consumed, 2);
  CAF_CHECK_EQUAL(next_of(seq, 4), 101);
}

CAF_TEST(a batch that failed to sign gives its nonces to the next) {
  seq.on_request(ticket(1, 4, 3), 0);
  seq.on_request(ticket(2, 4, 3), 0);
  auto c = seq.on_sign_failed(1, 1);
  auto signs = of(c, kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].first_nonce, 100);
}

CAF_TEST(a verdict that never comes is settled from the exchange) {
  seq.on_request(ticket(1, 4, 3), 0);
  auto c = seq.on_tick(20'000);
  CAF_CHECK_EQUAL(of(c, kind::fetch_nonce).size(), 1u);
  CAF_CHECK_EQUAL(seq.verdict_timeouts(), 1u);
}

CAF_TEST(keys are independent sequences) {
  seq.add_key(5);
  seq.on_nonce(5, 7, 0);
  auto a = seq.on_request(ticket(1, 4, 1), 0);
  auto b = seq.on_request(ticket(2, 5, 1), 0);
  CAF_CHECK_EQUAL(of(a, kind::sign).size(), 1u);
  CAF_REQUIRE_EQUAL(of(b, kind::sign).size(), 1u);
  CAF_CHECK_EQUAL(int64_t{of(b, kind::sign)[0].first_nonce}, 7);
}

CAF_TEST(unknown keys and empty batches fail at once) {
  CAF_CHECK_EQUAL(of(seq.on_request(ticket(1, 9, 1), 0), kind::fail).size(),
                  1u);
  CAF_CHECK_EQUAL(of(seq.on_request(ticket(2, 4, 0), 0), kind::fail).size(),
                  1u);
}

CAF_TEST(many markets on one key never reuse or skip a nonce) {
  // 50 markets, random verdicts: the signed ranges form one gapless chain
  // of consumed nonces.
  uint64_t rng = 7;
  auto next = [&] {
    return rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  };
  int64_t expected = 100;
  std::vector<sign_command> signs;
  auto take = [&](const sign_commands& cmds) {
    for (auto& c : cmds)
      if (c.what == kind::sign) signs.push_back(c);
  };
  std::map<uint64_t, int32_t> counts;
  auto ask = [&](uint64_t id, int32_t count, int64_t now) {
    counts[id] = count;
    take(seq.on_request(ticket(id, 4, count), now));
  };
  for (uint64_t id = 1; id <= 50; ++id)
    ask(id, 1 + static_cast<int32_t>(id % 15), 0);
  uint64_t later = 1000;
  for (int round = 0; round < 500 && !signs.empty(); ++round) {
    auto c = signs.front();
    signs.erase(signs.begin());
    CAF_CHECK_EQUAL(c.first_nonce, expected);
    int32_t count = counts.at(c.id);
    if (next() % 4 == 0) { // refused before the sequencer: reuse
      take(
          seq.on_verdict(4, c.first_nonce, count, nonce_fate::not_consumed, 1));
    } else {
      expected += count;
      take(seq.on_verdict(4, c.first_nonce, count, nonce_fate::consumed, 1));
    }
    if (round % 3 == 0) ask(later++, 2, 1);
  }
  CAF_CHECK_EQUAL(next_of(seq, 4), expected);
}

CAF_TEST_FIXTURE_SCOPE_END()
