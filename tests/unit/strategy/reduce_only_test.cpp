#define CAF_SUITE reduce_only
#include "caf/test/unit_test.hpp"

#include "strategy/grid_strategy.hpp"

#include <vector>

using namespace trailgrid::strategy;

namespace {

// Same market as grid_strategy_test: 2 levels a side of 100 lots, 0.2 %
// spacing, book 99990 / 100010.
strategy_params test_params() {
  strategy_params p;
  p.grid.levels_per_side = 2;
  p.grid.order_size = qty_lots{100};
  p.skew.enabled = false;
  p.risk.tx_bucket_capacity = 1'000;
  p.risk.tx_refill_per_minute = 60'000;
  return p;
}

struct counts {
  int bids = 0;
  int asks = 0;
};

counts sides_of(const command_buffer& cmds, int& replaces) {
  counts out;
  replaces = 0;
  for (const auto& c : cmds)
    if (auto r = std::get_if<replace_grid_command>(&c)) {
      ++replaces;
      out = {};
      for (const auto& l : r->plan.levels)
        (l.side == side::bid ? out.bids : out.asks) += 1;
    }
  return out;
}

fill_event buy(int64_t qty, int64_t ts) {
  fill_event e;
  e.side = side::bid;
  e.price = price_ticks{99'800};
  e.qty = qty_lots{qty};
  e.ts = ts;
  return e;
}

// A strategy whose start grid (reset 1) is done.
grid_strategy started() {
  grid_strategy s{market_spec{}, test_params()};
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  s.on_volatility({4'000, 0});
  s.on_reset_done({1, 0});
  return s;
}

} // namespace

CAF_TEST(reduce only on a flat market re quotes an empty grid at once) {
  auto s = started();
  int replaces = 0;
  auto c = sides_of(s.on_reduce_only({true, 10}), replaces);
  CAF_CHECK_EQUAL(replaces, 1);
  CAF_CHECK_EQUAL(c.bids, 0);
  CAF_CHECK_EQUAL(c.asks, 0);
  CAF_CHECK(s.reduce_only());
}

CAF_TEST(reduce only keeps only the asks of a long position) {
  auto s = started();
  s.on_fill(buy(100, 5)); // reset 2 in flight
  s.on_reset_done({2, 6});
  int replaces = 0;
  auto c = sides_of(s.on_reduce_only({true, 10}), replaces);
  CAF_CHECK_EQUAL(replaces, 1);
  CAF_CHECK_EQUAL(c.bids, 0);
  CAF_CHECK_EQUAL(c.asks, 2);
  // Released: both sides again, at once.
  s.on_reset_done({3, 11});
  c = sides_of(s.on_reduce_only({false, 12}), replaces);
  CAF_CHECK_EQUAL(replaces, 1);
  CAF_CHECK_EQUAL(c.bids, 2);
  CAF_CHECK_EQUAL(c.asks, 2);
}

CAF_TEST(reduce only while a reset is in flight waits for reset done) {
  auto s = started();
  s.on_fill(buy(100, 5)); // reset 2 in flight
  int replaces = 0;
  sides_of(s.on_reduce_only({true, 6}), replaces);
  CAF_CHECK_EQUAL(replaces, 0);
  auto c = sides_of(s.on_reset_done({2, 7}), replaces);
  CAF_CHECK_EQUAL(replaces, 1);
  CAF_CHECK_EQUAL(c.bids, 0);
  CAF_CHECK_EQUAL(c.asks, 2);
}

CAF_TEST(repeating the same reduce only state does nothing) {
  auto s = started();
  int replaces = 0;
  sides_of(s.on_reduce_only({false, 3}), replaces);
  CAF_CHECK_EQUAL(replaces, 0);
}

CAF_TEST(reduce only before the first grid only shapes the first grid) {
  grid_strategy s{market_spec{}, test_params()};
  int replaces = 0;
  sides_of(s.on_reduce_only({true, 0}), replaces);
  CAF_CHECK_EQUAL(replaces, 0);
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  auto c = sides_of(s.on_volatility({4'000, 1}), replaces);
  CAF_CHECK_EQUAL(replaces, 1);
  CAF_CHECK_EQUAL(c.bids + c.asks, 0);
}

CAF_TEST(a restored session keeps its position and counts on) {
  pnl_tracker pnl{fee_params{}};
  pnl.on_fill(side::bid, price_ticks{100'000}, qty_lots{300}, true);
  grid_strategy s{market_spec{}, test_params()};
  s.restore(pnl, 7, 9);
  CAF_CHECK_EQUAL(s.pnl().position().value, 300);
  CAF_CHECK_EQUAL(s.counters().fills, 7);
  CAF_CHECK_EQUAL(s.counters().resets, 9);
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  s.on_volatility({4'000, 0});
  CAF_CHECK_EQUAL(s.counters().resets, 10);
  s.on_reset_done({1, 1});
  s.on_fill(buy(100, 2));
  CAF_CHECK_EQUAL(s.pnl().position().value, 400);
  CAF_CHECK_EQUAL(s.counters().fills, 8);
}

CAF_TEST(set position replaces the open position and keeps realised pnl) {
  pnl_tracker pnl{fee_params{}};
  pnl.on_fill(side::bid, price_ticks{100}, qty_lots{10}, true);
  pnl.on_fill(side::ask, price_ticks{110}, qty_lots{5}, true);
  CAF_CHECK_EQUAL(pnl.realised().value, 50);
  pnl.set_position(qty_lots{-4}, quote_units{480});
  CAF_CHECK_EQUAL(pnl.position().value, -4);
  CAF_CHECK_EQUAL(pnl.average_price().value, 120);
  CAF_CHECK_EQUAL(pnl.realised().value, 50);
  pnl.set_position(qty_lots{0}, quote_units{7});
  CAF_CHECK_EQUAL(pnl.cost_basis().value, 0);
}
