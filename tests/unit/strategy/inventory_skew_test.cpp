#define CAF_SUITE inventory_skew
#include "caf/test/unit_test.hpp"

#include "strategy/inventory_skew.hpp"

using namespace trailgrid::strategy;

namespace {

inventory_skew default_skew() {
  return inventory_skew{skew_params{}, qty_lots{1'000}};
}

} // namespace

CAF_TEST(a flat position leaves sizes unchanged) {
  auto s = default_skew().sizes(qty_lots{100}, qty_lots{0});
  CAF_CHECK_EQUAL(s.bid.value, 100);
  CAF_CHECK_EQUAL(s.ask.value, 100);
  CAF_CHECK_EQUAL(s.skew, 0);
}

CAF_TEST(a long position grows asks and shrinks bids) {
  auto s = default_skew().sizes(qty_lots{100}, qty_lots{500});
  CAF_CHECK_EQUAL(s.skew, 250'000);
  CAF_CHECK_EQUAL(s.ask.value, 125);
  CAF_CHECK_EQUAL(s.bid.value, 75);
}

CAF_TEST(a short position grows bids and shrinks asks) {
  auto s = default_skew().sizes(qty_lots{100}, qty_lots{-500});
  CAF_CHECK_EQUAL(s.skew, -250'000);
  CAF_CHECK_EQUAL(s.bid.value, 125);
  CAF_CHECK_EQUAL(s.ask.value, 75);
}

CAF_TEST(size skew is clamped to plus or minus fifty percent) {
  auto s = default_skew();
  CAF_CHECK_EQUAL(s.size_skew(qty_lots{1'000}), 500'000);
  CAF_CHECK_EQUAL(s.size_skew(qty_lots{3'000}), 500'000);
  CAF_CHECK_EQUAL(s.size_skew(qty_lots{-3'000}), -500'000);
  auto big = s.sizes(qty_lots{100}, qty_lots{3'000});
  CAF_CHECK_EQUAL(big.ask.value, 150);
  CAF_CHECK_EQUAL(big.bid.value, 50);
  skew_params steep;
  steep.size_skew_per_inventory = 2'000'000;
  inventory_skew t{steep, qty_lots{1'000}};
  CAF_CHECK_EQUAL(t.size_skew(qty_lots{200}), 400'000);
  CAF_CHECK_EQUAL(t.size_skew(qty_lots{300}), 500'000);
}

CAF_TEST(skewed sizes round down) {
  // 7 x 1.25 = 8.75 -> 8; 7 x 0.75 = 5.25 -> 5.
  auto s = default_skew().sizes(qty_lots{7}, qty_lots{500});
  CAF_CHECK_EQUAL(s.ask.value, 8);
  CAF_CHECK_EQUAL(s.bid.value, 5);
}

CAF_TEST(skew is off without a max position or when disabled) {
  inventory_skew none{skew_params{}, qty_lots{0}};
  CAF_CHECK_EQUAL(none.size_skew(qty_lots{500}), 0);
  skew_params off;
  off.enabled = false;
  off.price_skew_spacings = 1'000'000;
  inventory_skew disabled{off, qty_lots{1'000}};
  CAF_CHECK_EQUAL(disabled.size_skew(qty_lots{500}), 0);
  CAF_CHECK_EQUAL(
      disabled.centre_shift(price_ticks{100'000}, 2'000, qty_lots{500}).value,
      0);
}

CAF_TEST(the centre moves against the position by a share of a spacing) {
  skew_params p;
  p.price_skew_spacings = 1'000'000; // one spacing at full max_position
  inventory_skew s{p, qty_lots{1'000}};
  const price_ticks c{100'000};
  CAF_CHECK_EQUAL(s.centre_shift(c, 2'000, qty_lots{0}).value, 0);
  CAF_CHECK_EQUAL(s.centre_shift(c, 2'000, qty_lots{1'000}).value, -200);
  CAF_CHECK_EQUAL(s.centre_shift(c, 2'000, qty_lots{500}).value, -100);
  CAF_CHECK_EQUAL(s.centre_shift(c, 2'000, qty_lots{-2'000}).value, 200);
  CAF_CHECK_EQUAL(s.centre_shift(c, 2'000, qty_lots{333}).value, -66);
  CAF_CHECK_EQUAL(s.centre_shift(c, 2'000, qty_lots{-333}).value, 66);
}

CAF_TEST(no price skew by default) {
  CAF_CHECK_EQUAL(
      default_skew()
          .centre_shift(price_ticks{100'000}, 2'000, qty_lots{1'000})
          .value,
      0);
}
