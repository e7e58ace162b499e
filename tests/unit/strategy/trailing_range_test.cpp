#define CAF_SUITE trailing_range
#include "caf/test/unit_test.hpp"

#include "strategy/trailing_range.hpp"

using namespace trailgrid::strategy;

namespace {

// Outer levels 9800 / 10200, step 100, one step of slack: outside means
// below 9700 or above 10300.
trailing_range armed_range() {
  trailing_params p;
  p.dwell_ms = 30'000;
  p.trigger_levels = 1;
  trailing_range r{p};
  r.arm(price_ticks{9'800}, price_ticks{10'200}, price_ticks{100});
  return r;
}

int64_t price_or_zero(std::optional<price_ticks> p) {
  return p ? p->value : 0;
}

} // namespace

CAF_TEST(the thresholds are the outer levels widened by trigger levels) {
  auto r = armed_range();
  CAF_CHECK_EQUAL(r.low().value, 9'700);
  CAF_CHECK_EQUAL(r.high().value, 10'300);
}

CAF_TEST(the grid shifts after the price dwells outside and not before) {
  auto r = armed_range();
  CAF_CHECK(!r.observe(price_ticks{10'300}, 0)); // at the threshold: inside
  CAF_CHECK(!r.deadline());
  CAF_CHECK(!r.observe(price_ticks{10'301}, 1'000));
  CAF_CHECK_EQUAL(r.deadline().value_or(-1), 31'000);
  CAF_CHECK(!r.observe(price_ticks{10'350}, 30'999));
  auto shift = r.observe(price_ticks{10'360}, 31'000);
  CAF_REQUIRE(shift.has_value());
  CAF_CHECK_EQUAL(shift->value, 10'360);
  CAF_CHECK(!r.armed());
  CAF_CHECK(!r.observe(price_ticks{10'400}, 90'000)); // disarmed
}

CAF_TEST(a timer triggers the shift on the last observed price) {
  auto r = armed_range();
  CAF_CHECK(!r.observe(price_ticks{9'650}, 5'000));
  CAF_CHECK(!r.check(34'999));
  CAF_CHECK_EQUAL(price_or_zero(r.check(35'000)), 9'650);
}

CAF_TEST(coming back inside restarts the dwell clock) {
  auto r = armed_range();
  CAF_CHECK(!r.observe(price_ticks{10'400}, 0));
  CAF_CHECK(!r.observe(price_ticks{10'000}, 10'000));
  CAF_CHECK(!r.deadline());
  CAF_CHECK(!r.observe(price_ticks{10'400}, 20'000));
  CAF_CHECK(!r.check(49'999));
  CAF_CHECK(r.check(50'000).has_value());
}

CAF_TEST(jumping to the other side restarts the dwell clock) {
  auto r = armed_range();
  CAF_CHECK(!r.observe(price_ticks{10'400}, 0));
  CAF_CHECK(!r.observe(price_ticks{9'600}, 10'000));
  CAF_CHECK(!r.check(39'999));
  CAF_CHECK_EQUAL(price_or_zero(r.check(40'000)), 9'600);
}

CAF_TEST(re arming forgets an earlier excursion) {
  auto r = armed_range();
  CAF_CHECK(!r.observe(price_ticks{10'400}, 0));
  r.arm(price_ticks{10'200}, price_ticks{10'600}, price_ticks{100});
  CAF_CHECK(!r.check(40'000));
  CAF_CHECK(!r.observe(price_ticks{10'400}, 40'000));
}

CAF_TEST(a disabled trailing range never arms) {
  trailing_params p;
  p.enabled = false;
  trailing_range r{p};
  r.arm(price_ticks{9'800}, price_ticks{10'200}, price_ticks{100});
  CAF_CHECK(!r.armed());
  CAF_CHECK(!r.observe(price_ticks{20'000}, 0));
  CAF_CHECK(!r.check(1'000'000));
}
