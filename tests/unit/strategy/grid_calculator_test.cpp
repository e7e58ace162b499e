#define CAF_SUITE grid_calculator
#include "caf/test/unit_test.hpp"

#include "strategy/grid_calculator.hpp"

#include <vector>

using namespace trailgrid::strategy;

namespace {

market_spec spec_with_tick(int64_t tick) {
  market_spec m;
  m.tick = tick;
  return m;
}

std::vector<int64_t> prices(const grid_plan& plan, side s) {
  std::vector<int64_t> out;
  for (const auto& l : plan.levels)
    if (l.side == s) out.push_back(l.price.value);
  return out;
}

grid_plan build(const market_spec& m, int64_t centre, ppm spacing, int n,
                int64_t qty = 100) {
  grid_calculator calc{m, grid_params{}};
  grid_plan plan;
  calc.build({price_ticks{centre}, spacing, n, n, qty_lots{qty}, qty_lots{qty}},
             plan);
  return plan;
}

using v = std::vector<int64_t>;

} // namespace

CAF_TEST(the multiplier converts to ppm rounded to nearest) {
  CAF_CHECK_EQUAL(multiplier_to_ppm(0.5), 500'000);
  CAF_CHECK_EQUAL(multiplier_to_ppm(0.3), 300'000);
  CAF_CHECK_EQUAL(multiplier_to_ppm(1.25), 1'250'000);
  CAF_CHECK_EQUAL(multiplier_to_ppm(0.1234564), 123'456);
}

CAF_TEST(spacing is atr times multiplier rounded half up then clamped) {
  CAF_CHECK_EQUAL(grid_spacing(4'000, 500'000, 1'000, 5'000), 2'000);
  CAF_CHECK_EQUAL(grid_spacing(3'999, 500'000, 1'000, 5'000), 2'000);
  CAF_CHECK_EQUAL(grid_spacing(3'997, 500'000, 1'000, 5'000), 1'999);
  CAF_CHECK_EQUAL(grid_spacing(3, 500'000, 0, 10), 2);
  CAF_CHECK_EQUAL(grid_spacing(1, 499'999, 0, 10), 0);
  CAF_CHECK_EQUAL(grid_spacing(1'000, 500'000, 1'000, 5'000), 1'000);
  CAF_CHECK_EQUAL(grid_spacing(20'000, 500'000, 1'000, 5'000), 5'000);
  CAF_CHECK_EQUAL(grid_spacing(0, 500'000, 1'000, 5'000), 1'000);
}

CAF_TEST(the calculator applies the configured multiplier and band) {
  grid_params p;
  p.atr_multiplier = 0.75;
  p.min_spacing = 500;
  p.max_spacing = 3'000;
  grid_calculator calc{market_spec{}, p};
  CAF_CHECK_EQUAL(calc.multiplier(), 750'000);
  CAF_CHECK_EQUAL(calc.spacing(2'000), 1'500);
  CAF_CHECK_EQUAL(calc.spacing(100), 500);
  CAF_CHECK_EQUAL(calc.spacing(10'000), 3'000);
}

CAF_TEST(levels sit at centre times one minus and plus k spacings) {
  auto plan = build(spec_with_tick(1), 100'000, 2'000, 3);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({99'800, 99'600, 99'400}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({100'200, 100'400, 100'600}));
  CAF_CHECK_EQUAL(plan.centre.value, 100'000);
  CAF_CHECK_EQUAL(plan.spacing, 2'000);
  // Layout: bids innermost first, then asks innermost first.
  CAF_REQUIRE_EQUAL(plan.levels.size(), 6u);
  CAF_CHECK(plan.levels[0].side == side::bid);
  CAF_CHECK(plan.levels[3].side == side::ask);
  CAF_CHECK_EQUAL(plan.count(side::bid), 3u);
}

CAF_TEST(bids round down and asks round up to the tick) {
  // 100003 x 0.999 = 99902.997 -> 99902 -> tick 5 -> 99900;
  // 100003 x 1.001 = 100103.003 -> 100104 -> tick 5 -> 100105.
  auto plan = build(spec_with_tick(5), 100'003, 1'000, 1);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({99'900}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({100'105}));
  CAF_CHECK_EQUAL(
      raw_bid_price(spec_with_tick(5), price_ticks{100'003}, 1'000, 1).value,
      99'900);
}

CAF_TEST(levels exactly on a tick boundary do not move) {
  auto plan = build(spec_with_tick(100), 100'000, 1'000, 2);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({99'900, 99'800}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({100'100, 100'200}));
}

CAF_TEST(a zero spacing pushes levels one tick off the centre) {
  auto plan = build(spec_with_tick(1), 1'000, 0, 3);
  // Levels 2 and 3 repeat level 1 after rounding and are dropped.
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({999}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({1'001}));
  auto coarse = build(spec_with_tick(10), 1'000, 0, 1);
  CAF_CHECK_EQUAL(prices(coarse, side::bid), v({990}));
  CAF_CHECK_EQUAL(prices(coarse, side::ask), v({1'010}));
}

CAF_TEST(a centre between ticks keeps every level strictly off it) {
  auto plan = build(spec_with_tick(10), 1'005, 0, 1);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({1'000}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({1'010}));
  CAF_CHECK_EQUAL(inner_bid(spec_with_tick(10), price_ticks{1'005}, 0).value,
                  1'000);
  CAF_CHECK_EQUAL(inner_ask(spec_with_tick(10), price_ticks{1'005}, 0).value,
                  1'010);
}

CAF_TEST(levels that collide after rounding are removed) {
  // Step 0.3 tick: 9997, 9994, 9991 -> 9990; 9988, 9985 -> 9980.
  auto plan = build(spec_with_tick(10), 10'000, 300, 5);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({9'990, 9'980}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({10'010, 10'020}));
}

CAF_TEST(bid levels at or below zero are dropped) {
  auto plan = build(spec_with_tick(1), 100, 400'000, 3);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({60, 20}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({140, 180, 220}));
}

CAF_TEST(a side with zero levels is left out) {
  grid_calculator calc{market_spec{}, grid_params{}};
  grid_plan plan;
  calc.build({price_ticks{100'000}, 2'000, 0, 2, qty_lots{5}, qty_lots{7}},
             plan);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v{});
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({100'200, 100'400}));
  CAF_CHECK_EQUAL(plan.levels[0].qty.value, 7);
}

CAF_TEST(sizes round down to the lot) {
  market_spec m;
  m.lot = 10;
  m.min_base = qty_lots{10};
  CAF_CHECK_EQUAL(level_size(m, price_ticks{1'000}, qty_lots{123}).value, 120);
  CAF_CHECK_EQUAL(level_size(m, price_ticks{1'000}, qty_lots{120}).value, 120);
}

CAF_TEST(sizes below min base are bumped up to it on the lot) {
  market_spec m;
  m.lot = 10;
  m.min_base = qty_lots{45};
  CAF_CHECK_EQUAL(level_size(m, price_ticks{1'000}, qty_lots{30}).value, 50);
  CAF_CHECK_EQUAL(level_size(m, price_ticks{1'000}, qty_lots{0}).value, 50);
  market_spec one;
  one.min_base = qty_lots{0};
  CAF_CHECK_EQUAL(level_size(one, price_ticks{1'000}, qty_lots{0}).value, 1);
}

CAF_TEST(sizes below min quote are bumped up to meet it) {
  market_spec m;
  m.lot = 10;
  m.min_base = qty_lots{10};
  m.min_quote = quote_units{123'456};
  // 123456 / 1000 = 123.456 -> 124 -> lot 10 -> 130.
  CAF_CHECK_EQUAL(level_size(m, price_ticks{1'000}, qty_lots{50}).value, 130);
  CAF_CHECK_EQUAL(level_size(m, price_ticks{1'000}, qty_lots{200}).value, 200);
  CAF_CHECK(m.meets_minimums(price_ticks{1'000}, qty_lots{130}));
  CAF_CHECK(!m.meets_minimums(price_ticks{1'000}, qty_lots{120}));
}

CAF_TEST(min quote sizing is per level price) {
  market_spec m;
  m.min_quote = quote_units{90'000};
  auto plan = build(m, 1'000, 100'000, 2, 100);
  CAF_REQUIRE_EQUAL(plan.levels.size(), 4u);
  CAF_CHECK_EQUAL(plan.levels[0].price.value, 900);
  CAF_CHECK_EQUAL(plan.levels[0].qty.value, 100);
  CAF_CHECK_EQUAL(plan.levels[1].price.value, 800);
  CAF_CHECK_EQUAL(plan.levels[1].qty.value, 113); // 90000 / 800 = 112.5
  CAF_CHECK_EQUAL(plan.levels[2].qty.value, 100);
  CAF_CHECK_EQUAL(plan.levels[3].qty.value, 100);
}

CAF_TEST(building into a used plan replaces its contents) {
  grid_calculator calc{market_spec{}, grid_params{}};
  grid_plan plan;
  calc.build({price_ticks{100'000}, 2'000, 3, 3, qty_lots{1}, qty_lots{1}},
             plan);
  calc.build({price_ticks{50'000}, 1'000, 1, 1, qty_lots{1}, qty_lots{1}},
             plan);
  CAF_CHECK_EQUAL(prices(plan, side::bid), v({49'950}));
  CAF_CHECK_EQUAL(prices(plan, side::ask), v({50'050}));
  CAF_CHECK_EQUAL(plan.centre.value, 50'000);
}
