#define CAF_SUITE sign_quota
#include "caf/test/unit_test.hpp"

#include "execution/sign_sequencer.hpp"
#include "tests/unit/execution/sign_test_util.hpp"

#include <algorithm>

using namespace trailgrid::execution;
using test::next_of;
using test::of;
using test::waiting_of;
using kind = sign_command::kind;

namespace {

// Standard's budget, small enough to run out in a test: 3 requests, one
// more every 20 s.
quota_rules three_a_minute() {
  quota_rules r;
  r.unit = quota_unit::request;
  r.capacity = 3;
  r.refill_per_minute = 3;
  return r;
}

// A reset's batch: one cancel and one create.
sign_ticket ticket(uint64_t id, uint8_t key, bool urgent = false,
                   int64_t deadline = 600'000) {
  auto t = test::ticket(id, key, 2, urgent, deadline);
  t.shape.creates = 1;
  t.shape.cancels = 1;
  return t;
}

// Two keys of one account, both synced; every signed batch is accepted at
// once, so only the quota holds requests back.
struct fixture {
  sign_sequencer seq{[] {
    sign_sequencer::config c;
    c.quota = three_a_minute();
    // Requests here wait minutes for budget; only the ranks are under test
    // (promotion by age has its own test).
    c.promote_after_ms = 3'600'000;
    return c;
  }()};
  std::vector<sign_command> signs;
  fixture() {
    seq.add_key(4);
    seq.add_key(5);
    seq.on_nonce(4, 10, 0);
    seq.on_nonce(5, 70, 0);
  }
  // Records the signs and accepts each one at `now`.
  sign_commands settle(sign_commands cmds, int64_t now) {
    sign_commands wakes;
    while (!cmds.empty()) {
      sign_commands next;
      for (auto& c : cmds) {
        if (c.what == kind::wake) wakes.push_back(c);
        if (c.what != kind::sign) continue;
        signs.push_back(c);
        auto more =
            seq.on_verdict(c.key, c.first_nonce, 2, nonce_fate::consumed, now);
        next.insert(next.end(), more.begin(), more.end());
      }
      cmds = std::move(next);
    }
    return wakes;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(sign_quota_tests, fixture)

CAF_TEST(requests beyond the budget wait and go out as it refills) {
  for (uint64_t id = 1; id <= 5; ++id)
    settle(seq.on_request(ticket(id, 4), 0), 0);
  CAF_CHECK_EQUAL(signs.size(), 3u);
  CAF_CHECK_EQUAL(waiting_of(seq, 4), 2u);
  CAF_CHECK_EQUAL(seq.quota_remaining(0), 0);
  // The 4th fits 20 s later (3 a minute), not earlier.
  settle(seq.on_tick(19'999), 19'999);
  CAF_CHECK_EQUAL(signs.size(), 3u);
  settle(seq.on_tick(20'000), 20'000);
  CAF_CHECK_EQUAL(signs.size(), 4u);
  settle(seq.on_tick(40'000), 40'000);
  CAF_CHECK_EQUAL(signs.size(), 5u);
  CAF_CHECK_EQUAL(seq.quota_waits(), 2u);
}

CAF_TEST(a request waiting for budget asks to be woken when it fits) {
  for (uint64_t id = 1; id <= 4; ++id)
    settle(seq.on_request(ticket(id, 4), 1'000), 1'000);
  auto wakes = settle(seq.on_tick(1'000), 1'000);
  CAF_REQUIRE(!wakes.empty());
  auto first =
      std::min_element(wakes.begin(), wakes.end(),
                       [](const sign_command& a, const sign_command& b) {
                         return a.at_ms < b.at_ms;
                       });
  CAF_CHECK_EQUAL(first->at_ms, 21'000);
}

CAF_TEST(the budget is one for every key of the account) {
  settle(seq.on_request(ticket(1, 4), 0), 0);
  settle(seq.on_request(ticket(2, 5), 0), 0);
  settle(seq.on_request(ticket(3, 4), 0), 0);
  settle(seq.on_request(ticket(4, 5), 0), 0);
  CAF_CHECK_EQUAL(signs.size(), 3u);
  CAF_CHECK_EQUAL(waiting_of(seq, 5), 1u);
}

CAF_TEST(a reset after a fill goes first when budget comes back) {
  for (uint64_t id = 1; id <= 3; ++id)
    settle(seq.on_request(ticket(id, 4), 0), 0);
  settle(seq.on_request(ticket(4, 4), 0), 0);       // plain, waits
  settle(seq.on_request(ticket(5, 5, true), 1), 1); // urgent, other key
  settle(seq.on_tick(20'000), 20'000);
  CAF_REQUIRE_EQUAL(signs.size(), 4u);
  CAF_CHECK_EQUAL(signs.back().id, 5u);
  CAF_CHECK_EQUAL(signs.back().key, 5);
}

CAF_TEST(cancels only go before resets waiting for the budget) {
  // A shutdown's cancels must not wait behind the resets that drained the
  // budget: pulling orders adds no risk, and they are what rests.
  for (uint64_t id = 1; id <= 3; ++id)
    settle(seq.on_request(ticket(id, 4), 0), 0);
  settle(seq.on_request(ticket(4, 4, true), 0), 0); // a reset, waits
  settle(seq.on_request(ticket(5, 5, true), 0), 0); // a reset, waits
  auto pull = ticket(6, 5);
  pull.shape.creates = 0;
  settle(seq.on_request(pull, 1), 1);
  settle(seq.on_tick(20'000), 20'000);
  CAF_REQUIRE_EQUAL(signs.size(), 4u);
  CAF_CHECK_EQUAL(signs.back().id, 6u);
  settle(seq.on_tick(60'000), 60'000);
  CAF_REQUIRE_EQUAL(signs.size(), 6u);
  CAF_CHECK_EQUAL(signs[4].id, 4u);
  CAF_CHECK_EQUAL(signs[5].id, 5u);
}

CAF_TEST(a refusal for the quota empties the budget) {
  settle(seq.on_request(ticket(1, 4), 0), 0);
  CAF_CHECK_EQUAL(seq.quota_remaining(0), 2);
  settle(seq.on_quota_refused(0), 0);
  CAF_CHECK_EQUAL(seq.quota_remaining(0), 0);
  CAF_CHECK_EQUAL(seq.quota_refusals(), 1u);
  settle(seq.on_request(ticket(2, 4), 0), 0);
  CAF_CHECK_EQUAL(signs.size(), 1u);
}

CAF_TEST(a request that can never fit fails instead of blocking the rest) {
  sign_sequencer::config c;
  c.quota = three_a_minute();
  c.quota->unit = quota_unit::tx;
  sign_sequencer s(c);
  s.add_key(4);
  s.on_nonce(4, 1, 0);
  auto big = ticket(1, 4);
  big.shape.creates = 9; // 10 txs against a capacity of 3
  big.count = 10;
  auto out = s.on_request(big, 0);
  CAF_CHECK_EQUAL(of(out, kind::fail).size(), 1u);
  auto small = s.on_request(ticket(2, 4), 0);
  CAF_CHECK_EQUAL(of(small, kind::sign).size(), 1u);
}

CAF_TEST(a request that waited for budget past its deadline fails unsigned) {
  for (uint64_t id = 1; id <= 3; ++id)
    settle(seq.on_request(ticket(id, 4), 0), 0);
  settle(seq.on_request(ticket(4, 4, false, 5'000), 0), 0);
  auto out = seq.on_tick(5'000);
  CAF_CHECK_EQUAL(of(out, kind::fail).size(), 1u);
  CAF_CHECK_EQUAL(waiting_of(seq, 4), 0u);
  CAF_CHECK_EQUAL(next_of(seq, 4), 16); // 3 batches of 2 from 10
}

CAF_TEST(without a quota nothing waits for budget) {
  sign_sequencer s;
  s.add_key(4);
  s.on_nonce(4, 1, 0);
  auto out = s.on_request(ticket(1, 4), 0);
  CAF_CHECK_EQUAL(of(out, kind::sign).size(), 1u);
  CAF_CHECK(!s.quota_remaining(0));
}

CAF_TEST_FIXTURE_SCOPE_END()
