#define CAF_SUITE bar_builder
#include "caf/test/unit_test.hpp"

#include "strategy/bar_builder.hpp"

using namespace trailgrid::strategy;

CAF_TEST(bars start on multiples of the interval) {
  bar_builder uut{60'000};
  CAF_CHECK_EQUAL(uut.bar_start(0), 0);
  CAF_CHECK_EQUAL(uut.bar_start(59'999), 0);
  CAF_CHECK_EQUAL(uut.bar_start(60'000), 60'000);
  CAF_CHECK_EQUAL(uut.bar_start(-1), -60'000);
  CAF_CHECK(!uut.add(61'500, 100.0));
  CAF_REQUIRE(uut.current());
  CAF_CHECK_EQUAL(uut.current()->start_ms, 60'000);
}

CAF_TEST(a price at the interval boundary closes the bar and opens the next) {
  bar_builder uut{1'000};
  CAF_CHECK(!uut.add(5'000, 10));
  CAF_CHECK(!uut.add(5'400, 12));
  CAF_CHECK(!uut.add(5'700, 9));
  CAF_CHECK(!uut.add(5'999, 11));
  auto done = uut.add(6'000, 13);
  CAF_REQUIRE(done);
  CAF_CHECK_EQUAL(done->start_ms, 5'000);
  CAF_CHECK(done->open == 10.0);
  CAF_CHECK(done->high == 12.0);
  CAF_CHECK(done->low == 9.0);
  CAF_CHECK(done->close == 11.0);
  CAF_CHECK_EQUAL(uut.current()->start_ms, 6'000);
  CAF_CHECK(uut.current()->open == 13.0);
}

CAF_TEST(empty intervals produce no bar) {
  bar_builder uut{1'000};
  uut.add(1'000, 10);
  auto done = uut.add(4'500, 20); // 2000 and 3000 had no price
  CAF_REQUIRE(done);
  CAF_CHECK_EQUAL(done->start_ms, 1'000);
  CAF_CHECK_EQUAL(uut.current()->start_ms, 4'000);
  CAF_CHECK(uut.current()->open == 20.0);
}

CAF_TEST(close until emits the bar only once its interval has ended) {
  bar_builder uut{60'000};
  CAF_CHECK(!uut.close_until(1'000'000)); // nothing open
  uut.add(60'000, 5);
  CAF_CHECK(!uut.close_until(119'999));
  auto done = uut.close_until(120'000);
  CAF_REQUIRE(done);
  CAF_CHECK(done->close == 5.0);
  CAF_CHECK(!uut.current());
  CAF_CHECK(!uut.close_until(500'000));
}

CAF_TEST(late prices for a finished interval are ignored) {
  bar_builder uut{1'000};
  uut.add(2'000, 10);
  CAF_CHECK(!uut.add(1'999, 99));
  CAF_CHECK(uut.current()->high == 10.0);
  CAF_CHECK(uut.current()->close == 10.0);
}

CAF_TEST(shorter bars aggregate into longer ones) {
  bar_builder uut{300'000}; // 5-minute bars from 1-minute candles
  for (int i = 0; i < 5; ++i) {
    double base = 100 + i;
    auto done =
        uut.add_bar(ohlc_bar{i * 60'000, base, base + 2, base - 1, base + 1});
    CAF_CHECK(!done);
  }
  auto done = uut.add_bar(ohlc_bar{300'000, 1, 1, 1, 1});
  CAF_REQUIRE(done);
  CAF_CHECK_EQUAL(done->start_ms, 0);
  CAF_CHECK(done->open == 100.0);
  CAF_CHECK(done->high == 106.0);
  CAF_CHECK(done->low == 99.0);
  CAF_CHECK(done->close == 105.0);
}

CAF_TEST(one second and one hour intervals are supported) {
  bar_builder sec{bar_builder::min_interval_ms};
  bar_builder hour{bar_builder::max_interval_ms};
  sec.add(1'500, 1);
  hour.add(3'599'999, 1);
  CAF_CHECK(sec.add(2'000, 2));
  CAF_CHECK(!hour.add(3'000'000, 2));
  CAF_CHECK(hour.add(3'600'000, 3));
}
