#define CAF_SUITE drain_wait
#include "caf/test/unit_test.hpp"

#include "runtime/drain_wait.hpp"

using namespace trailgrid::runtime;

namespace {

drain_wait::config patience() {
  drain_wait::config c;
  c.quiet_ms = 5'000;
  c.bound_ms = 60'000;
  return c;
}

} // namespace

CAF_TEST(the wait ends when no order is live) {
  drain_wait w{patience(), 0};
  CAF_CHECK(w.keep_waiting(40, 200));
  CAF_CHECK(!w.keep_waiting(0, 400));
  CAF_CHECK_EQUAL(w.live().value_or(-1), 0);
}

CAF_TEST(a count that keeps falling is waited for past the quiet time) {
  drain_wait w{patience(), 0};
  // One cancel batch a second, as a tight quota allows: 25 s in all.
  for (int64_t s = 1; s < 25; ++s)
    CAF_CHECK(w.keep_waiting(25 - s, s * 1'000));
  CAF_CHECK(!w.keep_waiting(0, 25'000));
}

CAF_TEST(a count that stops falling ends the wait after the quiet time) {
  drain_wait w{patience(), 0};
  CAF_CHECK(w.keep_waiting(10, 1'000));
  CAF_CHECK(w.keep_waiting(10, 5'900));
  CAF_CHECK(!w.keep_waiting(10, 6'000));
  CAF_CHECK_EQUAL(w.live().value_or(-1), 10);
}

CAF_TEST(executors that do not answer count as no fall) {
  drain_wait w{patience(), 0};
  CAF_CHECK(w.keep_waiting(std::nullopt, 4'000));
  CAF_CHECK(!w.keep_waiting(std::nullopt, 5'000));
  CAF_CHECK(!w.live());
}

CAF_TEST(the bound ends even a falling count) {
  drain_wait w{patience(), 0};
  int64_t live = 1'000;
  int64_t now = 0;
  while (w.keep_waiting(--live, now += 1'000)) {
  }
  CAF_CHECK_EQUAL(now, 60'000);
}
