#define CAF_SUITE path_model
#include "caf/test/unit_test.hpp"

#include "backtest/path_model.hpp"

#include "test_util.hpp"

using namespace trailgrid;
using namespace trailgrid::backtest;
using trailgrid::test::candle;

CAF_TEST(the nearer extreme comes first) {
  // Open 100 is 2 from the high and 10 from the low.
  auto p = candle_path(candle(60'000, 100, 102, 90, 95), 60'000);
  CAF_CHECK_EQUAL(p[0].ts, 60'000);
  CAF_CHECK_EQUAL(p[0].price.value, 100);
  CAF_CHECK_EQUAL(p[1].ts, 80'000);
  CAF_CHECK_EQUAL(p[1].price.value, 102);
  CAF_CHECK_EQUAL(p[2].ts, 100'000);
  CAF_CHECK_EQUAL(p[2].price.value, 90);
  CAF_CHECK_EQUAL(p[3].ts, 119'999);
  CAF_CHECK_EQUAL(p[3].price.value, 95);
  auto q = candle_path(candle(0, 100, 110, 99, 105), 60'000);
  CAF_CHECK_EQUAL(q[1].price.value, 99);
  CAF_CHECK_EQUAL(q[2].price.value, 110);
}

CAF_TEST(a tie ends the path moving toward the close) {
  // Open midway; a close near the high visits the low first (O-L-H-C).
  auto up = candle_path(candle(0, 100, 110, 90, 108), 60'000);
  CAF_CHECK_EQUAL(up[1].price.value, 90);
  CAF_CHECK_EQUAL(up[2].price.value, 110);
  auto down = candle_path(candle(0, 100, 110, 90, 92), 60'000);
  CAF_CHECK_EQUAL(down[1].price.value, 110);
  CAF_CHECK_EQUAL(down[2].price.value, 90);
  // A flat candle: every point is the same price, times still increase.
  auto flat = candle_path(candle(0, 100, 100, 100, 100), 1'000);
  CAF_CHECK_EQUAL(flat[1].ts, 333);
  CAF_CHECK_EQUAL(flat[2].ts, 666);
  CAF_CHECK_EQUAL(flat[3].ts, 999);
  CAF_CHECK_EQUAL(flat[3].price.value, 100);
}

CAF_TEST(the path stays inside the bar on every real candle) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  for (const auto& c : t.candles) {
    auto p = candle_path(c, t.interval_ms);
    CAF_CHECK_EQUAL(p[0].price, c.open);
    CAF_CHECK_EQUAL(p[3].price, c.close);
    bool extremes = (p[1].price == c.high && p[2].price == c.low) ||
                    (p[1].price == c.low && p[2].price == c.high);
    CAF_CHECK(extremes);
  }
}
