#define CAF_SUITE account_ledger
#include "caf/test/unit_test.hpp"

#include "execution/account_ledger.hpp"

using namespace trailgrid::execution;

CAF_TEST(a fill reported by the stream and by recovery is booked once) {
  account_ledger l;
  CAF_CHECK(l.first_sight(fill_key(17, true), false));
  CAF_CHECK(!l.first_sight(fill_key(17, true), true));
  CAF_CHECK_EQUAL(l.duplicate_fills(), 1u);
  CAF_CHECK_EQUAL(l.fills_recovered(), 0u);
}

CAF_TEST(both sides of a self trade are two fills) {
  account_ledger l;
  CAF_CHECK(l.first_sight(fill_key(17, true), false));
  CAF_CHECK(l.first_sight(fill_key(17, false), false));
}

CAF_TEST(a fill only recovery saw counts as recovered) {
  account_ledger l;
  CAF_CHECK(l.first_sight(fill_key(18, false), true));
  CAF_CHECK_EQUAL(l.fills_recovered(), 1u);
}

CAF_TEST(fills booked by a previous run are not booked again) {
  account_ledger l;
  l.remember(fill_key(20, false));
  CAF_CHECK(!l.first_sight(fill_key(20, false), true));
}

CAF_TEST(a trade without an id is never dropped as a duplicate) {
  account_ledger l;
  CAF_CHECK(l.first_sight(fill_key(0, false), false));
  CAF_CHECK(l.first_sight(fill_key(0, false), false));
}

CAF_TEST(the fill memory is bounded and forgets the oldest) {
  account_ledger::config cfg;
  cfg.trade_memory = 3;
  account_ledger l{cfg};
  for (int64_t t = 1; t <= 5; ++t)
    l.first_sight(fill_key(t, false), false);
  CAF_CHECK_EQUAL(l.trades_remembered(), 3u);
  CAF_CHECK(l.first_sight(fill_key(1, false), false)); // forgotten
  CAF_CHECK(!l.first_sight(fill_key(5, false), false));
}

CAF_TEST(an order is reported live once and final once) {
  account_ledger l;
  CAF_CHECK(l.on_order(9, 0, false) == order_news::accepted);
  CAF_CHECK(l.on_order(9, 0, false) == order_news::none);
  CAF_CHECK(l.on_order(9, 0, true) == order_news::final);
  CAF_CHECK(l.on_order(9, 0, true) == order_news::none);
  CAF_CHECK(l.on_order(9, 0, false) == order_news::none); // late upsert
  CAF_CHECK_EQUAL(l.live_orders(), 0u);
}

CAF_TEST(orders of a market the exchange no longer lists are pruned) {
  account_ledger l;
  l.on_order(1, 7, false);
  l.on_order(2, 7, false);
  l.on_order(3, 8, false); // another market: its snapshot is not this one
  auto gone = l.prune_market(7, l.snapshot_mark(), {2});
  CAF_CHECK_EQUAL(gone, std::set<int64_t>{1});
  CAF_CHECK_EQUAL(l.live_orders(), 2u);
  CAF_CHECK_EQUAL(l.orders_pruned(), 1u);
}

CAF_TEST(an order first seen after the snapshot was asked for is kept) {
  account_ledger l;
  l.on_order(1, 7, false);
  auto mark = l.snapshot_mark();
  l.on_order(2, 7, false); // accepted while the REST read was in flight
  auto gone = l.prune_market(7, mark, {});
  CAF_CHECK_EQUAL(gone, std::set<int64_t>{1});
  CAF_CHECK_EQUAL(l.live_orders(), 1u);
}

CAF_TEST(a pruned order that reports its end later is not counted live) {
  account_ledger l;
  l.on_order(1, 7, false);
  l.prune_market(7, l.snapshot_mark(), {});
  CAF_CHECK(l.on_order(1, 7, true) == order_news::final);
  CAF_CHECK_EQUAL(l.live_orders(), 0u);
}

CAF_TEST(a gap asks for one recovery until it started) {
  account_ledger l;
  l.on_gap(gap_cause::reconnect, 0);
  l.on_gap(gap_cause::malformed, 1);
  CAF_CHECK(l.recovery_needed());
  l.on_recovery_started(2);
  CAF_CHECK(!l.recovery_needed());
  CAF_CHECK(l.recovering());
  l.on_recovery_done(3);
  CAF_CHECK_EQUAL(l.recoveries(), 1u);
  CAF_CHECK_EQUAL(l.gaps(), 2u);
  CAF_CHECK_EQUAL(l.gaps_by_cause().at(gap_cause::malformed), 1u);
}

CAF_TEST(the stream down time counts from the drop until it is up) {
  account_ledger l;
  l.on_stream_down(1'000);
  CAF_CHECK_EQUAL(l.down_for_ms(4'000), 3'000);
  l.on_stream_down(2'000); // still the same outage
  CAF_CHECK_EQUAL(l.down_for_ms(4'000), 3'000);
  l.on_stream_up(5'000);
  CAF_CHECK_EQUAL(l.down_for_ms(6'000), 0);
  CAF_CHECK(l.stream_up());
}
