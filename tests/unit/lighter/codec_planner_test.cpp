#define CAF_SUITE codec_batch_planner
#include "caf/test/unit_test.hpp"

#include "lighter/codec/batch_planner.hpp"

using namespace trailgrid::lighter;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

namespace {

std::vector<cancel_intent> cancels(int market, int n) {
  std::vector<cancel_intent> out;
  for (int i = 0; i < n; ++i)
    out.push_back(cancel_intent{market, (int64_t{1} << 48) + i});
  return out;
}

std::vector<create_intent> creates(int market, int n) {
  std::vector<create_intent> out;
  for (int i = 0; i < n; ++i) {
    create_intent c;
    c.market_id = market;
    c.client_order_index = 1000 + i;
    c.price = price_ticks{100'000 + i};
    c.size = qty_lots{10};
    c.is_ask = i % 2 == 1;
    out.push_back(c);
  }
  return out;
}

size_t count_cancels(const tx_batch& b) {
  size_t n = 0;
  for (const auto& t : b.txs)
    n += std::holds_alternative<cancel_intent>(t) ? 1 : 0;
  return n;
}

} // namespace

CAF_TEST(ten cancels and twenty creates make two batches of fifteen) {
  batch_planner p;
  CAF_CHECK_EQUAL(p.max_batch_size(), 15u);
  auto plan = p.plan_reset(3, cancels(3, 10), creates(3, 20));
  CAF_REQUIRE(plan.ok());
  CAF_REQUIRE_EQUAL(plan.batches.size(), 2u);
  CAF_CHECK_EQUAL(plan.batches[0].txs.size(), 15u);
  CAF_CHECK_EQUAL(plan.batches[1].txs.size(), 15u);
  CAF_CHECK_EQUAL(count_cancels(plan.batches[0]), 10u);
  CAF_CHECK_EQUAL(count_cancels(plan.batches[1]), 0u);
  // Cancels come first, in order, then creates in the caller's order.
  for (size_t i = 0; i < 10; ++i)
    CAF_CHECK_EQUAL(std::get<cancel_intent>(plan.batches[0].txs[i]).index,
                    (int64_t{1} << 48) + static_cast<int64_t>(i));
  CAF_CHECK_EQUAL(
      std::get<create_intent>(plan.batches[0].txs[10]).client_order_index,
      1000);
  CAF_CHECK_EQUAL(
      std::get<create_intent>(plan.batches[1].txs[14]).client_order_index,
      1019);
  CAF_CHECK_EQUAL(tx_type_of(plan.batches[0].txs[0]), 15);
  CAF_CHECK_EQUAL(tx_type_of(plan.batches[1].txs[0]), 14);
}

CAF_TEST(batch counts are the ceiling of txs over the limit) {
  batch_planner p;
  struct row {
    int c, n;
    std::vector<size_t> sizes;
  };
  row rows[] = {{0, 0, {}},
                {0, 1, {1}},
                {15, 0, {15}},
                {1, 15, {15, 1}},
                {20, 20, {15, 15, 10}},
                {3, 4, {7}}};
  for (const auto& r : rows) {
    auto plan = p.plan_reset(0, cancels(0, r.c), creates(0, r.n));
    CAF_REQUIRE(plan.ok());
    CAF_REQUIRE_EQUAL(plan.batches.size(), r.sizes.size());
    for (size_t i = 0; i < r.sizes.size(); ++i)
      CAF_CHECK_EQUAL(plan.batches[i].txs.size(), r.sizes[i]);
  }
}

CAF_TEST(the batch limit is configurable and clamped) {
  auto plan = batch_planner{5}.plan_reset(0, cancels(0, 7), creates(0, 23));
  CAF_REQUIRE(plan.ok());
  CAF_CHECK_EQUAL(plan.batches.size(), 6u);
  CAF_CHECK_EQUAL(count_cancels(plan.batches[1]), 2u);
  CAF_CHECK_EQUAL(batch_planner{0}.max_batch_size(), 1u);
  CAF_CHECK_EQUAL(batch_planner{500}.max_batch_size(), 50u);
}

CAF_TEST(the planner takes the batch limit of its channel) {
  batch_planner ws{limits::tx_channel::websocket};
  batch_planner rest{limits::tx_channel::rest};
  CAF_CHECK_EQUAL(ws.max_batch_size(), 15u);
  CAF_CHECK_EQUAL(rest.max_batch_size(), 50u);
  // A shutdown sweep of 60 orders: four WS frames, or two REST batches.
  CAF_CHECK_EQUAL(ws.plan_reset(0, cancels(0, 60), {}).batches.size(), 4u);
  auto swept = rest.plan_reset(0, cancels(0, 60), {});
  CAF_REQUIRE_EQUAL(swept.batches.size(), 2u);
  CAF_CHECK_EQUAL(swept.batches[0].txs.size(), 50u);
  CAF_CHECK_EQUAL(swept.batches[1].txs.size(), 10u);
}

CAF_TEST(a reset only touches its own market) {
  batch_planner p;
  auto a = p.plan_reset(0, cancels(1, 1), {});
  CAF_CHECK(!a.ok());
  CAF_CHECK(a.batches.empty());
  CAF_CHECK_EQUAL(*a.error,
                  "reset of market 0: cancel of order 281474976710656 "
                  "belongs to market 1");
  auto b = p.plan_reset(0, {}, creates(2, 1));
  CAF_CHECK(!b.ok());
  // Never the account-wide cancel-all: only cancel and create types appear.
  auto c = p.plan_reset(0, cancels(0, 40), {});
  CAF_REQUIRE(c.ok());
  for (const auto& batch : c.batches)
    for (const auto& t : batch.txs)
      CAF_CHECK_EQUAL(tx_type_of(t), 15);
}

CAF_TEST(duplicate cancels are sent once and duplicate client ids refused) {
  batch_planner p;
  auto cs = cancels(0, 3);
  cs.push_back(cs[1]);
  auto plan = p.plan_reset(0, cs, {});
  CAF_REQUIRE(plan.ok());
  CAF_CHECK_EQUAL(plan.batches.at(0).txs.size(), 3u);
  auto cr = creates(0, 2);
  cr[1].client_order_index = cr[0].client_order_index;
  CAF_CHECK(!p.plan_reset(0, {}, cr).ok());
  cr[0].client_order_index = 0;
  cr[1].client_order_index = 0;
  CAF_CHECK(p.plan_reset(0, {}, cr).ok());
  cr[1].size = qty_lots{0};
  CAF_CHECK(!p.plan_reset(0, {}, cr).ok());
}
