#define CAF_SUITE reset_batches
#include "caf/test/unit_test.hpp"

#include "execution/reset_batches.hpp"

#include <cstdint>
#include <vector>

using namespace trailgrid::execution;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;

namespace {

std::vector<int64_t> cancels(int n) {
  std::vector<int64_t> out;
  for (int i = 1; i <= n; ++i)
    out.push_back(i);
  return out;
}

std::vector<planned_create> creates(int n) {
  std::vector<planned_create> out;
  for (int i = 0; i < n; ++i)
    out.push_back(
        {100 + i,
         {i % 2 ? side::ask : side::bid, price_ticks{900 + i}, qty_lots{3}}});
  return out;
}

std::vector<size_t> sizes(const reset_batches& plan) {
  std::vector<size_t> out;
  for (auto& b : plan.batches)
    out.push_back(b.size());
  return out;
}

} // namespace

CAF_TEST(a reset plan puts cancels first in batches of the limit) {
  auto plan = plan_reset_batches(1, cancels(20), creates(20), 15);
  CAF_REQUIRE(!plan.error);
  CAF_CHECK_EQUAL(sizes(plan), (std::vector<size_t>{15, 15, 10}));
  auto& mixed = plan.batches[1];
  CAF_CHECK(mixed[4].kind == tx_kind::cancel_order);
  CAF_CHECK_EQUAL(mixed[4].cancel_index, 20);
  CAF_CHECK_EQUAL(mixed[4].market_index, 1);
  CAF_CHECK(mixed[5].kind == tx_kind::create_order);
  CAF_CHECK_EQUAL(mixed[5].client_order_index, 100);
  CAF_CHECK_EQUAL(mixed[5].market_index, 1);
  CAF_CHECK_EQUAL(mixed[5].time_in_force, 2); // post-only
  CAF_CHECK_EQUAL(mixed[6].is_ask, true);
  CAF_CHECK_EQUAL(mixed[6].price, price_ticks{901});
  CAF_CHECK_EQUAL(mixed[6].base_amount, qty_lots{3});
  // Never the account-wide cancel-all: it would cancel other markets' grids.
  for (auto& b : plan.batches)
    for (auto& t : b)
      CAF_CHECK(t.kind != tx_kind::cancel_all_orders);
}

CAF_TEST(batch counts are the ceiling of txs over the limit) {
  struct row {
    int cancels, creates;
    std::vector<size_t> sizes;
  };
  row rows[] = {{0, 0, {}},
                {0, 1, {1}},
                {15, 0, {15}},
                {1, 15, {15, 1}},
                {20, 20, {15, 15, 10}},
                {3, 4, {7}}};
  for (auto& r : rows) {
    auto plan =
        plan_reset_batches(0, cancels(r.cancels), creates(r.creates), 15);
    CAF_REQUIRE(!plan.error);
    CAF_CHECK_EQUAL(sizes(plan), r.sizes);
  }
}

CAF_TEST(the batch limit is clamped to one and to a REST batch of fifty) {
  CAF_CHECK_EQUAL(plan_reset_batches(0, cancels(3), {}, 0).batches.size(), 3u);
  auto rest = plan_reset_batches(0, cancels(60), {}, 500);
  CAF_CHECK_EQUAL(sizes(rest), (std::vector<size_t>{50, 10}));
}

CAF_TEST(a reset plan sends a duplicate cancel once) {
  auto cs = cancels(3);
  cs.push_back(cs[1]);
  auto plan = plan_reset_batches(0, cs, {}, 15);
  CAF_REQUIRE(!plan.error);
  CAF_CHECK_EQUAL(sizes(plan), std::vector<size_t>{3});
}

CAF_TEST(a reset plan refuses duplicate indexes and empty sizes) {
  planned_create a{5, {side::bid, price_ticks{900}, qty_lots{1}}};
  auto dup = plan_reset_batches(1, {}, {a, a}, 15);
  CAF_CHECK_EQUAL(*dup.error, "reset of market 1: duplicate client order "
                              "index 5");
  CAF_CHECK(dup.batches.empty());
  planned_create zero{6, {side::bid, price_ticks{900}, qty_lots{0}}};
  CAF_CHECK(plan_reset_batches(1, {}, {zero}, 15).error.has_value());
  planned_create free{7, {side::ask, price_ticks{0}, qty_lots{1}}};
  CAF_CHECK(plan_reset_batches(1, {}, {free}, 15).error.has_value());
  auto nothing = plan_reset_batches(1, {}, {}, 15);
  CAF_CHECK(!nothing.error);
  CAF_CHECK(nothing.batches.empty());
}
