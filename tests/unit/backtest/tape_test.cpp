#define CAF_SUITE tape
#include "caf/test/unit_test.hpp"

#include "backtest/tape.hpp"
#include "marketdata/readers.hpp"

#include "test_util.hpp"

using namespace trailgrid;
using namespace trailgrid::backtest;

CAF_TEST(price decimals are detected from the data) {
  CAF_CHECK_EQUAL(detect_price_decimals(test::repo_path(test::btc_candles)), 2);
  CAF_CHECK_EQUAL(detect_price_decimals(test::repo_path(test::btc_trades)), 1);
  CAF_CHECK_EQUAL(detect_price_decimals(test::repo_path("README.md")), -1);
}

CAF_TEST(a candle file loads as a candle tape with its interval) {
  auto t = test::load_sample(test::btc_candles, test::btc_spec());
  CAF_CHECK(t.kind == tape_kind::candles);
  CAF_CHECK_EQUAL(t.interval_ms, 60'000);
  CAF_CHECK_EQUAL(t.size(), 2000u);
  CAF_CHECK_EQUAL(t.first_ts(), 1638403200000);
  CAF_CHECK_EQUAL(t.end_ts(), 1638403200000 + 2000 * 60'000);
}

CAF_TEST(prices finer than the market are refused) {
  auto spec = test::btc_spec();
  spec.price_decimals = 1;
  auto r = load_tape({test::repo_path(test::btc_candles)},
                     marketdata::scale::of(spec));
  CAF_CHECK(r.error.find("2 decimals") != std::string::npos);
  auto none = load_tape({}, marketdata::scale::of(spec));
  CAF_CHECK(!none.error.empty());
}

CAF_TEST(an l2 tape starts at the snapshot and drops older updates) {
  const auto depth_path = test::repo_path(
      "data/samples/binance-spot_BTCUSDT_20240808T2354_depth-2500.csv.gz");
  auto depth = marketdata::read_depth(depth_path, {2, 8});
  CAF_REQUIRE(depth);
  auto ev = merge_l2(depth.value(), {});
  CAF_REQUIRE(!ev.empty());
  CAF_CHECK(ev.front().what == l2_event::type::clear);
  // The snapshot (lastUpdateId 50093239218) gets the time of the update
  // received just before it; buffered updates up to that id are dropped.
  std::size_t levels = 0;
  for (const auto& e : ev)
    levels += e.what == l2_event::type::level ? 1 : 0;
  std::size_t kept = 0, snapshot = 0;
  for (const auto& r : depth.value()) {
    if (r.event == marketdata::depth_event::snapshot)
      ++snapshot;
    else if (r.last_update_id && *r.last_update_id > 50093239218)
      ++kept;
  }
  CAF_CHECK_EQUAL(levels, snapshot + kept);
  for (std::size_t i = 1; i < ev.size(); ++i)
    CAF_CHECK(ev[i - 1].ts <= ev[i].ts);
}
