#define CAF_SUITE executor_reset
#include "caf/test/dsl.hpp"

#include "executor_fixture.hpp"

#include <set>

using namespace executor_test;

namespace {

bool consecutive(const std::vector<send_batch>& batches, size_t from) {
  int64_t expect = batches.at(from).txs.at(0).nonce;
  for (size_t i = from; i < batches.size(); ++i)
    for (auto& t : batches[i].txs)
      if (t.nonce != expect++) return false;
  return true;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(executor_reset_tests, fixture)

CAF_TEST(a first grid goes out as creates in batches of at most 15) {
  apply(grid_msg(1, levels(10, 10)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 2u);
  CAF_CHECK_EQUAL(b[0].txs.size(), 15u);
  CAF_CHECK_EQUAL(b[1].txs.size(), 5u);
  CAF_CHECK_EQUAL(b[0].market_index, market);
  CAF_CHECK_EQUAL(b[0].api_key_index, key);
  CAF_CHECK(consecutive(b, 0));
  CAF_CHECK_EQUAL(b[0].txs[0].nonce, 100); // the gateway's next nonce
  auto first = intents(b[0]);
  CAF_CHECK(first[0].kind == tx_kind::create_order);
  CAF_CHECK_EQUAL(first[0].time_in_force, 2); // post-only
  CAF_CHECK_EQUAL(first[0].order_type, 0);    // limit
  CAF_CHECK_EQUAL(first[0].order_expiry_ms, start_ms + 7 * 24 * 3600 * 1000);
  CAF_CHECK_EQUAL(first[0].expired_at_ms, start_ms + 5 * 60 * 1000);
  CAF_CHECK_EQUAL(st().core->orders().size(), 20u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 1u);
  CAF_CHECK_EQUAL(grid_events->done[0].reset_seq, 1u);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_placed, 20);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_failed, 0);
}

CAF_TEST(a 10 + 10 replace over 20 live orders is 40 txs in 3 batches) {
  apply(grid_msg(1, levels(10, 10)));
  std::set<int64_t> first_cois;
  for (auto& b : gw_log->batches)
    for (auto coi : create_indexes(b))
      first_cois.insert(coi);
  CAF_REQUIRE_EQUAL(first_cois.size(), 20u);
  apply(grid_msg(2, levels(10, 10)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 5u);
  CAF_CHECK_EQUAL(b[2].txs.size(), 15u);
  CAF_CHECK_EQUAL(b[3].txs.size(), 15u);
  CAF_CHECK_EQUAL(b[4].txs.size(), 10u);
  // Cancels first: 15 + 5 cancels (type 15), then 10 + 10 creates (14).
  std::vector<int> expect_types;
  for (int i = 0; i < 20; ++i)
    expect_types.push_back(15);
  for (int i = 0; i < 20; ++i)
    expect_types.push_back(14);
  std::vector<int> got_types;
  for (size_t i = 2; i < 5; ++i)
    for (auto t : types(b[i]))
      got_types.push_back(t);
  CAF_CHECK_EQUAL(got_types, expect_types);
  // Nonces run on from the first reset without a gap.
  CAF_CHECK(consecutive(b, 0));
  CAF_CHECK_EQUAL(b[2].txs[0].nonce, 120);
  CAF_CHECK_EQUAL(b[4].txs.back().nonce, 159);
  // The cancels name exactly the first grid's orders, by client index.
  std::set<int64_t> cancelled;
  for (size_t i = 2; i < 5; ++i)
    for (auto coi : cancel_indexes(b[i]))
      cancelled.insert(coi);
  CAF_CHECK(cancelled == first_cois);
  // The new orders have fresh indexes.
  for (size_t i = 2; i < 5; ++i)
    for (auto coi : create_indexes(b[i]))
      CAF_CHECK_EQUAL(first_cois.count(coi), 0u);
  CAF_CHECK_EQUAL(st().core->orders().size(), 20u);
  CAF_CHECK_EQUAL(grid_events->done.size(), 2u);
}

CAF_TEST(a replace arriving during a reset waits and the latest wins) {
  // All three are in the mailbox before the first reset's batches return.
  self->send(uut, grid_msg(1, levels(10, 10)));
  self->send(uut, grid_msg(2, levels(1, 1)));
  self->send(uut, grid_msg(3, levels(2, 2)));
  sched.run();
  auto& b = gw_log->batches;
  // Reset 1 (20 creates: 2 batches), then reset 3 (20 cancels + 4 creates:
  // 2 batches); reset 2 was replaced while it waited.
  CAF_REQUIRE_EQUAL(b.size(), 4u);
  CAF_CHECK_EQUAL(b[2].txs.size(), 15u);
  CAF_CHECK_EQUAL(b[3].txs.size(), 9u);
  CAF_CHECK_EQUAL(create_indexes(b[3]).size(), 4u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[0].reset_seq, 1u);
  CAF_CHECK_EQUAL(grid_events->done[1].reset_seq, 3u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 4);
  CAF_CHECK_EQUAL(st().core->counters().superseded_grids, 1u);
  CAF_CHECK_EQUAL(st().core->orders().size(), 4u);
  CAF_CHECK(!st().core->job());
}

CAF_TEST(reset done goes out exactly once per applied reset) {
  apply(grid_msg(5, levels(3, 3)));
  apply(grid_msg(4, levels(3, 3))); // stale: older than 5
  apply(grid_msg(5, levels(3, 3))); // stale: the same
  apply(grid_msg(6, levels(3, 3)));
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[0].reset_seq, 5u);
  CAF_CHECK_EQUAL(grid_events->done[1].reset_seq, 6u);
  CAF_CHECK_EQUAL(st().core->counters().stale_grids, 2u);
  CAF_CHECK_EQUAL(st().core->counters().resets_done, 2u);
  CAF_CHECK_EQUAL(gw_log->batches.size(), 2u); // 6 creates; 6 + 6
}

CAF_TEST(an empty grid cancels everything and places nothing) {
  apply(grid_msg(1, levels(2, 2)));
  apply(grid_msg(2, {}));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 2u);
  CAF_CHECK_EQUAL(types(b[1]), (std::vector<int>{15, 15, 15, 15}));
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 0);
}

CAF_TEST(fill to wire latency is taken from the first batch of a reset) {
  gw_log->wire_delay_ns = 250'000;
  apply(grid_msg(1, levels(10, 10), 5'000'000));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 2u);
  CAF_CHECK_EQUAL(b[0].trigger_ns, 5'000'000);
  CAF_CHECK_EQUAL(b[1].trigger_ns, 5'000'000);
  CAF_CHECK_EQUAL(st().latency.total(), 1u); // one sample per reset
  CAF_CHECK_EQUAL(st().latency.last(), 250'000);
  gw_log->wire_delay_ns = 1'000'000;
  apply(grid_msg(2, levels(1, 1), 9'000'000));
  apply(grid_msg(3, levels(1, 1))); // not fill-triggered: no sample
  CAF_CHECK_EQUAL(st().latency.total(), 2u);
  auto s = status();
  CAF_CHECK_EQUAL(s.figures.at("last_reset_latency_us"), "1000.0");
  CAF_CHECK_EQUAL(s.figures.at("latency_p50_us"), "250.0");
  CAF_CHECK_EQUAL(s.figures.at("latency_p99_us"), "1000.0");
  CAF_CHECK_EQUAL(s.figures.at("resets_done"), "3");
  CAF_CHECK_EQUAL(s.figures.at("batches_sent"), "5");
  CAF_CHECK_EQUAL(s.figures.at("live_orders"), "2");
  CAF_CHECK_EQUAL(s.facts.live_orders, 2); // what the shutdown verdict reads
  CAF_CHECK_EQUAL(s.figures.at("job"), "none");
  CAF_CHECK_EQUAL(s.figures.at("rejects.retry_later"), "0");
  CAF_CHECK_EQUAL(s.name, "BTC/executor");
  CAF_CHECK(s.state == run_state::running);
}

CAF_TEST_FIXTURE_SCOPE_END()
