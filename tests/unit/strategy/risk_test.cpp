#define CAF_SUITE risk
#include "caf/test/unit_test.hpp"

#include "strategy/balance_check.hpp"
#include "strategy/drawdown_stop.hpp"
#include "strategy/position_limit.hpp"
#include "strategy/reset_limiter.hpp"
#include "strategy/volatility_breaker.hpp"

#include <limits>

using namespace trailgrid::strategy;

CAF_TEST(within the position limit both sides are quoted) {
  position_limit l{qty_lots{100}};
  CAF_CHECK(l.sides(qty_lots{0}).bids && l.sides(qty_lots{0}).asks);
  CAF_CHECK(l.sides(qty_lots{99}).bids && l.sides(qty_lots{99}).asks);
  CAF_CHECK(l.sides(qty_lots{-99}).bids && l.sides(qty_lots{-99}).asks);
}

CAF_TEST(at or beyond the position limit only the reducing side is quoted) {
  position_limit l{qty_lots{100}};
  CAF_CHECK(!l.sides(qty_lots{100}).bids);
  CAF_CHECK(l.sides(qty_lots{100}).asks);
  CAF_CHECK(!l.sides(qty_lots{150}).bids);
  CAF_CHECK(l.sides(qty_lots{150}).asks);
  CAF_CHECK(l.sides(qty_lots{-100}).bids);
  CAF_CHECK(!l.sides(qty_lots{-100}).asks);
}

CAF_TEST(a zero position limit is off) {
  position_limit l{qty_lots{0}};
  CAF_CHECK(l.sides(qty_lots{1'000'000}).bids);
  CAF_CHECK(l.sides(qty_lots{-1'000'000}).asks);
}

CAF_TEST(the breaker trips above trip and resumes only below resume) {
  volatility_breaker b{20'000, 12'000};
  CAF_CHECK(b.update(15'000) == breaker_transition::none);
  CAF_CHECK(b.update(20'000) == breaker_transition::none); // not above
  CAF_CHECK(!b.tripped());
  CAF_CHECK(b.update(20'001) == breaker_transition::tripped);
  CAF_CHECK(b.tripped());
  CAF_CHECK(b.update(25'000) == breaker_transition::none);
  // Between the thresholds it stays paused.
  CAF_CHECK(b.update(15'000) == breaker_transition::none);
  CAF_CHECK(b.update(12'000) == breaker_transition::none); // not below
  CAF_CHECK(b.tripped());
  CAF_CHECK(b.update(11'999) == breaker_transition::resumed);
  CAF_CHECK(!b.tripped());
  // Between the thresholds it stays quoting as well.
  CAF_CHECK(b.update(19'000) == breaker_transition::none);
  CAF_CHECK(!b.tripped());
  CAF_CHECK(b.update(30'000) == breaker_transition::tripped);
}

CAF_TEST(a breaker with a zero trip level never trips) {
  volatility_breaker b{0, 0};
  CAF_CHECK(b.update(1'000'000) == breaker_transition::none);
  CAF_CHECK(!b.tripped());
}

CAF_TEST(the reset limiter starts full and charges each reset its tx count) {
  reset_limiter l{60, 60};
  CAF_CHECK_EQUAL(l.tokens(0), 60);
  CAF_CHECK(l.try_acquire(20, 0));
  CAF_CHECK(l.try_acquire(30, 0));
  CAF_CHECK_EQUAL(l.tokens(0), 10);
  CAF_CHECK(!l.try_acquire(22, 0));
  CAF_CHECK_EQUAL(l.tokens(0), 10); // a failed attempt takes nothing
}

CAF_TEST(the reset limiter says exactly when the next reset may go) {
  reset_limiter l{60, 60}; // one token per second
  CAF_CHECK(l.try_acquire(50, 0));
  CAF_CHECK_EQUAL(l.ready_at(22, 0), 12'000);
  CAF_CHECK_EQUAL(l.ready_at(10, 0), 0);
  CAF_CHECK(!l.try_acquire(22, 11'999));
  CAF_CHECK_EQUAL(l.ready_at(22, 11'999), 12'000);
  CAF_CHECK(l.try_acquire(22, 12'000));
  CAF_CHECK_EQUAL(l.tokens(12'000), 0);
}

CAF_TEST(the reset limiter refills only up to its capacity) {
  reset_limiter l{60, 60};
  CAF_CHECK(l.try_acquire(60, 0));
  CAF_CHECK_EQUAL(l.tokens(30'500), 30);
  CAF_CHECK_EQUAL(l.tokens(1'000'000), 60);
}

CAF_TEST(a reset costing more than the capacity waits for a full bucket) {
  reset_limiter l{60, 60};
  CAF_CHECK(l.try_acquire(1, 0));
  CAF_CHECK(!l.try_acquire(100, 0));
  CAF_CHECK_EQUAL(l.ready_at(100, 0), 1'000);
  CAF_CHECK(l.try_acquire(100, 1'000));
  CAF_CHECK_EQUAL(l.tokens(1'000), 0);
}

CAF_TEST(forced cancels put the reset limiter into debt) {
  reset_limiter l{10, 60};
  l.force(25, 0);
  CAF_CHECK_EQUAL(l.tokens(0), -15);
  CAF_CHECK_EQUAL(l.ready_at(1, 0), 16'000);
}

CAF_TEST(a reset limiter without refill never becomes ready again) {
  reset_limiter l{10, 0};
  CAF_CHECK(l.try_acquire(10, 0));
  CAF_CHECK_EQUAL(l.ready_at(1, 5'000), std::numeric_limits<int64_t>::max());
}

CAF_TEST(the drawdown stop measures from the session peak not the start) {
  drawdown_stop d{quote_units{1'000}};
  CAF_CHECK(!d.update(quote_units{0}));
  CAF_CHECK(!d.update(quote_units{5'000}));
  CAF_CHECK_EQUAL(d.peak().value, 5'000);
  CAF_CHECK(!d.update(quote_units{4'001}));
  // Still 4000 above the start, but 1000 below the peak.
  CAF_CHECK(d.update(quote_units{4'000}));
  CAF_CHECK(d.update(quote_units{9'000})); // stays tripped
  d.rearm(quote_units{4'000});
  CAF_CHECK(!d.tripped());
  CAF_CHECK_EQUAL(d.peak().value, 4'000);
  CAF_CHECK(d.update(quote_units{3'000}));
}

CAF_TEST(the drawdown stop trips on a loss from the start too) {
  drawdown_stop d{quote_units{1'000}};
  CAF_CHECK(!d.update(quote_units{-999}));
  CAF_CHECK(d.update(quote_units{-1'000}));
}

CAF_TEST(a zero drawdown limit never trips) {
  drawdown_stop d{quote_units{0}};
  CAF_CHECK(!d.update(quote_units{-1'000'000'000}));
}

namespace {

// bids 990, 980; asks 1010, 1020; 10 lots each: notionals 9900, 9800,
// 10100, 10200 (sum 40000).
grid_plan four_levels() {
  grid_plan p;
  p.centre = price_ticks{1'000};
  p.levels = {{side::bid, price_ticks{990}, qty_lots{10}},
              {side::bid, price_ticks{980}, qty_lots{10}},
              {side::ask, price_ticks{1'010}, qty_lots{10}},
              {side::ask, price_ticks{1'020}, qty_lots{10}}};
  return p;
}

} // namespace

CAF_TEST(required margin is notional over leverage rounded up) {
  CAF_CHECK_EQUAL(required_margin(four_levels(), 5'000'000).value, 8'000);
  CAF_CHECK_EQUAL(required_margin(four_levels(), 3'000'000).value, 13'334);
  CAF_CHECK_EQUAL(required_margin(four_levels(), 0).value, 40'000);
}

CAF_TEST(enough balance keeps every level) {
  auto p = four_levels();
  CAF_CHECK_EQUAL(trim_to_balance(p, quote_units{8'000}, 5'000'000), 0u);
  CAF_CHECK_EQUAL(p.levels.size(), 4u);
}

CAF_TEST(a short balance trims levels from the outside in) {
  auto p = four_levels();
  // Tie 2 vs 2: the outer ask (10200) outweighs the outer bid (9800).
  CAF_CHECK_EQUAL(trim_to_balance(p, quote_units{7'999}, 5'000'000), 1u);
  CAF_REQUIRE_EQUAL(p.levels.size(), 3u);
  CAF_CHECK_EQUAL(p.levels[2].price.value, 1'010);

  auto q = four_levels();
  // Then the bid side has more levels: 980 goes; then the tie 990 vs 1010.
  CAF_CHECK_EQUAL(trim_to_balance(q, quote_units{3'000}, 5'000'000), 3u);
  CAF_REQUIRE_EQUAL(q.levels.size(), 1u);
  CAF_CHECK_EQUAL(q.levels[0].price.value, 990);
  CAF_CHECK(q.levels[0].side == side::bid);

  auto r = four_levels();
  CAF_CHECK_EQUAL(trim_to_balance(r, quote_units{0}, 5'000'000), 4u);
  CAF_CHECK(r.levels.empty());
}
