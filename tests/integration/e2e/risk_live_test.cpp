#define CAF_SUITE risk_live
#include "caf/test/unit_test.hpp"

// The risk controls on the live path: gridbot run against a real lighter-sim
// whose operator paths (/sim/position, /sim/collateral, /sim/market_status,
// /sim/exchange_status) change what the exchange reports while the bot
// runs. Checked through the bot's log lines, its journal and summary, and
// the simulator's record. Also `gridbot check` and the checks `gridbot run`
// makes before it quotes.

#include "temp_dir.hpp"

#include "lighter/net/https_client.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/tx/signer.hpp"
#include "runtime/exchange_services.hpp"
#include "runtime/journal.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/lighter_sim.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

using namespace std::chrono_literals;
using json = nlohmann::json;
using trailgrid::test_support::child_options;
using trailgrid::test_support::child_process;
using trailgrid::test_support::lighter_sim;
namespace net = trailgrid::lighter::net;

namespace {

constexpr int64_t account = 100;
constexpr int api_key = 7;

std::string src(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct fixture {
  trailgrid::test::temp_dir dir;
  std::string key_hex;
  std::string pub_hex;
  std::unique_ptr<lighter_sim> sim;
  net::io_runner runner{"risk-live"};
  /// Extra lines of the bot's [defaults], [risk] and [runtime].
  std::string defaults;
  std::string risk;
  std::string runtime_extra;
  std::string markets = "[[market]]\nsymbol = \"BTC\"\norder_size = "
                        "\"0.002\"\nmax_position = \"0.05\"\n";
  std::string exchange_extra;
  int key_index = api_key;
  trailgrid::test_support::env_vars bot_env;

  fixture() {
    key_hex = trailgrid::runtime::random_private_key_hex();
    auto s = trailgrid::lighter::signer::from_private_key_hex(key_hex);
    if (!s) CAF_FAIL("key generation failed");
    pub_hex = s.value().public_key();
    bot_env = {{"LIGHTER_PRIVATE_KEY", key_hex}};
  }

  ~fixture() {
    if (sim) sim->stop();
    runner.stop();
  }

  std::string record_path() const { return dir.file("record.jsonl"); }
  std::string journal_path() const { return dir.file("journal/gridbot.j"); }

  /// lighter-sim with BTC (market 1) and ETH (market 0) on real candles,
  /// 60x, maker fee 0.02 % and taker fee 0.03 % on the standard tier.
  void start_sim(const std::string& sim_extra = "") {
    std::ofstream cfg(dir.file("sim.toml"));
    cfg << "[sim]\nseed = 5\nspeed = 60.0\nfill_model = \"through\"\n"
        << sim_extra << "[tiers.standard]\nrequests_per_minute = 100000\n"
        << "maker_delay_ms = 0\ntaker_delay_ms = 0\n"
        << "[[market]]\nmarket_id = 1\nsymbol = \"BTC\"\n"
        << "maker_fee_ppm = [200, 0, 0, 0]\ntaker_fee_ppm = [300, 0, 0, 0]\n"
        << "[market.path]\nsource = \"candles\"\ncandle_substeps = 4\nfile = \""
        << src("data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv")
        << "\"\n[[market]]\nmarket_id = 0\nsymbol = \"ETH\"\n"
        << "[market.path]\nsource = \"candles\"\ncandle_substeps = 4\n"
        << "file = \""
        << src("data/samples/sim_binance-spot_ETHUSDT_1m_20230316_300.csv")
        << "\"\n";
    cfg.close();
    sim = std::make_unique<lighter_sim>(child_options{
        {LIGHTER_SIM_BIN, "--config", dir.file("sim.toml"), "--port", "0",
         "--record", record_path(), "--register-key",
         pub_hex + ":" + std::to_string(account) + ":" +
             std::to_string(api_key)},
        dir.file("sim.out"),
        {},
        dir.file("")});
  }

  void write_bot_config(const std::string& name = "bot.toml") {
    std::ofstream cfg(dir.file(name));
    cfg << "[defaults]\nlevels = 5\natr_period = 5\nbar_interval_s = 2\n"
        << "trailing_dwell_s = 5\ntx_bucket_capacity = 5000\n"
        << "tx_refill_per_minute = 5000\n"
        << defaults << markets << "[exchange]\naccount_index = " << account
        << "\napi_key_index = " << key_index
        << "\nchain_id = 304\nsend_quota_per_minute = 100000\n"
        << "rest_quota_per_minute = 100000\n"
        << exchange_extra << "[risk]\nkill_switch_file = \"" << dir.file("kill")
        << "\"\n"
        << risk << "[runtime]\nlog_dir = \"" << dir.file("logs")
        << "\"\njournal_path = \"" << journal_path()
        << "\"\nadmin_port = 0\nmarket_status_poll_s = 1\n"
        << runtime_extra;
  }

  std::unique_ptr<child_process> start_bot(int seconds,
                                           const std::string& name) {
    std::vector<std::string> args{GRIDBOT_BIN,      "run",
                                  "--config",       dir.file("bot.toml"),
                                  "--rest-url",     sim->rest_url(),
                                  "--ws-url",       sim->ws_url(),
                                  "--duration",     std::to_string(seconds),
                                  "--summary-json", dir.file(name + ".json")};
    return std::make_unique<child_process>(
        child_options{args, dir.file(name + ".out"), bot_env, dir.file("")});
  }

  /// Runs `gridbot check` on bot.toml; its exit code and output.
  std::pair<int, std::string>
  check(const trailgrid::test_support::env_vars& env) {
    child_process p{
        child_options{{GRIDBOT_BIN, "check", "--config", dir.file("bot.toml"),
                       "--rest-url", sim->rest_url()},
                      dir.file("check.out"),
                      env,
                      dir.file("")}};
    int rc = p.wait(60s);
    return {rc, p.output()};
  }

  /// POST /sim/<path> with `form`; fails the test unless it answers 200.
  void sim_post(const std::string& path, const net::query_params& form) {
    net::https_client rest(runner, *net::parse_url(sim->rest_url()));
    auto r = rest.post_form("/sim/" + path, form);
    CAF_REQUIRE(r);
    CAF_REQUIRE_EQUAL(r->status, 200);
  }

  std::vector<json> record() const {
    std::vector<json> out;
    std::ifstream in(record_path());
    std::string line;
    // A last line without its newline is still being written by the
    // simulator: it is read on the next call.
    while (std::getline(in, line) && !in.eof())
      if (!line.empty()) out.push_back(json::parse(line));
    return out;
  }
};

/// Waits for a line of `bot` containing `text`; fails the test without one.
std::string expect_line(child_process& bot, const std::string& text,
                        std::chrono::milliseconds limit = 60s) {
  auto line = bot.wait_for_line(text, limit);
  if (!line) CAF_FAIL("no line with '" << text << "' in:\n" << bot.output());
  return *line;
}

/// The levels "B+A" of a reset line ("reset #3: ..., 4+5 levels").
std::pair<int, int> levels_of(const std::string& line) {
  auto end = line.rfind(" levels");
  auto start = line.rfind(", ", end);
  auto text = line.substr(start + 2, end - start - 2);
  auto plus = text.find('+');
  return {std::stoi(text.substr(0, plus)), std::stoi(text.substr(plus + 1))};
}

/// Reset lines of `output` after the first line containing `after`.
std::vector<std::string> resets_after(const std::string& output,
                                      const std::string& after) {
  std::vector<std::string> out;
  auto at = output.find(after);
  if (at == std::string::npos) return out;
  std::istringstream in(output.substr(at));
  std::string line;
  while (std::getline(in, line))
    if (line.find("BTC/grid reset #") != std::string::npos) out.push_back(line);
  return out;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(risk_live_tests, fixture)

CAF_TEST(exchange balances positions fees and market status reach the grid) {
  start_sim();
  defaults = "balance_check = true\nleverage = 5\n";
  write_bot_config();
  auto bot = start_bot(75, "run");
  expect_line(*bot, "BTC/grid reset #1:");

  // Free collateral below the grid's margin: the live grid is trimmed.
  // 10 levels of 0.002 BTC near 57,000 USDC need about 228 USDC at 5x.
  sim_post("collateral", {{"account", std::to_string(account)},
                          {"collateral", "150000000"}}); // 150 USDC
  expect_line(*bot, "no longer covers the grid: trimming it");
  auto trimmed = resets_after(bot->output(), "no longer covers the grid");
  // The trim's reset may still be on its way when the line is read.
  for (int i = 0; i < 100 && trimmed.empty(); ++i) {
    std::this_thread::sleep_for(100ms);
    trimmed = resets_after(bot->output(), "no longer covers the grid");
  }
  CAF_REQUIRE(!trimmed.empty());
  auto [tb, ta] = levels_of(trimmed.front());
  CAF_MESSAGE("trimmed grid: " << tb << "+" << ta << " levels");
  CAF_CHECK_LESS(tb + ta, 10);
  CAF_CHECK_GREATER(tb + ta, 0);
  sim_post("collateral", {{"account", std::to_string(account)},
                          {"collateral", "100000000000"}});

  // The market goes inactive, then the exchange into maintenance: orders
  // pulled, quoting paused, resumed when it is back.
  sim_post("market_status", {{"market_id", "1"}, {"status", "inactive"}});
  expect_line(*bot, "market not active on the exchange (market status "
                    "inactive)");
  expect_line(*bot, "BTC/grid cancel all orders: market_inactive");
  sim_post("market_status", {{"market_id", "1"}, {"status", "active"}});
  expect_line(*bot, "market active again on the exchange");
  sim_post("exchange_status", {{"status", "0"}});
  expect_line(*bot, "exchange maintenance (root status 0)");
  sim_post("exchange_status", {{"status", "1"}});

  // A position the bot did not trade (another client, a liquidation) is
  // taken from the exchange: 0.06 BTC is above max_position 0.05, so the
  // grid quotes asks only.
  sim_post("position", {{"account", std::to_string(account)},
                        {"market_id", "1"},
                        {"qty", "6000"},
                        {"entry", "570000"}});
  expect_line(*bot, "the exchange reports 0.06");
  std::vector<std::string> after;
  for (int i = 0; i < 200; ++i) {
    after = resets_after(bot->output(), "the exchange reports 0.06");
    if (!after.empty()) break;
    std::this_thread::sleep_for(100ms);
  }
  CAF_REQUIRE(!after.empty());
  auto [pb, pa] = levels_of(after.front());
  CAF_CHECK_EQUAL(pb, 0);
  CAF_CHECK_GREATER(pa, 0);

  CAF_REQUIRE_EQUAL(bot->wait(120s), 0);
  auto out = bot->output();
  CAF_CHECK(out.find("market_status market 1: active again") !=
            std::string::npos);

  // Fees: every journaled fill carries the exchange's fee, and the
  // summary's fees are their sum (the config charges none).
  auto journal = trailgrid::runtime::read_journal(journal_path());
  CAF_REQUIRE(journal);
  int64_t journal_fee = 0;
  int fills = 0;
  for (auto& r : journal.value().records)
    if (auto f = std::get_if<trailgrid::runtime::journal_fill>(&r.entry)) {
      CAF_CHECK(f->fee_reported);
      journal_fee += f->fee.value;
      ++fills;
    }
  int64_t record_fee = 0;
  for (auto& e : record())
    if (e["kind"] == "fill" && e["account"] == account)
      record_fee += e["fee_micro"].get<int64_t>();
  CAF_MESSAGE(fills << " fills, fees " << journal_fee << " micro-USDC");
  // BTC: 1 price + 5 size decimals: quote units are micro-USDC. Each side
  // rounds its own fee (the exchange down, the bot to nearest).
  CAF_CHECK_LESS_OR_EQUAL(std::llabs(journal_fee - record_fee), fills);
  auto summary = json::parse(slurp(dir.file("run.json")));
  double fees = summary["markets"][0]["fees_quote"].get<double>();
  CAF_CHECK_LESS(std::abs(fees - static_cast<double>(record_fee) / 1e6), 0.01);
  if (fills > 0) CAF_CHECK_GREATER(journal_fee, 0);
}

CAF_TEST(a drawdown halt survives a restart through the journal) {
  start_sim();
  defaults = "balance_check = false\nmax_drawdown_quote = \"50\"\n";
  write_bot_config();
  auto bot = start_bot(60, "first");
  expect_line(*bot, "BTC/grid reset #1:");
  // The exchange reports a long bought far above the market: a loss far
  // beyond 50 USDC.
  sim_post("position", {{"account", std::to_string(account)},
                        {"market_id", "1"},
                        {"qty", "1000"},
                        {"entry", "10000000"}}); // 1,000,000.0 USDC
  expect_line(*bot, "halted: drawdown");
  bot->signal(SIGTERM);
  CAF_REQUIRE_EQUAL(bot->wait(60s), 0);

  auto again = start_bot(20, "second");
  expect_line(*again, "halted at start: drawdown (journal)");
  CAF_REQUIRE_EQUAL(again->wait(60s), 0);
  // Halted all along: the second run sent no grid.
  auto out = again->output();
  CAF_CHECK(out.find("BTC/grid reset #") == std::string::npos);
  auto journal = trailgrid::runtime::read_journal(journal_path());
  CAF_REQUIRE(journal);
  bool halted_record = false;
  for (auto& r : journal.value().records)
    if (auto k = std::get_if<trailgrid::runtime::journal_risk>(&r.entry))
      halted_record = halted_record || (k->halted && k->why == "drawdown");
  CAF_CHECK(halted_record);
}

CAF_TEST(the account drawdown stop halts every market across a restart) {
  start_sim();
  markets += "[[market]]\nsymbol = \"ETH\"\norder_size = \"0.05\"\n"
             "max_position = \"2.0\"\n";
  defaults = "balance_check = false\n";
  risk = "max_account_drawdown_quote = \"50\"\n";
  write_bot_config();
  auto bot = start_bot(60, "first");
  expect_line(*bot, "BTC/grid reset #1:");
  expect_line(*bot, "ETH/grid reset #1:");
  sim_post("position", {{"account", std::to_string(account)},
                        {"market_id", "1"},
                        {"qty", "1000"},
                        {"entry", "10000000"}});
  expect_line(*bot, "account drawdown stop");
  expect_line(*bot, "BTC/grid halted: account_drawdown");
  expect_line(*bot, "ETH/grid halted: account_drawdown");
  bot->signal(SIGTERM);
  CAF_REQUIRE_EQUAL(bot->wait(60s), 0);

  auto again = start_bot(15, "second");
  expect_line(*again, "BTC/grid halted at start: account_drawdown");
  expect_line(*again, "ETH/grid halted at start: account_drawdown");
  CAF_REQUIRE_EQUAL(again->wait(60s), 0);
  CAF_CHECK(again->output().find("/grid reset #") == std::string::npos);
}

CAF_TEST(gridbot check passes against lighter - sim) {
  start_sim();
  write_bot_config();
  auto [rc, out] = check(bot_env);
  CAF_MESSAGE(out);
  CAF_CHECK_EQUAL(rc, 0);
  CAF_CHECK(out.find("FAIL") == std::string::npos);
  for (auto line : {"PASS  exchange:", "PASS  clock:", "PASS  account:",
                    "PASS  api key 7 index:", "PASS  api key 7 registered:",
                    "PASS  market BTC:", "PASS  levels BTC:",
                    "PASS  collateral:", "PASS  quota:"})
    CAF_CHECK(out.find(line) != std::string::npos);
}

CAF_TEST(gridbot check names each broken precondition and run refuses) {
  start_sim("default_collateral = \"1.000000\"\n");
  // A reserved index nobody registered, a market the exchange lacks, a
  // size below the minimum order, a quota too small for the grid.
  key_index = 2;
  markets = "[[market]]\nsymbol = \"BTC\"\norder_size = \"0.00001\"\n"
            "max_position = \"0.05\"\nskew = false\n"
            "[[market]]\nsymbol = \"ETH\"\norder_size = \"0.05\"\n"
            "max_position = \"2\"\n"
            "[[market]]\nsymbol = \"DOGE\"\norder_size = \"1\"\n"
            "max_position = \"10\"\n";
  write_bot_config();
  {
    // send_quota_per_minute is written by write_bot_config: override it.
    auto text = slurp(dir.file("bot.toml"));
    auto at = text.find("send_quota_per_minute = 100000");
    text.replace(at, 30, "send_quota_per_minute = 1");
    std::ofstream(dir.file("bot.toml")) << text;
  }
  sim_post("exchange_status", {{"status", "0"}});
  auto [rc, out] = check(bot_env);
  CAF_MESSAGE(out);
  CAF_CHECK_EQUAL(rc, 1);
  for (auto line :
       {"FAIL  exchange: the exchange reports maintenance",
        "FAIL  api key 2 index: index 2 is reserved",
        "FAIL  api key 2 registered: no key is registered at index 2",
        "FAIL  market DOGE: the exchange has no market DOGE",
        "FAIL  levels BTC:", "FAIL  collateral:", "FAIL  quota:"})
    CAF_CHECK(out.find(line) != std::string::npos);
  // Every failure says what to do.
  std::istringstream lines(out);
  std::string l;
  while (std::getline(lines, l))
    if (l.rfind("FAIL", 0) == 0) CAF_CHECK(l.find(" -- fix: ") != l.npos);

  // An account that does not exist, a key that is not ours, an inactive
  // market.
  sim_post("exchange_status", {{"status", "1"}});
  sim_post("market_status", {{"market_id", "1"}, {"status", "inactive"}});
  key_index = api_key;
  markets = "[[market]]\nsymbol = \"BTC\"\norder_size = \"0.002\"\n"
            "max_position = \"0.05\"\n";
  write_bot_config();
  auto other = trailgrid::runtime::random_private_key_hex();
  std::tie(rc, out) = check({{"LIGHTER_PRIVATE_KEY", other}});
  CAF_MESSAGE(out);
  CAF_CHECK_EQUAL(rc, 1);
  CAF_CHECK(out.find("FAIL  api key 7 registered: index 7 holds key") !=
            std::string::npos);
  CAF_CHECK(out.find("FAIL  market BTC: the exchange reports it inactive") !=
            std::string::npos);
  exchange_extra = "";
  {
    auto text = slurp(dir.file("bot.toml"));
    auto at = text.find("account_index = 100");
    text.replace(at, 19, "account_index = 999");
    std::ofstream(dir.file("bot.toml")) << text;
  }
  std::tie(rc, out) = check(bot_env);
  CAF_CHECK_EQUAL(rc, 1);
  CAF_CHECK(out.find("FAIL  account: account 999 not found") !=
            std::string::npos);

  // gridbot run makes the same checks and refuses to start.
  sim_post("market_status", {{"market_id", "1"}, {"status", "active"}});
  auto bot = start_bot(20, "refused");
  CAF_CHECK_EQUAL(bot->wait(60s), 1);
  CAF_CHECK(bot->output().find("a pre-flight check failed") !=
            std::string::npos);
  CAF_CHECK(bot->output().find("FAIL  account: account 999 not found") !=
            std::string::npos);
}

CAF_TEST_FIXTURE_SCOPE_END()
