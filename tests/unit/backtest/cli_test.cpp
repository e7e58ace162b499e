// Runs the real gridbot binary (path from GRIDBOT_PATH) as a user would.
#define CAF_SUITE backtest_cli
#include "caf/test/unit_test.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct run_result {
  int exit_code = -1;
  std::string out; ///< stdout and stderr together
};

std::string src(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

run_result run(const std::string& args) {
  std::string cmd = std::string{GRIDBOT_PATH} + " backtest " + args + " 2>&1";
  run_result r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0)
    r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string tmp(const std::string& name) {
  return "/tmp/trailgrid_backtest_cli_" + std::to_string(::getpid()) + "_" +
         name;
}

const std::string demo = "--config " + src("configs/backtest-demo.toml") +
                         " --data " +
                         src("data/samples/"
                             "binance-spot_BTCUSDT_1m_20211202-2000.csv");

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos;
       p = text.find(what, p + 1))
    ++n;
  return n;
}

} // namespace

CAF_TEST(a run prints the summary and writes identical json twice) {
  auto a = tmp("a.json"), b = tmp("b.json"), html = tmp("r.html");
  auto r1 = run(demo + " --no-timing --json " + a + " --report " + html);
  CAF_CHECK_EQUAL(r1.exit_code, 0);
  CAF_CHECK(r1.out.find("resets") != std::string::npos);
  CAF_CHECK(r1.out.find("net pnl") != std::string::npos);
  auto r2 = run(demo + " --no-timing --json " + b);
  CAF_CHECK_EQUAL(r2.exit_code, 0);
  auto ja = slurp(a), jb = slurp(b);
  CAF_CHECK(!ja.empty());
  CAF_CHECK_EQUAL(ja, jb);
  CAF_CHECK(ja.find("\"resets_per_hour\"") != std::string::npos);
  CAF_CHECK(ja.find("\"config_file\"") != std::string::npos);
  CAF_CHECK(ja.find("\"markouts\": [") != std::string::npos);
  CAF_CHECK(r1.out.find("markouts (mean bps") != std::string::npos);
  CAF_CHECK(slurp(html).find("<svg") != std::string::npos);
  CAF_CHECK(slurp(html).find("<h2>Markouts</h2>") != std::string::npos);
  std::remove(a.c_str());
  std::remove(b.c_str());
  std::remove(html.c_str());
}

CAF_TEST(log resets prints one line per reset) {
  auto r = run(demo + " --log-resets --set levels=3");
  CAF_CHECK_EQUAL(r.exit_code, 0);
  CAF_CHECK(count(r.out, "levels 3+3") > 10u);
  CAF_CHECK(r.out.find("start    centre") != std::string::npos);
}

CAF_TEST(set overrides strategy and backtest keys) {
  auto j = tmp("set.json");
  auto r = run(demo +
               " --no-timing --set mid_price_source=market_mid"
               " --set tier=premium --set fill=touch --json " +
               j);
  CAF_CHECK_EQUAL(r.exit_code, 0);
  auto text = slurp(j);
  CAF_CHECK(text.find("\"mid_price_source\": \"market_mid\"") !=
            std::string::npos);
  CAF_CHECK(text.find("\"tier\": \"premium\"") != std::string::npos);
  CAF_CHECK(text.find("\"maker_delay_ms\": 0") != std::string::npos);
  CAF_CHECK(text.find("\"fill\": \"touch\"") != std::string::npos);
  CAF_CHECK(text.find("\"maker_fee_pct\": 0.004") != std::string::npos);
  std::remove(j.c_str());
}

CAF_TEST(compare prints one row per centre source) {
  auto r = run(demo + " --compare mid_price_source");
  CAF_CHECK_EQUAL(r.exit_code, 0);
  for (const char* s :
       {"filled_price ", "market_mid ", "mark_price ", "last_price "})
    CAF_CHECK_EQUAL(count(r.out, std::string("\n") + s), 1u);
  CAF_CHECK(r.out.find("resets/h") != std::string::npos);
  CAF_CHECK(r.out.find("guard fb") != std::string::npos);
}

CAF_TEST(sweep ranks every combination) {
  auto r = run(demo + " --sweep levels=3,5 --sweep atr_multiplier=0.5,1");
  CAF_CHECK_EQUAL(r.exit_code, 0);
  CAF_CHECK(r.out.find("#1 levels=") != std::string::npos);
  CAF_CHECK(r.out.find("#4 levels=") != std::string::npos);
  CAF_CHECK(r.out.find("#5") == std::string::npos);
}

CAF_TEST(mistakes are reported clearly) {
  auto unknown = run(demo + " --set levles=5");
  CAF_CHECK_EQUAL(unknown.exit_code, 1);
  CAF_CHECK(unknown.out.find("did you mean \"levels\"") != std::string::npos);
  auto bad_value = run(demo + " --set levels=five");
  CAF_CHECK_EQUAL(bad_value.exit_code, 1);
  CAF_CHECK(bad_value.out.find("levels") != std::string::npos);
  auto no_data = run("--config " + src("configs/backtest-demo.toml"));
  CAF_CHECK_EQUAL(no_data.exit_code, 2);
  CAF_CHECK(no_data.out.find("--data is required") != std::string::npos);
  auto missing = run("--config " + src("configs/backtest-demo.toml") +
                     " --data /nonexistent.csv");
  CAF_CHECK_EQUAL(missing.exit_code, 1);
  auto help = run("--help");
  CAF_CHECK_EQUAL(help.exit_code, 0);
  CAF_CHECK(help.out.find("maker_delay_ms") != std::string::npos);
}
