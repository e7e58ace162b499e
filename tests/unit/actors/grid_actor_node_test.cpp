#define CAF_SUITE grid_actor_node
#include "grid_fixture.hpp"

// The grid's part in node-wide features: the exposure cap, the journal
// copies and a session restored after a restart.

using namespace grid_test;

namespace {

struct journal_log {
  std::vector<fill> fills;
  std::vector<replace_grid> replaces;
  std::vector<order_rejected> rejects;
  std::vector<book_sample> books;
};

journal_actor::behavior_type journal_stub(journal_actor::pointer,
                                          std::shared_ptr<journal_log> log) {
  return {
      [log](const fill& x) { log->fills.push_back(x); },
      [log](const replace_grid& x) { log->replaces.push_back(x); },
      [log](const order_rejected& x) { log->rejects.push_back(x); },
      [](const risk_record&) {},
      [](link_root_atom, const caf::actor&) {},
      [](tick_atom) {},
      [log](const book_sample& x) { log->books.push_back(x); },
      [](status_atom) { return actor_status{}; },
  };
}

int count_side(const replace_grid& g, side s) {
  int n = 0;
  for (auto& l : g.levels)
    n += l.level_side == s ? 1 : 0;
  return n;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(grid_actor_node_tests, fixture)

CAF_TEST(the grid reports its position and mark for the exposure cap) {
  start();
  quoting();
  send_fill(side::bid, 99'800);
  self->send(uut, exposure_atom::value);
  sched.run();
  market_exposure x;
  self->receive([&](market_exposure& e) { x = e; });
  CAF_CHECK_EQUAL(x.market_index, 1);
  CAF_CHECK_EQUAL(x.position.value, 100);
  CAF_CHECK_EQUAL(x.mark.value, 100'000); // the market mid
}

CAF_TEST(reduce only requotes the long grid with asks only) {
  start();
  quoting();
  send_fill(side::bid, 99'800);
  send(reset_done{1, 2, 4, 0, 0});
  auto before = replaces();
  send(reduce_only{1, true, "cap"});
  CAF_REQUIRE_EQUAL(replaces(), before + 1);
  CAF_CHECK_EQUAL(last_replace().why, "exposure");
  CAF_CHECK_EQUAL(count_side(last_replace(), side::bid), 0);
  CAF_CHECK_EQUAL(count_side(last_replace(), side::ask), 2);
  CAF_CHECK_EQUAL(status().figures.count("reduce_only"), 1u);
}

CAF_TEST(the journal gets every fill reset and reject and the fill stamps the
             reset) {
  auto log = std::make_shared<journal_log>();
  auto cfg = base_config();
  cfg.journal = sys.spawn(journal_stub, log);
  start(cfg);
  quoting();
  fill f;
  f.market_index = 1;
  f.order_side = side::ask;
  f.price = price_ticks{100'200};
  f.size = qty_lots{100};
  f.recv_ns = 123'456;
  send(f);
  send(order_rejected{1, 9, 0, reject_class::post_only_cross, 1, "x", 0});
  CAF_CHECK_EQUAL(log->fills.size(), 1u);
  CAF_CHECK_EQUAL(log->replaces.size(), 2u); // start + fill
  CAF_CHECK_EQUAL(log->rejects.size(), 1u);
  CAF_CHECK_EQUAL(last_replace().trigger_ns, 123'456);
  self->send_exit(cfg.journal, caf::exit_reason::user_shutdown);
}

// Reports compute markouts from these samples: each must be the book in
// effect at its time, including the ones taken after a fill.
CAF_TEST(the journal gets the book every few seconds and after each fill) {
  auto log = std::make_shared<journal_log>();
  auto cfg = base_config();
  cfg.journal = sys.spawn(journal_stub, log);
  start(cfg);
  quoting(); // book 99'990 / 100'010 at t = 0: the first periodic sample
  CAF_REQUIRE_EQUAL(log->books.size(), 1u);
  CAF_CHECK_EQUAL(log->books[0].at_ms, 0);
  CAF_CHECK_EQUAL(log->books[0].bid.value, 99'990);
  CAF_CHECK_EQUAL(log->books[0].price_decimals, cfg.spec.price_decimals);
  send_fill(side::ask, 100'010); // markouts due at 1 s, 10 s, 60 s
  advance_time(std::chrono::milliseconds{1'500});
  send(top_of_book{1, price_ticks{100'000}, qty_lots{5}, price_ticks{100'020},
                   qty_lots{5}, 0});
  // 1 s after the fill the book was still the first one.
  CAF_REQUIRE_EQUAL(log->books.size(), 2u);
  CAF_CHECK_EQUAL(log->books[1].at_ms, 1'000);
  CAF_CHECK_EQUAL(log->books[1].bid.value, 99'990);
  advance_time(std::chrono::milliseconds{60'000});
  send(top_of_book{1, price_ticks{100'100}, qty_lots{5}, price_ticks{100'120},
                   qty_lots{5}, 0});
  // 10 s and 60 s: the book of 1.5 s; then the periodic sample of now.
  CAF_REQUIRE_EQUAL(log->books.size(), 5u);
  CAF_CHECK_EQUAL(log->books[2].at_ms, 10'000);
  CAF_CHECK_EQUAL(log->books[2].bid.value, 100'000);
  CAF_CHECK_EQUAL(log->books[3].at_ms, 60'000);
  CAF_CHECK_EQUAL(log->books[3].ask.value, 100'020);
  CAF_CHECK_EQUAL(log->books[4].at_ms, 61'500);
  CAF_CHECK_EQUAL(log->books[4].bid.value, 100'100);
  CAF_REQUIRE_GREATER_OR_EQUAL(log->replaces.size(), 2u);
  CAF_CHECK_EQUAL(log->replaces[1].source, "filled_price"); // the fill's reset
  self->send_exit(cfg.journal, caf::exit_reason::user_shutdown);
}

CAF_TEST(a restored session continues position and counts) {
  auto cfg = base_config();
  trailgrid::strategy::pnl_tracker pnl{cfg.params.fees};
  pnl.on_fill(side::ask, price_ticks{100'000}, qty_lots{300}, true);
  cfg.restore_pnl = pnl;
  cfg.restore_fills = 3;
  cfg.restore_resets = 4;
  start(cfg);
  auto s = status();
  CAF_CHECK_EQUAL(s.figures["position"], "-0.0300");
  CAF_CHECK_EQUAL(s.figures["fills"], "3");
  CAF_CHECK_EQUAL(s.figures["resets"], "4");
}

CAF_TEST_FIXTURE_SCOPE_END()
