#define CAF_SUITE account_events
#include "caf/test/unit_test.hpp"

#include "execution/account_events.hpp"
#include "execution/client_index.hpp"

#include <string>
#include <vector>

using namespace trailgrid;
using namespace trailgrid::execution;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::side;

namespace {

constexpr int64_t me = 77;      // our account
constexpr int64_t them = 5;     // the other side of every trade
constexpr int32_t market = 1;   // decimals {2, 3}: quote units of 1e-5
constexpr int32_t unrouted = 2; // known, never routed
constexpr int64_t start_ms = 1'760'000'000'000;
constexpr uint8_t tag = client_index_space::default_tag;

int64_t ours(int32_t m, uint64_t seq) {
  return client_index_space{tag, m}.make(seq);
}

/// Trade `id` of market `m` in which we bought `size` at `price` as the
/// taker, with our client index `coi` (0: none reported).
lighter::trade bought(int64_t id, int32_t m, int64_t coi, int64_t ts_ms,
                      int64_t price = 10'000, int64_t size = 3) {
  lighter::trade t;
  t.trade_id = id;
  t.market_id = m;
  t.price = price_ticks{price};
  t.size = qty_lots{size};
  t.ask_id = 900 + id;
  t.bid_id = 100 + id;
  t.bid_client_id = coi;
  t.ask_account_id = them;
  t.bid_account_id = me;
  t.is_maker_ask = true;
  t.timestamp_ms = ts_ms;
  return t;
}

lighter::account_trades_update stream(std::vector<lighter::trade> trades) {
  lighter::account_trades_update u;
  u.account = me;
  u.trades = std::move(trades);
  return u;
}

lighter::order order_of(int32_t m, int64_t coi, int64_t index,
                        const std::string& status) {
  lighter::order o;
  o.market_id = m;
  o.client_order_index = coi;
  o.order_index = index;
  o.price = price_ticks{9'990};
  o.remaining_size = qty_lots{4};
  o.status_text = status;
  o.status = lighter::parse_order_status(status);
  o.updated_at_ms = start_ms + 1;
  return o;
}

lighter::account_orders_update orders(std::vector<lighter::order> os) {
  lighter::account_orders_update u;
  u.account = me;
  u.orders = std::move(os);
  return u;
}

template <class T>
std::vector<T> all(const account_deliveries& out) {
  std::vector<T> xs;
  for (auto& d : out)
    if (auto x = std::get_if<T>(&d)) xs.push_back(*x);
  return xs;
}

/// The events of type E that reach the executor (or, with to_grid, the grid).
template <class E, class Recipient = to_executor>
std::vector<E> events_of(const account_deliveries& out) {
  std::vector<E> xs;
  for (auto& r : all<Recipient>(out))
    if (auto e = std::get_if<E>(&r.event)) xs.push_back(*e);
  return xs;
}

template <class E>
std::vector<E> grid_events(const account_deliveries& out) {
  return events_of<E, to_grid>(out);
}

struct fixture {
  account_events core{config(), start_ms};

  static account_events::config config() {
    account_events::config c;
    c.account_index = me;
    c.max_waiting_fills = 2;
    return c;
  }

  fixture() {
    lighter::market_info one;
    one.market_id = market;
    one.decimals = {2, 3};
    lighter::market_info two;
    two.market_id = unrouted;
    two.decimals = {2, 3};
    core.add_markets({one, two});
  }

  account_deliveries route(int32_t m, bool executor = true) {
    return core.on_route(m, tag, executor, true);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(account_events_tests, fixture)

CAF_TEST(a fill of ours goes to the executor and then the grid) {
  route(market);
  auto t = bought(1, market, ours(market, 7), start_ms + 10);
  t.taker_fee_ppm = 250; // 0.025 % of 30'000 quote units = 7.5: rounds to 8
  t.taker_position_size_before = qty_lots{-2};
  auto out = core.on_trades(stream({t}), 4242);
  CAF_REQUIRE_EQUAL(out.size(), 2u);
  CAF_REQUIRE(std::holds_alternative<to_executor>(out[0]));
  CAF_REQUIRE(std::holds_alternative<to_grid>(out[1]));
  auto f = events_of<fill>(out).at(0);
  CAF_CHECK_EQUAL(f.client_order_index, ours(market, 7));
  CAF_CHECK(f.order_side == side::bid);
  CAF_CHECK_EQUAL(f.order_index, 101);
  CAF_CHECK_EQUAL(f.fee.value, 8);
  CAF_CHECK(f.fee_reported);
  CAF_CHECK(f.position_known);
  CAF_CHECK_EQUAL(f.position_after, qty_lots{1});
  CAF_CHECK_EQUAL(f.recv_ns, 4242);
  CAF_CHECK_EQUAL(grid_events<fill>(out).at(0).trade_id, 1);
  CAF_CHECK_EQUAL(core.counters().fills_routed, 1u);
}

CAF_TEST(a rebate rounds half away from zero) {
  lighter::own_fill f;
  f.price = price_ticks{10'000};
  f.size = qty_lots{3};
  f.fee_ppm = -50; // -1.5 quote units
  CAF_CHECK_EQUAL(fill_of(f).fee.value, -2);
  f.fee_ppm.reset();
  CAF_CHECK_EQUAL(fill_of(f).fee.value, 0);
  CAF_CHECK(!fill_of(f).fee_reported);
}

CAF_TEST(a trade the stream and a recovery both report is booked once) {
  route(market);
  auto t = bought(1, market, ours(market, 7), start_ms + 10);
  CAF_CHECK_EQUAL(events_of<fill>(core.on_trades(stream({t}), 1)).size(), 1u);
  CAF_CHECK(core.on_trades(stream({t}), 2).empty());
  CAF_CHECK(core.on_recovered_trades({t}, 3).empty());
  CAF_CHECK_EQUAL(core.counters().fills_routed, 1u);
  CAF_CHECK(core.booked(t));
}

CAF_TEST(a fill without a client index goes to the executor alone) {
  route(market);
  auto out = core.on_trades(stream({bought(1, market, 0, start_ms + 10)}), 1);
  CAF_CHECK_EQUAL(events_of<fill>(out).size(), 1u);
  CAF_CHECK(grid_events<fill>(out).empty());
}

CAF_TEST(events of another namespace are counted and not delivered) {
  route(market);
  auto other_bot = client_index_space{0xC, market}.make(1);
  auto manual = int64_t{42};
  auto other_market = ours(unrouted, 1);
  auto out =
      core.on_trades(stream({bought(1, market, other_bot, start_ms + 10),
                             bought(2, market, manual, start_ms + 11),
                             bought(3, market, other_market, start_ms + 12)}),
                     1);
  out = core.on_orders(orders({order_of(market, manual, 500, "open")}));
  CAF_CHECK(out.empty());
  CAF_CHECK_EQUAL(core.counters().foreign, 4u);
  CAF_CHECK_EQUAL(core.counters().fills_routed, 0u);
}

CAF_TEST(fills wait for their market executor and go when it is routed) {
  route(market, false); // the executor reconciles
  auto out = core.on_trades(
      stream({bought(1, market, ours(market, 1), start_ms + 10)}), 1);
  CAF_CHECK(out.empty());
  CAF_CHECK_EQUAL(core.fills_waiting(), 1u);
  CAF_CHECK_EQUAL(core.counters().unrouted, 1u);
  out = route(market);
  CAF_CHECK_EQUAL(events_of<fill>(out).size(), 1u);
  CAF_CHECK_EQUAL(grid_events<fill>(out).size(), 1u);
  CAF_CHECK_EQUAL(core.fills_waiting(), 0u);
}

CAF_TEST(the waiting room is bounded and a dropped fill is said) {
  for (int64_t id = 1; id <= 3; ++id) {
    auto out = core.on_trades(
        stream({bought(id, unrouted, ours(unrouted, 1), start_ms + id)}), 1);
    if (id == 3) {
      CAF_REQUIRE_EQUAL(all<account_notice>(out).size(), 1u);
      CAF_CHECK_NOT_EQUAL(all<account_notice>(out)[0].text.find("dropped"),
                          std::string::npos);
    }
  }
  CAF_CHECK_EQUAL(core.fills_waiting(), 2u);
  CAF_CHECK_EQUAL(core.counters().fills_dropped, 1u);
}

CAF_TEST(an order update becomes one accepted event then its end) {
  route(market);
  auto coi = ours(market, 9);
  auto open = orders({order_of(market, coi, 500, "open")});
  auto out = core.on_orders(open);
  CAF_CHECK_EQUAL(events_of<order_accepted>(out).size(), 1u);
  CAF_CHECK_EQUAL(grid_events<order_accepted>(out).size(), 1u);
  CAF_CHECK(core.on_orders(open).empty()); // the same upsert again
  out = core.on_orders(orders({order_of(market, coi, 500, "canceled")}));
  auto c = events_of<order_cancelled>(out);
  CAF_REQUIRE_EQUAL(c.size(), 1u);
  CAF_CHECK_EQUAL(c[0].remaining, qty_lots{4});
  CAF_CHECK_EQUAL(grid_events<order_cancelled>(out).size(), 1u);
  CAF_CHECK(
      core.on_orders(orders({order_of(market, coi, 500, "canceled")})).empty());
  CAF_CHECK_EQUAL(core.counters().order_events_routed, 2u);
}

CAF_TEST(the engine cancelling a crossing or unmargined order is a reject) {
  route(market);
  auto out = core.on_orders(orders(
      {order_of(market, ours(market, 1), 501, "canceled-post-only"),
       order_of(market, ours(market, 2), 502, "canceled-margin-not-allowed"),
       order_of(market, ours(market, 3), 503, "filled")}));
  auto r = events_of<order_rejected>(out);
  CAF_REQUIRE_EQUAL(r.size(), 2u);
  CAF_CHECK(r[0].why == reject_class::post_only_cross);
  CAF_CHECK(r[1].why == reject_class::insufficient_margin);
  CAF_CHECK_EQUAL(grid_events<order_rejected>(out).size(), 2u);
  CAF_CHECK(events_of<order_cancelled>(out).empty()); // filled: trades say it
}

CAF_TEST(a position goes to the grid behind the fills of its frame) {
  route(market);
  lighter::account_positions_update u;
  lighter::position p;
  p.market_id = market;
  p.size = qty_lots{-6};
  p.avg_entry_price = price_ticks{10'010};
  u.positions = {p};
  u.timestamp_ms = start_ms + 20;
  auto out = core.on_positions(u);
  auto reps = grid_events<position_report>(out);
  CAF_REQUIRE_EQUAL(reps.size(), 1u);
  CAF_CHECK_EQUAL(reps[0].position, qty_lots{-6});
  CAF_CHECK(all<to_executor>(out).empty());
  CAF_REQUIRE_EQUAL(core.account().positions.size(), 1u);
  CAF_CHECK_EQUAL(core.account().ts_ms, start_ms + 20);
  // Not to a market whose executor reconciles: it would precede fills.
  route(market, false);
  CAF_CHECK(core.on_positions(u).empty());
}

CAF_TEST(free collateral reaches each grid in its quote units) {
  route(market);
  lighter::user_stats_update u;
  u.stats.available_balance = lighter::usdc_amount{1'234'567}; // 1.234567
  u.stats.collateral = lighter::usdc_amount{2'000'000};
  u.timestamp_ms = start_ms + 30;
  auto out = core.on_user_stats(u);
  auto b = grid_events<balance_update>(out);
  CAF_REQUIRE_EQUAL(b.size(), 1u);
  CAF_CHECK_EQUAL(b[0].available.value, 123'456); // 1e-5, toward zero
  CAF_CHECK(core.account_known());
  // A market routed later gets it at once.
  out = core.on_route(unrouted, tag, false, true);
  CAF_CHECK_EQUAL(grid_events<balance_update>(out).size(), 1u);
}

CAF_TEST(a recovery books only fills after what the journal holds) {
  account_events::config c = config();
  c.booked_until_ms = start_ms;
  c.booked_fills = {fill_key(3, false)};
  account_events fresh{c, start_ms + 1'000};
  fresh.on_route(market, tag, true, true);
  auto before = bought(1, market, ours(market, 1), start_ms - 5);
  auto after = bought(2, market, ours(market, 2), start_ms + 5);
  auto journaled = bought(3, market, ours(market, 3), start_ms + 6);
  // Newest first, as the exchange pages them.
  auto out = fresh.on_recovered_trades({journaled, after, before}, 9);
  auto fills = events_of<fill>(out);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  CAF_CHECK_EQUAL(fills[0].trade_id, 2);
  CAF_CHECK_EQUAL(all<account_notice>(out).size(), 1u); // "recovered fill"
  CAF_CHECK(fresh.booked(before)); // remembered, not booked
  CAF_CHECK_EQUAL(fresh.booked_until_ms(), start_ms);
  fresh.on_recovery_done(start_ms + 2'000);
  CAF_CHECK_EQUAL(fresh.booked_until_ms(), 0);
}

CAF_TEST(a trade page with an unknown fill of ours shows a stall) {
  route(market);
  auto seen = bought(1, market, ours(market, 1), start_ms + 10);
  core.on_trades(stream({seen}), 1);
  CAF_CHECK(!core.on_stall_check({seen}));
  auto missed = bought(2, market, ours(market, 2), start_ms + 20);
  CAF_CHECK(core.on_stall_check({missed, seen}));
  auto not_ours = missed;
  not_ours.bid_account_id = them + 1;
  CAF_CHECK(!core.on_stall_check({not_ours}));
}

CAF_TEST(a stall check reads back only to the trades the last one read) {
  route(market);
  CAF_CHECK_EQUAL(core.unchecked_after_ms(), start_ms);
  auto older = bought(1, market, ours(market, 1), start_ms + 10);
  auto newer = bought(2, market, ours(market, 2), start_ms + 30);
  core.on_trades(stream({older, newer}), 1);
  CAF_CHECK(!core.on_stall_check({newer, older}));
  CAF_CHECK_EQUAL(core.unchecked_after_ms(), start_ms + 30);
  // A check that reads nothing new leaves the mark where it was.
  CAF_CHECK(!core.on_stall_check({}));
  CAF_CHECK_EQUAL(core.unchecked_after_ms(), start_ms + 30);
}

CAF_TEST(a stall is recovered back to where the check that found it began) {
  route(market);
  auto early = bought(1, market, ours(market, 1), start_ms + 10);
  core.on_trades(stream({early}), 1);
  CAF_CHECK(!core.on_stall_check({early}));
  CAF_CHECK(!core.stall_read_back_to_ms());
  // The stream lost trade 2 and delivered trade 3 after it.
  auto lost = bought(2, market, ours(market, 2), start_ms + 20);
  auto later = bought(3, market, ours(market, 3), start_ms + 30);
  core.on_trades(stream({later}), 2);
  CAF_CHECK(core.on_stall_check({later, lost}));
  CAF_CHECK_EQUAL(core.stall_read_back_to_ms().value_or(-1), start_ms + 10);
  auto fills = events_of<fill>(core.on_recovered_trades({later, lost}, 3));
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  CAF_CHECK_EQUAL(fills[0].trade_id, 2);
  core.on_recovery_done(start_ms + 40);
  CAF_CHECK(!core.stall_read_back_to_ms());
}

CAF_TEST(a recovered account flattens every routed market it does not list) {
  route(market);
  core.on_route(unrouted, tag, true, true);
  lighter::account a;
  a.available_balance = lighter::usdc_amount{500'000};
  lighter::position p;
  p.market_id = market;
  p.size = qty_lots{5};
  a.positions = {p};
  auto out = core.on_recovered_account(a, start_ms + 40);
  auto reps = grid_events<position_report>(out);
  CAF_REQUIRE_EQUAL(reps.size(), 2u);
  CAF_CHECK_EQUAL(reps[0].position, qty_lots{5});
  CAF_CHECK_EQUAL(reps[1].market_index, unrouted);
  CAF_CHECK_EQUAL(reps[1].position, qty_lots{0});
  CAF_CHECK_EQUAL(grid_events<balance_update>(out).size(), 2u);
  CAF_CHECK_EQUAL(core.account().ts_ms, start_ms + 40);
}

CAF_TEST(the fills a journal lacks are answered once and stop waiting) {
  // Trade 2 arrived on the stream before its market was routed.
  core.on_trades(stream({bought(2, market, ours(market, 2), start_ms + 20)}),
                 1);
  CAF_REQUIRE_EQUAL(core.fills_waiting(), 1u);
  auto t1 = bought(1, market, ours(market, 1), start_ms + 10);
  auto t2 = bought(2, market, ours(market, 2), start_ms + 20);
  auto t3 = bought(3, market, ours(market, 3), start_ms + 30);
  auto old = bought(4, market, ours(market, 4), start_ms - 10);
  // The journal holds trade 3; it ends before start_ms.
  auto missing =
      core.fills_missing(start_ms, {fill_key(3, false)}, {t3, t2, t1, old});
  CAF_REQUIRE_EQUAL(missing.size(), 2u);
  CAF_CHECK_EQUAL(missing[0].trade_id, 1); // oldest first
  CAF_CHECK_EQUAL(missing[1].trade_id, 2);
  CAF_CHECK_EQUAL(core.fills_waiting(), 0u);
  CAF_CHECK_EQUAL(core.counters().fills_missing_from_journal, 2u);
  // Every fill read is known now: no other path books them again.
  CAF_CHECK(events_of<fill>(route(market)).empty());
  CAF_CHECK(core.on_recovered_trades({t3, t2, t1}, 5).empty());
}

CAF_TEST_FIXTURE_SCOPE_END()
