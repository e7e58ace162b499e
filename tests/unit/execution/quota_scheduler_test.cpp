#define CAF_SUITE quota_scheduler
#include "caf/test/unit_test.hpp"

#include "execution/quota_scheduler.hpp"

#include <vector>

using namespace trailgrid::execution;

namespace {

quota_rules per_tx(int64_t capacity, int64_t per_minute) {
  quota_rules r;
  r.unit = quota_unit::tx;
  r.capacity = capacity;
  r.refill_per_minute = per_minute;
  return r;
}

std::vector<int> markets_of(const std::vector<quota_grant>& grants) {
  std::vector<int> out;
  for (const auto& g : grants)
    out.push_back(g.market);
  return out;
}

} // namespace

CAF_TEST(markets take turns and each keeps its own order) {
  quota_governor gov{per_tx(100, 60)};
  quota_scheduler s;
  auto a1 = s.enqueue(1, 1, false, 0);
  auto a2 = s.enqueue(1, 1, false, 0);
  auto b1 = s.enqueue(2, 1, false, 0);
  auto c1 = s.enqueue(3, 1, false, 0);
  auto grants = s.dispatch(gov, 0);
  CAF_REQUIRE_EQUAL(grants.size(), 4u);
  CAF_CHECK_EQUAL(markets_of(grants), (std::vector<int>{1, 2, 3, 1}));
  CAF_CHECK_EQUAL(grants[0].ticket, a1);
  CAF_CHECK_EQUAL(grants[1].ticket, b1);
  CAF_CHECK_EQUAL(grants[2].ticket, c1);
  CAF_CHECK_EQUAL(grants[3].ticket, a2);
  CAF_CHECK_EQUAL(s.waiting(), 0u);
  CAF_CHECK_EQUAL(gov.remaining(0), 96);
}

CAF_TEST(a market with an unanswered fill goes first) {
  quota_governor gov{per_tx(2, 60)};
  quota_scheduler s;
  s.enqueue(1, 1, false, 0);
  s.enqueue(2, 1, false, 0);
  s.enqueue(3, 1, true, 0);
  auto grants = s.dispatch(gov, 0);
  CAF_CHECK_EQUAL(markets_of(grants), (std::vector<int>{3, 1}));
  CAF_CHECK_EQUAL(s.waiting(2), 1u);
}

CAF_TEST(an urgent request lifts the earlier requests of its market too) {
  quota_governor gov{per_tx(10, 60)};
  quota_scheduler s;
  s.enqueue(1, 1, false, 0);
  auto quote = s.enqueue(2, 1, false, 0);
  auto reset = s.enqueue(2, 1, true, 0);
  auto grants = s.dispatch(gov, 0);
  CAF_REQUIRE_EQUAL(grants.size(), 3u);
  CAF_CHECK_EQUAL(grants[0].ticket, quote);
  CAF_CHECK_EQUAL(grants[1].ticket, reset);
  CAF_CHECK_EQUAL(grants[2].market, 1);
}

CAF_TEST(the chosen request waits for its whole cost and nothing overtakes) {
  quota_governor gov{per_tx(40, 60)}; // one unit a second
  quota_scheduler s;
  CAF_CHECK(gov.try_take(35, 0));
  s.enqueue(1, 10, true, 0);
  s.enqueue(2, 1, false, 0);
  CAF_CHECK(s.dispatch(gov, 0).empty());
  CAF_CHECK_EQUAL(s.next_wait_ms(gov, 0).value_or(-1), 5'000);
  CAF_CHECK(s.dispatch(gov, 4'999).empty());
  auto grants = s.dispatch(gov, 5'000);
  CAF_CHECK_EQUAL(markets_of(grants), (std::vector<int>{1}));
  CAF_CHECK_EQUAL(s.next_wait_ms(gov, 5'000).value_or(-1), 1'000);
  CAF_CHECK_EQUAL(markets_of(s.dispatch(gov, 6'000)), (std::vector<int>{2}));
  CAF_CHECK(!s.next_wait_ms(gov, 6'000));
}

CAF_TEST(an old request competes with urgent ones and is not starved) {
  quota_governor gov{per_tx(1, 60)}; // one grant a second
  quota_scheduler_options opts;
  opts.aging_ms = 2'500;
  quota_scheduler s{opts};
  s.enqueue(9, 1, false, 0);
  // Markets 1 and 2 always have a fill waiting.
  std::vector<int> served;
  for (int64_t t = 0; t <= 6'000; t += 1'000) {
    s.enqueue(1, 1, true, t);
    s.enqueue(2, 1, true, t);
    for (const auto& g : s.dispatch(gov, t))
      served.push_back(g.market);
  }
  // Before 2.5 s market 9 waits; once aged (at 3 s) it joins the turns
  // of the urgent markets and is served within one round.
  CAF_CHECK_EQUAL(served, (std::vector<int>{1, 2, 1, 2, 9, 1, 2}));
}

CAF_TEST(a request that can never fit is reported and does not block others) {
  quota_governor gov{per_tx(10, 60)};
  quota_scheduler s;
  auto big = s.enqueue(1, 11, true, 0);
  s.enqueue(2, 3, false, 0);
  auto grants = s.dispatch(gov, 0);
  CAF_REQUIRE_EQUAL(grants.size(), 2u);
  CAF_CHECK_EQUAL(grants[0].ticket, big);
  CAF_CHECK(!grants[0].fits);
  CAF_CHECK(grants[1].fits);
  CAF_CHECK_EQUAL(grants[1].market, 2);
  CAF_CHECK_EQUAL(gov.remaining(0), 7);
}

CAF_TEST(a cancelled request leaves the queue) {
  quota_governor gov{per_tx(1, 60)};
  quota_scheduler s;
  auto a = s.enqueue(1, 1, true, 0);
  auto b = s.enqueue(2, 1, false, 0);
  CAF_CHECK(s.cancel(a));
  CAF_CHECK(!s.cancel(a));
  CAF_CHECK_EQUAL(s.waiting(), 1u);
  auto grants = s.dispatch(gov, 0);
  CAF_REQUIRE_EQUAL(grants.size(), 1u);
  CAF_CHECK_EQUAL(grants[0].ticket, b);
  CAF_CHECK(!s.cancel(b));
}

CAF_TEST(the same calls give the same grants) {
  auto run = [] {
    quota_governor gov{per_tx(5, 120)};
    quota_scheduler s;
    std::vector<uint64_t> order;
    for (int64_t t = 0; t < 20'000; t += 250) {
      s.enqueue(static_cast<int>(t / 250 % 7), 1 + t / 250 % 3,
                t / 250 % 5 == 0, t);
      for (const auto& g : s.dispatch(gov, t))
        order.push_back(g.ticket);
    }
    return order;
  };
  auto first = run();
  CAF_CHECK(!first.empty());
  CAF_CHECK_EQUAL(first, run());
}
