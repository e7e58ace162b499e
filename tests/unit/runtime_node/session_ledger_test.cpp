#define CAF_SUITE session_ledger
#include "caf/test/unit_test.hpp"

#include "runtime/journal.hpp"
#include "runtime/session_ledger.hpp"

#include "temp_dir.hpp"

using namespace trailgrid;
using namespace trailgrid::runtime;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::side;

namespace {

journal_fill fill_of(const std::string& market, side s, int64_t price,
                     int64_t size) {
  journal_fill f;
  f.market = market;
  f.side = s;
  f.price = price_ticks{price};
  f.size = qty_lots{size};
  return f;
}

} // namespace

CAF_TEST(the ledger replays the last session of the journal) {
  test::temp_dir dir;
  auto path = dir.file("j");
  {
    auto w = journal_writer::open(path);
    CAF_REQUIRE(w);
    auto& j = w.value();
    j.append(fill_of("BTC", side::bid, 100, 7), 1); // before the session
    j.append(journal_session{"n", "s"}, 2);
    j.append(fill_of("BTC", side::bid, 100, 10), 3);
    j.append(fill_of("BTC", side::ask, 110, 4), 4);
    journal_reset r;
    r.market = "BTC";
    j.append(r, 5);
    j.append(r, 6);
    j.append(fill_of("SOL", side::bid, 5, 5), 7); // not configured
  }
  session_ledger ledger;
  ledger.add_market("BTC", strategy::fee_params{});
  auto n = ledger.replay(path);
  CAF_REQUIRE(n);
  CAF_CHECK_EQUAL(n.value(), 5u); // SOL's fill is read but not booked
  auto s = ledger.get("BTC");
  CAF_REQUIRE(s);
  CAF_CHECK_EQUAL(s->pnl.position().value, 6);
  CAF_CHECK_EQUAL(s->pnl.realised().value, 40);
  CAF_CHECK_EQUAL(s->fills, 2);
  CAF_CHECK_EQUAL(s->resets, 2);
  CAF_CHECK(!ledger.get("SOL"));
}

CAF_TEST(the exchange position replaces the booked one) {
  session_ledger ledger;
  ledger.add_market("ETH", strategy::fee_params{});
  ledger.on_fill("ETH", side::bid, price_ticks{100}, qty_lots{3}, true);
  ledger.set_position("ETH", qty_lots{-2}, strategy::quote_units{220});
  auto s = ledger.get("ETH");
  CAF_CHECK_EQUAL(s->pnl.position().value, -2);
  CAF_CHECK_EQUAL(s->pnl.average_price().value, 110);
  CAF_CHECK_EQUAL(s->fills, 1);
}

CAF_TEST(a missing journal replays as empty) {
  test::temp_dir dir;
  session_ledger ledger;
  ledger.add_market("ETH", strategy::fee_params{});
  auto n = ledger.replay(dir.file("none"));
  CAF_REQUIRE(n);
  CAF_CHECK_EQUAL(n.value(), 0u);
}
