#define CAF_SUITE pnl_tracker
#include "caf/test/unit_test.hpp"

#include "strategy/pnl_tracker.hpp"

using namespace trailgrid::strategy;

namespace {

fee_params fees(ppm maker, ppm taker) {
  fee_params f;
  f.maker = maker;
  f.taker = taker;
  return f;
}

void buy(pnl_tracker& t, int64_t price, int64_t qty, bool maker = true) {
  t.on_fill(side::bid, price_ticks{price}, qty_lots{qty}, maker);
}

void sell(pnl_tracker& t, int64_t price, int64_t qty, bool maker = true) {
  t.on_fill(side::ask, price_ticks{price}, qty_lots{qty}, maker);
}

} // namespace

CAF_TEST(buys average their cost) {
  pnl_tracker t{fees(0, 0)};
  buy(t, 1'000, 10);
  buy(t, 1'100, 10);
  CAF_CHECK_EQUAL(t.position().value, 20);
  CAF_CHECK_EQUAL(t.cost_basis().value, 21'000);
  CAF_CHECK_EQUAL(t.average_price().value, 1'050);
  CAF_CHECK_EQUAL(t.unrealised(price_ticks{1'000}).value, -1'000);
  CAF_CHECK_EQUAL(t.realised().value, 0);
}

CAF_TEST(a full round trip with a flip through zero is exact) {
  pnl_tracker t{fees(200, 500)};
  buy(t, 1'000, 10); // fee 2
  buy(t, 1'100, 10); // fee 2.2 -> 3
  sell(t, 1'200, 5); // releases 21000 x 5 / 20 = 5250; fee 1.2 -> 2
  CAF_CHECK_EQUAL(t.realised().value, 750);
  CAF_CHECK_EQUAL(t.position().value, 15);
  CAF_CHECK_EQUAL(t.cost_basis().value, 15'750);
  CAF_CHECK_EQUAL(t.unrealised(price_ticks{1'000}).value, -750);
  sell(t, 1'000, 20, false); // closes 15 (-750), opens 5 short; taker fee 10
  CAF_CHECK_EQUAL(t.realised().value, 0);
  CAF_CHECK_EQUAL(t.position().value, -5);
  CAF_CHECK_EQUAL(t.cost_basis().value, 5'000);
  CAF_CHECK_EQUAL(t.average_price().value, 1'000);
  CAF_CHECK_EQUAL(t.round_trips(), 1);
  CAF_CHECK_EQUAL(t.unrealised(price_ticks{900}).value, 500);
  CAF_CHECK_EQUAL(t.unrealised(price_ticks{1'100}).value, -500);
  buy(t, 900, 5); // fee 0.9 -> 1
  CAF_CHECK_EQUAL(t.realised().value, 500);
  CAF_CHECK_EQUAL(t.position().value, 0);
  CAF_CHECK_EQUAL(t.cost_basis().value, 0);
  CAF_CHECK_EQUAL(t.round_trips(), 2);
  CAF_CHECK_EQUAL(t.maker_fees().value, 8);
  CAF_CHECK_EQUAL(t.taker_fees().value, 10);
  CAF_CHECK_EQUAL(t.fees().value, 18);
  CAF_CHECK_EQUAL(t.volume().value, 51'500);
  CAF_CHECK_EQUAL(t.fills(), 5);
  CAF_CHECK_EQUAL(t.equity(price_ticks{123}).value, 482);
}

CAF_TEST(equity is realised plus unrealised minus fees) {
  pnl_tracker t{fees(1'000, 0)};
  buy(t, 1'000, 10); // fee 10
  sell(t, 1'100, 4); // +400, fee 4.4 -> 5
  CAF_CHECK_EQUAL(t.equity(price_ticks{1'050}).value, 400 + 300 - 15);
}

CAF_TEST(partial closes of a long round the released cost down) {
  pnl_tracker t{fees(0, 0)};
  buy(t, 1'000, 1);
  buy(t, 1'001, 1);  // basis 2001 for 2
  sell(t, 1'000, 1); // releases floor(2001 / 2) = 1000
  CAF_CHECK_EQUAL(t.realised().value, 0);
  CAF_CHECK_EQUAL(t.cost_basis().value, 1'001);
  sell(t, 1'000, 1);                       // releases the rest: 1001
  CAF_CHECK_EQUAL(t.realised().value, -1); // 2000 - 2001, exact overall
  CAF_CHECK_EQUAL(t.cost_basis().value, 0);
}

CAF_TEST(partial closes of a short round the released cost down) {
  pnl_tracker t{fees(0, 0)};
  sell(t, 1'000, 1);
  sell(t, 1'001, 1); // basis 2001 received for 2
  buy(t, 1'000, 1);  // releases 1000
  CAF_CHECK_EQUAL(t.realised().value, 0);
  buy(t, 1'000, 1); // releases 1001
  CAF_CHECK_EQUAL(t.realised().value, 1);
  CAF_CHECK_EQUAL(t.round_trips(), 1);
}

CAF_TEST(a fill exactly closing the position does not flip it) {
  pnl_tracker t{fees(0, 0)};
  sell(t, 1'000, 3);
  buy(t, 990, 3);
  CAF_CHECK_EQUAL(t.position().value, 0);
  CAF_CHECK_EQUAL(t.realised().value, 30);
  CAF_CHECK_EQUAL(t.unrealised(price_ticks{5'000}).value, 0);
  CAF_CHECK_EQUAL(t.average_price().value, 0);
}

CAF_TEST(fees round up and rebates are never overstated) {
  pnl_tracker t{fees(-100, 500)};
  buy(t, 1'000, 10);  // rebate -1
  sell(t, 1'000, 15); // rebate -1.5 -> -1
  CAF_CHECK_EQUAL(t.maker_fees().value, -2);
  sell(t, 1'001, 1, false); // 1001 x 0.0005 = 0.5005 -> 1
  CAF_CHECK_EQUAL(t.taker_fees().value, 1);
  CAF_CHECK_EQUAL(t.fees().value, -1);
}

CAF_TEST(zero quantity fills are ignored) {
  pnl_tracker t{fees(0, 0)};
  buy(t, 1'000, 0);
  CAF_CHECK_EQUAL(t.fills(), 0);
  CAF_CHECK_EQUAL(t.position().value, 0);
}
