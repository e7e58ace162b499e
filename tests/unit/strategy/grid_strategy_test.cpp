#define CAF_SUITE grid_strategy
#include "caf/test/unit_test.hpp"

#include "strategy/grid_strategy.hpp"

#include <string>
#include <vector>

using namespace trailgrid::strategy;

namespace {

// Tick 1, lot 1; 2 levels a side of 100 lots; ATR 4000 ppm x 0.5 = 0.2 %
// spacing; book 99990 / 100010 (mid 100000). Skew, position limit, drawdown
// and balance checks are off unless a test turns them on; the token bucket is
// big enough not to matter unless a test shrinks it.
strategy_params test_params() {
  strategy_params p;
  p.grid.levels_per_side = 2;
  p.grid.order_size = qty_lots{100};
  p.skew.enabled = false;
  p.risk.tx_bucket_capacity = 1'000;
  p.risk.tx_refill_per_minute = 60'000;
  return p;
}

constexpr ppm atr = 4'000;

top_of_book_event book(int64_t bid, int64_t ask, int64_t ts) {
  return {price_ticks{bid}, price_ticks{ask}, ts};
}

fill_event fill(side s, int64_t price, int64_t qty, int64_t ts,
                bool done = true) {
  fill_event e;
  e.side = s;
  e.price = price_ticks{price};
  e.qty = qty_lots{qty};
  e.ts = ts;
  e.order_done = done;
  return e;
}

std::vector<int64_t> prices(const grid_plan& plan, side s) {
  std::vector<int64_t> out;
  for (const auto& l : plan.levels)
    if (l.side == s) out.push_back(l.price.value);
  return out;
}

std::vector<int64_t> sizes(const grid_plan& plan, side s) {
  std::vector<int64_t> out;
  for (const auto& l : plan.levels)
    if (l.side == s) out.push_back(l.qty.value);
  return out;
}

template <class T>
std::size_t count(const command_buffer& cmds) {
  std::size_t n = 0;
  for (const auto& c : cmds)
    n += std::holds_alternative<T>(c) ? 1 : 0;
  return n;
}

// The only replace_grid of `cmds` (test fails if there is not exactly one).
replace_grid_command only_replace(const command_buffer& cmds) {
  CAF_REQUIRE_EQUAL(count<replace_grid_command>(cmds), 1u);
  for (const auto& c : cmds)
    if (auto r = std::get_if<replace_grid_command>(&c)) return *r;
  return {};
}

std::string state_of(const grid_strategy& s) {
  return std::string{to_string(s.state())};
}

using v = std::vector<int64_t>;

// A strategy that has sent its start grid (reset 1) and got reset_done.
struct started {
  grid_strategy uut;
  explicit started(const strategy_params& p = test_params())
      : uut(market_spec{}, p) {
    uut.on_top_of_book(book(99'990, 100'010, 0));
    uut.on_volatility({atr, 0});
    uut.on_reset_done({1, 0});
  }
};

} // namespace

CAF_TEST(no grid before a volatility value is known) {
  grid_strategy uut{market_spec{}, test_params()};
  CAF_CHECK(uut.on_top_of_book(book(99'990, 100'010, 0)).empty());
  CAF_CHECK_EQUAL(state_of(uut), "warming_up");
  auto cmd = only_replace(uut.on_volatility({atr, 10}));
  CAF_CHECK(cmd.why == reset_reason::start);
  CAF_CHECK_EQUAL(cmd.ts, 10);
}

CAF_TEST(no grid before a two sided top of book exists) {
  grid_strategy uut{market_spec{}, test_params()};
  CAF_CHECK(uut.on_volatility({atr, 0}).empty());
  CAF_CHECK(uut.on_top_of_book(book(99'990, 0, 1)).empty());
  CAF_CHECK_EQUAL(state_of(uut), "warming_up");
  CAF_CHECK_EQUAL(
      count<replace_grid_command>(uut.on_top_of_book(book(99'990, 100'010, 2))),
      1u);
}

CAF_TEST(the start grid centres on the market mid with exact levels) {
  grid_strategy uut{market_spec{}, test_params()};
  uut.on_top_of_book(book(99'990, 100'010, 0));
  auto cmd = only_replace(uut.on_volatility({atr, 0}));
  CAF_CHECK_EQUAL(cmd.reset_id, 1u);
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'000);
  CAF_CHECK_EQUAL(cmd.plan.spacing, 2'000);
  // filled_price has no fill yet: the market mid is used, and says so.
  CAF_CHECK(cmd.source == mid_price_source::market_mid);
  CAF_CHECK(cmd.source_fallback);
  CAF_CHECK(!cmd.guard_fallback);
  CAF_CHECK_EQUAL(prices(cmd.plan, side::bid), v({99'800, 99'600}));
  CAF_CHECK_EQUAL(prices(cmd.plan, side::ask), v({100'200, 100'400}));
  CAF_CHECK_EQUAL(sizes(cmd.plan, side::bid), v({100, 100}));
  CAF_CHECK_EQUAL(state_of(uut), "reset_in_flight");
  CAF_CHECK_EQUAL(uut.in_flight_reset_id(), 1u);
  uut.on_reset_done({1, 5});
  CAF_CHECK_EQUAL(state_of(uut), "quoting");
  CAF_CHECK_EQUAL(uut.last_centre().value, 100'000);
  CAF_CHECK_EQUAL(uut.last_spacing(), 2'000);
  CAF_CHECK_EQUAL(uut.counters().resets, 1);
  CAF_CHECK_EQUAL(uut.counters().source_fallbacks, 1);
}

CAF_TEST(every fill produces exactly one replace centred on the fill) {
  started s;
  auto cmd = only_replace(s.uut.on_fill(fill(side::ask, 100'200, 100, 1)));
  CAF_CHECK(cmd.why == reset_reason::fill);
  CAF_CHECK_EQUAL(cmd.reset_id, 2u);
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'200);
  CAF_CHECK(cmd.source == mid_price_source::filled_price);
  CAF_CHECK(!cmd.source_fallback);
  CAF_CHECK(!cmd.guard_fallback);
  // 100200 x 0.998 = 99999.6 -> 99999; x 0.996 = 99799.2 -> 99799;
  // x 1.002 = 100400.4 -> 100401; x 1.004 = 100600.8 -> 100601.
  CAF_CHECK_EQUAL(prices(cmd.plan, side::bid), v({99'999, 99'799}));
  CAF_CHECK_EQUAL(prices(cmd.plan, side::ask), v({100'401, 100'601}));
  // No cooldown: the next fill right after reset_done resets again.
  s.uut.on_reset_done({2, 2});
  auto next = only_replace(s.uut.on_fill(fill(side::bid, 99'999, 100, 3)));
  CAF_CHECK_EQUAL(next.plan.centre.value, 99'999);
  CAF_CHECK_EQUAL(s.uut.counters().resets, 3);
  CAF_CHECK_EQUAL(s.uut.counters().fills, 2);
  CAF_CHECK_EQUAL(s.uut.pnl().position().value, 0);
}

CAF_TEST(fills during an in flight reset coalesce into one follow up reset) {
  started s;
  only_replace(s.uut.on_fill(fill(side::bid, 99'800, 100, 1))); // reset 2
  CAF_CHECK(s.uut.on_fill(fill(side::ask, 100'000, 100, 2)).empty());
  CAF_CHECK(s.uut.on_fill(fill(side::bid, 99'850, 100, 3)).empty());
  CAF_CHECK(s.uut.on_fill(fill(side::bid, 99'900, 100, 4)).empty());
  CAF_CHECK(s.uut.reset_pending());
  CAF_CHECK_EQUAL(s.uut.pnl().position().value, 200); // none was dropped
  // A stale or foreign reset_done does not release the in-flight reset.
  CAF_CHECK(s.uut.on_reset_done({1, 5}).empty());
  auto cmd = only_replace(s.uut.on_reset_done({2, 6}));
  CAF_CHECK(cmd.why == reset_reason::fill);
  CAF_CHECK_EQUAL(cmd.reset_id, 3u);
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 99'900); // the last fill
  CAF_CHECK_EQUAL(cmd.ts, 6);
  CAF_CHECK(!s.uut.reset_pending());
  CAF_CHECK(s.uut.on_reset_done({3, 7}).empty());
  CAF_CHECK_EQUAL(s.uut.counters().fills, 4);
  CAF_CHECK_EQUAL(s.uut.counters().coalesced_fills, 2);
  CAF_CHECK_EQUAL(s.uut.counters().resets, 3);
}

CAF_TEST(an empty token bucket defers the reset until a timer at ready time) {
  auto p = test_params();
  p.risk.tx_bucket_capacity = 8;
  p.risk.tx_refill_per_minute = 60; // one token per second
  grid_strategy uut{market_spec{}, p};
  uut.on_top_of_book(book(99'990, 100'010, 0));
  only_replace(uut.on_volatility({atr, 0})); // costs 4 creates: 4 left
  for (int64_t i = 1; i <= 4; ++i)
    uut.on_order_accepted({i, 0});
  uut.on_reset_done({1, 0});
  CAF_CHECK_EQUAL(uut.live_orders(), 4);
  // At 1000: 5 tokens; the reset needs 3 cancels + 4 creates = 7.
  CAF_CHECK(uut.on_fill(fill(side::ask, 100'200, 100, 1'000)).empty());
  CAF_CHECK(uut.reset_pending());
  CAF_CHECK_EQUAL(uut.counters().deferred_resets, 1);
  CAF_CHECK_EQUAL(uut.next_timer().value_or(-1), 3'000);
  // Another fill while deferred coalesces; nothing goes before 3000.
  CAF_CHECK(uut.on_fill(fill(side::bid, 100'000, 100, 2'000)).empty());
  CAF_CHECK(uut.on_top_of_book(book(99'990, 100'010, 2'500)).empty());
  CAF_CHECK(uut.on_timer({2'999}).empty());
  auto cmd = only_replace(uut.on_timer({3'000}));
  CAF_CHECK(cmd.why == reset_reason::fill);
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'000);
  CAF_CHECK_EQUAL(cmd.ts, 3'000);
  CAF_CHECK_EQUAL(uut.counters().deferred_resets, 1);
  CAF_CHECK_EQUAL(uut.counters().coalesced_fills, 1);
  CAF_CHECK_EQUAL(uut.counters().resets, 2);
}

CAF_TEST(order events keep the live order count) {
  started s;
  for (int64_t i = 1; i <= 4; ++i)
    s.uut.on_order_accepted({i, 1});
  s.uut.on_order_cancelled({1, 2});
  s.uut.on_order_rejected({9, reject_class::post_only_cross, 2});
  CAF_CHECK_EQUAL(s.uut.live_orders(), 3);
  CAF_CHECK_EQUAL(
      s.uut.counters()
          .rejects[static_cast<std::size_t>(reject_class::post_only_cross)],
      1);
  s.uut.on_fill(fill(side::bid, 99'800, 50, 3, false)); // partial: still live
  CAF_CHECK_EQUAL(s.uut.live_orders(), 3);
  s.uut.on_reset_done({2, 3});
  s.uut.on_fill(fill(side::bid, 99'600, 50, 4, true));
  CAF_CHECK_EQUAL(s.uut.live_orders(), 2);
}

CAF_TEST(the sanity guard centres a crossing fill grid on the market mid) {
  started s;
  auto cmd = only_replace(s.uut.on_fill(fill(side::bid, 99'700, 100, 1)));
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'000);
  CAF_CHECK(cmd.source == mid_price_source::market_mid);
  CAF_CHECK(cmd.guard_fallback);
  CAF_CHECK(!cmd.source_fallback);
  CAF_CHECK_EQUAL(s.uut.counters().guard_fallbacks, 1);
}

CAF_TEST(the configured centre source is used for fill resets) {
  auto p = test_params();
  p.grid.centre_source = mid_price_source::last_price;
  started s{p};
  s.uut.on_trade({price_ticks{100'004}, qty_lots{1}, 1});
  auto cmd = only_replace(s.uut.on_fill(fill(side::ask, 100'200, 100, 2)));
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'004);
  CAF_CHECK(cmd.source == mid_price_source::last_price);
}

CAF_TEST(beyond the position limit only the reducing side is quoted) {
  auto p = test_params();
  p.risk.max_position = qty_lots{100};
  started s{p};
  auto cmd = only_replace(s.uut.on_fill(fill(side::bid, 99'800, 100, 1)));
  CAF_CHECK_EQUAL(prices(cmd.plan, side::bid), v{});
  // 99800 x 1.002 = 99999.6 -> 100000; x 1.004 = 100199.2 -> 100200.
  CAF_CHECK_EQUAL(prices(cmd.plan, side::ask), v({100'000, 100'200}));
  CAF_CHECK_EQUAL(s.uut.counters().limited_resets, 1);
  s.uut.on_reset_done({2, 1});
  auto back = only_replace(s.uut.on_fill(fill(side::ask, 100'000, 50, 2)));
  CAF_CHECK_EQUAL(back.plan.count(side::bid), 2u);
  CAF_CHECK_EQUAL(back.plan.count(side::ask), 2u);
}

CAF_TEST(inventory skew sizes the grid against the position) {
  auto p = test_params();
  p.skew.enabled = true;
  p.risk.max_position = qty_lots{1'000};
  started s{p};
  auto cmd = only_replace(s.uut.on_fill(fill(side::bid, 99'900, 500, 1)));
  CAF_CHECK_EQUAL(sizes(cmd.plan, side::bid), v({75, 75}));
  CAF_CHECK_EQUAL(sizes(cmd.plan, side::ask), v({125, 125}));
}

CAF_TEST(the breaker pulls orders and resumes only below the resume level) {
  started s;
  const auto& trip = s.uut.on_volatility({20'001, 1});
  CAF_CHECK_EQUAL(trip.size(), 1u);
  CAF_CHECK_EQUAL(count<cancel_all_command>(trip), 1u);
  CAF_CHECK_EQUAL(state_of(s.uut), "paused_breaker");
  CAF_CHECK_EQUAL(s.uut.counters().breaker_trips, 1);
  // A fill while paused is booked but quotes nothing.
  CAF_CHECK(s.uut.on_fill(fill(side::bid, 99'800, 100, 2)).empty());
  CAF_CHECK_EQUAL(s.uut.pnl().position().value, 100);
  CAF_CHECK(s.uut.on_volatility({15'000, 3}).empty());
  CAF_CHECK(s.uut.on_volatility({12'000, 4}).empty());
  CAF_CHECK(s.uut.on_timer({5}).empty());
  CAF_CHECK_EQUAL(state_of(s.uut), "paused_breaker");
  auto cmd = only_replace(s.uut.on_volatility({11'999, 6}));
  CAF_CHECK(cmd.why == reset_reason::resume);
  CAF_CHECK_EQUAL(cmd.plan.spacing, 5'000); // 11999 x 0.5 -> 6000, capped
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'000);
  CAF_CHECK_EQUAL(state_of(s.uut), "reset_in_flight");
}

CAF_TEST(a breaker trip during an in flight reset resumes after reset done) {
  grid_strategy uut{market_spec{}, test_params()};
  uut.on_top_of_book(book(99'990, 100'010, 0));
  only_replace(uut.on_volatility({atr, 0})); // reset 1 in flight
  CAF_CHECK_EQUAL(count<cancel_all_command>(uut.on_volatility({30'000, 1})),
                  1u);
  CAF_CHECK(uut.on_volatility({10'000, 2}).empty()); // waits for reset 1
  auto cmd = only_replace(uut.on_reset_done({1, 3}));
  CAF_CHECK(cmd.why == reset_reason::resume);
  CAF_CHECK_EQUAL(cmd.reset_id, 2u);
}

CAF_TEST(the drawdown stop halts when equity falls from its peak) {
  auto p = test_params();
  p.risk.max_drawdown = quote_units{15'000};
  started s{p};
  // Long 100 at 99800; marked at the mid 100000: equity 20000 (the peak).
  only_replace(s.uut.on_fill(fill(side::bid, 99'800, 100, 1)));
  s.uut.on_reset_done({2, 1});
  CAF_CHECK_EQUAL(s.uut.equity().value, 20'000);
  CAF_CHECK(s.uut.on_mark_price({price_ticks{99'860}, 2}).empty());
  CAF_CHECK_EQUAL(s.uut.equity().value, 6'000);
  // Equity 5000 is still above the start, but 15000 below the peak.
  const auto& cmds = s.uut.on_mark_price({price_ticks{99'850}, 3});
  CAF_REQUIRE_EQUAL(cmds.size(), 2u);
  CAF_CHECK(std::get<cancel_all_command>(cmds[0]).why == cancel_reason::halt);
  CAF_CHECK(std::get<halt_command>(cmds[1]).why == halt_reason::drawdown);
  CAF_CHECK_EQUAL(state_of(s.uut), "halted");
  CAF_CHECK_EQUAL(s.uut.counters().drawdown_stops, 1);
  CAF_CHECK_EQUAL(s.uut.peak_equity().value, 20'000);
  CAF_CHECK(s.uut.on_fill(fill(side::ask, 100'000, 50, 4)).empty());
  CAF_CHECK(s.uut.on_mark_price({price_ticks{90'000}, 5}).empty());
}

CAF_TEST(the kill switch halts and a resume rebuilds the grid) {
  started s;
  const auto& h = s.uut.on_halt_request({1, halt_reason::operator_request});
  CAF_REQUIRE_EQUAL(h.size(), 2u);
  CAF_CHECK(std::holds_alternative<cancel_all_command>(h[0]));
  CAF_CHECK(std::get<halt_command>(h[1]).why == halt_reason::operator_request);
  CAF_CHECK_EQUAL(state_of(s.uut), "halted");
  CAF_CHECK(s.uut.on_fill(fill(side::bid, 99'800, 100, 2)).empty());
  CAF_CHECK(s.uut.on_top_of_book(book(99'990, 100'010, 3)).empty());
  const auto& r = s.uut.on_resume_request({4});
  CAF_REQUIRE_EQUAL(r.size(), 2u);
  CAF_CHECK(std::holds_alternative<resume_command>(r[0]));
  auto cmd = std::get<replace_grid_command>(r[1]);
  CAF_CHECK(cmd.why == reset_reason::resume);
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'000);
  CAF_CHECK(s.uut.on_resume_request({5}).empty()); // not halted any more
}

CAF_TEST(the grid trails a sustained move after the dwell time only) {
  started s; // grid 99600..100400, step 200: outside < 99400 or > 100600
  CAF_CHECK(s.uut.on_top_of_book(book(100'700, 100'710, 1'000)).empty());
  CAF_CHECK_EQUAL(s.uut.next_timer().value_or(-1), 31'000);
  CAF_CHECK(s.uut.on_top_of_book(book(100'700, 100'710, 30'999)).empty());
  CAF_CHECK(s.uut.on_timer({30'999}).empty());
  auto cmd = only_replace(s.uut.on_timer({31'000}));
  CAF_CHECK(cmd.why == reset_reason::trailing);
  CAF_CHECK_EQUAL(cmd.plan.centre.value, 100'705);
  CAF_CHECK_EQUAL(s.uut.counters().trailing_shifts, 1);
  CAF_CHECK(!s.uut.next_timer());
}

// Regression: next_timer() kept returning a passed trailing deadline while a
// deferred reset waited, so a driver delivering timers looped forever.
CAF_TEST(a waiting reset hides the trailing deadline from next timer) {
  auto p = test_params();
  p.risk.tx_bucket_capacity = 4; // the start grid empties the bucket
  p.risk.tx_refill_per_minute = 1;
  started s{p};
  CAF_CHECK(s.uut.on_top_of_book(book(100'700, 100'710, 1'000)).empty());
  CAF_CHECK_EQUAL(s.uut.next_timer().value_or(-1), 31'000);
  CAF_CHECK(s.uut.on_fill(fill(side::ask, 100'400, 100, 20'000)).empty());
  auto next = s.uut.next_timer();
  CAF_REQUIRE(next.has_value());
  CAF_CHECK_GREATER(*next, 31'000);
  CAF_CHECK(s.uut.on_timer({31'000}).empty());
  CAF_CHECK_EQUAL(s.uut.next_timer().value_or(-1), *next);
  auto cmd = only_replace(s.uut.on_timer({*next}));
  CAF_CHECK(cmd.why == reset_reason::fill);
}

CAF_TEST(a price returning inside the grid cancels the trailing shift) {
  started s;
  CAF_CHECK(s.uut.on_top_of_book(book(99'300, 99'310, 1'000)).empty());
  CAF_CHECK(s.uut.on_top_of_book(book(99'990, 100'010, 20'000)).empty());
  CAF_CHECK(!s.uut.next_timer());
  CAF_CHECK(s.uut.on_timer({31'000}).empty());
}

CAF_TEST(a short balance trims the grid from the outside) {
  auto p = test_params();
  p.risk.margin_leverage = 1'000'000; // 1x: margin = notional
  grid_strategy uut{market_spec{}, p};
  // Each level is ~10M quote units; room for three levels.
  uut.on_balance({quote_units{31'000'000}, 0});
  uut.on_top_of_book(book(99'990, 100'010, 0));
  auto cmd = only_replace(uut.on_volatility({atr, 0}));
  CAF_CHECK_EQUAL(prices(cmd.plan, side::bid), v({99'800, 99'600}));
  CAF_CHECK_EQUAL(prices(cmd.plan, side::ask), v({100'200}));
  CAF_CHECK_EQUAL(uut.counters().levels_trimmed, 1);
}

CAF_TEST(events dispatch through the event variant) {
  grid_strategy uut{market_spec{}, test_params()};
  uut.on_event(strategy_event{book(99'990, 100'010, 0)});
  const auto& cmds = uut.on_event(strategy_event{volatility_event{atr, 0}});
  CAF_CHECK_EQUAL(count<replace_grid_command>(cmds), 1u);
  CAF_CHECK_EQUAL(state_of(uut), "reset_in_flight");
}

CAF_TEST(a fill that breaches the drawdown halts instead of resetting) {
  auto p = test_params();
  p.risk.max_drawdown = quote_units{15'000};
  started s{p};
  only_replace(s.uut.on_fill(fill(side::bid, 99'800, 100, 1))); // peak 20000
  s.uut.on_reset_done({2, 1});
  // Selling at 99600 realises -20000: 40000 below the peak.
  const auto& cmds = s.uut.on_fill(fill(side::ask, 99'600, 100, 2));
  CAF_CHECK_EQUAL(cmds.size(), 2u);
  CAF_CHECK_EQUAL(count<replace_grid_command>(cmds), 0u);
  CAF_CHECK_EQUAL(count<halt_command>(cmds), 1u);
  CAF_CHECK_EQUAL(s.uut.pnl().realised().value, -20'000);
  // Resuming measures drawdown afresh from the equity at the resume.
  auto r = s.uut.on_resume_request({3});
  CAF_CHECK_EQUAL(count<replace_grid_command>(r), 1u);
  CAF_CHECK_EQUAL(s.uut.peak_equity().value, -20'000);
  CAF_CHECK_EQUAL(state_of(s.uut), "reset_in_flight");
}
