#define CAF_SUITE journal
#include "caf/test/unit_test.hpp"

#include "runtime/journal.hpp"
#include "temp_dir.hpp"

#include <filesystem>
#include <fstream>

using namespace trailgrid::runtime;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::quote_units;
using trailgrid::strategy::side;
using trailgrid::test::temp_dir;

namespace {

journal_fill make_fill(std::string market, side s, int64_t price, int64_t qty,
                       int64_t fee) {
  journal_fill f;
  f.market = std::move(market);
  f.market_index = 1;
  f.order_index = 281'474'976'710'656 + price;
  f.client_order_index = 42;
  f.side = s;
  f.price = price_ticks{price};
  f.size = qty_lots{qty};
  f.fee = quote_units{fee};
  f.is_maker = fee >= 0;
  f.trade_id = 9'000 + price;
  return f;
}

journal_reset make_reset(uint64_t seq, bool guard) {
  journal_reset r;
  r.market = "BTC";
  r.market_index = 1;
  r.reset_seq = seq;
  r.centre = price_ticks{985'000};
  r.spacing_ppm = 1'800;
  r.bid_levels = 10;
  r.ask_levels = 9;
  r.source = guard ? "market_mid" : "filled_price";
  r.guard_fallback = guard;
  r.why = "fill";
  return r;
}

// One entry of every kind.
std::vector<journal_entry> sample() {
  return {journal_session{"node-a", "first session"},
          make_fill("BTC", side::ask, 985'100, 250, -12),
          journal_ack{"BTC", 1, 43, 281'474'976'710'700},
          journal_reject{"BTC", 1, 44, 21'706, "invalid order base amount"},
          make_reset(412, true),
          journal_pnl{"BTC", 1, qty_lots{-250}, quote_units{1'234},
                      quote_units{-56}, quote_units{78},
                      quote_units{246'275'000}},
          journal_config{"BTC.levels", "10", "12"}};
}

journal_writer open_or_fail(const std::string& path, journal_options opt = {}) {
  auto w = journal_writer::open(path, opt);
  if (!w) CAF_FAIL("open failed: " << w.error());
  return std::move(w.value());
}

journal_contents read_or_fail(const std::string& path) {
  auto c = read_journal(path);
  if (!c) CAF_FAIL("read failed: " << c.error());
  return std::move(c.value());
}

uint64_t file_size(const std::string& path) {
  return std::filesystem::file_size(path);
}

} // namespace

CAF_TEST(every kind of entry survives a write and read round trip) {
  temp_dir dir;
  auto path = dir.file("journal/node-a.journal"); // the folder is created
  {
    auto w = open_or_fail(path);
    int64_t ts = 1'735'689'600'000;
    for (const auto& e : sample()) {
      auto seq = w.append(e, ts++);
      CAF_REQUIRE(seq);
    }
    CAF_CHECK_EQUAL(w.next_seq(), 8u);
    CAF_CHECK_EQUAL(w.buffered_bytes(), 0u); // every_entry flushes
  }
  auto c = read_or_fail(path);
  CAF_CHECK(!c.scan.torn);
  CAF_CHECK_EQUAL(c.scan.entries, 7u);
  CAF_CHECK_EQUAL(c.scan.last_seq, 7u);
  CAF_CHECK_EQUAL(c.scan.valid_bytes, file_size(path));
  CAF_REQUIRE_EQUAL(c.records.size(), 7u);
  for (size_t i = 0; i < 7; ++i) {
    CAF_CHECK_EQUAL(c.records[i].seq, i + 1);
    CAF_CHECK_EQUAL(c.records[i].ts_ms, 1'735'689'600'000 + int64_t(i));
    CAF_CHECK_EQUAL(c.records[i].entry.index(), sample()[i].index());
  }
  auto& f = std::get<journal_fill>(c.records[1].entry);
  CAF_CHECK_EQUAL(f.market, "BTC");
  CAF_CHECK(f.side == side::ask);
  CAF_CHECK_EQUAL(f.price.value, 985'100);
  CAF_CHECK_EQUAL(f.size.value, 250);
  CAF_CHECK_EQUAL(f.fee.value, -12);
  CAF_CHECK_EQUAL(f.order_index, 281'474'976'710'656 + 985'100);
  CAF_CHECK_EQUAL(f.trade_id, 9'000 + 985'100);
  CAF_CHECK(!f.is_maker);
  auto& rj = std::get<journal_reject>(c.records[3].entry);
  CAF_CHECK_EQUAL(rj.code, 21'706);
  CAF_CHECK_EQUAL(rj.reason, "invalid order base amount");
  auto& r = std::get<journal_reset>(c.records[4].entry);
  CAF_CHECK_EQUAL(r.reset_seq, 412u);
  CAF_CHECK_EQUAL(r.centre.value, 985'000);
  CAF_CHECK_EQUAL(r.spacing_ppm, 1'800);
  CAF_CHECK_EQUAL(r.bid_levels, 10u);
  CAF_CHECK_EQUAL(r.ask_levels, 9u);
  CAF_CHECK_EQUAL(r.source, "market_mid");
  CAF_CHECK(r.guard_fallback);
  auto& p = std::get<journal_pnl>(c.records[5].entry);
  CAF_CHECK_EQUAL(p.position.value, -250);
  CAF_CHECK_EQUAL(p.unrealised.value, -56);
  CAF_CHECK_EQUAL(p.volume.value, 246'275'000);
  auto& cfg = std::get<journal_config>(c.records[6].entry);
  CAF_CHECK_EQUAL(cfg.new_value, "12");
}

// Reports read the book samples and scales back (gridbot report).
CAF_TEST(book samples and market scales survive a round trip) {
  temp_dir dir;
  auto path = dir.file("b.journal");
  {
    auto w = open_or_fail(path);
    CAF_REQUIRE(w.append(journal_scale{"BTC", 1, 1, 5}, 10));
    CAF_REQUIRE(w.append(
        journal_book{"BTC", 1, price_ticks{985'000}, price_ticks{985'010}, 7},
        11));
  }
  auto c = read_or_fail(path);
  CAF_REQUIRE_EQUAL(c.records.size(), 2u);
  auto& sc = std::get<journal_scale>(c.records[0].entry);
  CAF_CHECK_EQUAL(sc.market, "BTC");
  CAF_CHECK_EQUAL(sc.price_decimals, 1);
  CAF_CHECK_EQUAL(sc.size_decimals, 5);
  auto& b = std::get<journal_book>(c.records[1].entry);
  CAF_CHECK_EQUAL(b.bid.value, 985'000);
  CAF_CHECK_EQUAL(b.ask.value, 985'010);
  CAF_CHECK_EQUAL(b.at_ms, 7);
  CAF_CHECK_EQUAL(c.records[1].ts_ms, 11);
  // recover() ignores them: they do not change the session's figures.
  auto rec = recover(path);
  CAF_REQUIRE(rec);
  CAF_CHECK(rec.value().markets.empty());
}

CAF_TEST(a reopened journal continues its sequence after the last entry) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  { open_or_fail(path).append(journal_config{"k", "", "1"}, 1); }
  {
    auto w = open_or_fail(path);
    CAF_CHECK(!w.repaired());
    CAF_CHECK_EQUAL(w.next_seq(), 2u);
    auto seq = w.append(journal_config{"k", "1", "2"}, 2);
    CAF_REQUIRE(seq);
    uint64_t got = seq.value();
    CAF_CHECK_EQUAL(got, 2u);
  }
  auto c = read_or_fail(path);
  CAF_CHECK_EQUAL(c.records.size(), 2u);
  CAF_CHECK_EQUAL(c.records.back().seq, 2u);
}

CAF_TEST(manual flushing keeps entries buffered until flush) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  journal_options opt;
  opt.flush = flush_policy::manual;
  opt.fsync_on_flush = true;
  auto w = open_or_fail(path, opt);
  w.append(make_fill("BTC", side::bid, 100, 1, 0), 1);
  w.append(make_fill("BTC", side::bid, 101, 1, 0), 2);
  CAF_CHECK_GREATER(w.buffered_bytes(), 0u);
  CAF_CHECK_EQUAL(read_or_fail(path).records.size(), 0u);
  CAF_CHECK(!w.flush());
  CAF_CHECK_EQUAL(w.buffered_bytes(), 0u);
  CAF_CHECK_EQUAL(read_or_fail(path).records.size(), 2u);
}

CAF_TEST(manual flushing still flushes when the buffer limit is reached) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  journal_options opt;
  opt.flush = flush_policy::manual;
  opt.buffer_limit = 1; // every entry reaches it
  auto w = open_or_fail(path, opt);
  w.append(make_fill("BTC", side::bid, 100, 1, 0), 1);
  CAF_CHECK_EQUAL(w.buffered_bytes(), 0u);
  CAF_CHECK_EQUAL(read_or_fail(path).records.size(), 1u);
}

CAF_TEST(only one writer may hold a journal) {
  temp_dir dir;
  auto path = dir.file("a.journal");
  auto first = open_or_fail(path);
  auto second = journal_writer::open(path);
  CAF_REQUIRE(!second);
  CAF_CHECK_EQUAL(second.error(),
                  "journal " + path + " is in use by another process");
}

CAF_TEST(a missing journal reads as empty and a foreign file is refused) {
  temp_dir dir;
  auto empty = read_or_fail(dir.file("none.journal"));
  CAF_CHECK_EQUAL(empty.records.size(), 0u);
  CAF_CHECK(!empty.scan.torn);
  auto foreign = dir.file("foreign.journal");
  std::ofstream{foreign} << "hello, this is not a journal";
  auto r = read_journal(foreign);
  CAF_REQUIRE(!r);
  CAF_CHECK_EQUAL(r.error(), foreign + " is not a trailgrid journal (bad "
                                       "magic)");
  CAF_CHECK(!journal_writer::open(foreign));
}

CAF_TEST(risk records and reported fees survive a round trip) {
  temp_dir dir;
  auto path = dir.file("j");
  {
    auto w = open_or_fail(path);
    journal_risk r;
    r.market = "BTC";
    r.market_index = 1;
    r.halted = true;
    r.why = "account_drawdown";
    r.peak = quote_units{1'234'567};
    r.breaker_tripped = true;
    CAF_REQUIRE(w.append(r, 1));
    auto f = make_fill("BTC", side::bid, 985'000, 100, 7);
    f.fee_reported = true;
    CAF_REQUIRE(w.append(f, 2));
  }
  auto c = read_or_fail(path);
  CAF_REQUIRE_EQUAL(c.records.size(), 2u);
  auto& r = std::get<journal_risk>(c.records[0].entry);
  CAF_CHECK(r.halted);
  CAF_CHECK_EQUAL(r.why, "account_drawdown");
  CAF_CHECK_EQUAL(r.peak.value, 1'234'567);
  CAF_CHECK(r.breaker_tripped);
  CAF_CHECK(std::get<journal_fill>(c.records[1].entry).fee_reported);
  // recover() keeps the last risk state per market and books the fee.
  auto rec = recover(path);
  CAF_REQUIRE(rec);
  auto& m = rec.value().markets.at("BTC");
  CAF_REQUIRE(m.last_risk);
  CAF_CHECK_EQUAL(m.last_risk->why, "account_drawdown");
}
