#define CAF_SUITE client_index
#include "caf/test/unit_test.hpp"

#include "execution/client_index.hpp"

#include <cstdint>

using namespace trailgrid::execution;

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
