#define CAF_SUITE sim_path
#include "caf/test/unit_test.hpp"

#include "tests/unit/marketdata/temp_file.hpp"
#include "tools/lighter-sim/candle_history.hpp"
#include "tools/lighter-sim/price_path.hpp"

#include <algorithm>

#include <string>
#include <variant>

using namespace trailgrid::sim;

namespace {

using trailgrid::test::temp_file;

// A market with 1 price and 4 size decimals reading `file` once.
market_cfg recorded_market(path_source source, const std::string& file) {
  market_cfg m = *default_config().market(0);
  m.price_decimals = 1;
  m.size_decimals = 4;
  m.path.source = source;
  m.path.file = file;
  m.path.candle_substeps = 1;
  m.path.loop = false;
  return m;
}

// Every point of a recorded path.
std::vector<path_point> drain(price_path p) {
  std::vector<path_point> out;
  while (!p.exhausted()) {
    out.push_back(p.peek());
    p.pop();
  }
  return out;
}

} // namespace

CAF_TEST(candle csv rows are rounded to the market decimals) {
  temp_file f{"ts_ms,open,high,low,close,volume\n"
              "1000,100.04,101.05,99.96,100.5,2.123456\n",
              ".csv"};
  auto p = make_path(recorded_market(path_source::candles, f.path()), 1, 0);
  CAF_REQUIRE(std::holds_alternative<price_path>(p));
  auto pts = drain(std::get<price_path>(std::move(p)));
  CAF_REQUIRE_EQUAL(pts.size(), 4u);
  // open 100.0, low 100.0 (nearer), high 101.1, close 100.5; volume 2.1235
  // lots spread evenly (the remainder on the first point).
  const int64_t prices[4] = {1000, 1000, 1011, 1005};
  const int64_t sizes[4] = {5311, 5308, 5308, 5308};
  for (size_t i = 0; i < 4; ++i) {
    CAF_CHECK_EQUAL(pts[i].price, prices[i]);
    CAF_CHECK_EQUAL(pts[i].size, sizes[i]);
    CAF_CHECK_EQUAL(pts[i].ts, 1000 + 15000 * static_cast<ms_t>(i));
  }
}

CAF_TEST(bad candle files are refused with the file and line) {
  auto error_of = [](const std::string& text) {
    temp_file f{text, ".csv"};
    auto p = make_path(recorded_market(path_source::candles, f.path()), 1, 0);
    auto* e = std::get_if<std::string>(&p);
    return e ? e->substr(f.path().size()) : std::string("ok");
  };
  CAF_CHECK_EQUAL(error_of("1000,100,99,98,100,1\n"),
                  ":1: header must be \"ts_ms,open,high,low,close,volume\", "
                  "got \"1000,100,99,98,100,1\"");
  CAF_CHECK_EQUAL(error_of("ts_ms,open,high,low,close,volume\n"
                           "1000,100,99,98,100,1\n"),
                  ":2: inconsistent candle: need low <= open, close <= high");
  CAF_CHECK_EQUAL(error_of("ts_ms,open,high,low,close,volume\n2000,1,1,1,1,1\n"
                           "1000,1,1,1,1,1\n")
                      .substr(0, 37),
                  ":3: column 1 (ts_ms): expected ts_ms ");
  CAF_CHECK_EQUAL(error_of("ts_ms,open,high,low,close,volume\n"),
                  ": no data rows");
}

CAF_TEST(the intra bar path visits the nearer extreme first) {
  // Open 100, high 103 (3 away), low 99 (1 away): low first.
  using trailgrid::strategy::price_ticks;
  using trailgrid::strategy::qty_lots;
  auto bar = [](ms_t ts, int64_t o, int64_t h, int64_t l, int64_t c,
                int64_t v) {
    return trailgrid::marketdata::candle_row{ts,
                                             price_ticks{o},
                                             price_ticks{h},
                                             price_ticks{l},
                                             price_ticks{c},
                                             qty_lots{v}};
  };
  std::vector<trailgrid::marketdata::candle_row> rows = {
      bar(0, 100, 103, 99, 102, 8), bar(60000, 102, 104, 96, 97, 0)};
  auto pts = candles_to_points(rows, 1);
  CAF_REQUIRE_EQUAL(pts.size(), 8u);
  const int64_t want[8] = {100, 99, 103, 102, 102, 104, 96, 97};
  const ms_t times[8] = {0, 15000, 30000, 45000, 60000, 75000, 90000, 105000};
  for (size_t i = 0; i < 8; ++i) {
    CAF_CHECK_EQUAL(pts[i].price, want[i]);
    CAF_CHECK_EQUAL(pts[i].ts, times[i]);
  }
  CAF_CHECK_EQUAL(pts[0].size, 2);
  CAF_CHECK_EQUAL(pts[1].size, 2);
  CAF_CHECK_EQUAL(pts[1].taker_is_buy, false);
  CAF_CHECK_EQUAL(pts[2].taker_is_buy, true);
  // Substeps split each segment evenly.
  auto fine = candles_to_points({rows[0]}, 2);
  CAF_REQUIRE_EQUAL(fine.size(), 7u);
  CAF_CHECK_EQUAL(fine[1].price, 100); // 100 -> 99 in 2 steps: 99.5 -> 100
  CAF_CHECK_EQUAL(fine[2].price, 99);
  CAF_CHECK_EQUAL(fine[3].price, 101);
  CAF_CHECK_EQUAL(fine[3].ts, 22500);
}

CAF_TEST(trade csv rows become path points) {
  temp_file f{"ts_ms,price,qty,side\n5,342.498,0.00007,sell\n"
              "6,342.501,0.5,buy\n",
              ".csv.gz", true};
  auto p = make_path(recorded_market(path_source::trades, f.path()), 1, 0);
  CAF_REQUIRE(std::holds_alternative<price_path>(p));
  auto pts = drain(std::get<price_path>(std::move(p)));
  CAF_REQUIRE_EQUAL(pts.size(), 2u);
  CAF_CHECK_EQUAL(pts[0].price, 3425);
  CAF_CHECK_EQUAL(pts[0].size, 1);
  CAF_CHECK_EQUAL(pts[0].taker_is_buy, false);
  CAF_CHECK_EQUAL(pts[1].price, 3425);
  CAF_CHECK_EQUAL(pts[1].size, 5000);
  CAF_CHECK_EQUAL(pts[1].taker_is_buy, true);
  temp_file bad{"ts_ms,price,qty,side\n5,1,1,hold\n", ".csv"};
  auto e = make_path(recorded_market(path_source::trades, bad.path()), 1, 0);
  CAF_REQUIRE(std::holds_alternative<std::string>(e));
  CAF_CHECK_EQUAL(
      std::get<std::string>(e),
      bad.path() + ":2: column 4 (side): expected buy or sell, got \"hold\"");
}

CAF_TEST(a looped recording continues from the last price) {
  auto p = price_path::recorded({{0, 100, 1, true}, {10, 110, 1, true}}, true);
  CAF_CHECK_EQUAL(p.peek().price, 100);
  p.pop();
  CAF_CHECK_EQUAL(p.peek().price, 110);
  p.pop();
  CAF_CHECK_EQUAL(p.peek().price, 110);
  CAF_CHECK_EQUAL(p.peek().ts, 20);
  p.pop();
  CAF_CHECK_EQUAL(p.peek().price, 120);
  CAF_CHECK_EQUAL(p.peek().ts, 30);
  auto once = price_path::recorded({{0, 100, 1, true}}, false);
  once.pop();
  CAF_CHECK(once.exhausted());
}

CAF_TEST(synthetic paths are deterministic per seed) {
  path_cfg c;
  c.start_price = 650000;
  c.trade_size = 1000;
  auto a = price_path::synthetic(c, 5, 0);
  auto b = price_path::synthetic(c, 5, 0);
  auto d = price_path::synthetic(c, 6, 0);
  bool differs = false;
  int64_t lo = a.peek().price, hi = lo;
  for (int i = 0; i < 20000; ++i) {
    CAF_REQUIRE_EQUAL(a.peek().price, b.peek().price);
    CAF_REQUIRE_EQUAL(a.peek().ts, c.step_ms * i);
    differs |= a.peek().price != d.peek().price;
    lo = std::min(lo, a.peek().price);
    hi = std::max(hi, a.peek().price);
    CAF_REQUIRE_GREATER(a.peek().size, 0);
    a.pop();
    b.pop();
    d.pop();
  }
  CAF_CHECK(differs);
  // 20000 steps of 250 ms (83 min) at 60% vol move a few hundred ticks.
  CAF_CHECK_GREATER(hi - lo, 100);
  CAF_CHECK_LESS(hi - lo, 100000);
}

CAF_TEST(the shipped samples load as paths) {
  auto cfg = default_config();
  auto eth = *cfg.market(0);
  eth.path.source = path_source::candles;
  eth.path.file = std::string(TRAILGRID_SOURCE_DIR) +
                  "/data/samples/sim_binance-spot_ETHUSDT_1m_20230316_300.csv";
  auto p = make_path(eth, 1, 0);
  CAF_REQUIRE(std::holds_alternative<price_path>(p));
  CAF_CHECK_EQUAL(std::get<price_path>(p).peek().price, 167268);
  auto btc = *cfg.market(1);
  btc.path.source = path_source::trades;
  btc.path.file =
      std::string(TRAILGRID_SOURCE_DIR) +
      "/data/samples/sim_binance-usdm_BTCUSDT_20240808T2354_trades_2000.csv.gz";
  auto t = make_path(btc, 1, 0);
  CAF_REQUIRE(std::holds_alternative<price_path>(t));
  CAF_CHECK_GREATER(std::get<price_path>(t).peek().price, 600000);
  btc.path.file = "/nonexistent.csv";
  CAF_CHECK(std::holds_alternative<std::string>(make_path(btc, 1, 0)));
}

CAF_TEST(
    the past of a market ends at its first price one whole minute at a time) {
  path_cfg p;
  p.annual_vol = 0.8;
  const ms_t start = 1'700'000'012'345;
  auto bars = candle_history(p, 650000, 10.0, 7, start, 8);
  CAF_REQUIRE_EQUAL(bars.size(), 8u);
  CAF_CHECK_EQUAL(bars.back().close, 650000);
  CAF_CHECK_EQUAL(bars.back().t + 60'000, start - start % 60'000);
  bool moved = false;
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    CAF_CHECK_GREATER_OR_EQUAL(b.high, std::max(b.open, b.close));
    CAF_CHECK_LESS_OR_EQUAL(b.low, std::min(b.open, b.close));
    CAF_CHECK_GREATER(b.low, 0);
    CAF_CHECK_GREATER(b.volume, 0);
    if (i > 0) {
      CAF_CHECK_EQUAL(b.t, bars[i - 1].t + 60'000);
      CAF_CHECK_EQUAL(b.open, bars[i - 1].close);
    }
    moved = moved || b.high > b.low;
  }
  CAF_CHECK(moved);
  // The same seed gives the same past; another seed another one.
  const auto again = candle_history(p, 650000, 10.0, 7, start, 8);
  const auto other = candle_history(p, 650000, 10.0, 8, start, 8);
  CAF_CHECK_EQUAL(again[0].open, bars[0].open);
  CAF_CHECK_NOT_EQUAL(other[0].open, bars[0].open);
  CAF_CHECK(candle_history(p, 650000, 10.0, 7, start, 0).empty());
}
