#define CAF_SUITE latency_stats
#include "caf/test/unit_test.hpp"

#include "actors/latency_stats.hpp"

#include <cstdint>

using namespace trailgrid::actors;

CAF_TEST(latency stats give nearest rank quantiles of recent samples) {
  latency_stats s{100};
  CAF_CHECK_EQUAL(s.median(), 0);
  for (int64_t i = 1; i <= 100; ++i)
    s.add(i * 1000);
  CAF_CHECK_EQUAL(s.median(), 50'000);
  CAF_CHECK_EQUAL(s.p99(), 99'000);
  CAF_CHECK_EQUAL(s.quantile(1.0), 100'000);
  CAF_CHECK_EQUAL(s.quantile(0.0), 1'000);
  CAF_CHECK_EQUAL(s.last(), 100'000);
  s.add(-5); // dropped
  CAF_CHECK_EQUAL(s.total(), 100u);
  // 100 more large samples push every old one out.
  for (int64_t i = 0; i < 100; ++i)
    s.add(7'000'000);
  CAF_CHECK_EQUAL(s.size(), 100u);
  CAF_CHECK_EQUAL(s.median(), 7'000'000);
  CAF_CHECK_EQUAL(s.total(), 200u);
}
