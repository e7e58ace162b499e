#define CAF_SUITE executor_verdict
#include "caf/test/dsl.hpp"

#include "executor_fixture.hpp"

#include <algorithm>
#include <chrono>

using namespace executor_test;
using namespace std::chrono_literals;

namespace {

scripted answer(exchange_verdict v, int32_t code, std::string text = {}) {
  return scripted{v, code, std::move(text)};
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(executor_verdict_tests, fixture)

CAF_TEST(an invalid nonce resyncs the signer and the batch is signed again) {
  apply(grid_msg(1, levels(3, 3))); // nonces 100..105
  gw_log->next_nonce = 300;         // the exchange counts differently
  gw_log->script.push_back(
      answer(exchange_verdict::resync_nonce, 21104, "invalid nonce"));
  apply(grid_msg(2, levels(3, 3)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 3u);
  CAF_CHECK_EQUAL(b[1].txs.front().nonce, 106);
  CAF_CHECK_EQUAL(b[2].txs.front().nonce, 300);
  CAF_CHECK_EQUAL(b[2].txs.back().nonce, 311);
  // The same cancels and creates, re-signed.
  CAF_CHECK_EQUAL(cancel_indexes(b[1]), cancel_indexes(b[2]));
  CAF_CHECK_EQUAL(create_indexes(b[1]), create_indexes(b[2]));
  CAF_CHECK_EQUAL(gw_log->nonce_queries, 2);
  CAF_CHECK_EQUAL(st().core->counters().nonce_errors, 1u);
  CAF_CHECK_EQUAL(
      st().core->counters().rejects.at(exchange_verdict::resync_nonce), 1u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 6);
  CAF_CHECK_EQUAL(st().core->orders().size(), 6u);
}

CAF_TEST(retry later backs off on the clock and resends the same nonces) {
  gw_log->script = {answer(exchange_verdict::retry_later, 23000),
                    answer(exchange_verdict::retry_later, 23000)};
  apply(grid_msg(1, levels(3, 3)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 1u);
  CAF_REQUIRE(st().core->job().has_value());
  CAF_CHECK(st().core->step_now() ==
            trailgrid::execution::market_executor::step::backing_off);
  advance_time(199ms);
  sched.run();
  CAF_CHECK_EQUAL(b.size(), 1u);
  advance_time(1ms); // first backoff: 200 ms
  sched.run();
  CAF_CHECK_EQUAL(b.size(), 2u);
  advance_time(399ms);
  sched.run();
  CAF_CHECK_EQUAL(b.size(), 2u);
  advance_time(1ms); // doubled: 400 ms
  sched.run();
  CAF_REQUIRE_EQUAL(b.size(), 3u);
  // A refused last batch gave its nonces back: the resend reuses them.
  CAF_CHECK_EQUAL(nonces(b[0]), nonces(b[2]));
  CAF_CHECK_EQUAL(nonces(b[1]), nonces(b[2]));
  CAF_CHECK_EQUAL(
      st().core->counters().rejects.at(exchange_verdict::retry_later), 2u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 1u);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_placed, 6);
  CAF_CHECK(!st().core->job());
}

CAF_TEST(a batch refused too often is given up and its creates fail) {
  for (int i = 0; i < 5; ++i)
    gw_log->script.push_back(answer(exchange_verdict::retry_later, 21506));
  apply(grid_msg(1, levels(3, 3)));
  for (int i = 0; i < 10; ++i) {
    advance_time(5s);
    sched.run();
  }
  CAF_CHECK_EQUAL(gw_log->batches.size(), 5u); // max_attempts
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 1u);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_placed, 0);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_failed, 6);
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
}

CAF_TEST(drop order drops the creates and still sends the cancels) {
  apply(grid_msg(1, levels(2, 2)));
  gw_log->script.push_back(answer(exchange_verdict::drop_order, 21706,
                                  "invalid order base or quote amount"));
  apply(grid_msg(2, levels(2, 2)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 3u);
  CAF_CHECK_EQUAL(types(b[1]),
                  (std::vector<int>{15, 15, 15, 15, 14, 14, 14, 14}));
  CAF_CHECK_EQUAL(types(b[2]), (std::vector<int>{15, 15, 15, 15}));
  CAF_CHECK_EQUAL(b[2].txs.front().nonce, b[1].txs.front().nonce);
  auto& rej = grid_events->rejected;
  CAF_REQUIRE_EQUAL(rej.size(), 4u);
  CAF_CHECK(rej[0].why == reject_class::invalid_amount);
  CAF_CHECK_EQUAL(rej[0].code, 21706);
  CAF_CHECK_EQUAL(rej[0].market_index, market);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 0);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_failed, 4);
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
}

CAF_TEST(already gone on one cancel treats it as done and resends the rest) {
  apply(grid_msg(1, levels(1, 0)));
  gw_log->script.push_back(answer(exchange_verdict::already_gone, 21600));
  apply(grid_msg(2, levels(2, 2)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 3u);
  CAF_CHECK_EQUAL(types(b[2]), (std::vector<int>{14, 14, 14, 14}));
  CAF_CHECK_EQUAL(create_indexes(b[2]), create_indexes(b[1]));
  CAF_CHECK_EQUAL(gw_log->queries, 0);
  CAF_CHECK_EQUAL(st().core->orders().size(), 4u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 4);
}

CAF_TEST(already gone on several cancels asks the exchange which orders rest) {
  // The exchange refuses the whole batch for the one cancel of an order
  // that was filled meanwhile, and does not say which: forgetting all four
  // would leave three resting that nobody cancels.
  apply(grid_msg(1, levels(2, 2)));
  auto first = create_indexes(gw_log->batches[0]);
  CAF_REQUIRE_EQUAL(first.size(), 4u);
  for (size_t i = 1; i < first.size(); ++i)
    gw_log->active.push_back({market, int64_t{1000} + static_cast<int64_t>(i),
                              first[i], false, price_ticks{990}, qty_lots{3}});
  gw_log->script.push_back(answer(exchange_verdict::already_gone, 21600));
  apply(grid_msg(2, levels(2, 2)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 3u);
  CAF_CHECK_EQUAL(gw_log->queries, 1);
  CAF_CHECK_EQUAL(cancel_indexes(b[2]),
                  std::vector<int64_t>(first.begin() + 1, first.end()));
  CAF_CHECK_EQUAL(create_indexes(b[2]).size(), 4u);
  CAF_CHECK_EQUAL(st().core->orders().size(), 4u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 4);
}

CAF_TEST(a fatal verdict halts quoting until resume) {
  gw_log->script.push_back(
      answer(exchange_verdict::fatal, 21120, "invalid signature"));
  apply(grid_msg(1, levels(3, 3)));
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 1u);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_failed, 6);
  auto s = status();
  CAF_CHECK(s.state == run_state::halted);
  CAF_CHECK_EQUAL(s.figures.at("halted"), "21120 invalid signature");
  apply(grid_msg(2, levels(3, 3)));
  CAF_CHECK_EQUAL(gw_log->batches.size(), 1u); // held back
  CAF_REQUIRE(st().core->reset_pending().has_value());
  CAF_CHECK(st().core->reset_pending() == uint64_t{2});
  self->send(uut, resume_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(gw_log->batches.size(), 2u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].reset_seq, 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_placed, 6);
}

CAF_TEST(an unknown verdict reconciles and plans the reset again) {
  // The unanswered batch did land: its creates are live on the exchange.
  // (Raw pointers: the log owns the hook, a shared_ptr would be a cycle.)
  auto* log = gw_log.get();
  auto* signed_calls = calls.get();
  gw_log->on_batch = [log, signed_calls](const send_batch& b,
                                         const scripted& a) {
    if (a.verdict != exchange_verdict::unknown) return;
    for (auto& t : b.txs)
      for (auto& c : *signed_calls)
        if (c.nonce == t.nonce && c.intent.kind == tx_kind::create_order)
          log->active.push_back({market, (int64_t{1} << 48) + t.nonce,
                                 c.intent.client_order_index, c.intent.is_ask,
                                 c.intent.price, c.intent.base_amount});
  };
  gw_log->script.push_back(answer(exchange_verdict::unknown, 0, "timeout"));
  apply(grid_msg(1, levels(2, 2)));
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 2u);
  CAF_CHECK_EQUAL(gw_log->queries, 1);
  // The rerun cancels what landed and places the grid under fresh indexes.
  auto landed = create_indexes(b[0]);
  CAF_CHECK_EQUAL(cancel_indexes(b[1]), landed);
  auto fresh = create_indexes(b[1]);
  CAF_REQUIRE_EQUAL(fresh.size(), 4u);
  for (auto coi : fresh)
    CAF_CHECK(std::find(landed.begin(), landed.end(), coi) == landed.end());
  // The signer re-read the next nonce after the unknown verdict.
  CAF_CHECK_EQUAL(gw_log->nonce_queries, 2);
  CAF_CHECK_EQUAL(st().core->counters().rejects.at(exchange_verdict::unknown),
                  1u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 1u);
  CAF_CHECK_EQUAL(grid_events->done[0].orders_placed, 4);
  CAF_CHECK_EQUAL(st().core->orders().size(), 4u);
}

CAF_TEST(a cancel during a backoff sends the cancels and no more creates) {
  apply(grid_msg(1, levels(2, 2)));
  gw_log->script.push_back(answer(exchange_verdict::retry_later, 23000));
  apply(grid_msg(2, levels(2, 2)));
  CAF_REQUIRE_EQUAL(gw_log->batches.size(), 2u);
  self->send(uut, cancel_atom::value);
  sched.run();
  auto& b = gw_log->batches;
  CAF_REQUIRE_EQUAL(b.size(), 3u);
  CAF_CHECK_EQUAL(types(b[2]), (std::vector<int>{15, 15, 15, 15}));
  CAF_CHECK_EQUAL(st().core->orders().size(), 0u);
  CAF_REQUIRE_EQUAL(grid_events->done.size(), 2u);
  CAF_CHECK_EQUAL(grid_events->done[1].orders_failed, 4);
  CAF_CHECK(!st().core->job());
  advance_time(10s); // the stale backoff timer changes nothing
  sched.run();
  CAF_CHECK_EQUAL(b.size(), 3u);
}

CAF_TEST_FIXTURE_SCOPE_END()
