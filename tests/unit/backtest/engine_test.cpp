#define CAF_SUITE engine
#include "caf/test/unit_test.hpp"

#include "backtest/engine.hpp"

#include "test_util.hpp"

#include <vector>

using namespace trailgrid;
using namespace trailgrid::backtest;
using strategy::side;
using trailgrid::test::candle;

namespace {

struct seen_fill {
  int64_t ts;
  side s;
  int64_t price;
};

struct seen_reset {
  int64_t ts;
  int64_t centre;
  strategy::reset_reason why;
};

// Runs `t` and records every exchange fill and every reset.
struct recording {
  std::vector<seen_fill> fills;
  std::vector<seen_reset> resets;
  backtest_result result;

  recording(const tape& t, const strategy::strategy_params& p,
            const engine_options& opt = {}) {
    run_hooks h;
    h.on_fill = [this](const fill_info& f) {
      fills.push_back({f.ts, f.side, f.price.value});
    };
    h.on_reset = [this](const reset_info& r) {
      resets.push_back({r.ts, r.centre.value, r.why});
    };
    result = run_backtest(t, test::unit_spec(), p, opt, h);
  }
};

marketdata::trade_row trade(int64_t ts, int64_t price, bool sell) {
  marketdata::trade_row r;
  r.ts_ms = ts;
  r.price = strategy::price_ticks{price};
  r.qty = strategy::qty_lots{1};
  r.side = sell ? marketdata::trade_side::sell : marketdata::trade_side::buy;
  return r;
}

tape trade_tape(std::vector<marketdata::trade_row> rows) {
  tape t;
  t.kind = tape_kind::trades;
  t.source = "hand-made";
  t.trades = std::move(rows);
  return t;
}

} // namespace

// The path worked through by hand in docs/backtest.md ("a hand-checked
// path"): two flat warm-up bars, a dip that fills the first bid, a rally
// that fills two asks. Standard-tier latency: fills reach the strategy 50 ms
// later, new orders rest 50 + 200 ms after the reset, cancels land after
// 50 + 100 ms.
CAF_TEST(a hand checked candle path gives exact fills and resets) {
  auto t = test::candle_tape({
      candle(0, 1000, 1000, 1000, 1000),
      candle(60'000, 1000, 1000, 1000, 1000),
      candle(120'000, 1000, 1000, 985, 995),
      candle(180'000, 995, 1012, 995, 1005),
  });
  recording run{t, test::plain_params()};
  CAF_REQUIRE(run.result.error.empty());
  // Grid 1 at 1000: bids 990 980, asks 1010 1020, resting from 120250.
  // Candle 3 path: 1000 @140000 -> 985 @160000 crosses 990 at
  // 140000 + ceil(10 x 20000 / 15) = 153334. Candle 4: 995 @200000 ->
  // 1012 @220000 crosses 1000 at 200000 + ceil(5 x 20000 / 17) = 205883 and
  // 1010 at 200000 + ceil(15 x 20000 / 17) = 217648 (the 1010 of grid 3;
  // grid 1's 1010 was cancelled at 153534).
  CAF_REQUIRE_EQUAL(run.fills.size(), 3u);
  CAF_CHECK_EQUAL(run.fills[0].ts, 153'334);
  CAF_CHECK(run.fills[0].s == side::bid);
  CAF_CHECK_EQUAL(run.fills[0].price, 990);
  CAF_CHECK_EQUAL(run.fills[1].ts, 205'883);
  CAF_CHECK(run.fills[1].s == side::ask);
  CAF_CHECK_EQUAL(run.fills[1].price, 1000);
  CAF_CHECK_EQUAL(run.fills[2].ts, 217'648);
  CAF_CHECK(run.fills[2].s == side::ask);
  CAF_CHECK_EQUAL(run.fills[2].price, 1010);
  // Resets: the start, then one per fill 50 ms after it, centred on the
  // fill (filled_price; the sanity guard does not fire).
  CAF_REQUIRE_EQUAL(run.resets.size(), 4u);
  CAF_CHECK_EQUAL(run.resets[0].ts, 120'000);
  CAF_CHECK_EQUAL(run.resets[0].centre, 1000);
  CAF_CHECK(run.resets[0].why == strategy::reset_reason::start);
  CAF_CHECK_EQUAL(run.resets[1].ts, 153'384);
  CAF_CHECK_EQUAL(run.resets[1].centre, 990);
  CAF_CHECK_EQUAL(run.resets[2].ts, 205'933);
  CAF_CHECK_EQUAL(run.resets[2].centre, 1000);
  CAF_CHECK_EQUAL(run.resets[3].ts, 217'698);
  CAF_CHECK_EQUAL(run.resets[3].centre, 1010);
  const auto& r = run.result;
  CAF_CHECK_EQUAL(r.fills, 3);
  CAF_CHECK_EQUAL(r.resets, 4);
  CAF_CHECK_EQUAL(r.trading_ts, 120'000);
  CAF_CHECK_EQUAL(r.end_ts, 240'000);
  // Bought 990, sold 1000 (+10), short 1 from 1010 marked at 1005 (+5).
  CAF_CHECK_EQUAL(r.realized.value, 10);
  CAF_CHECK_EQUAL(r.unrealized.value, 5);
  CAF_CHECK_EQUAL(r.net.value, 15);
  CAF_CHECK_EQUAL(r.volume.value, 3000);
  CAF_CHECK_EQUAL(r.final_position.value, -1);
  CAF_CHECK_EQUAL(r.max_abs_position.value, 1);
  // Long 1 from 990 at the 985 low: the only drawdown, 5.
  CAF_CHECK_EQUAL(r.max_drawdown.value, 5);
  CAF_CHECK_EQUAL(r.counters.guard_fallbacks, 0);
  CAF_CHECK_EQUAL(r.post_only_rejects, 0);
}

CAF_TEST(touch fill fills a level the path only reaches) {
  // The dip stops exactly at the 990 bid.
  auto t = test::candle_tape({
      candle(0, 1000, 1000, 1000, 1000),
      candle(60'000, 1000, 1000, 1000, 1000),
      candle(120'000, 1000, 1000, 990, 995),
  });
  recording through{t, test::plain_params()};
  CAF_CHECK_EQUAL(through.fills.size(), 0u);
  engine_options touch;
  touch.fill = fill_rule::touch;
  recording touched{t, test::plain_params(), touch};
  CAF_REQUIRE_EQUAL(touched.fills.size(), 1u);
  // 1000 @140000 -> 990 @160000 reaches 990 at the end of the segment.
  CAF_CHECK_EQUAL(touched.fills[0].ts, 160'000);
  CAF_CHECK_EQUAL(touched.fills[0].price, 990);
}

CAF_TEST(trades fill on the jump and the synthetic book follows the taker) {
  auto t = trade_tape({trade(0, 1000, true), trade(1'000, 1000, true),
                       trade(2'000, 1000, true), trade(3'000, 995, true),
                       trade(4'000, 985, true), trade(5'000, 975, true),
                       trade(6'000, 975, true)});
  auto p = test::plain_params();
  p.atr.bar_interval_ms = 1'000;
  recording run{t, p};
  CAF_REQUIRE(run.result.error.empty());
  // Warm-up: two 1 s bars; the first grid goes out at 2000 around 1000.
  CAF_REQUIRE_EQUAL(run.resets.size(), 3u);
  CAF_CHECK_EQUAL(run.resets[0].ts, 2'000);
  CAF_CHECK_EQUAL(run.resets[0].centre, 1000);
  CAF_REQUIRE_EQUAL(run.fills.size(), 2u);
  CAF_CHECK_EQUAL(run.fills[0].ts, 4'000); // 985 trades through 990
  CAF_CHECK_EQUAL(run.fills[0].price, 990);
  CAF_CHECK_EQUAL(run.resets[1].ts, 4'050);
  CAF_CHECK_EQUAL(run.resets[1].centre, 990);
  // The new 980 rests from 4300 (the old 980 was cancelled at 4200).
  CAF_CHECK_EQUAL(run.fills[1].ts, 5'000);
  CAF_CHECK_EQUAL(run.fills[1].price, 980);
  CAF_CHECK_EQUAL(run.resets[2].ts, 5'050);
  CAF_CHECK_EQUAL(run.resets[2].centre, 980);
  CAF_CHECK_EQUAL(run.result.final_position.value, 2);
}

CAF_TEST(an old order fills until its cancel lands and crossing orders are
             rejected) {
  auto t = trade_tape({trade(0, 1000, true), trade(1'000, 1000, true),
                       trade(2'000, 1000, true), trade(3'000, 985, true),
                       trade(3'100, 975, true), trade(3'160, 1001, false),
                       trade(4'000, 1001, false)});
  auto p = test::plain_params();
  p.atr.bar_interval_ms = 1'000;
  // The timeline below is laid out for a 100 ms cancel latency (the
  // standard tier's default is now 200 ms).
  engine_options o;
  o.latency.cancel_delay_ms = 100;
  recording run{t, p, o};
  CAF_REQUIRE(run.result.error.empty());
  CAF_REQUIRE_EQUAL(run.fills.size(), 2u);
  CAF_CHECK_EQUAL(run.fills[0].ts, 3'000);
  CAF_CHECK_EQUAL(run.fills[0].price, 990);
  // Grid 2 was sent at 3050, but grid 1's 980 is live until 3200.
  CAF_CHECK_EQUAL(run.fills[1].ts, 3'100);
  CAF_CHECK_EQUAL(run.fills[1].price, 980);
  CAF_REQUIRE_EQUAL(run.resets.size(), 3u);
  CAF_CHECK_EQUAL(run.resets[1].ts, 3'050);
  CAF_CHECK_EQUAL(run.resets[2].ts, 3'150);
  CAF_CHECK_EQUAL(run.resets[2].centre, 980);
  // Grid 3 (asks 990 and 1000) reaches the book at 3400, after the market
  // jumped to 1000/1001: both asks would cross, post-only rejects them.
  CAF_CHECK_EQUAL(run.result.post_only_rejects, 2);
  auto i = static_cast<std::size_t>(strategy::reject_class::post_only_cross);
  CAF_CHECK_EQUAL(run.result.counters.rejects[i], 2);
}

CAF_TEST(no second grid goes out before the first reset is done) {
  // Zero latency except the round trip: every fill still waits for
  // reset_done, so resets never overlap.
  auto spec = test::btc_spec();
  auto t = test::load_sample(test::btc_candles, spec);
  std::vector<int64_t> times;
  run_hooks h;
  h.on_reset = [&](const reset_info& r) { times.push_back(r.ts); };
  engine_options o;
  auto r = run_backtest(t, spec, test::btc_params(), o, h);
  CAF_REQUIRE(r.error.empty());
  CAF_REQUIRE(times.size() > 100u);
  for (std::size_t i = 1; i < times.size(); ++i)
    CAF_CHECK(times[i] - times[i - 1] >= o.latency.reset_rtt_ms);
}

CAF_TEST(the run stops with an error when the data ends during warm up) {
  auto t = test::candle_tape({candle(0, 1000, 1000, 1000, 1000)});
  auto r = run_backtest(t, test::unit_spec(), test::plain_params(), {});
  CAF_CHECK(!r.error.empty());
  CAF_CHECK_EQUAL(r.resets, 0);
}
