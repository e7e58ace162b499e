#define CAF_SUITE readers
#include "caf/test/unit_test.hpp"

#include "marketdata/readers.hpp"

#include "temp_file.hpp"

using namespace trailgrid::marketdata;
using namespace trailgrid::strategy;
using trailgrid::test::repo_path;
using trailgrid::test::slurp;
using trailgrid::test::temp_file;

namespace {

const std::string candles_csv =
    repo_path("data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv");
const std::string trades_csv = repo_path(
    "data/samples/binance-usdm_BTCUSDT_20240808T2354_trades-2000.csv");
const std::string trades_gz =
    repo_path("data/samples/hyperliquid_BTC_20250126T1914_trades.csv.gz");
const std::string depth_gz = repo_path(
    "data/samples/binance-spot_BTCUSDT_20240808T2354_depth-2500.csv.gz");
const std::string bbo_gz = repo_path(
    "data/samples/binance-spot_BTCUSDT_20240808T2354_bbo-1000.csv.gz");
const std::string bbo_csv = repo_path(
    "data/samples/tardis_binance-futures_BTCUSDT_20200222T0000_bbo-1000.csv");

} // namespace

CAF_TEST(candles read as exact scaled integers) {
  auto res = read_candles(candles_csv, scale{2, 5});
  CAF_REQUIRE(res);
  auto& rows = res.value();
  CAF_REQUIRE_EQUAL(rows.size(), 2000u);
  // 1638403200000,57184.07,57195.67,57152.27,57194.82,28.40312
  CAF_CHECK_EQUAL(rows[0].ts_ms, 1638403200000);
  CAF_CHECK_EQUAL(rows[0].open.value, 5718407);
  CAF_CHECK_EQUAL(rows[0].high.value, 5719567);
  CAF_CHECK_EQUAL(rows[0].low.value, 5715227);
  CAF_CHECK_EQUAL(rows[0].close.value, 5719482);
  CAF_CHECK_EQUAL(rows[0].volume.value, 2840312);
  // 1638523140000,56496.36,56544.53,56496.35,56536.53,6.06367
  CAF_CHECK_EQUAL(rows.back().ts_ms, 1638523140000);
  CAF_CHECK_EQUAL(rows.back().close.value, 5653653);
  CAF_CHECK_EQUAL(rows.back().volume.value, 606367);
}

CAF_TEST(candles read as doubles equal the decimal text) {
  auto res = read_candles_f64(candles_csv);
  CAF_REQUIRE(res);
  auto& rows = res.value();
  CAF_REQUIRE_EQUAL(rows.size(), 2000u);
  CAF_CHECK(rows[0].open == 57184.07);
  CAF_CHECK(rows[0].high == 57195.67);
  CAF_CHECK(rows[0].low == 57152.27);
  CAF_CHECK(rows[0].close == 57194.82);
  CAF_CHECK(rows[0].volume == 28.40312);
  CAF_CHECK(rows.back().close == 56536.53);
}

CAF_TEST(candles convert to indicator bars in price or tick units) {
  auto f = read_candles_f64(candles_csv);
  auto t = read_candles(candles_csv, scale{2, 5});
  CAF_REQUIRE(f && t);
  auto a = to_bar(f.value()[0]);
  auto b = to_bar(t.value()[0]);
  CAF_CHECK_EQUAL(a.start_ms, 1638403200000);
  CAF_CHECK(a.high == 57195.67);
  CAF_CHECK(b.high == 5719567.0);
  CAF_CHECK(b.low == 5715227.0);
  CAF_CHECK(b.close == 5719482.0);
  CAF_CHECK(b.open == 5718407.0);
}

CAF_TEST(candle prices can be truncated to a coarser market scale) {
  CAF_CHECK(!read_candles(candles_csv, scale{1, 5}));
  auto res = read_candles(candles_csv, scale{1, 5, excess_digits::truncate});
  CAF_REQUIRE(res);
  CAF_CHECK_EQUAL(res.value()[0].open.value, 571840); // 57184.07 -> .0
  CAF_CHECK_EQUAL(res.value()[0].high.value, 571956); // 57195.67 -> .6
}

CAF_TEST(candle prices and sizes can be rounded to a coarser scale) {
  auto res = read_candles(candles_csv, scale{1, 3, excess_digits::round});
  CAF_REQUIRE(res);
  const auto& c =
      res.value()[0]; // 57184.07,57195.67,57152.27,57194.82,28.40312
  CAF_CHECK_EQUAL(c.open.value, 571841);
  CAF_CHECK_EQUAL(c.high.value, 571957);
  CAF_CHECK_EQUAL(c.low.value, 571523);
  CAF_CHECK_EQUAL(c.close.value, 571948);
  CAF_CHECK_EQUAL(c.volume.value, 28403);
  // Halves go away from zero; an exact value is untouched.
  temp_file f{"ts_ms,price,qty,side\n1,100.05,0.0005,buy\n2,100.04,2,sell\n",
              ".csv"};
  auto t = read_trades(f.path(), scale{1, 3, excess_digits::round});
  CAF_REQUIRE(t);
  CAF_CHECK_EQUAL(t.value()[0].price.value, 1001);
  CAF_CHECK_EQUAL(t.value()[0].qty.value, 1);
  CAF_CHECK_EQUAL(t.value()[1].price.value, 1000);
  CAF_CHECK_EQUAL(t.value()[1].qty.value, 2000);
  // A price that rounds to nothing is still refused.
  temp_file z{"ts_ms,price,qty,side\n1,0.04,1,buy\n", ".csv"};
  CAF_CHECK(!read_trades(z.path(), scale{1, 3, excess_digits::round}));
}

CAF_TEST(a market spec gives the scale of its ticks and lots) {
  market_spec m;
  m.price_decimals = 1;
  m.size_decimals = 5;
  auto s = scale::of(m, excess_digits::truncate);
  CAF_CHECK_EQUAL(s.price_decimals, 1);
  CAF_CHECK_EQUAL(s.qty_decimals, 5);
  CAF_CHECK(s.excess == excess_digits::truncate);
}

CAF_TEST(gzip is detected by magic bytes not by the file name) {
  auto plain = read_candles(candles_csv, scale{2, 5});
  CAF_REQUIRE(plain);
  temp_file gz_named_csv{slurp(candles_csv), ".csv", true};
  temp_file plain_named_gz{slurp(candles_csv), ".csv.gz", false};
  for (auto* f : {&gz_named_csv, &plain_named_gz}) {
    auto res = read_candles(f->path(), scale{2, 5});
    CAF_REQUIRE(res);
    CAF_REQUIRE_EQUAL(res.value().size(), plain.value().size());
    bool same = true;
    for (size_t i = 0; i < res.value().size(); ++i) {
      auto& a = res.value()[i];
      auto& b = plain.value()[i];
      same &= a.ts_ms == b.ts_ms && a.open == b.open && a.high == b.high &&
              a.low == b.low && a.close == b.close && a.volume == b.volume;
    }
    CAF_CHECK(same);
  }
}

CAF_TEST(trades read with taker side) {
  auto res = read_trades(trades_csv, scale{2, 3});
  CAF_REQUIRE(res);
  auto& rows = res.value();
  CAF_REQUIRE_EQUAL(rows.size(), 2000u);
  // 1723161256322,61800.30,0.006,buy
  CAF_CHECK_EQUAL(rows[0].ts_ms, 1723161256322);
  CAF_CHECK_EQUAL(rows[0].price.value, 6180030);
  CAF_CHECK_EQUAL(rows[0].qty.value, 6);
  CAF_CHECK(rows[0].side == trade_side::buy);
  // 1723161305825,61819.90,0.020,sell
  CAF_CHECK_EQUAL(rows.back().price.value, 6181990);
  CAF_CHECK_EQUAL(rows.back().qty.value, 20);
  CAF_CHECK(rows.back().side == trade_side::sell);
  size_t buys = 0;
  for (auto& t : rows)
    buys += t.side == trade_side::buy;
  CAF_CHECK_EQUAL(buys, 1154u);
}

CAF_TEST(gzipped trades read the same way) {
  auto res = read_trades(trades_gz, scale{1, 5});
  CAF_REQUIRE(res);
  auto& rows = res.value();
  CAF_REQUIRE_EQUAL(rows.size(), 64u);
  // 1737918794873,105056.0,0.00219,buy ... 1737918868066,105051.0,0.03482,buy
  CAF_CHECK_EQUAL(rows[0].ts_ms, 1737918794873);
  CAF_CHECK_EQUAL(rows[0].price.value, 1050560);
  CAF_CHECK_EQUAL(rows[0].qty.value, 219);
  CAF_CHECK_EQUAL(rows.back().ts_ms, 1737918868066);
  CAF_CHECK_EQUAL(rows.back().qty.value, 3482);
}

CAF_TEST(depth rows keep empty exchange times and ids as absent) {
  auto res = read_depth(depth_gz, scale{2, 5});
  CAF_REQUIRE(res);
  auto& rows = res.value();
  CAF_REQUIRE_EQUAL(rows.size(), 2500u);
  // 1723161255208,1723161253937085,update,bid,61737.63000000,0.00000000,
  // 50093239189,50093239202,
  auto& first = rows[0];
  CAF_CHECK(first.ts_ms == int64_t{1723161255208});
  CAF_CHECK_EQUAL(first.local_ts_us, 1723161253937085);
  CAF_CHECK(first.event == depth_event::update);
  CAF_CHECK(first.side == book_side::bid);
  CAF_CHECK_EQUAL(first.price.value, 6173763);
  CAF_CHECK_EQUAL(first.qty.value, 0);
  CAF_CHECK(first.first_update_id == int64_t{50093239189});
  CAF_CHECK(first.last_update_id == int64_t{50093239202});
  CAF_CHECK(!first.prev_update_id);
  // Line 35: the spot REST snapshot, which has no exchange time.
  auto& snap = rows[33];
  CAF_CHECK(snap.event == depth_event::snapshot);
  CAF_CHECK(!snap.ts_ms);
  CAF_CHECK_EQUAL(snap.price.value, 6183763);
  CAF_CHECK_EQUAL(snap.qty.value, 378826);
  size_t snapshots = 0;
  size_t asks = 0;
  for (auto& r : rows) {
    snapshots += r.event == depth_event::snapshot;
    asks += r.side == book_side::ask;
  }
  CAF_CHECK_EQUAL(snapshots, 2000u);
  CAF_CHECK_EQUAL(asks, 1233u);
}

CAF_TEST(bbo files read with and without update ids) {
  auto with_ids = read_bbo(bbo_gz, scale{2, 5});
  CAF_REQUIRE(with_ids);
  CAF_REQUIRE_EQUAL(with_ids.value().size(), 1000u);
  // ,1723161254087891,61837.63000000,3.78826000,61837.64000000,1.54698000,
  // 50093239212
  auto& a = with_ids.value()[0];
  CAF_CHECK(!a.ts_ms);
  CAF_CHECK_EQUAL(a.local_ts_us, 1723161254087891);
  CAF_CHECK_EQUAL(a.bid_price.value, 6183763);
  CAF_CHECK_EQUAL(a.bid_qty.value, 378826);
  CAF_CHECK_EQUAL(a.ask_price.value, 6183764);
  CAF_CHECK_EQUAL(a.ask_qty.value, 154698);
  CAF_CHECK(a.update_id == int64_t{50093239212});

  auto no_ids = read_bbo(bbo_csv, scale{2, 3});
  CAF_REQUIRE(no_ids);
  CAF_REQUIRE_EQUAL(no_ids.value().size(), 1000u);
  // 1582329601096,1582329603502092,9681.92,0.67,9682,0.84
  auto& b = no_ids.value()[0];
  CAF_CHECK(b.ts_ms == int64_t{1582329601096});
  CAF_CHECK_EQUAL(b.bid_price.value, 968192);
  CAF_CHECK_EQUAL(b.bid_qty.value, 670);
  CAF_CHECK_EQUAL(b.ask_price.value, 968200);
  CAF_CHECK(!b.update_id);
  bbo_reader r{bbo_csv};
  CAF_CHECK(!r.has_update_id());
  CAF_CHECK(bbo_reader{bbo_gz}.has_update_id());
}

CAF_TEST(the streaming reader stops cleanly at the end) {
  candle_reader r{candles_csv, scale{2, 5}};
  candle_row c;
  int n = 0;
  while (r.next(c))
    ++n;
  CAF_CHECK_EQUAL(n, 2000);
  CAF_CHECK(!r.error());
  CAF_CHECK(!r.next(c));
}
