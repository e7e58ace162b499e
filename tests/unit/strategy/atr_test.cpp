#define CAF_SUITE atr
#include "caf/test/unit_test.hpp"

#include "strategy/atr.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace trailgrid::strategy;

namespace {

// The reference file: 2,000 real BTCUSDT 1-minute candles with TR and ATR from
// three independent libraries (see tests/data/README.md).
struct reference_row {
  ohlc_bar bar;
  std::map<std::string, std::optional<double>> cols;
};

std::optional<double> parse_cell(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  double v = 0;
  auto res = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (res.ec != std::errc{} || res.ptr != cell.data() + cell.size())
    throw std::runtime_error("bad number in reference: " + cell);
  return v;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',')
      out.emplace_back();
    else if (c != '\r')
      out.back() += c;
  }
  return out;
}

const std::vector<reference_row>& reference() {
  static const std::vector<reference_row> rows = [] {
    std::ifstream in(std::string{TRAILGRID_SOURCE_DIR} +
                     "/tests/data/atr-reference-btc-20211202-partial.csv");
    if (!in) throw std::runtime_error("cannot open the ATR reference file");
    std::string line;
    std::getline(in, line);
    auto header = split(line);
    std::vector<reference_row> out;
    while (std::getline(in, line)) {
      auto cells = split(line);
      if (cells.size() != header.size())
        throw std::runtime_error("ragged reference row: " + line);
      reference_row r;
      r.bar.start_ms = std::stoll(cells[0]);
      r.bar.open = *parse_cell(cells[1]);
      r.bar.high = *parse_cell(cells[2]);
      r.bar.low = *parse_cell(cells[3]);
      r.bar.close = *parse_cell(cells[4]);
      for (size_t i = 6; i < cells.size(); ++i)
        r.cols[header[i]] = parse_cell(cells[i]);
      out.push_back(std::move(r));
    }
    return out;
  }();
  return rows;
}

bool close_rel(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Runs one ATR over the reference bars and counts rows whose TR or ATR
// disagrees with the given columns (presence and value).
int mismatches(int period, atr_convention conv, const std::string& tr_col,
               const std::string& atr_col) {
  atr uut{period, conv};
  int bad = 0;
  for (auto& row : reference()) {
    uut.update(row.bar);
    auto want_tr = row.cols.at(tr_col);
    auto want_atr = row.cols.at(atr_col);
    auto got_tr = uut.last_true_range();
    bool tr_ok = want_tr.has_value() == got_tr.has_value() &&
                 (!want_tr || close_rel(*want_tr, *got_tr));
    bool atr_ok = want_atr.has_value() == uut.initialized() &&
                  (!want_atr || close_rel(*want_atr, uut.value()));
    if (!tr_ok || !atr_ok) {
      if (bad < 5) CAF_MESSAGE("mismatch at ts " << row.bar.start_ms);
      ++bad;
    }
  }
  return bad;
}

ohlc_bar hlc(double high, double low, double close) {
  return ohlc_bar{0, close, high, low, close};
}

} // namespace

CAF_TEST(the reference file has all 2000 rows) {
  CAF_CHECK_EQUAL(reference().size(), 2000u);
}

CAF_TEST(talib convention matches technicalindicators atr14 on every row) {
  CAF_CHECK_EQUAL(mismatches(14, atr_convention::talib,
                             "tr_technicalindicators",
                             "atr14_technicalindicators"),
                  0);
}

CAF_TEST(talib convention matches technicalindicators atr20 on every row) {
  CAF_CHECK_EQUAL(mismatches(20, atr_convention::talib,
                             "tr_technicalindicators",
                             "atr20_technicalindicators"),
                  0);
}

CAF_TEST(tulip convention matches tulind and trading signals on every row) {
  CAF_CHECK_EQUAL(
      mismatches(14, atr_convention::tulip, "tr_tulind", "atr14_tulind"), 0);
  CAF_CHECK_EQUAL(
      mismatches(20, atr_convention::tulip, "tr_tulind", "atr20_tulind"), 0);
  CAF_CHECK_EQUAL(mismatches(14, atr_convention::tulip, "tr_trading_signals",
                             "atr14_trading_signals"),
                  0);
  CAF_CHECK_EQUAL(mismatches(20, atr_convention::tulip, "tr_trading_signals",
                             "atr20_trading_signals"),
                  0);
}

CAF_TEST(the first talib atr is the mean of true ranges of bars 1 to n) {
  atr uut{3};
  uut.update(hlc(10, 8, 9)); // no TR: needs a previous close
  CAF_CHECK(!uut.last_true_range());
  uut.update(hlc(12, 9, 11)); // TR = max(3, 3, 0) = 3
  CAF_CHECK(uut.last_true_range() == 3.0);
  uut.update(hlc(11, 10, 10)); // TR = max(1, 0, 1) = 1
  CAF_CHECK(!uut.initialized());
  CAF_CHECK(uut.value() == 0.0);
  uut.update(hlc(16, 12, 15)); // TR = max(4, 6, 2) = 6 (gap up)
  CAF_REQUIRE(uut.initialized());
  CAF_CHECK(uut.value() == 10.0 / 3);
  uut.update(hlc(15, 14, 14)); // TR = max(1, 0, 1) = 1 -> Wilder step
  CAF_CHECK(uut.value() == 10.0 / 3 + (1 - 10.0 / 3) / 3);
  CAF_CHECK_EQUAL(uut.bars_seen(), 5);
}

CAF_TEST(the first tulip atr comes one bar earlier using high minus low) {
  atr uut{3, atr_convention::tulip};
  uut.update(hlc(10, 8, 9)); // TR = 2
  CAF_CHECK(uut.last_true_range() == 2.0);
  uut.update(hlc(12, 9, 11)); // 3
  CAF_CHECK(!uut.initialized());
  uut.update(hlc(11, 10, 10)); // 1
  CAF_REQUIRE(uut.initialized());
  CAF_CHECK(uut.value() == 2.0);
}

CAF_TEST(a gap down uses the distance from the previous close) {
  atr uut{1};
  uut.update(hlc(100, 99, 100));
  uut.update(hlc(95, 94, 94.5)); // |94 - 100| = 6 beats 1
  CAF_CHECK(uut.value() == 6.0);
}

CAF_TEST(warm up from history equals feeding the same bars one by one) {
  auto& rows = reference();
  std::vector<ohlc_bar> history;
  for (size_t i = 0; i < 1000; ++i)
    history.push_back(rows[i].bar);
  atr warmed{14};
  warmed.warm_up(history);
  atr fed{14};
  for (auto& b : history)
    fed.update(b);
  CAF_REQUIRE(warmed.initialized());
  CAF_CHECK(warmed.value() == fed.value());
  // After the warm-up, live bars continue the same series as the reference.
  for (size_t i = 1000; i < rows.size(); ++i)
    warmed.update(rows[i].bar);
  CAF_CHECK(close_rel(warmed.value(),
                      *rows.back().cols.at("atr14_technicalindicators")));
}

CAF_TEST(warm up with fewer bars than the period leaves atr uninitialized) {
  std::vector<ohlc_bar> few(14, hlc(10, 9, 9.5)); // 13 true ranges
  atr uut{14};
  uut.warm_up(few);
  CAF_CHECK(!uut.initialized());
  CAF_CHECK(!uut.atr_ppm(9.5));
  uut.update(hlc(10, 9, 9.5));
  CAF_CHECK(uut.initialized());
}

CAF_TEST(atr ppm is atr over price rounded to the nearest integer) {
  atr uut{1};
  CAF_CHECK(!uut.atr_ppm(100));
  uut.update(hlc(100, 100, 100));
  uut.update(hlc(100.0123456, 100, 100));              // ATR 0.0123456
  CAF_CHECK_EQUAL(uut.atr_ppm(100).value_or(-1), 123); // 123.456 -> 123
  CAF_CHECK_EQUAL(uut.atr_ppm(40).value_or(-1), 309);  // 308.64 -> 309
  CAF_CHECK(!uut.atr_ppm(0));
  CAF_CHECK(!uut.atr_ppm(-5));
  atr half{1};
  half.update(hlc(8, 8, 8));
  half.update(hlc(8.5, 8, 8)); // ATR 0.5: exact halves of a ppm below
  CAF_CHECK_EQUAL(half.atr_ppm(4e5).value_or(-1), 1); // 1.25 -> 1
  CAF_CHECK_EQUAL(half.atr_ppm(2e5).value_or(-1), 3); // 2.5 -> 3 (away)
}

CAF_TEST(reset forgets every bar) {
  atr uut{1};
  uut.update(hlc(2, 1, 1));
  uut.update(hlc(3, 1, 2));
  CAF_CHECK(uut.initialized());
  uut.reset();
  CAF_CHECK(!uut.initialized());
  CAF_CHECK_EQUAL(uut.bars_seen(), 0);
  CAF_CHECK(!uut.last_true_range());
}

CAF_TEST(convention names round trip) {
  CAF_CHECK(parse_atr_convention("talib") == atr_convention::talib);
  CAF_CHECK(parse_atr_convention("tulip") == atr_convention::tulip);
  CAF_CHECK(!parse_atr_convention("TALIB"));
  CAF_CHECK_EQUAL(to_string(atr_convention::tulip), "tulip");
}
