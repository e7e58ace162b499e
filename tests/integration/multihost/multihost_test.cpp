#define CAF_SUITE multihost
#include "caf/test/unit_test.hpp"

// Three `gridbot run` processes on loopback with mutual TLS, a signer node
// and two market nodes (BTC on one, ETH on the other), trading on a real
// lighter-sim and driven through gridctl. The exchange's record (every
// accepted transaction, order change and rejection) is the witness for
// quoting and for the one nonce sequence of the shared API key.

#include "tests/support/child_process.hpp"
#include "tests/support/lighter_sim.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace std::chrono_literals;
using json = nlohmann::json;
namespace fs = std::filesystem;
namespace support = trailgrid::test_support;

namespace {

const std::string token = "multihost-test-token-0123456789";
const std::string private_key(80, '2'); // test-only key of API key 2
constexpr int account = 100;
constexpr int api_key = 5;
constexpr int btc = 1; // lighter-sim's market ids
constexpr int eth = 0;

uint16_t free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

// A blocking HTTP GET on loopback; the body ("" on failure).
std::string http_get(uint16_t port, const std::string& path) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(s);
    return {};
  }
  auto req = "GET " + path +
             " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  [[maybe_unused]] auto n = ::write(s, req.data(), req.size());
  auto resp = support::read_to_end(s);
  ::close(s);
  auto body = resp.find("\r\n\r\n");
  return body == std::string::npos ? std::string{} : resp.substr(body + 4);
}

std::string src(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

/// What the exchange recorded for our account.
struct exchange_record {
  std::vector<int64_t> nonces;  ///< accepted txs of our API key, in order
  std::vector<json> rejections; ///< with their codes
  size_t nonce_desyncs = 0;
  std::map<int, std::set<int64_t>> orders; ///< market -> order indexes
  std::map<int64_t, std::pair<int, std::string>> last; ///< -> market, status

  size_t open(int market) const {
    size_t n = 0;
    for (auto& [index, ms] : last)
      n += ms.first == market && ms.second == "open";
    return n;
  }
};

struct fixture {
  fs::path dir;
  std::string certs;
  std::string rest_url, ws_url;
  uint16_t signer_port = free_port();
  std::map<std::string, uint16_t> admin; // node -> admin port
  uint16_t metrics_btc = free_port();
  std::unique_ptr<support::lighter_sim> sim;
  support::child_process signer, market_btc, market_eth;

  fixture() {
    dir = fs::temp_directory_path() /
          ("tg-multihost-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    certs = (dir / "certs").string();
    auto mc = support::run({src("tools/make-certs"), "--dir", certs, "signer",
                            "market-btc", "market-eth", "gridctl"});
    CAF_REQUIRE_EQUAL(mc.code, 0);
    for (auto n : {"signer", "market-btc", "market-eth"})
      admin[n] = free_port();
    start_sim();
    write_config("signer", "signer", "");
    write_config("market-btc", "market", market_block("BTC", "0.002", "0.05"));
    write_config("market-eth", "market", market_block("ETH", "0.05", "2.0"));
  }

  ~fixture() {
    for (auto* p : {&market_btc, &market_eth, &signer})
      p->kill();
    sim.reset();
    std::error_code ec;
    if (!std::getenv("TG_KEEP")) fs::remove_all(dir, ec);
  }

  /// lighter-sim on real candles at 60x (fills within seconds), our
  /// account registered with the test key.
  void start_sim() {
    auto pub = support::run({LIGHTER_TOOL_BIN, "pubkey"},
                            {{"LIGHTER_PRIVATE_KEY", private_key}});
    CAF_REQUIRE_EQUAL(pub.code, 0);
    std::ofstream cfg(dir / "sim.toml");
    cfg << "[sim]\nseed = 7\nspeed = 60.0\nfill_model = \"through\"\n"
        << "[tiers.standard]\nrequests_per_minute = 100000\n"
        << "maker_delay_ms = 0\ntaker_delay_ms = 0\n";
    for (auto [id, symbol, file] :
         {std::tuple{btc, "BTC", "binance-spot_BTCUSDT_1m_20211202-2000.csv"},
          std::tuple{eth, "ETH",
                     "sim_binance-spot_ETHUSDT_1m_20230316_300.csv"}})
      cfg << "[[market]]\nmarket_id = " << id << "\nsymbol = \"" << symbol
          << "\"\n[market.path]\nsource = \"candles\"\ncandle_substeps = 4\n"
          << "file = \"" << src(std::string{"data/samples/"} + file) << "\"\n";
    cfg.close();
    sim = std::make_unique<support::lighter_sim>(support::child_options{
        {LIGHTER_SIM_BIN, "--config", (dir / "sim.toml").string(), "--port",
         "0", "--record", (dir / "exchange.jsonl").string(), "--register-key",
         pub.out.substr(0, 80) + ":" + std::to_string(account) + ":" +
             std::to_string(api_key)},
        (dir / "sim.log").string()});
    rest_url = sim->rest_url();
    ws_url = sim->ws_url();
  }

  static std::string market_block(const std::string& symbol,
                                  const std::string& size,
                                  const std::string& max_position) {
    // Short bars and ATR period: the grid quotes within seconds.
    return "[defaults]\nlevels = 3\natr_period = 5\nbar_interval_s = 2\n"
           "trailing_dwell_s = 5\ntx_bucket_capacity = 5000\n"
           "tx_refill_per_minute = 5000\nbalance_check = false\n"
           "[[market]]\nsymbol = \"" +
           symbol + "\"\norder_size = \"" + size + "\"\nmax_position = \"" +
           max_position + "\"\n";
  }

  void write_config(const std::string& node, const std::string& role,
                    const std::string& markets) {
    std::ofstream out(dir / (node + ".toml"));
    out << markets << "[exchange]\nrest_url = \"" << rest_url
        << "\"\nws_url = \"" << ws_url << "\"\nchain_id = 304\n"
        << "send_quota_per_minute = 100000\n"
        << "account_index = " << account << "\napi_key_index = " << api_key
        << "\n[risk]\nkill_switch_file = \"\"\n[runtime]\nrole = \"" << role
        << "\"\nnode_name = \"" << node << "\"\nadmin_port = " << admin[node]
        << "\nmetrics_port = " << (node == "market-btc" ? metrics_btc : 0)
        << "\nsigner_port = " << signer_port << "\ntls_cert_file = \"" << certs
        << "/" << node << ".pem\"\ntls_key_file = \"" << certs << "/" << node
        << ".key\"\ntls_ca_file = \"" << certs << "/ca.pem\"\n"
        << "log_dir = \"" << (dir / ("logs-" + node)).string() << "\"\n"
        << "journal_path = \"" << (dir / (node + ".journal")).string()
        << "\"\n";
  }

  /// Starts `gridbot run` for `node`; true once its admin service is up.
  bool start(support::child_process& p, const std::string& node) {
    support::env_vars env{{"TRAILGRID_ADMIN_TOKEN", token}};
    if (node == "signer") env["LIGHTER_PRIVATE_KEY"] = private_key;
    p.start(
        {{GRIDBOT_BIN, "run", "--config", (dir / (node + ".toml")).string()},
         (dir / (node + ".log")).string(),
         env});
    return p.wait_for_line("admin: service on", 60s).has_value();
  }

  std::vector<std::string> nodes_args() {
    std::vector<std::string> a;
    for (auto n : {"signer", "market-btc", "market-eth"}) {
      a.push_back("--node");
      a.push_back("127.0.0.1:" + std::to_string(admin[n]));
    }
    return a;
  }

  support::run_result gridctl(std::vector<std::string> args,
                              bool with_nodes = true, bool tls = true,
                              std::string tok = token) {
    std::vector<std::string> argv{GRIDCTL_BIN};
    if (with_nodes)
      for (auto& a : nodes_args())
        argv.push_back(a);
    if (tls) {
      argv.push_back("--tls-dir");
      argv.push_back(certs);
    }
    for (auto& a : args)
      argv.push_back(a);
    return support::run(argv, {{"TRAILGRID_ADMIN_TOKEN", tok}});
  }

  json tree() {
    auto r = gridctl({"--json", "tree"});
    CAF_CHECK_EQUAL(r.code, 0);
    if (r.code != 0) CAF_MESSAGE("gridctl: " << r.err);
    return json::parse(r.out);
  }

  std::string market_state(const std::string& market) {
    auto r = gridctl({"--json", "status"});
    auto status = json::parse(r.out, nullptr, false);
    if (status.is_discarded()) return {};
    for (auto& m : status["markets"])
      if (m["market"] == market) return m["state"].get<std::string>();
    return {};
  }

  exchange_record record() {
    exchange_record out;
    std::ifstream in(dir / "exchange.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      auto e = json::parse(line, nullptr, false);
      if (e.is_discarded() || e.value("account", -1) != account) continue;
      auto kind = e["kind"].get<std::string>();
      if (kind == "tx" && e["api_key"] == api_key)
        out.nonces.push_back(e["nonce"].get<int64_t>());
      else if (kind == "reject")
        out.rejections.push_back(e);
      else if (kind == "nonce_desync")
        ++out.nonce_desyncs;
      else if (kind == "order") {
        auto index = e["order_index"].get<int64_t>();
        auto market = e["market_id"].get<int>();
        out.orders[market].insert(index);
        out.last[index] = {market, e["status"].get<std::string>()};
      }
    }
    return out;
  }

  size_t orders(int market) { return record().orders[market].size(); }

  /// Waits (bounded) until `pred` holds.
  template <class Pred>
  bool eventually(Pred pred, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(250ms);
    }
    return pred();
  }

  /// The root figure `key` of node `i` in a tree answer.
  static std::string root_figure(const json& t, size_t i,
                                 const std::string& key) {
    auto& f = t["nodes"][i]["tree"]["figures"];
    return f.contains(key) ? f[key].get<std::string>() : std::string{};
  }
};

void collect(const json& a, std::set<std::string>& names) {
  names.insert(a["name"].get<std::string>());
  for (auto& c : a["children"])
    collect(c, names);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(multihost_tests, fixture)

CAF_TEST(a signer node and two market nodes trade with one nonce sequence) {
  CAF_REQUIRE(start(signer, "signer"));
  CAF_REQUIRE(start(market_btc, "market-btc"));
  CAF_REQUIRE(start(market_eth, "market-eth"));
  CAF_REQUIRE(
      eventually([&] { return orders(btc) >= 3 && orders(eth) >= 3; }, 90s));

  CAF_MESSAGE("tree --json lists every actor of all three nodes");
  auto t = tree();
  CAF_REQUIRE_EQUAL(t["nodes"].size(), 3u);
  std::set<std::string> names;
  for (auto& n : t["nodes"]) {
    CAF_CHECK(n["ok"].get<bool>());
    collect(n["tree"], names);
  }
  for (auto n : {"signer", "gateway", "market-btc", "market-eth", "signer_link",
                 "BTC", "BTC/feed", "BTC/atr", "BTC/grid", "BTC/executor",
                 "ETH", "ETH/feed", "ETH/atr", "ETH/grid", "ETH/executor"})
    CAF_CHECK_EQUAL(names.count(n) == 1 ? std::string{n}
                                        : "missing " + std::string{n},
                    std::string{n});
  CAF_CHECK_EQUAL(root_figure(t, 0, "role"), "signer");
  CAF_CHECK_EQUAL(root_figure(t, 1, "role"), "market");
  auto text = gridctl({"tree"});
  CAF_CHECK_EQUAL(text.code, 0);
  CAF_CHECK(text.out.find("└─ BTC/executor [executor] running") !=
            std::string::npos);

  CAF_MESSAGE("clear errors: wrong token, unknown market, unreachable, no TLS");
  auto bad = gridctl({"tree"}, true, true, "wrong-token-wrong-token");
  CAF_CHECK_EQUAL(bad.code, 4);
  CAF_CHECK(bad.err.find("wrong admin token") != std::string::npos);
  auto unknown = gridctl({"pause", "DOGE"});
  CAF_CHECK_EQUAL(unknown.code, 5);
  CAF_CHECK(unknown.err.find("unknown market 'DOGE' (running: BTC on") !=
            std::string::npos);
  auto gone = gridctl({"--node", "127.0.0.1:" + std::to_string(free_port()),
                       "--timeout", "3", "tree"},
                      false);
  CAF_CHECK_EQUAL(gone.code, 3);
  auto plain =
      gridctl({"--node", "127.0.0.1:" + std::to_string(admin["signer"]),
               "--timeout", "3", "tree"},
              false, false);
  CAF_CHECK_EQUAL(plain.code, 3);

  CAF_MESSAGE("pause BTC: BTC stops quoting, ETH goes on");
  auto p = gridctl({"pause", "BTC"});
  CAF_CHECK_EQUAL(p.code, 0);
  CAF_CHECK(p.out.find("BTC paused") != std::string::npos);
  CAF_CHECK(eventually([&] { return record().open(btc) == 0; }, 20s));
  CAF_CHECK_EQUAL(market_state("BTC"), "paused");
  CAF_CHECK_EQUAL(market_state("ETH"), "running");
  auto btc_orders = orders(btc);
  auto eth_orders = orders(eth);
  CAF_CHECK(eventually([&] { return orders(eth) > eth_orders; }, 30s));
  CAF_CHECK_EQUAL(orders(btc), btc_orders);
  CAF_CHECK_GREATER(record().open(eth), 0u);
  CAF_CHECK_EQUAL(gridctl({"resume", "BTC"}).code, 0);
  CAF_CHECK(eventually([&] { return orders(btc) > btc_orders; }, 30s));

  CAF_MESSAGE("metrics on the admin host in the Prometheus text format");
  auto metrics = http_get(metrics_btc, "/metrics");
  CAF_CHECK(metrics.find("# TYPE trailgrid_actor_up gauge") !=
            std::string::npos);
  CAF_CHECK(metrics.find(R"(trailgrid_actor_up{node="market-btc",market="BTC",)"
                         R"(actor="BTC/executor",kind="executor"} 1)") !=
            std::string::npos);
  CAF_CHECK(metrics.find("trailgrid_signer_next_nonce{") != std::string::npos);

  CAF_MESSAGE("killing the signer node holds both markets");
  signer.kill();
  CAF_CHECK(eventually(
      [&] {
        auto r = gridctl({"--json", "tree"});
        if (r.out.empty()) return false;
        auto j = json::parse(r.out);
        return root_figure(j, 1, "holds") == "signer" &&
               root_figure(j, 2, "holds") == "signer";
      },
      20s));
  std::this_thread::sleep_for(1s); // what was signed before reaches the sim
  auto signed_before = record().nonces.size();
  auto held_btc = orders(btc);
  auto held_eth = orders(eth);
  std::this_thread::sleep_for(3s);
  CAF_CHECK_EQUAL(record().nonces.size(), signed_before);
  CAF_CHECK_EQUAL(orders(btc), held_btc);
  CAF_CHECK_EQUAL(orders(eth), held_eth);
  auto down = gridctl({"status"});
  CAF_CHECK_EQUAL(down.code, 3); // the signer node is unreachable
  CAF_CHECK(down.out.find("BTC") != std::string::npos);

  CAF_MESSAGE("restarting it resumes both");
  CAF_REQUIRE(start(signer, "signer"));
  CAF_CHECK(eventually(
      [&] {
        auto j = tree();
        return root_figure(j, 1, "holds").empty() &&
               root_figure(j, 2, "holds").empty();
      },
      30s));
  CAF_CHECK(eventually(
      [&] { return orders(btc) > held_btc && orders(eth) > held_eth; }, 60s));

  CAF_MESSAGE("stop shuts every node down cleanly, its orders cancelled");
  auto stop = gridctl({"stop"});
  CAF_CHECK_EQUAL(stop.code, 0);
  CAF_CHECK_EQUAL(market_btc.wait(60s), 0);
  CAF_CHECK_EQUAL(market_eth.wait(60s), 0);
  CAF_CHECK_EQUAL(signer.wait(60s), 0);
  auto r = record();
  CAF_CHECK_EQUAL(r.open(btc), 0u);
  CAF_CHECK_EQUAL(r.open(eth), 0u);

  CAF_MESSAGE("the exchange saw one strictly increasing nonce sequence");
  CAF_REQUIRE_GREATER(r.nonces.size(), 10u);
  CAF_CHECK(std::adjacent_find(r.nonces.begin(), r.nonces.end(),
                               [](int64_t a, int64_t b) { return a >= b; }) ==
            r.nonces.end());
  CAF_CHECK_EQUAL(r.nonce_desyncs, 0u);
  for (auto& e : r.rejections) {
    CAF_CHECK_NOT_EQUAL(e.value("code", 0), 21104); // invalid nonce
    CAF_MESSAGE("rejection: " << e.dump());
  }
}

CAF_TEST_FIXTURE_SCOPE_END()
