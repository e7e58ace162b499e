#define CAF_SUITE grid_actor
#include "grid_fixture.hpp"

using namespace grid_test;

CAF_TEST_FIXTURE_SCOPE(grid_actor_tests, fixture)

CAF_TEST(the start grid goes out once book and atr are known) {
  start();
  send(top_of_book{1, price_ticks{99'990}, qty_lots{5}, price_ticks{100'010},
                   qty_lots{5}, 0});
  CAF_CHECK_EQUAL(replaces(), 0u);
  send(atr_update{1, price_ticks{400}, 4'000, true, 0});
  CAF_REQUIRE_EQUAL(replaces(), 1u);
  auto& g = last_replace();
  CAF_CHECK_EQUAL(g.market_index, 1);
  CAF_CHECK_EQUAL(g.reset_seq, 1u);
  CAF_CHECK_EQUAL(g.centre.value, 100'000);
  CAF_CHECK_EQUAL(g.spacing_ppm, 2'000);
  CAF_CHECK_EQUAL(g.why, "start");
  CAF_REQUIRE_EQUAL(g.levels.size(), 4u);
  CAF_CHECK(g.levels[0].level_side == side::bid);
  CAF_CHECK_EQUAL(g.levels[0].price.value, 99'800);
  CAF_CHECK_EQUAL(g.levels[3].price.value, 100'400);
  CAF_CHECK_EQUAL(g.levels[3].size.value, 100);
  // The start grid had no fill to centre on: the mid was used, and the log
  // line says so.
  CAF_CHECK_EQUAL(log_text.str(), "info BTC/grid reset #1: centre 10,000.0 "
                                  "(market_mid), spacing 0.20 %, 2+2 "
                                  "levels\n");
}

CAF_TEST(a fill produces exactly one replace grid to the executor) {
  start();
  quoting();
  log_text.str("");
  send_fill(side::ask, 100'200);
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  auto& g = last_replace();
  CAF_CHECK_EQUAL(g.reset_seq, 2u);
  CAF_CHECK_EQUAL(g.why, "fill");
  CAF_CHECK_EQUAL(g.centre.value, 100'200); // filled_price
  CAF_CHECK_EQUAL(exec_log->sequence.size(), 2u);
  CAF_CHECK_EQUAL(log_text.str(), "info BTC/grid reset #2: centre 10,020.0 "
                                  "(filled_price), spacing 0.20 %, 2+2 "
                                  "levels\n");
}

CAF_TEST(a replace caused by fills carries the receive time of the first) {
  start();
  quoting();
  CAF_CHECK_EQUAL(last_replace().trigger_ns, 0); // the start grid: no fill
  send_fill(side::ask, 100'200, 0, 5'000);
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  CAF_CHECK_EQUAL(last_replace().trigger_ns, 5'000);
  // Two fills while #2 is in flight: the coalesced reset #3 is timed from
  // the earlier one.
  send_fill(side::ask, 100'150, 0, 7'000);
  send_fill(side::bid, 99'900, 0, 8'000);
  send(reset_done{1, 2, 4, 0, 0});
  CAF_REQUIRE_EQUAL(replaces(), 3u);
  CAF_CHECK_EQUAL(last_replace().trigger_ns, 7'000);
}

CAF_TEST(fills during an in flight reset coalesce into one replace) {
  start();
  quoting();
  send_fill(side::ask, 100'200); // reset #2 goes out and stays in flight
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  // Three more fills (prices the sanity guard accepts against the book
  // 9,999.0 / 10,001.0): no replace while #2 is in flight.
  send_fill(side::ask, 100'150);
  send_fill(side::bid, 99'900);
  send_fill(side::ask, 100'050);
  CAF_CHECK_EQUAL(replaces(), 2u);
  // A stale reset_done (an old seq) releases nothing.
  send(reset_done{1, 1, 4, 0, 0});
  CAF_CHECK_EQUAL(replaces(), 2u);
  send(reset_done{1, 2, 4, 0, 0});
  CAF_REQUIRE_EQUAL(replaces(), 3u);
  CAF_CHECK_EQUAL(last_replace().reset_seq, 3u);
  CAF_CHECK_EQUAL(last_replace().centre.value, 100'050); // the last fill
  CAF_CHECK_EQUAL(last_replace().why, "fill");
  send(reset_done{1, 3, 4, 0, 0});
  CAF_CHECK_EQUAL(replaces(), 3u);
  auto s = status();
  CAF_CHECK_EQUAL(s.figures.at("fills"), "4");
  CAF_CHECK_EQUAL(s.figures.at("coalesced_fills"), "2");
  CAF_CHECK_EQUAL(s.figures.at("resets"), "3");
  CAF_CHECK_EQUAL(s.figures.at("guard_fallbacks"), "0");
}

CAF_TEST(a fill the sanity guard rejects is centred on the market mid) {
  start();
  quoting();
  // A bid 0.2 % below 10,040.0 would sit above the best ask 10,001.0.
  send_fill(side::bid, 100'400);
  CAF_REQUIRE_EQUAL(replaces(), 2u);
  CAF_CHECK_EQUAL(last_replace().centre.value, 100'000);
  auto s = status();
  CAF_CHECK_EQUAL(s.figures.at("guard_fallbacks"), "1");
  CAF_CHECK_EQUAL(s.figures.at("centre_source"), "market_mid (guard fallback)");
  CAF_CHECK_NOT_EQUAL(log_text.str().find("reset #2: centre 10,000.0 "
                                          "(market_mid), spacing 0.20 %, "
                                          "2+2 levels, guard fallback\n"),
                      std::string::npos);
}

CAF_TEST(status shows the key figures of the market) {
  start();
  quoting();
  send(order_accepted{1, 11, 1'011, 0});
  send(order_accepted{1, 12, 1'012, 0});
  send_fill(side::bid, 99'800); // bought 100 lots at 9,980.0
  auto s = status();
  CAF_CHECK_EQUAL(s.name, "BTC/grid");
  CAF_CHECK_EQUAL(s.kind, "grid");
  CAF_CHECK(s.state == run_state::running);
  auto& f = s.figures;
  CAF_CHECK_EQUAL(f.at("state"), "reset_in_flight");
  CAF_CHECK_EQUAL(f.at("mid"), "10,000.0");
  CAF_CHECK_EQUAL(f.at("atr_pct"), "0.40 %");
  CAF_CHECK_EQUAL(f.at("spacing"), "0.20 %");
  CAF_CHECK_EQUAL(f.at("centre"), "9,980.0");
  CAF_CHECK_EQUAL(f.at("centre_source"), "filled_price");
  CAF_CHECK_EQUAL(f.at("live_orders"), "1"); // 2 accepted, 1 filled
  CAF_CHECK_EQUAL(f.at("position"), "0.0100");
  CAF_CHECK_EQUAL(f.at("realised_pnl"), "0.00000");
  // Marked at the mid 10,000.0: 100 lots x 20.0 = 0.2 quote.
  CAF_CHECK_EQUAL(f.at("unrealised_pnl"), "0.20000");
  CAF_CHECK_EQUAL(f.at("volume"), "99.80000");
  CAF_CHECK_EQUAL(f.at("resets"), "2");
  CAF_CHECK_EQUAL(f.at("resets_per_hour"), "2");
  CAF_CHECK_EQUAL(f.at("fills"), "1");
  CAF_CHECK_EQUAL(f.at("guard_fallbacks"), "0");
  // The same figures, typed, for the summary and the shutdown verdict.
  auto& x = s.facts;
  CAF_CHECK_EQUAL(x.live_orders, 1);
  CAF_CHECK_EQUAL(x.position, 100);
  CAF_CHECK_EQUAL(x.unrealised_pnl, 20'000);
  CAF_CHECK_EQUAL(x.volume, 9'980'000);
  CAF_CHECK_EQUAL(x.resets, 2);
  CAF_CHECK_EQUAL(x.fills, 1);
  CAF_CHECK_EQUAL(f.at("last_reset_latency_ms"), "0");
}

CAF_TEST(a new executor gets the desired grid again) {
  start();
  warm_up(); // reset #1 in flight; its executor dies
  auto fresh_log = std::make_shared<stubs::executor_log>();
  auto fresh = sys.spawn(stubs::executor_stub, fresh_log);
  market_peers peers;
  peers.executor = fresh;
  send(peers);
  CAF_REQUIRE_EQUAL(fresh_log->replaces.size(), 1u);
  CAF_CHECK_EQUAL(fresh_log->replaces[0].reset_seq, 1u);
  // Its reset_done releases the reset the old executor never finished.
  send(reset_done{1, 1, 4, 0, 0});
  send_fill(side::ask, 100'200);
  CAF_CHECK_EQUAL(fresh_log->replaces.size(), 2u);
  CAF_CHECK_EQUAL(replaces(), 1u); // nothing more to the old one
  self->send_exit(fresh, caf::exit_reason::user_shutdown);
}

CAF_TEST_FIXTURE_SCOPE_END()
