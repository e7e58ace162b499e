#define CAF_SUITE grid_actor_control
#include "grid_fixture.hpp"

using namespace grid_test;
using namespace std::chrono_literals;

CAF_TEST_FIXTURE_SCOPE(grid_actor_control_tests, fixture)

CAF_TEST(a reset the rate limiter defers fires on the virtual clock) {
  // 8 txs of quota, refilled at 1 per second. The start grid costs 4; after
  // 4 accepts and one fill (3 live), the fill's reset costs 3 cancels + 4
  // creates = 7 with 4 tokens left: it waits 3 s for 3 more.
  auto cfg = base_config();
  cfg.params.risk.tx_bucket_capacity = 8;
  cfg.params.risk.tx_refill_per_minute = 60;
  start(cfg);
  quoting();
  for (int64_t i = 1; i <= 4; ++i)
    send(order_accepted{1, i, 1'000 + i, 0});
  send_fill(side::ask, 100'200);
  CAF_CHECK_EQUAL(replaces(), 1u);
  CAF_CHECK_EQUAL(st().timers.size(), 1u);
  advance_time(2'999ms);
  sched.run();
  CAF_CHECK_EQUAL(replaces(), 1u);
  advance_time(1ms);
  sched.run();
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  CAF_CHECK_EQUAL(last_replace().centre.value, 100'200);
  CAF_CHECK_EQUAL(last_replace().ts_ms, 3'000);
  CAF_CHECK(st().timers.empty());
  CAF_CHECK_EQUAL(figure("deferred_resets"), "1");
}

CAF_TEST(pause cancels the grid and stops quoting until resume) {
  start();
  quoting();
  self->send(uut, pause_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(exec_log->sequence,
                  std::vector<std::string>(
                      {"replace#1", "cancel:halt", "halt:operator_request"}));
  auto s = status();
  CAF_CHECK(s.state == run_state::paused);
  CAF_CHECK_EQUAL(s.figures.at("state"), "paused");
  // Fills of orders still being cancelled trade, but re-quote nothing.
  send_fill(side::ask, 100'200);
  CAF_CHECK_EQUAL(replaces(), 1u);
  self->send(uut, resume_atom::value);
  sched.run();
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  CAF_CHECK_EQUAL(exec_log->sequence.at(3), "resume");
  CAF_CHECK_EQUAL(last_replace().why, "resume");
  CAF_CHECK(status().state == run_state::running);
}

CAF_TEST(an operator cancel also keeps the grid from requoting) {
  start();
  quoting();
  self->send(uut, cancel_atom::value);
  sched.run();
  CAF_REQUIRE_EQUAL(exec_log->cancels.size(), 1u);
  send(top_of_book{1, price_ticks{99'980}, qty_lots{5}, price_ticks{100'000},
                   qty_lots{5}, 0});
  CAF_CHECK_EQUAL(replaces(), 1u);
  // Pausing again changes nothing: one cancel only.
  self->send(uut, pause_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(exec_log->cancels.size(), 1u);
}

CAF_TEST(drain pulls the orders and reports draining) {
  start();
  quoting();
  self->send(uut, drain_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(exec_log->cancels.size(), 1u);
  CAF_CHECK_EQUAL(figure("state"), "draining");
}

CAF_TEST(a volatility breaker trip cancels and a calm atr requotes) {
  start();
  quoting();
  send(atr_update{1, price_ticks{2'500}, 25'000, true, 0}); // 2.5 % > 2 %
  CAF_CHECK_EQUAL(exec_log->sequence.back(), "cancel:breaker");
  CAF_CHECK_EQUAL(figure("state"), "paused_breaker");
  send(atr_update{1, price_ticks{500}, 5'000, true, 0}); // below 1.2 %
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  CAF_CHECK_EQUAL(last_replace().why, "resume");
}

CAF_TEST_FIXTURE_SCOPE_END()
