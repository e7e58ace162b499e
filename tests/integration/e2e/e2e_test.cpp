#define CAF_SUITE e2e
#include "caf/test/unit_test.hpp"

// gridbot run against a real lighter-sim on loopback: two markets trade,
// every fill causes one reset (or is coalesced), nonces stay in sequence, a
// dropped socket is survived, and a kill -9 in the middle of a reset is
// cleaned up by the restart. The simulator's record (--record) is the
// exchange's side of the story.

#include "temp_dir.hpp"

#include "lighter/tx/signer.hpp"
#include "runtime/exchange_services.hpp"
#include "runtime/journal.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/lighter_sim.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using json = nlohmann::json;
using trailgrid::test_support::child_options;
using trailgrid::test_support::child_process;
using trailgrid::test_support::lighter_sim;

namespace {

constexpr int64_t account = 100;
constexpr int api_key = 6;

std::string src(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// One node run against one simulator, in a scratch folder.
struct fixture {
  trailgrid::test::temp_dir dir;
  std::string key_hex;
  std::string pub_hex;
  std::unique_ptr<lighter_sim> sim;
  std::string rest_url;
  std::string ws_url;
  /// The [exchange] key lines of the bot's config and the keys' variables.
  std::string exchange_keys = "api_key_index = " + std::to_string(api_key);
  trailgrid::test_support::env_vars bot_env;
  /// Extra --register-key specs of the simulator.
  std::vector<std::string> extra_keys;

  fixture() {
    // A throwaway key, generated per test: never a real secret.
    key_hex = trailgrid::runtime::random_private_key_hex();
    auto s = trailgrid::lighter::signer::from_private_key_hex(key_hex);
    if (!s) CAF_FAIL("key generation failed");
    pub_hex = s.value().public_key();
    bot_env = {{"LIGHTER_PRIVATE_KEY", key_hex}};
  }

  std::string record_path() const { return dir.file("record.jsonl"); }
  std::string journal_path() const { return dir.file("journal/gridbot.j"); }

  /// Starts lighter-sim with the demo markets (real candles, 60x) plus
  /// `extra` arguments; waits for its first line.
  void start_sim(std::vector<std::string> extra = {}) {
    std::ofstream cfg(dir.file("sim.toml"));
    cfg << "[sim]\nseed = 11\nspeed = 60.0\nfill_model = \"through\"\n"
        << "[tiers.standard]\nrequests_per_minute = 100000\n"
        << "maker_delay_ms = 0\ntaker_delay_ms = 0\n"
        << "[[market]]\nmarket_id = 1\nsymbol = \"BTC\"\n[market.path]\n"
        << "source = \"candles\"\ncandle_substeps = 4\nfile = \""
        << src("data/samples/binance-spot_BTCUSDT_1m_20211202-2000.csv")
        << "\"\n[[market]]\nmarket_id = 0\nsymbol = \"ETH\"\n"
        << "[market.path]\nsource = \"candles\"\ncandle_substeps = 4\n"
        << "file = \""
        << src("data/samples/sim_binance-spot_ETHUSDT_1m_20230316_300.csv")
        << "\"\n";
    cfg.close();
    std::vector<std::string> args{LIGHTER_SIM_BIN,
                                  "--config",
                                  dir.file("sim.toml"),
                                  "--port",
                                  "0",
                                  "--record",
                                  record_path(),
                                  "--register-key",
                                  pub_hex + ":" + std::to_string(account) +
                                      ":" + std::to_string(api_key)};
    for (auto& k : extra_keys) {
      args.emplace_back("--register-key");
      args.push_back(k);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    sim = std::make_unique<lighter_sim>(
        child_options{args, dir.file("sim.out"), {}, dir.file("")});
    rest_url = sim->rest_url();
    ws_url = sim->ws_url();
  }

  void write_bot_config() {
    std::ofstream cfg(dir.file("bot.toml"));
    cfg << "[defaults]\nlevels = 10\natr_period = 5\nbar_interval_s = 2\n"
        << "trailing_dwell_s = 5\ntx_bucket_capacity = 5000\n"
        << "tx_refill_per_minute = 5000\nbalance_check = false\n"
        << "[[market]]\nsymbol = \"BTC\"\norder_size = \"0.002\"\n"
        << "max_position = \"0.05\"\n"
        << "[[market]]\nsymbol = \"ETH\"\norder_size = \"0.05\"\n"
        << "max_position = \"2.0\"\n"
        << "[exchange]\naccount_index = " << account << "\n"
        << exchange_keys << "\nchain_id = 304\nsend_quota_per_minute = 100000\n"
        << "rest_quota_per_minute = 100000\n"
        << "[risk]\nkill_switch_file = \"" << dir.file("kill") << "\"\n"
        << "[runtime]\nlog_dir = \"" << dir.file("logs")
        << "\"\njournal_path = \"" << journal_path() << "\"\nadmin_port = 0\n";
  }

  /// Starts gridbot run for at most `seconds`.
  std::unique_ptr<child_process> start_bot(int seconds, bool new_session,
                                           const std::string& name) {
    std::vector<std::string> args{GRIDBOT_BIN,      "run",
                                  "--config",       dir.file("bot.toml"),
                                  "--rest-url",     rest_url,
                                  "--ws-url",       ws_url,
                                  "--duration",     std::to_string(seconds),
                                  "--summary-json", dir.file(name + ".json")};
    if (new_session) args.emplace_back("--new-session");
    return std::make_unique<child_process>(
        child_options{args, dir.file(name + ".out"), bot_env, dir.file("")});
  }

  /// Runs gridbot for `seconds` and returns its summary.
  json run_bot(int seconds, const std::string& name = "run") {
    write_bot_config();
    auto bot = start_bot(seconds, true, name);
    auto rc = bot->wait(std::chrono::seconds(seconds + 90));
    if (rc != 0) CAF_FAIL("gridbot exited " << rc << ":\n" << bot->output());
    return summary(name);
  }

  json summary(const std::string& name) {
    return json::parse(slurp(dir.file(name + ".json")));
  }

  /// The simulator's record (what the exchange did), oldest first.
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

  /// Our fills per market in the record.
  std::map<int, int64_t> record_fills() const {
    std::map<int, int64_t> out;
    for (auto& e : record())
      if (e["kind"] == "fill" && e["account"] == account)
        ++out[e["market_id"].get<int>()];
    return out;
  }

  /// Our orders still resting at the end of the record.
  std::set<int64_t> open_orders() const {
    std::map<int64_t, std::string> last;
    for (auto& e : record())
      if (e["kind"] == "order" && e["account"] == account)
        last[e["order_index"].get<int64_t>()] = e["status"];
    std::set<int64_t> out;
    for (auto& [index, status] : last)
      if (status == "open" || status == "pending") out.insert(index);
    return out;
  }

  /// Our position per market after our last fill in the record (lots).
  std::map<int, int64_t> record_positions() const {
    std::map<int, int64_t> out;
    for (auto& e : record())
      if (e["kind"] == "fill" && e["account"] == account)
        out[e["market_id"].get<int>()] = e["position_after"].get<int64_t>();
    return out;
  }

  ~fixture() {
    if (sim) sim->stop();
  }
};

const json& market(const json& summary, const std::string& symbol) {
  for (auto& m : summary["markets"])
    if (m["symbol"] == symbol) return m;
  CAF_FAIL("no market " << symbol << " in " << summary.dump());
}

int market_index(const std::string& symbol) {
  return symbol == "BTC" ? 1 : 0;
}

// Lots of a summary position ("-0.00540" with 5 size decimals).
int64_t lots(const json& m, int size_decimals) {
  auto text = m["position"].dump();
  bool neg = !text.empty() && text[0] == '-';
  if (neg) text.erase(0, 1);
  auto dot = text.find('.');
  std::string digits = text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  frac.resize(static_cast<size_t>(size_decimals), '0');
  auto v = std::stoll(digits + frac);
  return neg ? -v : v;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(e2e_tests, fixture)

CAF_TEST(two markets trade and every fill causes exactly one reset) {
  start_sim();
  auto s = run_bot(45);
  auto fills = record_fills();
  auto journal = trailgrid::runtime::read_journal(journal_path());
  CAF_REQUIRE(journal);
  std::map<std::string, int64_t> journal_fills;
  std::map<std::string, int64_t> fill_resets;
  std::map<std::string, int64_t> resets;
  for (auto& r : journal.value().records) {
    if (auto f = std::get_if<trailgrid::runtime::journal_fill>(&r.entry))
      ++journal_fills[f->market];
    if (auto x = std::get_if<trailgrid::runtime::journal_reset>(&r.entry)) {
      ++resets[x->market];
      if (x->why == "fill") ++fill_resets[x->market];
    }
  }
  int64_t total_fills = 0;
  for (auto symbol : {"BTC", "ETH"}) {
    auto& m = market(s, symbol);
    auto exchange_fills = fills[market_index(symbol)];
    total_fills += exchange_fills;
    CAF_MESSAGE(symbol << ": " << exchange_fills << " fills, " << resets[symbol]
                       << " resets (" << fill_resets[symbol]
                       << " after a fill), " << m["coalesced_fills"]
                       << " coalesced");
    // No fill lost or counted twice: the bot saw what the exchange did.
    CAF_CHECK_EQUAL(m["fills"].get<int64_t>(), exchange_fills);
    CAF_CHECK_EQUAL(journal_fills[symbol], exchange_fills);
    CAF_CHECK_EQUAL(m["resets"].get<int64_t>(), resets[symbol]);
    CAF_CHECK_GREATER_OR_EQUAL(resets[symbol], 1); // the start grid
    // Each fill: one reset, or folded into the pending one. A fill that
    // races the shutdown drain (grid already halted) causes none.
    auto accounted = fill_resets[symbol] + m["coalesced_fills"].get<int64_t>();
    CAF_CHECK_LESS_OR_EQUAL(accounted, exchange_fills);
    CAF_CHECK_LESS_OR_EQUAL(exchange_fills - accounted, 1);
  }
  CAF_CHECK_GREATER_OR_EQUAL(total_fills, 3);
  // Nonces: every accepted tx of the key in strict sequence from 0, and no
  // tx ever refused for its nonce (the two markets share the signer).
  int64_t expected = 0;
  int64_t txs = 0;
  for (auto& e : record()) {
    if (e["account"] != account) continue;
    if (e["kind"] == "tx") {
      CAF_CHECK_EQUAL(e["nonce"].get<int64_t>(), expected);
      expected = e["nonce"].get<int64_t>() + 1;
      ++txs;
    }
    if (e["kind"] == "reject") {
      CAF_MESSAGE("rejected: " << e.dump());
      CAF_CHECK(e["message"].get<std::string>().find("nonce") ==
                std::string::npos);
    }
  }
  CAF_CHECK_GREATER(txs, 40);
  // The shutdown left nothing resting.
  CAF_CHECK_EQUAL(open_orders().size(), 0u);
}

CAF_TEST(a pool of two api keys gives each market its own nonce stream) {
  // Keys 4 and 5 of the account; the two markets take them in turn.
  std::map<int, std::string> keys;
  for (int index : {4, 5}) {
    auto hex = trailgrid::runtime::random_private_key_hex();
    auto signer = trailgrid::lighter::signer::from_private_key_hex(hex);
    CAF_REQUIRE(signer);
    extra_keys.push_back(signer.value().public_key() + ":" +
                         std::to_string(account) + ":" + std::to_string(index));
    keys[index] = hex;
  }
  exchange_keys = "api_key_indices = [4, 5]";
  bot_env = {{"LIGHTER_PRIVATE_KEY_4", keys[4]},
             {"LIGHTER_PRIVATE_KEY_5", keys[5]}};
  start_sim();
  auto s = run_bot(30, "pool");
  // Each key's accepted txs run 0, 1, 2, ... and each key places the
  // orders of one market only (the order's first record names the tx).
  std::map<int, int64_t> next_nonce;
  std::map<std::string, int> key_of_tx;
  const auto events = record();
  for (auto& e : events) {
    if (e["account"] != account) continue;
    if (e["kind"] == "tx") {
      auto key = e["api_key"].get<int>();
      CAF_CHECK_EQUAL(e["nonce"].get<int64_t>(), next_nonce[key]);
      next_nonce[key] = e["nonce"].get<int64_t>() + 1;
      key_of_tx[e["tx_hash"].get<std::string>()] = key;
    }
    if (e["kind"] == "reject")
      CAF_CHECK(e["message"].get<std::string>().find("nonce") ==
                std::string::npos);
  }
  // An order's records come before its tx's: a second pass.
  std::set<int64_t> seen_orders;
  std::map<int, std::set<int>> markets_of_key;
  for (auto& e : events)
    if (e["kind"] == "order" && e["account"] == account &&
        seen_orders.insert(e["order_index"].get<int64_t>()).second) {
      auto k = key_of_tx.find(e["tx_hash"].get<std::string>());
      if (k != key_of_tx.end())
        markets_of_key[k->second].insert(e["market_id"].get<int>());
    }
  CAF_MESSAGE("txs per key: 4 -> " << next_nonce[4] << ", 5 -> "
                                   << next_nonce[5]);
  CAF_CHECK_GREATER(next_nonce[4], 10);
  CAF_CHECK_GREATER(next_nonce[5], 10);
  CAF_CHECK_EQUAL(next_nonce.count(api_key), 0u);
  CAF_CHECK_EQUAL(markets_of_key[4].size(), 1u);
  CAF_CHECK_EQUAL(markets_of_key[5].size(), 1u);
  CAF_CHECK(markets_of_key[4] != markets_of_key[5]);
  for (auto symbol : {"BTC", "ETH"})
    CAF_CHECK_GREATER_OR_EQUAL(market(s, symbol)["resets"].get<int64_t>(), 1);
  CAF_CHECK_EQUAL(open_orders().size(), 0u);
}

CAF_TEST(a dry run trades on paper and sends nothing) {
  start_sim();
  write_bot_config();
  std::vector<std::string> args{
      GRIDBOT_BIN,           "run",    "--config",  dir.file("bot.toml"),
      "--rest-url",          rest_url, "--ws-url",  ws_url,
      "--duration",          "35",     "--dry-run", "--summary-json",
      dir.file("paper.json")};
  // No key at all: a dry run needs none.
  child_process bot{
      child_options{args, dir.file("paper.out"), {}, dir.file("")}};
  auto rc = bot.wait(120s);
  if (rc != 0) CAF_FAIL("dry run exited " << rc << ":\n" << bot.output());
  auto s = summary("paper");
  CAF_CHECK(s["dry_run"].get<bool>());
  int64_t resets = 0;
  for (auto symbol : {"BTC", "ETH"})
    resets += market(s, symbol)["resets"].get<int64_t>();
  CAF_CHECK_GREATER_OR_EQUAL(resets, 2);
  for (auto& e : record())
    CAF_CHECK_NOT_EQUAL(e["account"].get<int64_t>(), account);
}

CAF_TEST(a dropped socket is survived) {
  start_sim({"--drop-ws-every", "12000"});
  auto s = run_bot(45);
  CAF_CHECK_GREATER_OR_EQUAL(s["gateway_reconnects"].get<int64_t>(), 1);
  int64_t resets = 0;
  int64_t reconnects = 0;
  auto fills = record_fills();
  for (auto symbol : {"BTC", "ETH"}) {
    auto& m = market(s, symbol);
    resets += m["resets"].get<int64_t>();
    reconnects += m["reconnects"].get<int64_t>();
    // Fills made while the account stream was down are read from REST
    // after each gap: the bot counts exactly what the exchange did.
    CAF_CHECK_EQUAL(m["fills"].get<int64_t>(), fills[market_index(symbol)]);
  }
  CAF_CHECK_GREATER_OR_EQUAL(reconnects, 1);
  // Still trading after the drops, and nothing left resting: lost
  // acknowledgements are caught by the periodic reconcile and the
  // shutdown sweep.
  CAF_CHECK_GREATER_OR_EQUAL(resets, 4);
  CAF_CHECK_EQUAL(open_orders().size(), 0u);
}

CAF_TEST(the kill switch empties the markets while the websocket is down) {
  // Every WebSocket is refused from 22 s to 36 s after the simulator
  // starts; the bot does not hold the markets on its own meanwhile (the
  // stream bound is lifted), so only the kill switch can clear them, over
  // REST.
  auto sim_started = std::chrono::steady_clock::now();
  start_sim({"--ws-outage", "22000:14000"});
  exchange_keys += "\nstream_hold_after_ms = 600000";
  write_bot_config();
  auto bot = start_bot(42, true, "kill");
  std::this_thread::sleep_until(sim_started + 23s);
  CAF_REQUIRE_GREATER(open_orders().size(), 0u); // quoting when it went down
  std::ofstream{dir.file("kill")} << "stop\n";
  auto killed = std::chrono::steady_clock::now();
  auto outage_ends = sim_started + 35s;
  while (!open_orders().empty() &&
         std::chrono::steady_clock::now() < outage_ends)
    std::this_thread::sleep_for(100ms);
  CAF_MESSAGE("no order of ours rests "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - killed)
                     .count()
              << " ms after the kill file appeared");
  CAF_CHECK(std::chrono::steady_clock::now() < outage_ends);
  CAF_CHECK_EQUAL(open_orders().size(), 0u);
  auto rc = bot->wait(90s);
  if (rc != 0) CAF_FAIL("gridbot exited " << rc << ":\n" << bot->output());
  CAF_CHECK_EQUAL(open_orders().size(), 0u); // and it stayed empty
  // The socket really was gone: the gateway came back after the outage.
  CAF_CHECK_GREATER_OR_EQUAL(
      summary("kill")["gateway_reconnects"].get<int64_t>(), 1);
}

CAF_TEST(a read only token made by gridbot reads the account for the node) {
  start_sim();
  write_bot_config();
  child_process maker{child_options{{GRIDBOT_BIN, "read-only-token", "--config",
                                     dir.file("bot.toml"), "--rest-url",
                                     rest_url, "--days", "2"},
                                    dir.file("token.out"),
                                    bot_env,
                                    dir.file("")}};
  CAF_REQUIRE_EQUAL(maker.wait(30s), 0);
  auto out = slurp(dir.file("token.out"));
  const std::string var = "LIGHTER_READ_ONLY_TOKEN=";
  auto at = out.find(var);
  CAF_REQUIRE(at != std::string::npos);
  at += var.size();
  auto token = out.substr(at, out.find('\n', at) - at);
  CAF_CHECK_EQUAL(token.rfind("ro:" + std::to_string(account) + ":single:", 0),
                  0u);
  // The node reads its orders, positions and fills with it: the simulator
  // checks the token on every private channel and read, and a refusal
  // would show in the log as the fall-back to the signer's tokens.
  bot_env["LIGHTER_READ_ONLY_TOKEN"] = token;
  auto s = run_bot(25, "ro");
  auto log = slurp(dir.file("ro.out"));
  CAF_CHECK_NOT_EQUAL(log.find("reads the account with the read-only token"),
                      std::string::npos);
  CAF_CHECK_EQUAL(log.find("refused the read-only token"), std::string::npos);
  CAF_CHECK_EQUAL(log.find("malformed or expired"), std::string::npos);
  auto fills = record_fills();
  for (auto symbol : {"BTC", "ETH"})
    CAF_CHECK_EQUAL(market(s, symbol)["fills"].get<int64_t>(),
                    fills[market_index(symbol)]);
  CAF_CHECK_EQUAL(open_orders().size(), 0u);
}

CAF_TEST(a kill in the middle of a reset is cleaned up by the restart) {
  start_sim();
  write_bot_config();
  auto first = start_bot(120, true, "first");
  // Wait for a few fills, then kill -9 right after the next one: its reset
  // (cancel 20 orders, place 20) is in flight at that moment.
  auto deadline = std::chrono::steady_clock::now() + 90s;
  size_t seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    size_t n = 0;
    for (auto& [m, k] : record_fills())
      n += static_cast<size_t>(k);
    if (seen >= 3 && n > seen) break;
    seen = n;
    std::this_thread::sleep_for(2ms);
  }
  first->signal(SIGKILL);
  CAF_REQUIRE_EQUAL(first->wait(10s), -100 - SIGKILL);
  std::this_thread::sleep_for(300ms);
  auto orphans = open_orders();
  CAF_MESSAGE(orphans.size() << " orders left resting by the killed bot");
  CAF_CHECK_GREATER(orphans.size(), 0u);
  // The restart continues the session: it reconciles (cancels the
  // orphans) before quoting, trades, then shuts down cleanly.
  auto second = start_bot(25, false, "second");
  auto rc = second->wait(120s);
  if (rc != 0) CAF_FAIL("restart exited " << rc << ":\n" << second->output());
  CAF_CHECK_EQUAL(open_orders().size(), 0u);
  auto s = summary("second");
  auto positions = record_positions();
  CAF_CHECK_EQUAL(lots(market(s, "BTC"), 5), positions[1]);
  CAF_CHECK_EQUAL(lots(market(s, "ETH"), 4), positions[0]);
}

CAF_TEST_FIXTURE_SCOPE_END()
