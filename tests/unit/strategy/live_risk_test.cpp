#define CAF_SUITE live_risk
#include "caf/test/unit_test.hpp"

// The risk controls fed by the exchange's own figures (positions, free
// collateral, fees, market status) and the risk state that survives a
// restart, on the pure strategy.

#include "strategy/balance_check.hpp"
#include "strategy/centre_selector.hpp"
#include "strategy/grid_strategy.hpp"

#include <vector>

using namespace trailgrid::strategy;

namespace {

// 2 levels a side of 100 lots, 0.2 % spacing (ATR 0.4 % x 0.5), book
// 99990 / 100010: the start grid is centred on 100000.
strategy_params test_params() {
  strategy_params p;
  p.grid.levels_per_side = 2;
  p.grid.order_size = qty_lots{100};
  p.skew.enabled = false;
  p.risk.tx_bucket_capacity = 1'000;
  p.risk.tx_refill_per_minute = 60'000;
  p.risk.max_position = qty_lots{150};
  p.risk.margin_leverage = 1'000'000; // 1x: margin = notional
  return p;
}

struct counts {
  int replaces = 0;
  int cancels = 0;
  int halts = 0;
  int bids = 0;
  int asks = 0;
  reset_reason why = reset_reason::start;
  std::vector<qty_lots> sizes;
};

counts count(const command_buffer& cmds) {
  counts out;
  for (const auto& c : cmds) {
    if (auto r = std::get_if<replace_grid_command>(&c)) {
      ++out.replaces;
      out.why = r->why;
      out.bids = out.asks = 0;
      out.sizes.clear();
      for (const auto& l : r->plan.levels) {
        (l.side == side::bid ? out.bids : out.asks) += 1;
        out.sizes.push_back(l.qty);
      }
    } else if (std::holds_alternative<cancel_all_command>(c)) {
      ++out.cancels;
    } else if (std::holds_alternative<halt_command>(c)) {
      ++out.halts;
    }
  }
  return out;
}

grid_strategy started(strategy_params p = test_params()) {
  grid_strategy s{market_spec{}, p};
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  s.on_volatility({4'000, 0});
  s.on_reset_done({1, 0});
  return s;
}

} // namespace

// -- positions from the exchange
// ------------------------------------------------

CAF_TEST(an exchange position that differs replaces the booked one) {
  auto s = started();
  auto c = count(s.on_position({qty_lots{200}, price_ticks{99'000}, 5}));
  CAF_CHECK_EQUAL(s.pnl().position().value, 200);
  CAF_CHECK_EQUAL(s.pnl().cost_basis().value, 200 * 99'000);
  CAF_CHECK_EQUAL(s.counters().position_syncs, 1);
  // The live grid is rebuilt at once: at 200 > max_position only asks.
  CAF_CHECK_EQUAL(c.replaces, 1);
  CAF_CHECK(c.why == reset_reason::position);
  CAF_CHECK_EQUAL(c.bids, 0);
  CAF_CHECK_EQUAL(c.asks, 2);
}

CAF_TEST(an exchange position equal to the booked one changes nothing) {
  auto s = started();
  fill_event f;
  f.side = side::bid;
  f.price = price_ticks{99'800};
  f.qty = qty_lots{100};
  f.ts = 5;
  s.on_fill(f);
  s.on_reset_done({2, 6});
  auto c = count(s.on_position({qty_lots{100}, price_ticks{99'800}, 7}));
  CAF_CHECK_EQUAL(c.replaces, 0);
  CAF_CHECK_EQUAL(s.counters().position_syncs, 0);
  CAF_CHECK_EQUAL(s.pnl().cost_basis().value, 100 * 99'800);
}

CAF_TEST(a position reported before any grid is adopted without a reset) {
  grid_strategy s{market_spec{}, test_params()};
  auto c = count(s.on_position({qty_lots{-50}, price_ticks{100'000}, 1}));
  CAF_CHECK_EQUAL(c.replaces, 0);
  CAF_CHECK_EQUAL(s.pnl().position().value, -50);
}

CAF_TEST(a position report that overtook its fill is not counted twice) {
  auto s = started();
  // The exchange's report of the fill arrives first ...
  s.on_position({qty_lots{100}, price_ticks{99'800}, 5});
  CAF_CHECK_EQUAL(s.pnl().position().value, 100);
  // ... then the fill, whose report says the position after it.
  fill_event f;
  f.side = side::bid;
  f.price = price_ticks{99'800};
  f.qty = qty_lots{100};
  f.ts = 6;
  f.position_after = qty_lots{100};
  s.on_fill(f);
  CAF_CHECK_EQUAL(s.pnl().position().value, 100);
  // Without the report first the fill books as usual.
  auto t = started();
  t.on_fill(f);
  CAF_CHECK_EQUAL(t.pnl().position().value, 100);
  CAF_CHECK_EQUAL(t.counters().position_syncs, 0);
}

// -- free collateral
// ------------------------------------------------------------

CAF_TEST(a balance that no longer covers the live grid trims it at once) {
  auto s = started();
  // The start grid: 4 levels of 100 lots near 100000: ~40M quote units.
  CAF_CHECK(count(s.on_balance({quote_units{1'000'000'000}, 1})).replaces == 0);
  auto c = count(s.on_balance({quote_units{20'100'000}, 2}));
  CAF_CHECK_EQUAL(c.replaces, 1);
  CAF_CHECK(c.why == reset_reason::balance);
  CAF_CHECK_EQUAL(c.bids + c.asks, 2); // the outer level of each side went
  CAF_CHECK_EQUAL(s.counters().balance_resets, 1);
  CAF_CHECK(s.counters().levels_trimmed >= 2);
  CAF_CHECK(required_margin(s.current_plan(), 1'000'000).value <= 20'100'000);
}

CAF_TEST(a balance that grows waits for the next reset to add levels back) {
  auto s = started();
  s.on_balance({quote_units{20'100'000}, 1});
  s.on_reset_done({2, 2});
  CAF_CHECK(count(s.on_balance({quote_units{1'000'000'000}, 3})).replaces == 0);
  fill_event f;
  f.side = side::bid;
  f.price = price_ticks{99'800};
  f.qty = qty_lots{10};
  f.ts = 4;
  auto c = count(s.on_fill(f));
  CAF_CHECK_EQUAL(c.replaces, 1);
  CAF_CHECK_EQUAL(c.bids + c.asks, 4);
}

CAF_TEST(with the balance check off a low balance changes nothing) {
  auto p = test_params();
  p.risk.balance_check = false;
  auto s = started(p);
  CAF_CHECK_EQUAL(count(s.on_balance({quote_units{1}, 1})).replaces, 0);
}

// -- fees
// -----------------------------------------------------------------------

CAF_TEST(the fee the exchange reports replaces the configured rate) {
  auto p = test_params();
  p.fees.maker = 100; // 0.01 %: 100 lots at 99800 would cost 998
  auto s = started(p);
  fill_event f;
  f.side = side::bid;
  f.price = price_ticks{99'800};
  f.qty = qty_lots{100};
  f.ts = 5;
  f.fee = quote_units{-250}; // the exchange paid a rebate
  s.on_fill(f);
  CAF_CHECK_EQUAL(s.pnl().fees().value, -250);
  f.fee.reset(); // no figure from the exchange: configured rate
  f.ts = 6;
  s.on_fill(f);
  CAF_CHECK_EQUAL(s.pnl().fees().value, -250 + 998);
}

// -- market status
// --------------------------------------------------------------

CAF_TEST(a market that is not active pulls its orders and resumes after) {
  auto s = started();
  auto c = count(s.on_market_status({false, 10}));
  CAF_CHECK_EQUAL(c.cancels, 1);
  CAF_CHECK(s.state() == strategy_state::paused_market);
  CAF_CHECK_EQUAL(s.counters().market_pauses, 1);
  // Fills and book updates meanwhile quote nothing.
  CAF_CHECK_EQUAL(
      count(s.on_top_of_book({price_ticks{99'000}, price_ticks{99'020}, 11}))
          .replaces,
      0);
  c = count(s.on_market_status({true, 20}));
  CAF_CHECK_EQUAL(c.replaces, 1);
  CAF_CHECK(c.why == reset_reason::resume);
}

CAF_TEST(a repeated market status is not a change) {
  auto s = started();
  s.on_market_status({false, 10});
  CAF_CHECK_EQUAL(count(s.on_market_status({false, 11})).cancels, 0);
  CAF_CHECK_EQUAL(s.counters().market_pauses, 1);
}

CAF_TEST(a halted market stays halted when the market comes back) {
  auto s = started();
  s.on_market_status({false, 10});
  s.on_halt_request({11, halt_reason::account_drawdown});
  CAF_CHECK_EQUAL(count(s.on_market_status({true, 12})).replaces, 0);
  CAF_CHECK(s.state() == strategy_state::halted);
}

// -- risk state across a restart
// -------------------------------------------------

CAF_TEST(a drawdown halt and its peak survive a restart) {
  auto p = test_params();
  p.risk.max_drawdown = quote_units{1'000'000};
  auto s = started(p);
  fill_event f;
  f.side = side::bid;
  f.price = price_ticks{100'000};
  f.qty = qty_lots{100};
  f.ts = 5;
  s.on_fill(f);
  s.on_reset_done({2, 6});
  s.on_mark_price({price_ticks{110'000}, 7}); // peak: +1'000'000
  CAF_CHECK_EQUAL(s.peak_equity().value, 1'000'000);
  auto c = count(s.on_mark_price({price_ticks{99'000}, 8})); // -100'000
  CAF_CHECK_EQUAL(c.halts, 1);
  auto r = s.risk();
  CAF_CHECK(r.halted);
  CAF_CHECK(r.why == halt_reason::drawdown);
  CAF_CHECK_EQUAL(r.peak.value, 1'000'000);

  grid_strategy again{market_spec{}, p};
  again.restore(s.pnl(), 1, 2);
  again.restore_risk(r);
  CAF_CHECK(again.state() == strategy_state::halted);
  CAF_CHECK_EQUAL(again.peak_equity().value, 1'000'000);
  // Market data does not start a grid while halted.
  CAF_CHECK_EQUAL(count(again.on_top_of_book(
                            {price_ticks{99'990}, price_ticks{100'010}, 9}))
                      .replaces,
                  0);
  CAF_CHECK_EQUAL(count(again.on_volatility({4'000, 9})).replaces, 0);
  // An operator resume lifts it and measures from the current equity.
  c = count(again.on_resume_request({10}));
  CAF_CHECK_EQUAL(c.replaces, 1);
  CAF_CHECK(!again.risk().halted);
}

CAF_TEST(a restored peak makes the drawdown stop trip at the same equity) {
  auto p = test_params();
  p.risk.max_drawdown = quote_units{500'000};
  grid_strategy s{market_spec{}, p};
  risk_state r;
  r.peak = quote_units{2'000'000};
  s.restore_risk(r);
  pnl_tracker pnl{p.fees};
  pnl.on_fill(side::bid, price_ticks{100'000}, qty_lots{100}, true);
  s.restore(pnl, 1, 1);
  // Equity at 115000 is +1'500'000: 500'000 below the restored peak.
  auto c = count(s.on_mark_price({price_ticks{115'000}, 1}));
  CAF_CHECK_EQUAL(c.halts, 1);
}

CAF_TEST(an operator pause is not a risk halt and is not restored) {
  auto s = started();
  s.on_halt_request({5, halt_reason::operator_request});
  CAF_CHECK(s.state() == strategy_state::halted);
  CAF_CHECK(!s.risk().halted);
}

CAF_TEST(a breaker trip survives a restart until the volatility falls) {
  auto p = test_params();
  auto s = started(p);
  s.on_volatility({30'000, 5}); // above the 2 % trip level
  auto r = s.risk();
  CAF_CHECK(r.breaker_tripped);
  grid_strategy again{market_spec{}, p};
  again.restore_risk(r);
  again.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 6});
  CAF_CHECK_EQUAL(count(again.on_volatility({15'000, 7})).replaces, 0);
  CAF_CHECK(again.state() == strategy_state::paused_breaker);
  CAF_CHECK_EQUAL(count(again.on_volatility({4'000, 8})).replaces, 1);
}

CAF_TEST(an account drawdown halt carries its reason) {
  auto s = started();
  auto c = count(s.on_halt_request({5, halt_reason::account_drawdown}));
  CAF_CHECK_EQUAL(c.halts, 1);
  CAF_CHECK(s.risk().halted);
  CAF_CHECK(s.risk().why == halt_reason::account_drawdown);
  CAF_CHECK(parse_halt_reason("account_drawdown") ==
            halt_reason::account_drawdown);
  CAF_CHECK(!parse_halt_reason("nonsense"));
}

// -- order_size_quote
// -----------------------------------------------------------

CAF_TEST(a level sized in quote currency becomes lots at each reset) {
  auto p = test_params();
  p.grid.order_size = qty_lots{0};
  p.grid.order_size_quote = quote_units{5'000'050}; // / 100000 = 50.0005
  p.risk.max_position = qty_lots{0};
  auto s = grid_strategy{market_spec{}, p};
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  auto c = count(s.on_volatility({4'000, 0}));
  CAF_REQUIRE_EQUAL(c.replaces, 1);
  for (auto q : c.sizes)
    CAF_CHECK_EQUAL(q.value, 50); // rounded down
  // The price halves: the same quote buys twice the lots.
  s.on_reset_done({1, 1});
  s.on_top_of_book({price_ticks{49'990}, price_ticks{50'010}, 2});
  fill_event f;
  f.side = side::bid;
  f.price = price_ticks{50'000};
  f.qty = qty_lots{1};
  f.ts = 3;
  c = count(s.on_fill(f));
  CAF_REQUIRE_EQUAL(c.replaces, 1);
  for (auto q : c.sizes)
    CAF_CHECK_EQUAL(q.value, 100);
}

CAF_TEST(a quote size below the market minimum is raised to it) {
  auto p = test_params();
  p.grid.order_size = qty_lots{0};
  p.grid.order_size_quote = quote_units{1'000}; // 0.01 lots at 100000
  p.risk.max_position = qty_lots{0};
  market_spec m;
  m.min_base = qty_lots{5};
  auto s = grid_strategy{m, p};
  s.on_top_of_book({price_ticks{99'990}, price_ticks{100'010}, 0});
  auto c = count(s.on_volatility({4'000, 0}));
  CAF_REQUIRE_EQUAL(c.replaces, 1);
  for (auto q : c.sizes)
    CAF_CHECK_EQUAL(q.value, 5);
}

// -- the guard's switches
// ---------------------------------------------------------

CAF_TEST(without the mid fallback a guarded centre sends no grid) {
  market_spec m;
  market_view v;
  v.best_bid = price_ticks{99'990};
  v.best_ask = price_ticks{100'010};
  v.fill = price_ticks{101'000}; // a grid around it crosses the book
  centre_selector with{m, mid_price_source::filled_price, true, true, true};
  auto a = with.select(v, 2'000);
  CAF_REQUIRE(a);
  CAF_CHECK(a->guard_fallback);
  CAF_CHECK_EQUAL(a->centre.value, 100'000);
  centre_selector without{m, mid_price_source::filled_price, true, true, false};
  CAF_CHECK(!without.select(v, 2'000));
  // The first grid of a filled_price market has no fill: the mid is its
  // rule, not a fallback.
  v.fill.reset();
  CAF_CHECK(without.select(v, 2'000));
  // mark_price without a mark: no grid without the fallback.
  centre_selector mark{m, mid_price_source::mark_price, true, true, false};
  CAF_CHECK(!mark.select(v, 2'000));
}

CAF_TEST(without the spread check the guard only checks the centre) {
  market_spec m;
  market_view v;
  v.best_bid = price_ticks{99'990};
  v.best_ask = price_ticks{100'010};
  // Inside the spread, but the innermost bid (99'800) is fine and the
  // innermost ask of a centre at 99'990 is 100'190: no cross either way.
  // A centre 1 tick below the best bid: its ask still clears the bid.
  v.fill = price_ticks{99'989};
  centre_selector spread{m, mid_price_source::filled_price, true, true, true};
  centre_selector centre{m, mid_price_source::filled_price, true, false, true};
  CAF_CHECK(!spread.select(v, 2'000)->guard_fallback);
  CAF_CHECK(centre.select(v, 2'000)->guard_fallback);
  // A centre whose innermost ask would cross: caught by the spread check,
  // also outside the spread for the centre check.
  v.fill = price_ticks{99'000};
  CAF_CHECK(spread.select(v, 2'000)->guard_fallback);
  CAF_CHECK(centre.select(v, 2'000)->guard_fallback);
}
