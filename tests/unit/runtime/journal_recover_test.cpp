#define CAF_SUITE journal_recover
#include "caf/test/unit_test.hpp"

#include "runtime/journal.hpp"
#include "runtime/journal_codec.hpp"
#include "temp_dir.hpp"

#include <fstream>

using namespace trailgrid::runtime;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::quote_units;
using trailgrid::strategy::side;
using trailgrid::test::temp_dir;

namespace {

journal_fill fill(const std::string& market, side s, int64_t price, int64_t qty,
                  int64_t fee) {
  journal_fill f;
  f.market = market;
  f.market_index = market == "BTC" ? 1 : 0;
  f.side = s;
  f.price = price_ticks{price};
  f.size = qty_lots{qty};
  f.fee = quote_units{fee};
  return f;
}

journal_reset reset(const std::string& market, bool guard) {
  journal_reset r;
  r.market = market;
  r.guard_fallback = guard;
  return r;
}

} // namespace

CAF_TEST(recovery rebuilds each market exactly from the last session) {
  temp_dir dir;
  auto path = dir.file("node.journal");
  {
    auto w = std::move(journal_writer::open(path).value());
    int64_t ts = 0;
    auto add = [&](const journal_entry& e) { w.append(e, ++ts); };
    // An earlier session: none of it counts.
    add(journal_session{"node-a", "yesterday"});
    add(fill("BTC", side::bid, 900, 1'000, 99));
    add(reset("BTC", false));
    add(journal_config{"BTC.levels", "", "10"});
    // The session in force.
    add(journal_session{"node-a", "today"});
    add(fill("BTC", side::bid, 1'000, 100, 5));
    add(reset("BTC", false));
    add(journal_ack{"BTC", 1, 1, 11});
    add(fill("BTC", side::bid, 1'100, 100, 5));
    add(reset("BTC", true));
    add(journal_ack{"BTC", 1, 2, 12});
    add(journal_ack{"BTC", 1, 3, 13});
    // Sells 150 of the 200 long: basis 210,000 x 150 / 200 = 157,500 for
    // 180,000 received: realised 22,500. A maker rebate of 3.
    add(fill("BTC", side::ask, 1'200, 150, -3));
    add(reset("BTC", false));
    add(journal_reject{"BTC", 1, 4, 21'706, "invalid amount"});
    add(fill("ETH", side::ask, 500, 10, 1));
    add(journal_pnl{"BTC", 1, qty_lots{50}, quote_units{22'500},
                    quote_units{1'000}, quote_units{7}, quote_units{390'000}});
    add(journal_config{"BTC.levels", "10", "12"});
  }
  auto rec = recover(path);
  CAF_REQUIRE(rec);
  auto& r = rec.value();
  CAF_CHECK_EQUAL(r.session_seq, 5u);
  CAF_CHECK_EQUAL(r.scan.entries, 18u);
  CAF_CHECK_EQUAL(r.config.at("BTC.levels"), "12");
  CAF_REQUIRE_EQUAL(r.markets.size(), 2u);
  auto& btc = r.markets.at("BTC");
  CAF_CHECK_EQUAL(btc.market_index, 1);
  CAF_CHECK_EQUAL(btc.position.value, 50);
  CAF_CHECK_EQUAL(btc.realised.value, 22'500);
  CAF_CHECK_EQUAL(btc.fees.value, 7);
  CAF_CHECK_EQUAL(btc.volume.value, 100'000 + 110'000 + 180'000);
  CAF_CHECK_EQUAL(btc.fills, 3);
  CAF_CHECK_EQUAL(btc.resets, 3);
  CAF_CHECK_EQUAL(btc.guard_fallbacks, 1);
  CAF_CHECK_EQUAL(btc.acks, 3);
  CAF_CHECK_EQUAL(btc.rejects, 1);
  CAF_REQUIRE(btc.last_snapshot);
  CAF_CHECK_EQUAL(btc.last_snapshot->unrealised.value, 1'000);
  auto& eth = r.markets.at("ETH");
  CAF_CHECK_EQUAL(eth.position.value, -10);
  CAF_CHECK_EQUAL(eth.realised.value, 0);
  CAF_CHECK_EQUAL(eth.fees.value, 1);
  CAF_CHECK_EQUAL(eth.volume.value, 5'000);
  CAF_CHECK_EQUAL(eth.fills, 1);
  CAF_CHECK_EQUAL(eth.resets, 0);
  CAF_CHECK(!eth.last_snapshot);
}

CAF_TEST(recovery of a journal without a session counts everything) {
  temp_dir dir;
  auto path = dir.file("node.journal");
  {
    auto w = std::move(journal_writer::open(path).value());
    w.append(fill("ETH", side::bid, 500, 4, 0), 1);
    w.append(fill("ETH", side::ask, 510, 4, 0), 2);
  }
  auto r = recover(path).value();
  CAF_CHECK_EQUAL(r.session_seq, 0u);
  auto& eth = r.markets.at("ETH");
  CAF_CHECK_EQUAL(eth.position.value, 0);
  CAF_CHECK_EQUAL(eth.realised.value, 40);
  CAF_CHECK_EQUAL(eth.fills, 2);
}

CAF_TEST(recovery stops at a torn tail and reports it) {
  temp_dir dir;
  auto path = dir.file("node.journal");
  uint64_t good = 0;
  {
    auto w = std::move(journal_writer::open(path).value());
    w.append(fill("ETH", side::bid, 500, 4, 0), 1);
    good = std::filesystem::file_size(path);
    w.append(fill("ETH", side::bid, 520, 4, 0), 2);
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 1);
  auto r = recover(path).value();
  CAF_REQUIRE(r.scan.torn);
  CAF_CHECK_EQUAL(r.scan.torn->offset, good);
  CAF_CHECK_EQUAL(r.markets.at("ETH").position.value, 4);
  CAF_CHECK_EQUAL(r.markets.at("ETH").fills, 1);
}

CAF_TEST(a fill the exchange could not have made is never written) {
  temp_dir dir;
  auto w = std::move(journal_writer::open(dir.file("w.journal")).value());
  CAF_CHECK(w.append(fill("BTC", side::bid, 1'000, 100, 5), 1));
  auto zero_price = w.append(fill("BTC", side::bid, 0, 100, 0), 2);
  CAF_REQUIRE(!zero_price);
  CAF_CHECK_EQUAL(zero_price.error(), "not journaled: a fill at price 0 (the "
                                      "exchange's prices are 1..2^32-1)");
  auto fee = w.append(fill("BTC", side::bid, 1'000, 100, 100'001), 3);
  CAF_REQUIRE(!fee);
  CAF_CHECK_EQUAL(
      fee.error(),
      "not journaled: a fill whose fee 100001 exceeds its notional");
}

CAF_TEST(a stored fill the exchange could not have made is corruption) {
  temp_dir dir;
  // Framed as the writer frames, bypassing its check: what a bit flip
  // that kept the CRC right (or a bug) would leave.
  auto path = dir.file("bad.journal");
  std::string bytes = journal_magic;
  journal_detail::append_frame(
      bytes, journal_record{1, 1, journal_session{"node-a", "today"}});
  journal_detail::append_frame(
      bytes, journal_record{2, 2, fill("BTC", side::bid, 1'000, 0, 0)});
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  auto rec = recover(path);
  CAF_REQUIRE(!rec);
  CAF_CHECK_NOT_EQUAL(rec.error().find("decodes to a fill of size 0"),
                      std::string::npos);
}

CAF_TEST(fills adding up past 64 bit accounting are refused not wrapped) {
  temp_dir dir;
  auto path = dir.file("huge.journal");
  {
    auto w = std::move(journal_writer::open(path).value());
    w.append(journal_session{"node-a", "today"}, 1);
    // Each fill is legal alone (notional just under 2^62); four are not.
    for (int i = 0; i < 4; ++i)
      w.append(fill("BTC", i % 2 ? side::ask : side::bid, 0xFFFFFFFF,
                    int64_t{1} << 30, 0),
               2 + i);
  }
  auto rec = recover(path);
  CAF_REQUIRE(!rec);
  CAF_CHECK_NOT_EQUAL(rec.error().find("more than 64-bit accounting holds"),
                      std::string::npos);
}
