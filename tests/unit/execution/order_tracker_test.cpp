#define CAF_SUITE order_tracker
#include "caf/test/unit_test.hpp"

#include "execution/order_tracker.hpp"

#include <cstdint>
#include <vector>

using namespace trailgrid::execution;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;

CAF_TEST(the order tracker follows partial and final fills) {
  order_tracker t;
  t.add_sent(7, side::bid, price_ticks{990}, qty_lots{5});
  t.add_sent(8, side::ask, price_ticks{1010}, qty_lots{5});
  CAF_CHECK_EQUAL(t.size(), 2u);
  CAF_CHECK_EQUAL(t.confirmed(), 0u);
  CAF_CHECK(t.on_accepted(7, 1'000'000'000'000'001));
  CAF_CHECK_EQUAL(t.client_index_of(1'000'000'000'000'001), 7);
  CAF_CHECK_EQUAL(t.client_index_of(42), 0);
  CAF_CHECK(t.on_fill(7, 0, qty_lots{2}));
  CAF_CHECK_EQUAL(t.find(7)->remaining, qty_lots{2});
  CAF_CHECK_EQUAL(t.find(7)->size, qty_lots{5});
  CAF_CHECK(t.on_fill(7, 0, qty_lots{0}));
  CAF_CHECK(t.find(7) == nullptr);
  CAF_CHECK(!t.on_fill(7, 0, qty_lots{0}));
  CAF_CHECK(!t.on_accepted(99, 1));
  t.adopt(99, 5, side::ask, price_ticks{1020}, qty_lots{3});
  CAF_CHECK_EQUAL(t.client_indexes(), (std::vector<int64_t>{8, 99}));
  CAF_CHECK_EQUAL(t.confirmed(), 1u);
  CAF_CHECK(t.remove(8));
  CAF_CHECK(!t.remove(8));
}

CAF_TEST(a listing replaces the tracked orders but for creates it may not show yet) {
  order_tracker t;
  t.add_sent(1, side::bid, price_ticks{990}, qty_lots{5});  // batch accepted
  t.add_sent(2, side::bid, price_ticks{980}, qty_lots{5});  // accepted long ago
  t.add_sent(3, side::ask, price_ticks{1010}, qty_lots{5}); // never answered
  t.add_sent(4, side::ask, price_ticks{1020}, qty_lots{5}); // cancel refused
  t.on_create_accepted(1, 10'000);
  t.on_create_accepted(2, 1'000);
  t.on_create_accepted(4, 10'000);
  t.let_listing_decide(4);
  order_tracker listed;
  listed.adopt(9, 99, side::ask, price_ticks{1030}, qty_lots{2});
  auto orphans = t.take_listing(std::move(listed), 12'000, 5'000);
  CAF_CHECK_EQUAL(orphans, std::vector<int64_t>{9});
  CAF_CHECK_EQUAL(t.client_indexes(), (std::vector<int64_t>{1, 9}));
  CAF_CHECK(t.find(1)->phase == order_phase::sent);
}
