#define CAF_SUITE journal_report
#include "caf/test/unit_test.hpp"

#include "runtime/journal_report.hpp"

using namespace trailgrid;
using namespace trailgrid::runtime;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;
using strategy::side;

namespace {

/// A journal under construction: records with increasing seq.
struct journal_builder {
  std::vector<journal_record> records;
  void add(int64_t ts, journal_entry e) {
    records.push_back({records.size() + 1, ts, std::move(e)});
  }
  void book(int64_t at, int64_t bid, int64_t ask, int64_t written = -1,
            const std::string& m = "BTC") {
    add(written < 0 ? at : written,
        journal_book{m, 1, price_ticks{bid}, price_ticks{ask}, at});
  }
  void fill(int64_t ts, side s, int64_t price, int64_t size,
            const std::string& m = "BTC") {
    journal_fill f;
    f.market = m;
    f.market_index = 1;
    f.side = s;
    f.price = price_ticks{price};
    f.size = qty_lots{size};
    f.fee = quote_units{0};
    add(ts, f);
  }
  void reset(int64_t ts, const std::string& source, int64_t centre,
             bool guard = false, const std::string& m = "BTC") {
    journal_reset r;
    r.market = m;
    r.market_index = 1;
    r.centre = price_ticks{centre};
    r.source = source;
    r.guard_fallback = guard;
    r.why = "fill";
    add(ts, r);
  }
};

/// One session of BTC (price 1 decimal, size 3): two resets, a buy and a
/// sell, book samples around them.
journal_builder btc_session() {
  journal_builder j;
  j.add(1'000, journal_session{"node-1", "old"});
  j.fill(1'500, side::bid, 999, 5); // an older session: not reported
  j.add(100'000, journal_session{"node-1", "new"});
  j.add(100'000, journal_scale{"BTC", 1, 1, 3});
  j.book(100'000, 1'000, 1'002); // mid 100.1
  j.reset(100'010, "filled_price", 1'001);
  j.fill(101'000, side::bid, 1'000, 2'000); // buy 2 at 100.0
  j.book(102'000, 1'002, 1'004, 120'000);   // +1 s: mid 100.3 (+30 bps)
  j.book(111'000, 998, 1'000, 130'000);     // +10 s: mid 99.9 (-10 bps)
  j.reset(111'500, "market_mid", 999, true);
  j.fill(112'000, side::ask, 1'000, 1'000); // sell 1 at 100.0
  j.book(113'000, 996, 998, 140'000);       // +1 s: mid 99.7 (+30 bps)
  j.book(161'000, 1'000, 1'002, 170'000);   // 101 s + 60 s: mid 100.1
  j.add(171'000, journal_reject{"BTC", 1, 7, 21'000, "post only"});
  return j;
}

} // namespace

CAF_TEST(a journal session becomes a report with markouts per source) {
  auto j = btc_session();
  auto rep = build_journal_report(j.records, "x.journal");
  CAF_CHECK_EQUAL(rep.node, "node-1");
  CAF_REQUIRE_EQUAL(rep.markets.size(), 1u);
  const auto& m = rep.markets[0];
  const auto& r = m.result;
  CAF_CHECK(m.scale_known);
  CAF_CHECK_EQUAL(r.symbol, "BTC");
  CAF_CHECK_EQUAL(r.price_decimals, 1);
  CAF_CHECK_EQUAL(r.size_decimals, 3);
  CAF_CHECK_EQUAL(r.fills, 2); // the old session's fill is not counted
  CAF_CHECK_EQUAL(r.resets, 2);
  CAF_CHECK_EQUAL(r.counters.guard_fallbacks, 1);
  CAF_CHECK_EQUAL(m.rejects, 1);
  CAF_CHECK_EQUAL(m.book_samples, 5);
  CAF_CHECK_EQUAL(r.final_position.value, 1'000);
  CAF_CHECK(!r.series.empty());
  // Each fill has the source of the reset before it.
  CAF_REQUIRE_EQUAL(m.fills.size(), 2u);
  CAF_CHECK_EQUAL(m.fills[0].source, "filled_price");
  CAF_CHECK_EQUAL(m.fills[1].source, "market_mid");
  // Buy at 100.0: mid 100.3 after 1 s, 99.9 after 10 s, 100.1 after 60 s.
  CAF_CHECK_EQUAL(m.fills[0].mid2[0].value_or(0), 2'006);
  CAF_CHECK_EQUAL(m.fills[0].mid2[1].value_or(0), 1'998);
  CAF_CHECK_EQUAL(m.fills[0].mid2[2].value_or(0), 2'002);
  // Sell at 100.0: mid 99.7 after 1 s; the record ends before 60 s.
  CAF_CHECK_EQUAL(m.fills[1].mid2[0].value_or(0), 1'994);
  CAF_CHECK(!m.fills[1].mid2[2]);
  const auto& rows = r.markouts.rows;
  CAF_REQUIRE_EQUAL(rows.size(), 5u); // 2 sources x 1 side + 3 totals
  CAF_CHECK_EQUAL(rows[0].source, "filled_price");
  CAF_CHECK_EQUAL(rows[0].side, "buy");
  CAF_CHECK_EQUAL(rows[0].at[0].mean_bps(), 30.0);
  CAF_CHECK_EQUAL(rows[1].source, "market_mid");
  CAF_CHECK_EQUAL(rows[1].side, "sell");
  CAF_CHECK_EQUAL(rows[1].at[0].mean_bps(), 30.0);
  auto text = journal_summary_text(m);
  CAF_CHECK_NOT_EQUAL(text.find("markouts"), std::string::npos);
}

CAF_TEST(every session and one market can be chosen) {
  auto j = btc_session();
  j.add(172'000, journal_scale{"ETH", 0, 2, 4});
  j.fill(172'500, side::bid, 300'000, 10, "ETH");
  journal_report_options all;
  all.all_sessions = true;
  auto rep = build_journal_report(j.records, "x", all);
  CAF_REQUIRE_EQUAL(rep.markets.size(), 2u);
  CAF_CHECK_EQUAL(rep.markets[0].result.fills, 3); // BTC, both sessions
  CAF_CHECK_EQUAL(rep.markets[1].result.symbol, "ETH");
  journal_report_options eth;
  eth.market = "ETH";
  rep = build_journal_report(j.records, "x", eth);
  CAF_REQUIRE_EQUAL(rep.markets.size(), 1u);
  CAF_CHECK_EQUAL(rep.markets[0].result.fills, 1);
  CAF_CHECK(rep.markets[0].fills[0].mid2[0] == std::nullopt); // no ETH book
}

CAF_TEST(the csv export has one line per entry in human units) {
  auto j = btc_session();
  auto csv = journal_csv(j.records);
  auto header = csv.substr(0, csv.find('\n'));
  CAF_CHECK_EQUAL(header.rfind("seq,ts_ms,utc,kind,market,", 0), 0u);
  size_t lines = 0;
  for (char c : csv)
    lines += c == '\n';
  CAF_CHECK_EQUAL(lines, 1u + 12u); // header + the last session's entries
  CAF_CHECK_NOT_EQUAL(csv.find(",fill,BTC,1,buy,100.0,2.000,"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(csv.find(",reject,BTC,1,"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(csv.find("post only"), std::string::npos);
  auto fills = fills_csv(build_journal_report(j.records, "x"));
  CAF_CHECK_EQUAL(fills.substr(0, fills.find('\n')),
                  "market,ts_ms,utc,side,price,size,source,markout_1s_bps,"
                  "markout_10s_bps,markout_60s_bps");
  CAF_CHECK_NOT_EQUAL(
      fills.find("BTC,101000,1970-01-01 00:01:41,buy,100.0,2.000,"
                 "filled_price,30.000,-10.000,10.000\n"),
      std::string::npos);
  CAF_CHECK_NOT_EQUAL(fills.find(",market_mid,30.000,"), std::string::npos);
}

CAF_TEST(text with commas and quotes is quoted in csv) {
  journal_builder j;
  j.add(1, journal_config{"note", "", "a, \"b\""});
  auto csv = journal_csv(j.records);
  CAF_CHECK_NOT_EQUAL(csv.find("\"a, \"\"b\"\"\""), std::string::npos);
}
