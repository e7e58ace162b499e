#define CAF_SUITE codec_numbers
#include "caf/test/unit_test.hpp"

#include "lighter/codec/numbers.hpp"

using namespace trailgrid::lighter;

CAF_TEST(parse_fixed scales exchange decimals exactly) {
  CAF_CHECK_EQUAL(parse_fixed("2325.00", 2).value_or(-1), 232500);
  CAF_CHECK_EQUAL(parse_fixed("0.00009", 5).value_or(-1), 9);
  CAF_CHECK_EQUAL(parse_fixed("-76.0264", 4).value_or(0), -760264);
  CAF_CHECK_EQUAL(parse_fixed("64500.0", 1).value_or(-1), 645000);
  CAF_CHECK_EQUAL(parse_fixed("105754", 1).value_or(-1), 1057540);
  CAF_CHECK_EQUAL(parse_fixed("0.0000", 4).value_or(-1), 0);
  CAF_CHECK_EQUAL(parse_fixed("1.500000", 2).value_or(-1), 150);
  CAF_CHECK_EQUAL(parse_fixed(".5", 1).value_or(-1), 5);
}

CAF_TEST(parse_fixed rejects excess precision and junk) {
  CAF_CHECK(!parse_fixed("1.005", 2));
  for (auto bad : {"", "-", ".", "1..2", "1e5", "abc", " 1", "1 ", "+-1",
                   "0x10", "1,5", "--1"})
    CAF_CHECK(!parse_fixed(bad, 2));
}

CAF_TEST(parse_fixed takes the careful path near the int64 limit) {
  CAF_CHECK_EQUAL(parse_fixed("92233720368547758.07", 2).value_or(0),
                  INT64_MAX);
  CAF_CHECK(!parse_fixed("92233720368547758.08", 2));
  CAF_CHECK(!parse_fixed("72057594037927936.000000", 6));
}

CAF_TEST(parse_decimal keeps exact units and drops trailing zeros) {
  auto d = parse_decimal("72057594037927936.000000");
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->units, 72057594037927936);
  CAF_CHECK_EQUAL(d->scale, 0);
  auto e = parse_decimal("-0.0028");
  CAF_REQUIRE(e);
  CAF_CHECK_EQUAL(e->units, -28);
  CAF_CHECK_EQUAL(e->scale, 4);
  CAF_CHECK_EQUAL(e->to_string(), "-0.0028");
  CAF_CHECK_EQUAL(parse_decimal("7.1072")->to_scaled(8).value_or(0), 710720000);
  CAF_CHECK(!parse_decimal("7.1072")->to_scaled(3));
  CAF_CHECK_EQUAL(parse_decimal("7.1075")->to_scaled_nearest(3).value_or(0),
                  7108);
  CAF_CHECK_EQUAL(parse_decimal("-7.1075")->to_scaled_nearest(3).value_or(0),
                  -7108);
  CAF_CHECK(!parse_decimal("1e5"));
  CAF_CHECK(!parse_decimal(""));
  CAF_CHECK(!parse_decimal("99999999999999999999"));
}

CAF_TEST(parse_scaled_nearest rounds computed values and json floats) {
  CAF_CHECK_EQUAL(parse_scaled_nearest("2191.1107231380406", 2).value_or(0),
                  219111);
  CAF_CHECK_EQUAL(parse_scaled_nearest("2191.115", 2).value_or(0), 219112);
  CAF_CHECK_EQUAL(parse_scaled_nearest("13.223699999999997", 4).value_or(0),
                  132237);
  CAF_CHECK_EQUAL(parse_scaled_nearest("1.5e-3", 4).value_or(0), 15);
  CAF_CHECK_EQUAL(parse_scaled_nearest("105754", 1).value_or(0), 1057540);
  CAF_CHECK(!parse_scaled_nearest("abc", 2));
  CAF_CHECK(!parse_scaled_nearest("1e300", 2));
}

CAF_TEST(parse_scaled_ceil rounds minimums up) {
  CAF_CHECK_EQUAL(parse_scaled_ceil("0.0050", 4).value_or(0), 50);
  CAF_CHECK_EQUAL(parse_scaled_ceil("0.00501", 4).value_or(0), 51);
  CAF_CHECK_EQUAL(parse_scaled_ceil("10.000000", 6).value_or(0), 10000000);
  CAF_CHECK_EQUAL(parse_scaled_ceil("10.0000001", 6).value_or(0), 10000001);
}

CAF_TEST(timestamps in seconds are normalised to milliseconds) {
  CAF_CHECK_EQUAL(timestamp_to_ms(1766387932), 1766387932000);
  CAF_CHECK_EQUAL(timestamp_to_ms(1777941383576), 1777941383576);
  CAF_CHECK_EQUAL(timestamp_to_ms(0), 0);
}
