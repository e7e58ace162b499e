#define CAF_SUITE reader_errors
#include "caf/test/unit_test.hpp"

#include "marketdata/readers.hpp"

#include "temp_file.hpp"

using namespace trailgrid::marketdata;
using trailgrid::test::repo_path;
using trailgrid::test::slurp;
using trailgrid::test::temp_file;

namespace {

const std::string candle_head = "ts_ms,open,high,low,close,volume\n";

// The error text of reading `text` (as a file) as candles, or "" if it read.
std::string candle_error(const std::string& text, const std::string& suffix,
                         const temp_file** out_file = nullptr) {
  static std::unique_ptr<temp_file> keep;
  keep = std::make_unique<temp_file>(text, suffix);
  if (out_file) *out_file = keep.get();
  auto res = read_candles(keep->path(), scale{2, 5});
  return res ? std::string{} : res.error().to_string();
}

// The error text with the temp path replaced by "F".
std::string candle_error_rel(const std::string& text) {
  const temp_file* f = nullptr;
  auto msg = candle_error(text, ".csv", &f);
  auto pos = msg.find(f->path());
  if (pos == 0) msg.replace(0, f->path().size(), "F");
  return msg;
}

} // namespace

CAF_TEST(a bad number names the file line column and text) {
  CAF_CHECK_EQUAL(candle_error_rel(candle_head +
                                   "1000,10.00,11.00,9.00,10.50,1\n"
                                   "2000,10.00,abc,9.00,10.50,1\n"),
                  "F:3: column 3 (high): expected a decimal number, got "
                  "\"abc\"");
}

CAF_TEST(a bad timestamp is named as an integer column) {
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "12x,1,1,1,1,1\n"),
                  "F:2: column 1 (ts_ms): expected an integer, got \"12x\"");
}

CAF_TEST(too many decimals for the scale is an error saying so) {
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "1,1.005,2,1,1,1\n"),
                  "F:2: column 2 (open): has more than 2 decimals (use a "
                  "larger scale or truncation), got \"1.005\"");
}

CAF_TEST(a row with the wrong number of columns is an error) {
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "1,1,1,1,1\n"),
                  "F:2: expected 6 columns, got 5");
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "1,1,1,1,1,1,1\n"),
                  "F:2: expected 6 columns, got 7");
}

CAF_TEST(a wrong or missing header is an error) {
  CAF_CHECK_EQUAL(candle_error_rel("1,1,1,1,1,1\n"),
                  "F:1: header must be \"ts_ms,open,high,low,close,volume\", "
                  "got \"1,1,1,1,1,1\"");
  CAF_CHECK_EQUAL(candle_error_rel(""),
                  "F:1: file is empty (a header line is required)");
}

CAF_TEST(candles out of order or with inconsistent ohlc are errors) {
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "2000,1,1,1,1,1\n"
                                                 "2000,1,1,1,1,1\n"),
                  "F:3: column 1 (ts_ms): expected ts_ms after the previous "
                  "row's 2000, got \"2000\"");
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "1,5,4,3,4,1\n"),
                  "F:2: inconsistent candle: need low <= open, close <= high");
}

CAF_TEST(prices must be positive and sizes not negative) {
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "1,0,0,0,0,1\n"),
                  "F:2: column 2 (open): expected a price above 0, got \"0\"");
  CAF_CHECK_EQUAL(candle_error_rel(candle_head + "1,1,1,1,1,-1\n"),
                  "F:2: column 6 (volume): expected a size of at least 0, got "
                  "\"-1\"");
}

CAF_TEST(a missing file is an error naming it) {
  auto res = read_candles("no/such/file.csv");
  CAF_REQUIRE(!res);
  CAF_CHECK_EQUAL(res.error().to_string(),
                  "no/such/file.csv: cannot open: No such file or directory");
  CAF_CHECK_EQUAL(res.error().line, 0);
}

CAF_TEST(truncated gzip data is an error not a short read) {
  // Compress the candle sample, then cut the compressed bytes in half.
  temp_file whole{
      slurp(
          repo_path("data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv")),
      ".gz", true};
  auto bytes = slurp(whole.path());
  temp_file cut{bytes.substr(0, bytes.size() / 2), ".gz"};
  auto res = read_candles(cut.path(), scale{2, 5});
  CAF_REQUIRE(!res);
  CAF_CHECK_EQUAL(res.error().to_string(),
                  cut.path() +
                      ": gzip data is corrupt or truncated: unexpected end of "
                      "file");
}

CAF_TEST(double candles report bad cells the same way) {
  temp_file f{candle_head + "1,1,1,1,1,1\n2,1,1,1,x,1\n", ".csv"};
  auto res = read_candles_f64(f.path());
  CAF_REQUIRE(!res);
  CAF_CHECK_EQUAL(res.error().line, 3);
  CAF_CHECK_EQUAL(res.error().column, 5);
  CAF_CHECK_EQUAL(res.error().column_name, "close");
}

CAF_TEST(bad trade side and decreasing trade time are errors) {
  std::string head = "ts_ms,price,qty,side\n";
  temp_file side{head + "1,10.5,1,buy\n2,10.5,1,BUY\n", ".csv"};
  auto r1 = read_trades(side.path(), scale{1, 0});
  CAF_REQUIRE(!r1);
  CAF_CHECK_EQUAL(r1.error().to_string(),
                  side.path() +
                      ":3: column 4 (side): expected buy or sell, got \"BUY\"");
  temp_file order{head + "5,10.5,1,buy\n5,10.5,1,sell\n4,10.5,1,buy\n", ".csv"};
  auto r2 = read_trades(order.path(), scale{1, 0});
  CAF_REQUIRE(!r2);
  CAF_CHECK_EQUAL(r2.error().line, 4);
  CAF_CHECK_EQUAL(r2.error().column, 1);
}

CAF_TEST(bad depth event and side are errors) {
  std::string head = "ts_ms,local_ts_us,event,side,price,qty,first_update_id,"
                     "last_update_id,prev_update_id\n";
  temp_file ev{head + "1,2,delta,bid,1,1,,,\n", ".csv"};
  auto r1 = read_depth(ev.path());
  CAF_REQUIRE(!r1);
  CAF_CHECK_EQUAL(r1.error().to_string(),
                  ev.path() + ":2: column 3 (event): expected snapshot or "
                              "update, got \"delta\"");
  temp_file sd{head + "1,2,update,buy,1,1,,,\n", ".csv"};
  auto r2 = read_depth(sd.path());
  CAF_REQUIRE(!r2);
  CAF_CHECK_EQUAL(r2.error().column, 4);
  temp_file id{head + "1,2,update,bid,1,1,7,x,\n", ".csv"};
  auto r3 = read_depth(id.path());
  CAF_REQUIRE(!r3);
  CAF_CHECK_EQUAL(r3.error().column_name, "last_update_id");
}

CAF_TEST(a bbo row must match the column count of its header) {
  temp_file f{"ts_ms,local_ts_us,bid_price,bid_qty,ask_price,ask_qty\n"
              "1,2,3,4,5,6,7\n",
              ".csv"};
  auto res = read_bbo(f.path());
  CAF_REQUIRE(!res);
  CAF_CHECK_EQUAL(res.error().to_string(),
                  f.path() + ":2: expected 6 columns, got 7");
  temp_file g{"ts_ms,bid_price,ask_price\n", ".csv"};
  auto res2 = read_bbo(g.path());
  CAF_REQUIRE(!res2);
  CAF_CHECK_EQUAL(
      res2.error().to_string(),
      g.path() + ":1: header must be \"ts_ms,local_ts_us,bid_price,bid_qty,"
                 "ask_price,ask_qty\" or \"ts_ms,local_ts_us,bid_price,bid_qty,"
                 "ask_price,ask_qty,update_id\", got \"ts_ms,bid_price,"
                 "ask_price\"");
}
