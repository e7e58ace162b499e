#define CAF_SUITE exposure
#include "caf/test/unit_test.hpp"

#include "multi_market/exposure.hpp"

#include <limits>

using namespace trailgrid::multi_market;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

CAF_TEST(notional is absolute position times mark in micro units) {
  // BTC: 1 price decimal, 5 size decimals: 0.5 BTC at 60,000.0 = 30,000 USDC.
  CAF_CHECK_EQUAL(notional_micro(qty_lots{50'000}, price_ticks{600'000}, 1, 5),
                  30'000'000'000);
  CAF_CHECK_EQUAL(notional_micro(qty_lots{-50'000}, price_ticks{600'000}, 1, 5),
                  30'000'000'000);
  // ETH: 2 price decimals, 4 size decimals (exactly 6: no scaling).
  CAF_CHECK_EQUAL(notional_micro(qty_lots{12'345}, price_ticks{300'012}, 2, 4),
                  3'703'648'140);
}

CAF_TEST(notional rounds up when the market has more than six decimals) {
  // 4 + 4 decimals: 1 lot (0.0001) x 1.0001 = 0.00010001 -> 0.000101.
  CAF_CHECK_EQUAL(notional_micro(qty_lots{1}, price_ticks{10'001}, 4, 4), 101);
  CAF_CHECK_EQUAL(notional_micro(qty_lots{100}, price_ticks{10'000}, 4, 4),
                  10'000);
}

CAF_TEST(notional of a flat market or an unknown mark is zero) {
  CAF_CHECK_EQUAL(notional_micro(qty_lots{0}, price_ticks{600'000}, 1, 5), 0);
  CAF_CHECK_EQUAL(notional_micro(qty_lots{10}, price_ticks{0}, 1, 5), 0);
}

CAF_TEST(a position without a price is valued at the last mark or unknown) {
  const price_ticks none{0};
  CAF_CHECK(exposure_micro(qty_lots{50'000}, price_ticks{600'000}, none, 1,
                           5) == int64_t{30'000'000'000});
  // The feed lost its price: the last mark it reported values the position.
  CAF_CHECK(exposure_micro(qty_lots{50'000}, none, price_ticks{500'000}, 1,
                           5) == int64_t{25'000'000'000});
  // Never a price: a held position is not zero, it is unknown.
  CAF_CHECK(!exposure_micro(qty_lots{50'000}, none, none, 1, 5));
  CAF_CHECK(exposure_micro(qty_lots{0}, none, none, 1, 5) == int64_t{0});
}

CAF_TEST(notional saturates instead of overflowing) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t got = notional_micro(qty_lots{max}, price_ticks{max}, 0, 0);
  CAF_CHECK_EQUAL(got, max);
}

CAF_TEST(the cap engages above the cap and releases at 95 percent) {
  exposure_cap cap{1'000'000};
  CAF_CHECK_EQUAL(cap.release_at(), 950'000);
  auto d = cap.update(1'000'000); // at the cap: not above it
  CAF_CHECK(!d.engaged);
  CAF_CHECK(!d.changed);
  d = cap.update(1'000'001);
  CAF_CHECK(d.engaged);
  CAF_CHECK(d.changed);
  d = cap.update(960'000); // between release and cap: stays engaged
  CAF_CHECK(d.engaged);
  CAF_CHECK(!d.changed);
  d = cap.update(950'000);
  CAF_CHECK(!d.engaged);
  CAF_CHECK(d.changed);
  d = cap.update(990'000); // below the cap again: stays released
  CAF_CHECK(!d.engaged);
  CAF_CHECK(!d.changed);
}

CAF_TEST(a cap of zero never engages) {
  exposure_cap cap{0};
  CAF_CHECK(!cap.update(std::numeric_limits<int64_t>::max()).engaged);
}
