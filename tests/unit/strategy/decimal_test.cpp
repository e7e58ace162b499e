#define CAF_SUITE decimal
#include "caf/test/unit_test.hpp"

#include "strategy/decimal.hpp"

#include <limits>

using namespace trailgrid::strategy;

CAF_TEST(exchange decimal strings parse exactly to scaled integers) {
  CAF_CHECK_EQUAL(parse_scaled("95012.3", 1).value_or(-1), 950123);
  CAF_CHECK_EQUAL(parse_scaled("0.0050", 4).value_or(-1), 50);
  CAF_CHECK_EQUAL(parse_scaled("12", 3).value_or(-1), 12000);
  CAF_CHECK_EQUAL(parse_scaled("-1.5", 2).value_or(0), -150);
  CAF_CHECK_EQUAL(parse_scaled(".5", 1).value_or(-1), 5);
  CAF_CHECK_EQUAL(parse_scaled("3.", 1).value_or(-1), 30);
}

CAF_TEST(trailing zeros beyond the market precision are accepted) {
  CAF_CHECK_EQUAL(parse_scaled("0.500000", 2).value_or(-1), 50);
}

CAF_TEST(nonzero digits beyond the market precision are rejected) {
  CAF_CHECK(!parse_scaled("1.005", 2));
  CAF_CHECK_EQUAL(parse_scaled_truncating("1.005", 2).value_or(-1), 100);
}

CAF_TEST(malformed decimal strings are rejected) {
  for (auto bad :
       {"", "-", ".", "1..2", "1e5", "abc", " 1", "1 ", "0x10", "1,5"})
    CAF_CHECK(!parse_scaled(bad, 2));
}

CAF_TEST(decimal parsing detects int64 overflow) {
  CAF_CHECK(!parse_scaled("92233720368547758.08", 2));
  CAF_CHECK_EQUAL(parse_scaled("92233720368547758.07", 2).value_or(0),
                  std::numeric_limits<int64_t>::max());
  CAF_CHECK_EQUAL(parse_scaled("-92233720368547758.08", 2).value_or(0),
                  std::numeric_limits<int64_t>::min());
}

CAF_TEST(scaled integers format with exactly the market decimals) {
  CAF_CHECK_EQUAL(format_scaled(950123, 1), "95012.3");
  CAF_CHECK_EQUAL(format_scaled(50, 4), "0.0050");
  CAF_CHECK_EQUAL(format_scaled(-5, 2), "-0.05");
  CAF_CHECK_EQUAL(format_scaled(7, 0), "7");
  CAF_CHECK_EQUAL(format_scaled(std::numeric_limits<int64_t>::min(), 2),
                  "-92233720368547758.08");
}

CAF_TEST(market spec rounds bids down and asks up to the tick) {
  market_spec m;
  m.tick = 5;
  CAF_CHECK_EQUAL(m.floor_to_tick(price_ticks{104}).value, 100);
  CAF_CHECK_EQUAL(m.ceil_to_tick(price_ticks{101}).value, 105);
  CAF_CHECK_EQUAL(m.floor_to_tick(price_ticks{105}).value, 105);
  CAF_CHECK_EQUAL(m.ceil_to_tick(price_ticks{105}).value, 105);
  CAF_CHECK_EQUAL(m.floor_to_tick(price_ticks{-1}).value, -5);
}

CAF_TEST(notional of price and size is exact in quote units) {
  CAF_CHECK_EQUAL(notional(price_ticks{9'500'000}, qty_lots{20'000}).value,
                  190'000'000'000);
}
