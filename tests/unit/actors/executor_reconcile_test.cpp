#define CAF_SUITE executor_reconcile
#include "caf/test/dsl.hpp"

#include "executor_fixture.hpp"

#include <algorithm>
#include <chrono>
#include <set>

using namespace executor_test;
using namespace std::chrono_literals;

namespace {

live_order resting(int32_t m, int64_t coi, int64_t order_index) {
  return live_order{m, order_index, coi, false, price_ticks{990}, qty_lots{5}};
}

constexpr int64_t exchange_index = int64_t{1} << 48;

} // namespace

CAF_TEST_FIXTURE_SCOPE(executor_reconcile_tests, fixture)

CAF_TEST(reconcile cancels our unknown orders and leaves foreign ones) {
  auto mine_a = our_index(market, 10);
  auto mine_b = our_index(market, 11);
  gw_log->active = {
      resting(market, mine_a, exchange_index + 1),
      resting(market, mine_b, exchange_index + 2),
      resting(market, 12345, exchange_index + 3), // another tool's order
      resting(market, 0, exchange_index + 4),     // manual, no client index
      resting(market, our_index(2, 10), exchange_index + 5), // market 2's
      resting(2, our_index(2, 11), exchange_index + 6),      // other market
  };
  self->send(uut, reconcile_atom::value);
  sched.run();
  reconciled got;
  self->receive([&](reconciled& r) { got = r; });
  CAF_CHECK_EQUAL(got.market_index, market);
  CAF_CHECK_EQUAL(got.orphans_cancelled, 2);
  CAF_CHECK_EQUAL(got.live_orders, 0);
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 1u);
  CAF_CHECK_EQUAL(cancel_indexes(gw_log->batches[0]),
                  (std::vector<int64_t>{mine_a, mine_b}));
  CAF_CHECK_EQUAL(create_indexes(gw_log->batches[0]).size(), 0u);
  CAF_CHECK_EQUAL(st().core->counters().orphans_cancelled, 2u);
  CAF_CHECK(grid_events->done.empty()); // no reset_done for a reconcile
}

CAF_TEST(the executor leaves the route table to its supervisor) {
  // The supervisor routes the market's account events to the executor once
  // it has reconciled (market_supervisor_test); the executor itself never
  // writes the route, so no mailbox order can route events to an executor
  // that does not know its grid yet.
  CAF_CHECK(gw_log->routes.empty());
  market_peers peers;
  peers.grid = grid;
  self->send(uut, peers);
  sched.run();
  CAF_CHECK(gw_log->routes.empty());
}

CAF_TEST(reconcile with nothing of ours sends nothing) {
  gw_log->active = {resting(market, 777, exchange_index + 1)};
  self->send(uut, reconcile_atom::value);
  sched.run();
  reconciled got;
  self->receive([&](reconciled& r) { got = r; });
  CAF_CHECK_EQUAL(got.orphans_cancelled, 0);
  CAF_CHECK(gw_log->batches.empty());
}

CAF_TEST(reconcile retries a failing query with backoff then answers) {
  gw_log->failing_queries = 2;
  gw_log->active = {resting(market, our_index(market, 3), exchange_index)};
  self->send(uut, reconcile_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(gw_log->queries, 1);
  advance_time(200ms);
  sched.run();
  CAF_CHECK_EQUAL(gw_log->queries, 2);
  advance_time(399ms);
  sched.run();
  CAF_CHECK_EQUAL(gw_log->queries, 2);
  advance_time(1ms);
  sched.run();
  CAF_CHECK_EQUAL(gw_log->queries, 3);
  reconciled got;
  self->receive([&](reconciled& r) { got = r; });
  CAF_CHECK_EQUAL(got.orphans_cancelled, 1);
}

CAF_TEST(reconcile that cannot reach the exchange fails) {
  gw_log->failing_queries = 100;
  self->send(uut, reconcile_atom::value);
  sched.run();
  for (int i = 0; i < 10; ++i) {
    advance_time(5s);
    sched.run();
  }
  CAF_CHECK_EQUAL(gw_log->queries, 5);
  caf::error err;
  bool answered = false;
  self->receive([&](reconciled&) { answered = true; },
                [&](caf::error& e) { err = e; });
  CAF_CHECK(!answered);
  CAF_CHECK_EQUAL(err.code(),
                  static_cast<uint8_t>(error_code::reconcile_failed));
  CAF_CHECK(!st().core->job());
}

CAF_TEST(a restarted executor never reuses a live client index) {
  apply(grid_msg(1, levels(10, 10)));
  std::set<int64_t> before;
  for (auto& b : gw_log->batches)
    for (auto coi : create_indexes(b))
      before.insert(coi);
  CAF_REQUIRE_EQUAL(before.size(), 20u);
  // The executor dies with its 20 orders resting; it placed them faster
  // than the clock seed advances (20 in under a second).
  self->send_exit(uut, caf::exit_reason::kill);
  sched.run();
  int64_t n = 0;
  for (auto coi : before)
    gw_log->active.push_back(resting(market, coi, exchange_index + n++));
  *wall += 1'000;
  uut = start_executor();
  CAF_CHECK_LESS(st().core->indexes().last(),
                 client_index_space::sequence_of(*before.rbegin()));
  self->send(uut, reconcile_atom::value);
  sched.run();
  reconciled got;
  self->receive([&](reconciled& r) { got = r; });
  CAF_CHECK_EQUAL(got.orphans_cancelled, 20);
  gw_log->active.clear();
  auto sent = gw_log->batches.size();
  apply(grid_msg(1, levels(10, 10))); // the new grid numbers from 1 again
  std::set<int64_t> after;
  for (size_t i = sent; i < gw_log->batches.size(); ++i)
    for (auto coi : create_indexes(gw_log->batches[i]))
      after.insert(coi);
  CAF_REQUIRE_EQUAL(after.size(), 20u);
  CAF_CHECK_GREATER(*after.begin(), *before.rbegin());
}

CAF_TEST(a later start seeds the client index above an earlier start) {
  apply(grid_msg(1, levels(2, 2)));
  auto first = create_indexes(gw_log->batches[0]);
  *wall += 2'000; // 32 sequence numbers later
  uut = start_executor();
  apply(grid_msg(1, levels(2, 2)));
  auto second = create_indexes(gw_log->batches.back());
  CAF_REQUIRE_EQUAL(second.size(), 4u);
  CAF_CHECK_GREATER(second.front(), first.back());
}

CAF_TEST(fills of our orders update the live set and only unnamed ones reach the
             grid) {
  apply(grid_msg(1, levels(1, 1)));
  auto cois = create_indexes(gw_log->batches[0]);
  CAF_REQUIRE_EQUAL(cois.size(), 2u);
  auto bid = cois[0];
  auto ask = cois[1];
  self->send(uut, order_accepted{market, bid, exchange_index + 7, 1});
  sched.run();
  CAF_CHECK_EQUAL(st().core->orders().confirmed(), 1u);
  // A partial fill known only by the exchange's order index: the gateway
  // could not tell whose it was, so the executor passes it on.
  fill partial;
  partial.market_index = market;
  partial.order_index = exchange_index + 7;
  partial.size = qty_lots{2};
  partial.remaining = qty_lots{3};
  partial.recv_ns = 42;
  self->send(uut, partial);
  sched.run();
  CAF_REQUIRE(st().core->orders().find(bid) != nullptr);
  CAF_CHECK_EQUAL(st().core->orders().find(bid)->remaining, qty_lots{3});
  // A named one the grid got from the gateway already.
  fill done = partial;
  done.client_order_index = bid;
  done.remaining = qty_lots{0};
  self->send(uut, done);
  fill foreign = partial;
  foreign.order_index = 0;
  foreign.client_order_index = 77;
  self->send(uut, foreign);
  fill other_market = done;
  other_market.client_order_index = our_index(2, 5);
  self->send(uut, other_market);
  sched.run();
  CAF_CHECK(st().core->orders().find(bid) == nullptr);
  auto& fills = grid_events->fills;
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  CAF_CHECK_EQUAL(fills[0].client_order_index, bid); // resolved
  CAF_CHECK_EQUAL(fills[0].recv_ns, 42);
  CAF_CHECK_EQUAL(st().core->counters().foreign_events, 2u);
  // Cancels and rejects of ours leave the set; the grid has them from the
  // gateway, not from here.
  self->send(uut,
             order_cancelled{market, ask, exchange_index + 8, qty_lots{5}, 2});
  sched.run();
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
  CAF_CHECK_EQUAL(grid_events->accepted.size(), 0u);
  CAF_CHECK_EQUAL(grid_events->cancelled.size(), 0u);
}

CAF_TEST(an accepted order of ours that we did not know is adopted) {
  auto stray = our_index(market, 5);
  self->send(uut, order_accepted{market, stray, exchange_index + 1, 1});
  sched.run();
  CAF_CHECK(st().core->orders().find(stray) != nullptr);
  apply(grid_msg(1, levels(1, 1)));
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 1u);
  CAF_CHECK_EQUAL(cancel_indexes(gw_log->batches[0]),
                  std::vector<int64_t>{stray});
}

CAF_TEST(a create the engine rejected leaves the live set) {
  apply(grid_msg(1, levels(1, 1)));
  auto coi = create_indexes(gw_log->batches[0]).at(0);
  self->send(uut,
             order_rejected{market, coi, 101, reject_class::post_only_cross, 0,
                            "post only would cross", 3});
  sched.run();
  CAF_CHECK(st().core->orders().find(coi) == nullptr);
  // The gateway reports it to the grid itself.
  CAF_CHECK_EQUAL(grid_events->rejected.size(), 0u);
}

CAF_TEST(pause cancels our orders and holds grids until resume) {
  apply(grid_msg(1, levels(2, 2)));
  self->send(uut, pause_atom::value);
  sched.run();
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 2u);
  CAF_CHECK_EQUAL(types(gw_log->batches[1]),
                  (std::vector<int>{15, 15, 15, 15}));
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
  apply(grid_msg(2, levels(1, 1)));
  apply(grid_msg(3, levels(2, 1)));
  CAF_CHECK_EQUAL(gw_log->batches.size(), 2u);
  CAF_CHECK(status().state == run_state::paused);
  self->send(uut, resume_atom::value);
  sched.run();
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 3u);
  CAF_CHECK_EQUAL(types(gw_log->batches[2]), (std::vector<int>{14, 14, 14}));
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].reset_seq, 3u);
}

CAF_TEST(a pause keeps cancelling until the exchange lists none of ours) {
  // The exchange double: creates rest, cancels take them off.
  gw_log->on_batch = [log = gw_log.get()](const send_batch& b,
                                          const scripted& a) {
    if (a.verdict != exchange_verdict::accepted) return;
    auto& live = log->active;
    for (auto coi : create_indexes(b))
      live.push_back(resting(market, coi, exchange_index + coi % 1000));
    for (auto coi : cancel_indexes(b))
      live.erase(std::remove_if(live.begin(), live.end(),
                                [&](const live_order& o) {
                                  return o.client_order_index == coi;
                                }),
                 live.end());
  };
  apply(grid_msg(1, levels(2, 2)));
  CAF_REQUIRE_EQUAL(gw_log->active.size(), 4u);
  // The stop's cancel batch is refused until the executor gives it up (the
  // link is down), and the first checks cannot read the exchange either.
  for (int i = 0; i < 5; ++i)
    gw_log->script.push_back({exchange_verdict::retry_later, 23000, "down"});
  gw_log->failing_queries = 2;
  self->send(uut, pause_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(std::string{status().figures.at("cancel_unconfirmed")}, "1");
  for (int i = 0; i < 40 && !gw_log->active.empty(); ++i) {
    advance_time(5s);
    sched.run();
  }
  CAF_CHECK(gw_log->active.empty());
  for (int i = 0; i < 5; ++i) { // and the next check confirms it
    advance_time(5s);
    sched.run();
  }
  CAF_CHECK_EQUAL(std::string{status().figures.at("cancel_unconfirmed")}, "0");
  CAF_CHECK_GREATER_OR_EQUAL(st().core->counters().cancel_checks, 2u);
  auto checks = st().core->counters().cancel_checks;
  advance_time(60s); // confirmed: no more checks
  sched.run();
  CAF_CHECK_EQUAL(st().core->counters().cancel_checks, checks);
}

CAF_TEST(drain cancels our orders and applies no further grid) {
  apply(grid_msg(1, levels(1, 1)));
  self->send(uut, drain_atom::value);
  sched.run();
  apply(grid_msg(2, levels(1, 1)));
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 2u);
  CAF_CHECK_EQUAL(types(gw_log->batches[1]), (std::vector<int>{15, 15}));
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
  CAF_CHECK_EQUAL(grid_events->done.size(), 1u);
}

CAF_TEST(cancel grid cancels our orders without a reset done) {
  apply(grid_msg(1, levels(1, 1)));
  self->send(uut, cancel_grid{market, "breaker", 5});
  sched.run();
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 2u);
  CAF_CHECK_EQUAL(types(gw_log->batches[1]), (std::vector<int>{15, 15}));
  CAF_CHECK_EQUAL(grid_events->done.size(), 1u);
  apply(grid_msg(2, levels(1, 1))); // quoting goes on afterwards
  CAF_CHECK_EQUAL(gw_log->batches.size(), 3u);
}

CAF_TEST_FIXTURE_SCOPE_END()
