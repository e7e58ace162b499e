#define CAF_SUITE display
#include "caf/test/unit_test.hpp"

#include "actors/display.hpp"
#include "actors/grid_convert.hpp"

using namespace trailgrid::actors;
namespace s = trailgrid::strategy;

CAF_TEST(grouped numbers put a comma every three integer digits) {
  CAF_CHECK_EQUAL(format_grouped(985'000, 1), "98,500.0");
  CAF_CHECK_EQUAL(format_grouped(123, 0), "123");
  CAF_CHECK_EQUAL(format_grouped(1'234, 0), "1,234");
  CAF_CHECK_EQUAL(format_grouped(-1'234'567, 2), "-12,345.67");
  CAF_CHECK_EQUAL(format_grouped(5, 3), "0.005");
  CAF_CHECK_EQUAL(format_grouped(100'000'000, 0), "100,000,000");
}

CAF_TEST(ppm show as a percentage with two decimals rounded half away) {
  CAF_CHECK_EQUAL(format_ppm_percent(1'800), "0.18 %");
  CAF_CHECK_EQUAL(format_ppm_percent(1'850), "0.19 %");
  CAF_CHECK_EQUAL(format_ppm_percent(1'849), "0.18 %");
  CAF_CHECK_EQUAL(format_ppm_percent(-1'850), "-0.19 %");
  CAF_CHECK_EQUAL(format_ppm_percent(0), "0.00 %");
  CAF_CHECK_EQUAL(format_ppm_percent(20'000), "2.00 %");
}

CAF_TEST(the reset line names centre source spacing and levels) {
  s::replace_grid_command c;
  c.reset_id = 412;
  c.plan.centre = s::price_ticks{985'000};
  c.plan.spacing = 1'800;
  for (int i = 0; i < 10; ++i) {
    c.plan.levels.push_back({s::side::bid, s::price_ticks{984'000 - i}, {}});
    c.plan.levels.push_back({s::side::ask, s::price_ticks{986'000 + i}, {}});
  }
  c.source = s::mid_price_source::filled_price;
  CAF_CHECK_EQUAL(reset_line(c, 1), "reset #412: centre 98,500.0 "
                                    "(filled_price), spacing 0.18 %, 10+10 "
                                    "levels");
  c.source = s::mid_price_source::market_mid;
  c.guard_fallback = true;
  c.plan.levels.resize(3); // a position-limited, one-sided grid
  CAF_CHECK_EQUAL(reset_line(c, 1), "reset #412: centre 98,500.0 "
                                    "(market_mid), spacing 0.18 %, 2+1 "
                                    "levels, guard fallback");
}

CAF_TEST(exchange reject classes map onto the strategy classes) {
  using m = trailgrid::messages::reject_class;
  CAF_CHECK(to_strategy(m::post_only_cross) ==
            s::reject_class::post_only_cross);
  CAF_CHECK(to_strategy(m::insufficient_margin) ==
            s::reject_class::insufficient_margin);
  CAF_CHECK(to_strategy(m::rate_limited) == s::reject_class::rate_limited);
  CAF_CHECK(to_strategy(m::invalid_amount) == s::reject_class::invalid_order);
  CAF_CHECK(to_strategy(m::invalid_nonce) == s::reject_class::other);
  CAF_CHECK(to_strategy(m::expired) == s::reject_class::other);
}

CAF_TEST(a fill with size left is not the end of its order) {
  trailgrid::messages::fill f;
  f.remaining = s::qty_lots{40};
  CAF_CHECK(!to_event(f, 5).order_done);
  f.remaining = s::qty_lots{0};
  auto e = to_event(f, 5);
  CAF_CHECK(e.order_done);
  CAF_CHECK_EQUAL(e.ts, 5);
}
