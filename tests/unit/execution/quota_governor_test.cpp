#define CAF_SUITE quota_governor
#include "caf/test/unit_test.hpp"

#include "execution/quota_governor.hpp"

using namespace trailgrid::execution;
using trailgrid::lighter::account_tier;

namespace {

quota_rules per_tx(int64_t capacity, int64_t per_minute) {
  quota_rules r;
  r.unit = quota_unit::tx;
  r.capacity = capacity;
  r.refill_per_minute = per_minute;
  return r;
}

batch_shape reset_of(int cancels, int creates) {
  batch_shape s;
  s.cancels = cancels;
  s.creates = creates;
  return s;
}

} // namespace

CAF_TEST(the standard tier counts a whole batch as one request) {
  quota_governor g{rules_for(account_tier::standard)};
  CAF_CHECK(g.rules().unit == quota_unit::request);
  CAF_CHECK_EQUAL(g.cost_of(reset_of(20, 20)), 1);
  CAF_CHECK_EQUAL(g.cost_of(reset_of(1, 0)), 1);
  CAF_CHECK_EQUAL(g.cost_of(batch_shape{}), 0);
  CAF_CHECK_EQUAL(g.max_cost(), 60);
}

CAF_TEST(the premium tier counts txs and leaves single cancels free) {
  quota_governor g{rules_for(account_tier::premium)};
  CAF_CHECK(g.rules().unit == quota_unit::tx);
  CAF_CHECK_EQUAL(g.cost_of(reset_of(20, 20)), 20);
  CAF_CHECK_EQUAL(g.cost_of(reset_of(3, 0)), 0);
  batch_shape s;
  s.cancel_alls = 1;
  s.creates = 10;
  s.modifies = 2;
  s.others = 1;
  CAF_CHECK_EQUAL(g.cost_of(s), 14);
}

CAF_TEST(the shape of a request comes from its tx type ids) {
  const int types[] = {15, 15, 14, 14, 14, 16, 17, 8};
  auto s = shape_of_types(types, 8);
  CAF_CHECK_EQUAL(s.cancels, 2);
  CAF_CHECK_EQUAL(s.creates, 3);
  CAF_CHECK_EQUAL(s.cancel_alls, 1);
  CAF_CHECK_EQUAL(s.modifies, 1);
  CAF_CHECK_EQUAL(s.others, 1);
  CAF_CHECK_EQUAL(s.txs(), 8);
}

CAF_TEST(a full bucket serves a burst then refills continuously) {
  quota_governor g{rules_for(account_tier::standard)};
  const int64_t t = 5'000'000;
  CAF_CHECK_EQUAL(g.remaining(t), 60);
  for (int i = 0; i < 60; ++i)
    CAF_REQUIRE(g.try_take(1, t));
  CAF_CHECK(!g.try_take(1, t));
  CAF_CHECK_EQUAL(g.remaining(t), 0);
  CAF_CHECK_EQUAL(g.wait_ms(1, t).value_or(-1), 1000);
  CAF_CHECK_EQUAL(g.wait_ms(2, t + 500).value_or(-1), 1500);
  CAF_CHECK(!g.try_take(1, t + 999));
  CAF_CHECK(g.try_take(1, t + 1000));
  CAF_CHECK_EQUAL(g.remaining(t + 31'000), 30);
  CAF_CHECK_EQUAL(g.remaining(t + 1'000'000'000), 60);
}

CAF_TEST(a cost above the capacity never fits) {
  quota_governor g{per_tx(40, 40)};
  CAF_CHECK(!g.wait_ms(41, 0));
  CAF_CHECK(!g.try_take(41, 0));
  CAF_CHECK_EQUAL(g.remaining(0), 40);
  CAF_CHECK(g.try_take(40, 0));
  CAF_CHECK_EQUAL(g.wait_ms(40, 0).value_or(-1), 60'000);
}

CAF_TEST(a zero cost always fits and takes nothing) {
  quota_governor g{per_tx(2, 2)};
  CAF_CHECK(g.try_take(2, 0));
  CAF_CHECK(g.try_take(0, 0));
  CAF_CHECK_EQUAL(g.wait_ms(0, 0).value_or(-1), 0);
  CAF_CHECK_EQUAL(g.remaining(0), 0);
}

CAF_TEST(a refund gives back budget but never above the capacity) {
  quota_governor g{per_tx(10, 60)};
  CAF_CHECK(g.try_take(8, 0));
  g.refund(5);
  CAF_CHECK_EQUAL(g.remaining(0), 7);
  g.refund(100);
  CAF_CHECK_EQUAL(g.remaining(0), 10);
  CAF_CHECK(!g.try_take(11, 0));
}

CAF_TEST(an exchange refusal empties the bucket) {
  quota_governor g{per_tx(100, 600)};
  CAF_CHECK(g.try_take(10, 1'000));
  g.on_exchange_refusal(2'000);
  CAF_CHECK_EQUAL(g.remaining(2'000), 0);
  CAF_CHECK(!g.try_take(1, 2'000));
  // 600 a minute: one unit every 100 ms from the refusal on.
  CAF_CHECK_EQUAL(g.wait_ms(1, 2'000).value_or(-1), 100);
  CAF_CHECK_EQUAL(g.remaining(2'550), 5);
}

CAF_TEST(time going backwards counts as no time passing) {
  quota_governor g{rules_for(account_tier::standard)};
  for (int i = 0; i < 60; ++i)
    CAF_REQUIRE(g.try_take(1, 10'000));
  CAF_CHECK_EQUAL(g.remaining(5'000), 0);
  CAF_CHECK(!g.try_take(1, 9'000));
  // From 9,000 the wait covers the step back too.
  CAF_CHECK_EQUAL(g.wait_ms(1, 9'000).value_or(-1), 2'000);
  CAF_CHECK(g.try_take(1, 11'000));
}

CAF_TEST(the free unit serves one request every interval on an empty bucket) {
  quota_rules r = per_tx(5, 1); // one unit a minute: the free unit dominates
  r.free_every_ms = 15'000;
  quota_governor g{r};
  CAF_CHECK_EQUAL(g.remaining(0), 6);
  CAF_CHECK(g.try_take(5, 0));
  CAF_CHECK_EQUAL(g.remaining(0), 1);
  CAF_CHECK(g.try_take(1, 0)); // the free one
  CAF_CHECK(!g.try_take(1, 0));
  CAF_CHECK_EQUAL(g.wait_ms(1, 0).value_or(-1), 15'000);
  CAF_CHECK(!g.try_take(1, 14'999));
  CAF_CHECK(g.try_take(1, 15'000));
  CAF_CHECK_EQUAL(g.wait_ms(1, 15'000).value_or(-1), 15'000);
  // A cost of 2 needs one bucket unit (at 60 s) plus the free one (at 30 s).
  CAF_CHECK_EQUAL(g.wait_ms(2, 15'000).value_or(-1), 45'000);
  CAF_CHECK(g.try_take(2, 60'000));
}

CAF_TEST(a refusal also spends the free unit) {
  quota_rules r = per_tx(5, 60);
  r.free_every_ms = 15'000;
  quota_governor g{r};
  g.on_exchange_refusal(1'000);
  CAF_CHECK_EQUAL(g.remaining(1'000), 0);
  CAF_CHECK_EQUAL(g.wait_ms(1, 1'000).value_or(-1), 1'000);
  CAF_CHECK_EQUAL(g.remaining(16'000), 5 + 1);
}

CAF_TEST(lifted rules never bind at scale) {
  quota_governor g{lifted_rules()};
  for (int i = 0; i < 100'000; ++i)
    CAF_REQUIRE(g.try_take(1, i / 100));
}

CAF_TEST(the arrival reserve holds one second of refill back from the burst) {
  auto standard = with_arrival_reserve(rules_for(account_tier::standard));
  CAF_CHECK_EQUAL(standard.capacity, 59);
  CAF_CHECK_EQUAL(standard.refill_per_minute, 60); // the same rate
  quota_rules premium;
  premium.unit = quota_unit::tx;
  premium.capacity = 4'000;
  premium.refill_per_minute = 4'000;
  CAF_CHECK_EQUAL(with_arrival_reserve(premium).capacity, 3'934);
  // Never below the largest batch: it must still fit.
  premium.capacity = 55;
  premium.refill_per_minute = 3'000;
  CAF_CHECK_EQUAL(with_arrival_reserve(premium).capacity, 50);
  quota_rules one;
  one.capacity = 1;
  one.refill_per_minute = 1;
  CAF_CHECK_EQUAL(with_arrival_reserve(one).capacity, 1);
}
