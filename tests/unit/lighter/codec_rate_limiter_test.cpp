#define CAF_SUITE codec_rate_limiter
#include "caf/test/unit_test.hpp"

#include "lighter/codec/rate_limiter.hpp"

using namespace trailgrid::lighter;

CAF_TEST(standard tier allows sixty requests then one per second) {
  rate_limiter r{account_tier::standard};
  CAF_CHECK_EQUAL(r.capacity(), 60);
  int64_t t = 1'000'000;
  for (int i = 0; i < 60; ++i)
    CAF_REQUIRE(r.try_acquire(t, 1));
  CAF_CHECK(!r.may_send(t, 1));
  CAF_CHECK(!r.try_acquire(t, 1));
  CAF_CHECK_EQUAL(r.when(t, 1).value_or(-1), t + 1000);
  CAF_CHECK_EQUAL(r.when(t, 3).value_or(-1), t + 3000);
  CAF_CHECK(!r.may_send(t + 999, 1));
  CAF_CHECK(r.may_send(t + 1000, 1));
  CAF_CHECK(r.try_acquire(t + 1000, 1));
  CAF_CHECK(!r.try_acquire(t + 1000, 1));
  CAF_CHECK_EQUAL(r.available(t + 30'000), 29);
  CAF_CHECK_EQUAL(r.available(t + 61'000), 60);
  CAF_CHECK_EQUAL(r.available(t + 10'000'000), 60);
}

CAF_TEST(premium tier weighs requests by endpoint) {
  CAF_CHECK_EQUAL(rest_weight("/api/v1/sendTx"), 6);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/sendTxBatch"), 6);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/nextNonce?account_index=1"), 6);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/apikeys"), 150);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/recentTrades?market_id=1"), 600);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/trades"), 600);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/accountInactiveOrders"), 100);
  CAF_CHECK_EQUAL(rest_weight("/api/v1/orderBookDetails"), 300);
  CAF_CHECK_EQUAL(request_cost(account_tier::standard, "/api/v1/trades"), 1);
  CAF_CHECK_EQUAL(request_cost(account_tier::premium, "/api/v1/trades"), 600);
  rate_limiter r{account_tier::premium};
  CAF_CHECK_EQUAL(r.capacity(), 24'000);
  int sent = 0;
  while (r.try_acquire(0, 6))
    ++sent;
  CAF_CHECK_EQUAL(sent, 4000);
  // 24,000 per minute refill 0.4 per ms: 6 tokens take 15 ms.
  CAF_CHECK_EQUAL(r.when(0, 6).value_or(-1), 15);
  CAF_CHECK(r.try_acquire(15, 6));
}

CAF_TEST(a 429 empties the bucket) {
  rate_limiter r{account_tier::standard};
  CAF_CHECK(r.try_acquire(0, 1));
  r.on_rate_limited(100);
  CAF_CHECK_EQUAL(r.available(100), 0);
  CAF_CHECK_EQUAL(r.when(100, 1).value_or(-1), 1100);
}

CAF_TEST(a cost beyond capacity is never possible) {
  rate_limiter r{account_tier::standard};
  CAF_CHECK(!r.when(0, 61));
  CAF_CHECK(!r.may_send(0, 61));
  CAF_CHECK(!r.try_acquire(0, 61));
  CAF_CHECK_EQUAL(r.when(0, 60).value_or(-1), 0);
}

CAF_TEST(time going backwards adds nothing) {
  rate_limiter r{10, 1000};
  for (int i = 0; i < 10; ++i)
    CAF_REQUIRE(r.try_acquire(5000, 1));
  CAF_CHECK(!r.try_acquire(4000, 1));
  CAF_CHECK_EQUAL(r.when(4000, 1).value_or(-1), 5100);
  CAF_CHECK(r.try_acquire(5100, 1));
}

CAF_TEST(a rolling window gives each request back one window later) {
  rate_limiter r{account_tier::standard, refill::rolling};
  CAF_CHECK(r.mode() == refill::rolling);
  CAF_CHECK_EQUAL(r.capacity(), 60);
  const int64_t t = 1'000'000;
  for (int i = 0; i < 30; ++i)
    CAF_REQUIRE(r.try_acquire(t, 1));
  for (int i = 0; i < 30; ++i)
    CAF_REQUIRE(r.try_acquire(t + 30'000, 1));
  // Unlike the bucket, nothing comes back before the first take is a full
  // window old.
  CAF_CHECK(!r.may_send(t + 59'999, 1));
  CAF_CHECK_EQUAL(r.available(t + 59'999), 0);
  CAF_CHECK_EQUAL(r.when(t + 30'000, 1).value_or(-1), t + 60'000);
  CAF_CHECK_EQUAL(r.when(t + 30'000, 30).value_or(-1), t + 60'000);
  CAF_CHECK_EQUAL(r.when(t + 30'000, 31).value_or(-1), t + 90'000);
  CAF_CHECK_EQUAL(r.available(t + 60'000), 30);
  CAF_CHECK_EQUAL(r.available(t + 90'000), 60);
  CAF_CHECK(!r.try_acquire(t + 60'000, 31));
  CAF_CHECK(r.try_acquire(t + 60'000, 30));
  CAF_CHECK(!r.try_acquire(t + 60'000, 1));
  CAF_CHECK(!r.when(t, 61));
  CAF_CHECK_EQUAL(r.when(t + 200'000, 60).value_or(-1), t + 200'000);
}

CAF_TEST(a rolling window weighs requests and a 429 spends the window) {
  rate_limiter r{account_tier::premium, refill::rolling};
  int sent = 0;
  while (r.try_acquire(0, 6))
    ++sent;
  CAF_CHECK_EQUAL(sent, 4000);
  CAF_CHECK_EQUAL(r.when(0, 6).value_or(-1), 60'000);
  rate_limiter s{account_tier::standard, refill::rolling};
  CAF_CHECK(s.try_acquire(0, 1));
  s.on_rate_limited(100);
  CAF_CHECK_EQUAL(s.available(100), 0);
  // Our own take returns on time; the rest of the budget a window after the
  // 429.
  CAF_CHECK_EQUAL(s.when(100, 1).value_or(-1), 60'000);
  CAF_CHECK_EQUAL(s.when(100, 2).value_or(-1), 60'100);
  CAF_CHECK_EQUAL(s.available(60'100), 60);
}

CAF_TEST(a rolling window ignores time going backwards) {
  rate_limiter r{10, 1000, refill::rolling};
  for (int i = 0; i < 10; ++i)
    CAF_REQUIRE(r.try_acquire(5000, 1));
  CAF_CHECK(!r.try_acquire(4000, 1));
  CAF_CHECK_EQUAL(r.when(4000, 1).value_or(-1), 6000);
  CAF_CHECK(!r.try_acquire(5999, 1));
  CAF_CHECK(r.try_acquire(6000, 1));
  // A take "in the past" is booked at the limiter's time.
  CAF_CHECK(r.try_acquire(100, 1));
  CAF_CHECK_EQUAL(r.available(6999), 8);
  CAF_CHECK_EQUAL(r.available(7000), 10);
}
