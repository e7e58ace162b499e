// Runs the real gridbot binary (path from GRIDBOT_PATH) as a user would.
#define CAF_SUITE gridbot_cli
#include "caf/test/unit_test.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

struct run_result {
  int exit_code = -1;
  std::string out; ///< stdout and stderr together
};

run_result run(const std::string& args) {
  std::string cmd = std::string{GRIDBOT_PATH} + " " + args + " 2>&1";
  run_result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string src(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

std::vector<std::vector<std::string>> csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    std::vector<std::string> cells(1);
    for (char c : line) {
      if (c == ',')
        cells.emplace_back();
      else
        cells.back().push_back(c);
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

bool same(const std::string& want, const std::string& got) {
  if (want.empty() || got.empty()) return want.empty() && got.empty();
  double a = 0;
  double b = 0;
  std::from_chars(want.data(), want.data() + want.size(), a);
  auto res = std::from_chars(got.data(), got.data() + got.size(), b);
  if (res.ec != std::errc{} || res.ptr != got.data() + got.size()) return false;
  return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Runs gridbot atr and compares every row with two reference columns.
int mismatches(const std::string& args, const std::string& tr_col,
               const std::string& atr_col) {
  auto r = run("atr " + args + " --candles " +
               src("data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv"));
  CAF_REQUIRE_EQUAL(r.exit_code, 0);
  std::ifstream in(src("tests/data/atr-reference-btc-20211202-partial.csv"));
  std::string ref_text{std::istreambuf_iterator<char>{in}, {}};
  auto ref = csv(ref_text);
  auto got = csv(r.out);
  CAF_REQUIRE_EQUAL(got.size(), ref.size());
  CAF_REQUIRE(got[0] == (std::vector<std::string>{"ts_ms", "tr", "atr"}));
  size_t tr_i = 0;
  size_t atr_i = 0;
  for (size_t i = 0; i < ref[0].size(); ++i) {
    tr_i = ref[0][i] == tr_col ? i : tr_i;
    atr_i = ref[0][i] == atr_col ? i : atr_i;
  }
  CAF_REQUIRE(tr_i > 0 && atr_i > 0);
  int bad = 0;
  for (size_t i = 1; i < ref.size(); ++i) {
    bool ok = got[i].size() == 3 && got[i][0] == ref[i][0] &&
              same(ref[i][tr_i], got[i][1]) && same(ref[i][atr_i], got[i][2]);
    if (!ok && ++bad <= 3) CAF_MESSAGE("row " << i << " differs");
  }
  return bad;
}

} // namespace

CAF_TEST(gridbot atr matches the reference atr14 on every row) {
  CAF_CHECK_EQUAL(mismatches("--period 14", "tr_technicalindicators",
                             "atr14_technicalindicators"),
                  0);
}

CAF_TEST(gridbot atr matches the reference atr20 on every row) {
  CAF_CHECK_EQUAL(mismatches("--period=20 --convention talib",
                             "tr_technicalindicators",
                             "atr20_technicalindicators"),
                  0);
}

CAF_TEST(gridbot atr tulip convention matches tulind) {
  CAF_CHECK_EQUAL(
      mismatches("--period 14 --convention tulip", "tr_tulind", "atr14_tulind"),
      0);
}

CAF_TEST(gridbot atr reads gzip candles) {
  auto r = run("atr --period 14 --candles " +
               src("data/samples/hyperliquid_BTC_20250126T1914_trades.csv.gz"));
  // A trades file is not a candle file: the header check says so.
  CAF_CHECK_EQUAL(r.exit_code, 1);
  CAF_CHECK(r.out.find(":1: header must be \"ts_ms,open,high,low,close,"
                       "volume\", got \"ts_ms,price,qty,side\"") !=
            std::string::npos);
}

CAF_TEST(help is printed and exits zero) {
  auto top = run("--help");
  CAF_CHECK_EQUAL(top.exit_code, 0);
  CAF_CHECK(top.out.find("usage: gridbot <command>") != std::string::npos);
  CAF_CHECK(top.out.find("atr") != std::string::npos);
  auto atr = run("atr --help");
  CAF_CHECK_EQUAL(atr.exit_code, 0);
  CAF_CHECK(atr.out.find("usage: gridbot atr --period N --candles FILE") !=
            std::string::npos);
}

CAF_TEST(bad arguments exit 2 with a one line error) {
  auto check = [](const std::string& args, const std::string& want) {
    auto r = run(args);
    CAF_CHECK_EQUAL(r.exit_code, 2);
    CAF_CHECK_EQUAL(r.out, want + "\n");
  };
  check("", "gridbot: missing command (try gridbot --help)");
  check("frobnicate", "gridbot: unknown command 'frobnicate' (try gridbot "
                      "--help)");
  check("atr --candles x.csv", "gridbot atr: --period is required (try "
                               "gridbot atr --help)");
  check("atr --period 14", "gridbot atr: --candles is required (try gridbot "
                           "atr --help)");
  check("atr --period five --candles x.csv",
        "gridbot atr: --period must be an integer in 1..100000, got \"five\" "
        "(try gridbot atr --help)");
  check("atr --period 0 --candles x.csv",
        "gridbot atr: --period must be an integer in 1..100000, got \"0\" "
        "(try gridbot atr --help)");
  check("atr --period 14 --candles x.csv --convention ta",
        "gridbot atr: --convention must be talib or tulip, got \"ta\" (try "
        "gridbot atr --help)");
  check("atr --period 14 --candles x.csv --verbose",
        "gridbot atr: unknown argument \"--verbose\" (try gridbot atr "
        "--help)");
  check("atr --period", "gridbot atr: --period needs a value (try gridbot "
                        "atr --help)");
}

CAF_TEST(an unreadable candle file exits 1 naming it) {
  auto r = run("atr --period 14 --candles no-such-file.csv");
  CAF_CHECK_EQUAL(r.exit_code, 1);
  CAF_CHECK_EQUAL(r.out, "gridbot atr: no-such-file.csv: cannot open: No such "
                         "file or directory\n");
}

CAF_TEST(gridbot check needs a config and names a broken one) {
  auto help = run("check --help");
  CAF_CHECK_EQUAL(help.exit_code, 0);
  CAF_CHECK(help.out.find("Usage: gridbot check --config FILE") !=
            std::string::npos);
  CAF_CHECK_EQUAL(run("check").exit_code, 2);
  auto missing = run("check --config no-such-file.toml");
  CAF_CHECK_EQUAL(missing.exit_code, 1);
  CAF_CHECK(missing.out.find("FAIL  config: no-such-file.toml: cannot read "
                             "the config file") != std::string::npos);
}
