#define CAF_SUITE real_sample
#include "caf/test/unit_test.hpp"

#include "backtest/engine.hpp"
#include "backtest/summary.hpp"

#include "test_util.hpp"

#include <algorithm>

using namespace trailgrid;
using namespace trailgrid::backtest;

namespace {

run_config config_of(const strategy::strategy_params& p,
                     const engine_options& o) {
  run_config c;
  c.spec = test::btc_spec();
  c.params = p;
  c.options = o;
  return c;
}

} // namespace

CAF_TEST(two runs on the same data give byte identical json) {
  auto spec = test::btc_spec();
  for (const auto& file : {test::btc_candles, test::btc_trades}) {
    auto t = test::load_sample(file, spec);
    auto p = test::btc_params();
    if (t.kind == tape_kind::trades) {
      p.atr.bar_interval_ms = 1'000;
      p.grid.min_spacing = 100; // 0.01 %: fills on a quiet 50 s tape
    }
    engine_options o;
    auto a = run_backtest(t, spec, p, o);
    auto b = run_backtest(t, spec, p, o);
    CAF_REQUIRE(a.error.empty());
    CAF_CHECK(a.fills > 3); // the 50 s trade tape: 2 resets (tx quota)
    auto ja = result_json(a, config_of(p, o), false);
    auto jb = result_json(b, config_of(p, o), false);
    CAF_CHECK_EQUAL(ja, jb);
    CAF_CHECK_EQUAL(a.series.size(), b.series.size());
    bool same_series =
        std::equal(a.series.begin(), a.series.end(), b.series.begin(),
                   [](const series_point& x, const series_point& y) {
                     return x.close == y.close && x.equity == y.equity &&
                            x.position == y.position && x.centre == y.centre &&
                            x.resets == y.resets && x.buys == y.buys;
                   });
    CAF_CHECK(same_series);
  }
}

CAF_TEST(the json has every required key and the configuration) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  auto p = test::btc_params();
  auto r = run_backtest(t, spec, p, {});
  auto j = result_json(r, config_of(p, {}));
  for (const char* key :
       {"\"duration_s\"", "\"events\"", "\"events_per_second\"", "\"fills\"",
        "\"resets\"", "\"resets_per_hour\"", "\"volume_quote\"",
        "\"fees_quote\"", "\"realized_pnl\"", "\"unrealized_pnl\"",
        "\"net_pnl\"", "\"max_drawdown\"", "\"max_abs_position\"",
        "\"sanity_guard_fallbacks\"", "\"breaker_trips\"", "\"config\"",
        "\"mid_price_source\": \"filled_price\"", "\"maker_delay_ms\": 200"})
    CAF_CHECK(j.find(key) != std::string::npos);
}

// The candle path model never fills a level the bar did not reach: every
// fill of a month-style run lies strictly inside the range of the bar it
// happened in (trade-through), or inside/at it (touch).
CAF_TEST(the candle path never fills a level the bar did not reach) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  for (auto rule : {fill_rule::trade_through, fill_rule::touch}) {
    engine_options o;
    o.fill = rule;
    std::vector<fill_info> fills;
    run_hooks h;
    h.on_fill = [&](const fill_info& f) { fills.push_back(f); };
    auto r = run_backtest(t, spec, test::btc_params(), o, h);
    CAF_REQUIRE(r.error.empty());
    CAF_REQUIRE(fills.size() > 100u);
    std::size_t bad = 0;
    for (const auto& f : fills) {
      // The bar whose [ts, ts + interval) holds the fill.
      auto it =
          std::upper_bound(t.candles.begin(), t.candles.end(), f.ts,
                           [](int64_t ts, const marketdata::candle_row& c) {
                             return ts < c.ts_ms;
                           });
      CAF_REQUIRE(it != t.candles.begin());
      const auto& c = *(it - 1);
      const auto p = f.price.value;
      bool reached =
          f.side == strategy::side::bid
              ? (rule == fill_rule::touch ? c.low.value <= p : c.low.value < p)
              : (rule == fill_rule::touch ? c.high.value >= p
                                          : c.high.value > p);
      bad += reached ? 0 : 1;
    }
    CAF_CHECK_EQUAL(bad, 0u);
  }
}

CAF_TEST(summary numbers agree with each other) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  auto r = run_backtest(t, spec, test::btc_params(), {});
  CAF_REQUIRE(r.error.empty());
  CAF_CHECK_EQUAL(r.fills, r.counters.fills);
  CAF_CHECK_EQUAL(r.resets, r.counters.resets);
  CAF_CHECK_EQUAL(r.net.value, r.realized.value + r.unrealized.value -
                                   r.fees.value + r.funding.value);
  CAF_CHECK(r.max_drawdown.value >= 0);
  CAF_CHECK(r.max_abs_position.value >= std::abs(r.final_position.value));
  CAF_CHECK_EQUAL(r.rows, 2000);
  CAF_CHECK(!r.series.empty());
  // The last bucket's equity is the final net PnL.
  CAF_CHECK_EQUAL(r.series.back().equity.value, r.net.value);
}

CAF_TEST(funding charges longs and fees follow the tier) {
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  auto p = test::btc_params();
  p.fees = tier_fees(tier::premium);
  engine_options o;
  o.latency = tier_latency(tier::premium, o.latency);
  o.funding_ppm_8h = 100; // 0.01 % every 8 h
  auto r = run_backtest(t, spec, p, o);
  CAF_REQUIRE(r.error.empty());
  CAF_CHECK(r.fees.value > 0);
  CAF_CHECK(r.funding.value != 0);
  CAF_CHECK_EQUAL(r.net.value, r.realized.value + r.unrealized.value -
                                   r.fees.value + r.funding.value);
}
