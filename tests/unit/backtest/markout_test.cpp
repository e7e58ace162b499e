#define CAF_SUITE markout
#include "caf/test/unit_test.hpp"

#include "backtest/engine.hpp"
#include "backtest/markout.hpp"

#include "test_util.hpp"

using namespace trailgrid;
using namespace trailgrid::backtest;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::side;

namespace {

markout_sample sample(side s, int64_t price, int64_t size, int64_t ts = 0,
                      std::string source = "filled_price") {
  markout_sample m;
  m.ts_ms = ts;
  m.side = s;
  m.price = price_ticks{price};
  m.size = qty_lots{size};
  m.source = std::move(source);
  return m;
}

} // namespace

CAF_TEST(a markout is the mid move in our favour in basis points) {
  auto buy = sample(side::bid, 10'000, 2);
  buy.mid2 = {20'020, 19'980, std::nullopt}; // mid 100.10, then 99.90
  CAF_CHECK_EQUAL(markout_bps(buy, 0).value_or(-99), 10.0);
  CAF_CHECK_EQUAL(markout_bps(buy, 1).value_or(-99), -10.0);
  CAF_CHECK(!markout_bps(buy, 2));
  // (mid - price) x size, doubled: (20'020 - 20'000) x 2.
  CAF_CHECK_EQUAL(markout_quote2(buy, 0).value_or(-99), 40);
  auto sell = sample(side::ask, 10'000, 2);
  sell.mid2 = {20'020, 19'980, 20'001};
  CAF_CHECK_EQUAL(markout_bps(sell, 0).value_or(-99), -10.0);
  CAF_CHECK_EQUAL(markout_bps(sell, 1).value_or(-99), 10.0);
  CAF_CHECK_EQUAL(markout_quote2(sell, 2).value_or(-99), -2); // half a tick
}

CAF_TEST(mids are taken as of each horizon and not past the record) {
  std::vector<mid_point> mids{{0, 20'000}, {1'500, 20'040}, {9'000, 19'980}};
  std::vector<markout_sample> fills{sample(side::bid, 10'000, 1, 500),
                                    sample(side::bid, 10'000, 1, -2'000)};
  attach_mids(fills, mids, 20'000); // the record ends at 20 s
  // 500 + 1 s = 1'500: the sample at exactly that time counts.
  CAF_CHECK_EQUAL(fills[0].mid2[0].value_or(0), 20'040);
  CAF_CHECK_EQUAL(fills[0].mid2[1].value_or(0), 19'980); // 10'500
  CAF_CHECK(!fills[0].mid2[2]);                          // past the record
  // -2'000 + 1 s is before the first mid: unknown, not the first mid.
  CAF_CHECK(!fills[1].mid2[0]);
  CAF_CHECK_EQUAL(fills[1].mid2[1].value_or(0), 20'040); // 8'000
}

CAF_TEST(the table has a row per source and side then the totals) {
  auto a = sample(side::bid, 10'000, 1, 0, "market_mid");
  a.mid2 = {20'020, 20'020, 20'020}; // +10 bps
  auto b = sample(side::ask, 10'000, 1, 0, "filled_price");
  b.mid2 = {20'020, 19'960, std::nullopt}; // -10, +20 bps
  auto c = sample(side::bid, 10'000, 1, 0, "filled_price");
  c.mid2 = {19'990, 20'000, std::nullopt}; // -5, 0 bps
  auto t = summarize_markouts({a, b, c});
  std::vector<std::pair<std::string, std::string>> keys;
  for (auto& r : t.rows)
    keys.emplace_back(r.source, r.side);
  CAF_CHECK_EQUAL(keys.size(), 6u);
  CAF_CHECK(keys[0] ==
            std::make_pair(std::string{"filled_price"}, std::string{"buy"}));
  CAF_CHECK(keys[1] ==
            std::make_pair(std::string{"filled_price"}, std::string{"sell"}));
  CAF_CHECK(keys[2] ==
            std::make_pair(std::string{"market_mid"}, std::string{"buy"}));
  CAF_CHECK(keys[5] == std::make_pair(std::string{"all"}, std::string{"both"}));
  const auto& all = t.rows[5];
  CAF_CHECK_EQUAL(all.fills, 3);
  CAF_CHECK_EQUAL(all.at[0].fills, 3);
  CAF_CHECK_EQUAL(all.at[0].mean_bps(), (10.0 - 10.0 - 5.0) / 3);
  CAF_CHECK_EQUAL(all.at[0].positive, 1);
  CAF_CHECK_EQUAL(all.at[2].fills, 1); // only a was measured at 60 s
  CAF_CHECK_EQUAL(all.at[1].positive_share(), 2.0 / 3);
  auto csv = markout_csv(t, 2);
  CAF_CHECK_EQUAL(csv.substr(0, csv.find('\n')),
                  "source,side,fills,1s_fills,1s_mean_bps,1s_positive_share,"
                  "1s_quote,10s_fills,10s_mean_bps,10s_positive_share,"
                  "10s_quote,60s_fills,60s_mean_bps,60s_positive_share,"
                  "60s_quote");
  CAF_CHECK_NOT_EQUAL(csv.find("\nmarket_mid,buy,1,1,10.000,1.0000,0.10,"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(markout_html(t, 2).find("after 60s"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(markout_json(t, 2).find("\"source\": \"all\""),
                      std::string::npos);
}

CAF_TEST(the recorder resolves each horizon once the clock passes it) {
  markout_recorder rec;
  rec.fill(0, side::bid, price_ticks{10'000}, qty_lots{1}, "filled_price");
  rec.fill(5'000, side::ask, price_ticks{10'010}, qty_lots{1}, "market_mid");
  CAF_CHECK_EQUAL(rec.next_due(), 1'000);
  std::vector<int64_t> asked;
  auto mid = [&](int64_t at) {
    asked.push_back(at);
    return 20'000 + at / 1'000;
  };
  rec.resolve_before(1'000, mid); // strictly before: nothing yet
  CAF_CHECK(asked.empty());
  rec.resolve_before(12'000, mid);
  CAF_CHECK_EQUAL(asked, (std::vector<int64_t>{1'000, 6'000, 10'000}));
  auto s = rec.finish(60'000, 30'000); // 15'000 and 60'000 at the end
  CAF_REQUIRE_EQUAL(s.size(), 2u);
  CAF_CHECK_EQUAL(s[0].mid2[0].value_or(0), 20'001);
  CAF_CHECK_EQUAL(s[0].mid2[1].value_or(0), 20'010);
  CAF_CHECK_EQUAL(s[0].mid2[2].value_or(0), 30'000);
  CAF_CHECK_EQUAL(s[1].mid2[1].value_or(0), 30'000);
  CAF_CHECK(!s[1].mid2[2]); // 65'000 is past the end
  CAF_CHECK_EQUAL(s[1].source, "market_mid");
}

// The backtester gets the same table as a journal report: every fill of the
// run is in it, measured where the data lasts long enough.
CAF_TEST(a backtest carries the markouts of all its fills) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  auto r = run_backtest(t, spec, test::btc_params(), engine_options{});
  CAF_REQUIRE(r.error.empty());
  CAF_REQUIRE(r.fills > 0);
  CAF_REQUIRE(!r.markouts.empty());
  const auto& all = r.markouts.rows.back();
  CAF_CHECK_EQUAL(all.source, "all");
  CAF_CHECK_EQUAL(all.side, "both");
  CAF_CHECK_EQUAL(all.fills, r.fills);
  CAF_CHECK_GREATER_OR_EQUAL(all.at[0].fills, all.at[2].fills);
  CAF_CHECK_GREATER(all.at[2].fills, 0);
  // Fills are attributed to the source of the reset that placed them.
  CAF_CHECK_EQUAL(r.markouts.rows.front().source, "filled_price");
}
