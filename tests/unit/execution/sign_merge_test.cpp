#define CAF_SUITE sign_merge
#include "caf/test/unit_test.hpp"

#include "execution/sign_sequencer.hpp"
#include "tests/unit/execution/sign_test_util.hpp"

#include <vector>

using namespace trailgrid::execution;
using test::next_of;
using test::of;
using test::waiting_of;
using kind = sign_command::kind;

namespace {

// Cancels of one market's orders, sent by gateway `sender`.
sign_ticket cancels(uint64_t id, int32_t count, uint64_t sender = 1) {
  auto t = test::ticket(id, 4, count);
  t.shape.cancels = count;
  t.sender = sender;
  return t;
}

// A reset's batch: cancels and creates.
sign_ticket reset(uint64_t id, int32_t count) {
  auto t = test::ticket(id, 4, count, true);
  t.shape.cancels = 1;
  t.shape.creates = count - 1;
  t.sender = 1;
  return t;
}

// Standard's budget (requests), merged batches of up to 50 txs; key 4
// synced at nonce 100 with one batch in flight (nonces 100..104), so the
// requests of a test wait together for its verdict.
struct fixture {
  sign_sequencer seq{[] {
    sign_sequencer::config c;
    quota_rules r;
    r.unit = quota_unit::request;
    r.capacity = 1'000;
    r.refill_per_minute = 1'000;
    c.quota = r;
    c.merge_cancels_up_to = 50;
    return c;
  }()};
  fixture() {
    seq.add_key(4);
    seq.on_nonce(4, 100, 0);
    seq.on_request(cancels(99, 5), 0);
  }
  // The verdict on the batch in flight; the signs it lets out.
  std::vector<sign_command> accept(int64_t first, int32_t count) {
    return of(seq.on_verdict(4, first, count, nonce_fate::consumed, 1),
              kind::sign);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(sign_merge_tests, fixture)

CAF_TEST(waiting cancels of several markets go out as one batch) {
  for (uint64_t id = 1; id <= 3; ++id)
    seq.on_request(cancels(id, 8), 1);
  auto signs = accept(100, 5);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 1u);
  CAF_CHECK_EQUAL(signs[0].merged, (std::vector<uint64_t>{2, 3}));
  CAF_CHECK_EQUAL(signs[0].first_nonce, 105);
  CAF_CHECK_EQUAL(next_of(seq, 4), 129); // 3 x 8 nonces, no gap
  CAF_CHECK_EQUAL(seq.merged_requests(), 2u);
  // One batch, one verdict for all of it.
  CAF_CHECK_EQUAL(accept(105, 24).size(), 0u);
  const auto view = seq.view(4);
  CAF_REQUIRE(view);
  CAF_CHECK_EQUAL(view->in_flight, 0);
}

CAF_TEST(a merged batch stays within the limit and the rest waits) {
  for (uint64_t id = 1; id <= 7; ++id)
    seq.on_request(cancels(id, 8), 1);
  auto first = accept(100, 5);
  CAF_REQUIRE_EQUAL(first.size(), 1u);
  CAF_CHECK_EQUAL(first[0].merged.size(), 5u); // 6 x 8 = 48 <= 50
  CAF_CHECK_EQUAL(waiting_of(seq, 4), 1u);
  auto second = accept(105, 48);
  CAF_REQUIRE_EQUAL(second.size(), 1u);
  CAF_CHECK_EQUAL(second[0].id, 7u);
  CAF_CHECK_EQUAL(second[0].first_nonce, 153);
}

CAF_TEST(a merged batch costs the quota one request) {
  const int64_t before = seq.quota_remaining(1).value_or(-1);
  for (uint64_t id = 1; id <= 4; ++id)
    seq.on_request(cancels(id, 8), 1);
  accept(100, 5);
  const int64_t after = seq.quota_remaining(1).value_or(-1);
  CAF_CHECK_EQUAL(after, before - 1);
}

CAF_TEST(only cancels of one gateway are merged) {
  seq.on_request(cancels(1, 8, 1), 1);
  seq.on_request(cancels(2, 8, 2), 1); // another node's gateway
  seq.on_request(reset(3, 15), 1);
  seq.on_request(cancels(4, 8, 1), 1);
  auto signs = accept(100, 5);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 1u);
  CAF_CHECK_EQUAL(signs[0].merged, (std::vector<uint64_t>{4}));
  CAF_CHECK_EQUAL(waiting_of(seq, 4), 2u);
}

CAF_TEST(a request signed again alone is never merged) {
  auto a = cancels(1, 8);
  a.alone = true;
  seq.on_request(a, 1);
  seq.on_request(cancels(2, 8), 1);
  seq.on_request(cancels(3, 8), 1);
  auto signs = accept(100, 5);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK_EQUAL(signs[0].id, 1u);
  CAF_CHECK(signs[0].merged.empty());
  auto next = accept(105, 8);
  CAF_REQUIRE_EQUAL(next.size(), 1u);
  CAF_CHECK_EQUAL(next[0].merged, (std::vector<uint64_t>{3}));
}

CAF_TEST(a refused merged batch hands all its nonces to the next) {
  seq.on_request(cancels(1, 8), 1);
  seq.on_request(cancels(2, 8), 1);
  accept(100, 5);
  seq.on_request(cancels(3, 8), 1);
  auto c =
      of(seq.on_verdict(4, 105, 16, nonce_fate::not_consumed, 2), kind::sign);
  CAF_REQUIRE_EQUAL(c.size(), 1u);
  CAF_CHECK_EQUAL(c[0].first_nonce, 105);
}

CAF_TEST(without a merge limit every request is a batch of its own) {
  sign_sequencer s;
  s.add_key(4);
  s.on_nonce(4, 100, 0);
  s.on_request(cancels(9, 5), 0);
  s.on_request(cancels(1, 8), 1);
  s.on_request(cancels(2, 8), 1);
  auto signs = of(s.on_verdict(4, 100, 5, nonce_fate::consumed, 1), kind::sign);
  CAF_REQUIRE_EQUAL(signs.size(), 1u);
  CAF_CHECK(signs[0].merged.empty());
}

CAF_TEST_FIXTURE_SCOPE_END()
