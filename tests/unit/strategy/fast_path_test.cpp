// The reset path's shortcuts: int_math's 64-bit division, the calculator's
// whole-ladder check and one level size per side against the plain 128-bit
// definitions, on both sides of every bound; the strategy's drawdown check
// on book updates (only needed while no mark price is known).
#define CAF_SUITE fast_path
#include "caf/test/unit_test.hpp"

#include "strategy/grid_calculator.hpp"
#include "strategy/grid_strategy.hpp"
#include "strategy/int_math.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

using namespace trailgrid;
using namespace trailgrid::strategy;

namespace {

constexpr int64_t i64_min = std::numeric_limits<int64_t>::min();
constexpr int64_t i64_max = std::numeric_limits<int64_t>::max();

// floor(a / b) the slow, obvious way.
int128 reference_floor(int128 a, int128 b) {
  int128 q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int128 reference_ceil(int128 a, int128 b) {
  return -reference_floor(-a, b);
}

// The levels build() must produce, from the definitions in plain 128-bit
// arithmetic: level k at centre x (1e6 -/+ k x spacing) / 1e6 rounded to the
// tick (bids down, asks up), pushed out of the centre, duplicates dropped,
// sizes on the lot and bumped to the minimums.
std::vector<grid_level> reference_levels(const market_spec& m,
                                         const grid_request& req) {
  const int128 c = req.centre.value;
  auto tick_down = [&](int128 p) {
    return price_ticks{
        static_cast<int64_t>(reference_floor(p, m.tick) * m.tick)};
  };
  auto tick_up = [&](int128 p) {
    return price_ticks{
        static_cast<int64_t>(reference_ceil(p, m.tick) * m.tick)};
  };
  auto size = [&](price_ticks p, qty_lots wanted) {
    int128 q = reference_floor(wanted.value, m.lot) * m.lot;
    int128 least =
        reference_ceil(std::max(m.min_base.value, m.lot), m.lot) * m.lot;
    if (m.min_quote.value > 0)
      least = std::max(
          least,
          reference_ceil(reference_ceil(m.min_quote.value, p.value), m.lot) *
              m.lot);
    return qty_lots{static_cast<int64_t>(std::max(q, least))};
  };
  std::vector<grid_level> out;
  const price_ticks cap = tick_down(c - 1);
  const price_ticks floor = tick_up(c + 1);
  price_ticks prev = req.centre;
  for (int k = 1; k <= req.bid_levels; ++k) {
    const int128 factor = 1'000'000 - static_cast<int128>(k) * req.spacing;
    price_ticks p{0};
    if (factor > 0) p = tick_down(reference_floor(c * factor, 1'000'000));
    p = std::min(p, cap);
    if (p.value <= 0) break;
    if (p >= prev) continue;
    out.push_back({side::bid, p, size(p, req.bid_qty)});
    prev = p;
  }
  prev = req.centre;
  for (int k = 1; k <= req.ask_levels; ++k) {
    const int128 factor = 1'000'000 + static_cast<int128>(k) * req.spacing;
    auto p = std::max(tick_up(reference_ceil(c * factor, 1'000'000)), floor);
    if (p <= prev) continue;
    out.push_back({side::ask, p, size(p, req.ask_qty)});
    prev = p;
  }
  return out;
}

} // namespace

CAF_TEST(divisions match 128 bit arithmetic at the 64 bit bounds) {
  const std::vector<int128> values{0,
                                   1,
                                   -1,
                                   2,
                                   -2,
                                   7,
                                   -7,
                                   999'999,
                                   1'000'000,
                                   -1'000'001,
                                   i64_max,
                                   i64_max - 1,
                                   i64_min,
                                   i64_min + 1,
                                   static_cast<int128>(i64_max) + 1,
                                   static_cast<int128>(i64_min) - 1,
                                   static_cast<int128>(i64_max) * 3,
                                   -static_cast<int128>(i64_max) * 5};
  for (auto a : values)
    for (auto b : values) {
      if (b == 0) continue;
      CAF_CHECK(div_trunc(a, b) == a / b);
      CAF_CHECK(floor_div(a, b) == reference_floor(a, b));
      CAF_CHECK(ceil_div(a, b) == -reference_floor(-a, b));
    }
}

CAF_TEST(built ladders match the per level definitions on every path) {
  const std::vector<int64_t> centres{1,
                                     2,
                                     997,
                                     100'003,
                                     (int64_t{1} << 40) - 1,
                                     int64_t{1} << 40,
                                     (int64_t{1} << 40) + 12'345,
                                     50'000'000'000'000};
  const std::vector<ppm> spacings{
      0, 1, 999, 1'000, 49'999, 123'456, 1'000'000, 3'000'000, 400'000'000};
  int checked = 0;
  for (int64_t tick : {1, 5})
    for (int64_t lot : {1, 3})
      for (int64_t min_quote : {0, 1'000'000}) {
        market_spec m;
        m.tick = tick;
        m.lot = lot;
        m.min_base = qty_lots{2};
        m.min_quote = quote_units{min_quote};
        grid_calculator calc{m, grid_params{}};
        for (auto c : centres)
          for (auto s : spacings)
            for (int n : {0, 1, 10, 25}) {
              grid_request req{price_ticks{c}, s,          n, n / 2 + 1,
                               qty_lots{100},  qty_lots{7}};
              grid_plan plan;
              calc.build(req, plan);
              CAF_CHECK(plan.levels == reference_levels(m, req));
              CAF_CHECK(plan.centre == req.centre);
              CAF_CHECK(plan.spacing == req.spacing);
              ++checked;
            }
      }
  CAF_CHECK_EQUAL(checked, 8 * 8 * 9 * 4);
}

namespace {

// Tick 1, lot 1, 2 levels of 100 lots at 0.2 %, drawdown stop at 15000.
grid_strategy drawdown_strategy() {
  strategy_params p;
  p.grid.levels_per_side = 2;
  p.grid.order_size = qty_lots{100};
  p.skew.enabled = false;
  p.risk.max_drawdown = quote_units{15'000};
  p.risk.tx_bucket_capacity = 1'000;
  p.risk.tx_refill_per_minute = 60'000;
  grid_strategy s{market_spec{}, p};
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  s.on_volatility({4'000, 0});
  s.on_reset_done({1, 0});
  // Long 100 at 99800, marked at the mid 100000: equity 20000 (the peak).
  s.on_fill({0, side::bid, price_ticks{99'800}, qty_lots{100}, true, true, 1,
             std::nullopt, std::nullopt});
  s.on_reset_done({2, 1});
  return s;
}

} // namespace

CAF_TEST(without a mark price a book move trips the drawdown stop) {
  auto s = drawdown_strategy();
  CAF_REQUIRE_EQUAL(s.equity().value, 20'000);
  CAF_CHECK_EQUAL(s.peak_equity().value, 20'000);
  // Mid 99850: equity 5000, 15000 below the peak.
  const auto& cmds =
      s.on_top_of_book({price_ticks{99'840}, price_ticks{99'860}, 2});
  CAF_REQUIRE_EQUAL(cmds.size(), 2u);
  CAF_CHECK(std::holds_alternative<cancel_all_command>(cmds[0]));
  CAF_CHECK(std::holds_alternative<halt_command>(cmds[1]));
  CAF_CHECK_EQUAL(s.counters().drawdown_stops, 1);
}

CAF_TEST(with a mark price the book does not move equity or the peak) {
  auto s = drawdown_strategy();
  CAF_CHECK(s.on_mark_price({price_ticks{100'050}, 2}).empty());
  CAF_CHECK_EQUAL(s.equity().value, 25'000);
  CAF_CHECK_EQUAL(s.peak_equity().value, 25'000);
  // A book far below the mark changes nothing: equity is marked at the mark.
  s.on_top_of_book({price_ticks{99'000}, price_ticks{99'020}, 3});
  CAF_CHECK_EQUAL(s.equity().value, 25'000);
  CAF_CHECK_EQUAL(s.counters().drawdown_stops, 0);
  CAF_CHECK_EQUAL(std::string{to_string(s.state())}, "quoting");
  // The mark itself still trips it: 99880 -> equity 8000, 17000 below.
  const auto& cmds = s.on_mark_price({price_ticks{99'880}, 4});
  CAF_REQUIRE_EQUAL(cmds.size(), 2u);
  CAF_CHECK(std::holds_alternative<halt_command>(cmds[1]));
  CAF_CHECK_EQUAL(s.counters().drawdown_stops, 1);
}
