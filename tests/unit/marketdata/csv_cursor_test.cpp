#define CAF_SUITE csv_cursor
#include "caf/test/unit_test.hpp"

#include "marketdata/csv_cursor.hpp"

#include "temp_file.hpp"

#include <limits>

using namespace trailgrid::marketdata;
using trailgrid::test::temp_file;

CAF_TEST(integers parse exactly including the int64 limits) {
  CAF_CHECK_EQUAL(parse_int64("1723161254087891").value_or(0),
                  1723161254087891);
  CAF_CHECK_EQUAL(parse_int64("-12").value_or(0), -12);
  CAF_CHECK_EQUAL(parse_int64("0").value_or(-1), 0);
  CAF_CHECK_EQUAL(parse_int64("9223372036854775807").value_or(0),
                  std::numeric_limits<int64_t>::max());
  CAF_CHECK_EQUAL(parse_int64("-9223372036854775808").value_or(0),
                  std::numeric_limits<int64_t>::min());
  for (auto bad : {"", "-", "9223372036854775808", "99999999999999999999",
                   "1.0", " 1", "1 ", "+1", "0x1", "1e3"})
    CAF_CHECK(!parse_int64(bad));
}

CAF_TEST(doubles parse round trip and reject non numbers) {
  CAF_CHECK(parse_double("57195.67") == 57195.67);
  CAF_CHECK(parse_double("-0.5") == -0.5);
  CAF_CHECK(parse_double("1e3") == 1000.0);
  for (auto bad : {"", "abc", "1,5", "inf", "nan", "1.2.3", " 1", "+1"})
    CAF_CHECK(!parse_double(bad));
}

CAF_TEST(rows split on commas and keep empty fields) {
  temp_file f{"a,b,c\n1,,3\n,,\n", ".csv"};
  csv_cursor uut{f.path()};
  CAF_REQUIRE(uut.read_header({"a,b,c"}));
  CAF_REQUIRE(uut.next_row());
  CAF_CHECK_EQUAL(uut.size(), 3u);
  CAF_CHECK_EQUAL(uut.field(0), "1");
  CAF_CHECK_EQUAL(uut.field(1), "");
  CAF_CHECK_EQUAL(uut.field(2), "3");
  CAF_REQUIRE(uut.next_row());
  CAF_CHECK_EQUAL(uut.size(), 3u);
  CAF_CHECK_EQUAL(uut.line(), 3);
  CAF_CHECK(!uut.next_row());
  CAF_CHECK(!uut.error());
}

CAF_TEST(crlf line ends blank lines and a missing final newline are fine) {
  temp_file f{"a,b\r\n1,2\r\n\r\n\n3,4", ".csv"};
  csv_cursor uut{f.path()};
  CAF_REQUIRE(uut.read_header({"a,b"}));
  CAF_REQUIRE(uut.next_row());
  CAF_CHECK_EQUAL(uut.field(1), "2");
  CAF_REQUIRE(uut.next_row());
  CAF_CHECK_EQUAL(uut.field(0), "3");
  CAF_CHECK_EQUAL(uut.field(1), "4");
  CAF_CHECK_EQUAL(uut.line(), 5);
  CAF_CHECK(!uut.next_row());
  CAF_CHECK(!uut.error());
}

CAF_TEST(rows that cross the read block boundary stay whole) {
  // ~2.3 MB of rows: several 1 MiB blocks, so many rows straddle two reads.
  std::string text = "n,sq\n";
  for (int64_t i = 0; i < 200'000; ++i)
    text += std::to_string(i) + "," + std::to_string(i * i) + "\n";
  for (bool gz : {false, true}) {
    temp_file f{text, ".csv", gz};
    csv_cursor uut{f.path()};
    CAF_REQUIRE(uut.read_header({"n,sq"}));
    int64_t i = 0;
    bool all_ok = true;
    while (uut.next_row()) {
      all_ok &=
          parse_int64(uut.field(0)) == i && parse_int64(uut.field(1)) == i * i;
      ++i;
    }
    CAF_CHECK(!uut.error());
    CAF_CHECK(all_ok);
    CAF_CHECK_EQUAL(i, 200'000);
  }
}

CAF_TEST(a line longer than the limit is an error not a crash) {
  std::string text = "a\n" + std::string(3u << 20, 'x') + "\n";
  temp_file f{text, ".csv"};
  csv_cursor uut{f.path()};
  CAF_REQUIRE(uut.read_header({"a"}));
  CAF_CHECK(!uut.next_row());
  CAF_REQUIRE(uut.error());
  CAF_CHECK_EQUAL(uut.error()->to_string(), f.path() + ":2: line is too long");
}

CAF_TEST(a utf8 byte order mark before the header is ignored) {
  temp_file f{"\xEF\xBB\xBF"
              "a,b\n1,2\n",
              ".csv"};
  csv_cursor uut{f.path()};
  CAF_CHECK(uut.read_header({"x", "a,b"}) == size_t{1});
}
