#define CAF_SUITE executor_cores
#include "caf/test/unit_test.hpp"

#include "actors/latency_stats.hpp"
#include "execution/client_index.hpp"
#include "execution/order_tracker.hpp"
#include "execution/reset_batches.hpp"

#include <cstdint>
#include <vector>

using namespace trailgrid::actors;
using namespace trailgrid::execution;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;

CAF_TEST(a client index packs tag market and sequence into 48 bits) {
  client_index_space btc{0xB, 1};
  auto coi = btc.make(5);
  CAF_CHECK_EQUAL(coi, (int64_t{0xB} << 44) | (int64_t{1} << 32) | 5);
  CAF_CHECK(coi < (int64_t{1} << 48));
  CAF_CHECK(btc.owns(coi));
  CAF_CHECK_EQUAL(client_index_space::sequence_of(coi), 5u);
  // The largest index still fits Lighter's range.
  client_index_space top{0xF, 4095};
  CAF_CHECK_EQUAL(top.make(client_index_space::max_sequence),
                  (int64_t{1} << 48) - 1);
}

CAF_TEST(a namespace owns only its own market and tag) {
  client_index_space btc{0xB, 1};
  client_index_space eth{0xB, 0};
  client_index_space other_bot{0xC, 1};
  auto coi = btc.make(9);
  CAF_CHECK(!eth.owns(coi));
  CAF_CHECK(!other_bot.owns(coi));
  CAF_CHECK(!btc.owns(0));
  CAF_CHECK(!btc.owns(12345));       // a manual order's small index
  CAF_CHECK(!btc.owns(btc.make(0))); // sequence 0 is never handed out
  CAF_CHECK(!btc.owns(coi + (int64_t{1} << 48))); // an exchange order index
  CAF_CHECK(eth.owns(eth.make(1)));
  CAF_CHECK(eth.make(1) != 1); // market 0 is still tagged
}

CAF_TEST(the time seed advances 16 per second and starts at 2025) {
  constexpr int64_t jan_2025 = 1'735'689'600'000;
  CAF_CHECK_EQUAL(seed_from_time(0), 1u);
  CAF_CHECK_EQUAL(seed_from_time(jan_2025), 1u);
  CAF_CHECK_EQUAL(seed_from_time(jan_2025 + 1'000), 16u);
  CAF_CHECK_EQUAL(seed_from_time(jan_2025 + 1'500), 24u);
  CAF_CHECK_EQUAL(seed_from_time(jan_2025 + 10'000), 160u);
  // 2033: past 2^32 sequences, the seed wraps but stays in range.
  auto late = seed_from_time(jan_2025 + 9 * 365 * 86'400'000LL);
  CAF_CHECK_GREATER_OR_EQUAL(late, 1u);
  CAF_CHECK_LESS_OR_EQUAL(late, client_index_space::max_sequence);
}

CAF_TEST(the allocator counts up bumps past live orders and wraps) {
  client_index_space btc{0xB, 1};
  client_index_allocator a{btc, 100};
  CAF_CHECK_EQUAL(a.next(), btc.make(101));
  a.bump_above(btc.make(500));
  CAF_CHECK_EQUAL(a.next(), btc.make(501));
  a.bump_above(btc.make(10));                          // below: no effect
  a.bump_above(client_index_space{0xB, 2}.make(9000)); // not ours
  CAF_CHECK_EQUAL(a.next(), btc.make(502));
  client_index_allocator end{btc, client_index_space::max_sequence - 1};
  CAF_CHECK_EQUAL(end.next(), btc.make(client_index_space::max_sequence));
  CAF_CHECK_EQUAL(end.next(), btc.make(1));
}

CAF_TEST(latency stats give nearest rank quantiles of recent samples) {
  latency_stats s{100};
  CAF_CHECK_EQUAL(s.median(), 0);
  for (int64_t i = 1; i <= 100; ++i)
    s.add(i * 1000);
  CAF_CHECK_EQUAL(s.median(), 50'000);
  CAF_CHECK_EQUAL(s.p99(), 99'000);
  CAF_CHECK_EQUAL(s.quantile(1.0), 100'000);
  CAF_CHECK_EQUAL(s.quantile(0.0), 1'000);
  CAF_CHECK_EQUAL(s.last(), 100'000);
  s.add(-5); // dropped
  CAF_CHECK_EQUAL(s.total(), 100u);
  // 100 more large samples push every old one out.
  for (int64_t i = 0; i < 100; ++i)
    s.add(7'000'000);
  CAF_CHECK_EQUAL(s.size(), 100u);
  CAF_CHECK_EQUAL(s.median(), 7'000'000);
  CAF_CHECK_EQUAL(s.total(), 200u);
}

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

CAF_TEST(a reset plan puts cancels first in batches of the limit) {
  std::vector<int64_t> cancels;
  for (int64_t i = 1; i <= 20; ++i)
    cancels.push_back(i);
  std::vector<planned_create> creates;
  for (int64_t i = 0; i < 20; ++i)
    creates.push_back(
        {100 + i,
         {i % 2 ? side::ask : side::bid, price_ticks{900 + i}, qty_lots{3}}});
  auto plan = plan_reset_batches(1, cancels, creates, 15);
  CAF_REQUIRE(!plan.error);
  CAF_REQUIRE_EQUAL(plan.batches.size(), 3u);
  CAF_CHECK_EQUAL(plan.batches[0].size(), 15u);
  CAF_CHECK_EQUAL(plan.batches[1].size(), 15u);
  CAF_CHECK_EQUAL(plan.batches[2].size(), 10u);
  auto& mixed = plan.batches[1];
  CAF_CHECK(mixed[4].kind == tx_kind::cancel_order);
  CAF_CHECK_EQUAL(mixed[4].cancel_index, 20);
  CAF_CHECK(mixed[5].kind == tx_kind::create_order);
  CAF_CHECK_EQUAL(mixed[5].client_order_index, 100);
  CAF_CHECK_EQUAL(mixed[5].market_index, 1);
  CAF_CHECK_EQUAL(mixed[6].is_ask, true);
  CAF_CHECK_EQUAL(mixed[6].price, price_ticks{901});
  CAF_CHECK_EQUAL(mixed[6].time_in_force, 2);
  stamp_times(mixed, 7'000, 300);
  CAF_CHECK_EQUAL(mixed[4].expired_at_ms, 300);
  CAF_CHECK_EQUAL(mixed[4].order_expiry_ms, 0); // cancels have none
  CAF_CHECK_EQUAL(mixed[5].order_expiry_ms, 7'000);
}

CAF_TEST(a reset plan refuses duplicate indexes and empty sizes) {
  planned_create a{5, {side::bid, price_ticks{900}, qty_lots{1}}};
  auto dup = plan_reset_batches(1, {}, {a, a}, 15);
  CAF_CHECK(dup.error.has_value());
  CAF_CHECK(dup.batches.empty());
  planned_create zero{6, {side::bid, price_ticks{900}, qty_lots{0}}};
  CAF_CHECK(plan_reset_batches(1, {}, {zero}, 15).error.has_value());
  auto nothing = plan_reset_batches(1, {}, {}, 15);
  CAF_CHECK(!nothing.error);
  CAF_CHECK(nothing.batches.empty());
}
