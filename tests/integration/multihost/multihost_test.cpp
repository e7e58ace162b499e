#define CAF_SUITE multihost
#include "caf/test/unit_test.hpp"

// Three real processes on loopback with mutual TLS: a signer node and two
// market nodes (BTC on one, ETH on the other), driven through gridctl.
// The nodes are tests/integration/multihost/multihost_node: the real node
// root, signer actor, roles, signer link and admin service, with stub
// market children (no exchange). It checks the admin and multi-host
// plumbing; the live-trading version against lighter-sim is
// gridbot_multihost_test.sh (skipped until `gridbot run` exists).

#include "process.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace std::chrono_literals;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string token = "multihost-test-token-0123456789";

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
  auto resp = multihost::read_all(s);
  ::close(s);
  auto body = resp.find("\r\n\r\n");
  return body == std::string::npos ? std::string{} : resp.substr(body + 4);
}

struct fixture {
  fs::path dir;
  std::string certs;
  uint16_t signer_port = free_port();
  std::map<std::string, uint16_t> admin; // node -> admin port
  uint16_t metrics_a = free_port();
  multihost::process signer, market_a, market_b;
  std::map<std::string, std::string> env;

  fixture() {
    dir = fs::temp_directory_path() /
          ("tg-multihost-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    certs = (dir / "certs").string();
    auto mc = multihost::run(
        {std::string{TRAILGRID_SOURCE_DIR} + "/tools/make-certs", "--dir",
         certs, "signer", "market-a", "market-b", "gridctl"});
    CAF_REQUIRE_EQUAL(mc.code, 0);
    for (auto n : {"signer", "market-a", "market-b"})
      admin[n] = free_port();
    env = {{"TRAILGRID_ADMIN_TOKEN", token},
           {"TG_NONCE_LOG", (dir / "nonces.log").string()}};
    write_config("signer", "signer", "");
    write_config("market-a", "market",
                 "[[market]]\nsymbol = \"BTC\"\norder_size = \"0.001\"\n"
                 "max_position = \"0.01\"\n");
    write_config("market-b", "market",
                 "[[market]]\nsymbol = \"ETH\"\norder_size = \"0.05\"\n"
                 "max_position = \"1.0\"\n");
  }

  ~fixture() {
    signer.kill();
    market_a.kill();
    market_b.kill();
    std::error_code ec;
    if (!std::getenv("TG_KEEP")) fs::remove_all(dir, ec);
  }

  void write_config(const std::string& node, const std::string& role,
                    const std::string& markets) {
    std::ofstream out(dir / (node + ".toml"));
    out << markets << "\n[runtime]\nrole = \"" << role << "\"\nnode_name = \""
        << node << "\"\nadmin_port = " << admin[node]
        << "\nmetrics_port = " << (node == "market-a" ? metrics_a : 0)
        << "\nsigner_port = " << signer_port << "\ntls_cert_file = \"" << certs
        << "/" << node << ".pem\"\ntls_key_file = \"" << certs << "/" << node
        << ".key\"\ntls_ca_file = \"" << certs << "/ca.pem\"\n"
        << "log_dir = \"" << (dir / "logs").string() << "\"\n";
  }

  std::string start(multihost::process& p, const std::string& node,
                    std::map<std::string, std::string> extra = {}) {
    auto e = env;
    for (auto& [k, v] : extra)
      e[k] = v;
    return p.start({MULTIHOST_NODE_BIN, (dir / (node + ".toml")).string()}, e,
                   (dir / (node + ".log")).string(), "ready", 15s);
  }

  std::vector<std::string> nodes_args() {
    std::vector<std::string> a;
    for (auto n : {"signer", "market-a", "market-b"}) {
      a.push_back("--node");
      a.push_back("127.0.0.1:" + std::to_string(admin[n]));
    }
    return a;
  }

  multihost::run_result gridctl(std::vector<std::string> args,
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
    return multihost::run(argv, {{"TRAILGRID_ADMIN_TOKEN", tok}});
  }

  json tree() {
    auto r = gridctl({"--json", "tree"});
    CAF_CHECK_EQUAL(r.code, 0);
    if (r.code != 0) CAF_MESSAGE("gridctl: " << r.err);
    return json::parse(r.out);
  }

  /// Nonces signed so far per market, in log order.
  std::map<std::string, std::vector<int64_t>> nonces() {
    std::map<std::string, std::vector<int64_t>> out;
    std::ifstream in(dir / "nonces.log");
    std::string market;
    int64_t n;
    while (in >> market >> n)
      out[market].push_back(n);
    return out;
  }

  size_t count(const std::string& market) { return nonces()[market].size(); }

  /// Waits (bounded) until `pred` holds.
  template <class Pred>
  bool eventually(Pred pred, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(100ms);
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

CAF_TEST(three nodes share one signer and are driven through gridctl) {
  CAF_REQUIRE_NOT_EQUAL(start(signer, "signer"), "");
  CAF_REQUIRE_NOT_EQUAL(start(market_a, "market-a"), "");
  CAF_REQUIRE_NOT_EQUAL(start(market_b, "market-b"), "");
  // Both markets sign through the signer node.
  CAF_REQUIRE(
      eventually([&] { return count("BTC") >= 3 && count("ETH") >= 3; }, 10s));

  CAF_MESSAGE("tree --json lists every actor of all three nodes");
  auto t = tree();
  CAF_REQUIRE_EQUAL(t["nodes"].size(), 3u);
  std::set<std::string> names;
  for (auto& n : t["nodes"]) {
    CAF_CHECK(n["ok"].get<bool>());
    collect(n["tree"], names);
  }
  for (auto n : {"signer", "gateway", "market-a", "market-b", "signer_link",
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

  CAF_MESSAGE("pause BTC: BTC stops signing, ETH goes on");
  auto p = gridctl({"pause", "BTC"});
  CAF_CHECK_EQUAL(p.code, 0);
  CAF_CHECK(p.out.find("BTC paused") != std::string::npos);
  std::this_thread::sleep_for(300ms); // in-flight requests finish
  auto btc = count("BTC");
  auto eth = count("ETH");
  CAF_CHECK(eventually([&] { return count("ETH") >= eth + 5; }, 5s));
  CAF_CHECK_EQUAL(count("BTC"), btc);
  auto status = json::parse(gridctl({"--json", "status"}).out);
  for (auto& m : status["markets"])
    CAF_CHECK_EQUAL(m["state"], m["market"] == "BTC" ? "paused" : "running");
  CAF_CHECK_EQUAL(gridctl({"resume", "BTC"}).code, 0);
  CAF_CHECK(eventually([&] { return count("BTC") >= btc + 3; }, 5s));

  CAF_MESSAGE("metrics on the admin host in the Prometheus text format");
  auto metrics = http_get(metrics_a, "/metrics");
  CAF_CHECK(metrics.find("# TYPE trailgrid_actor_up gauge") !=
            std::string::npos);
  CAF_CHECK(metrics.find(R"(trailgrid_actor_up{node="market-a",market="BTC",)"
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
      10s));
  std::this_thread::sleep_for(300ms);
  btc = count("BTC");
  eth = count("ETH");
  std::this_thread::sleep_for(700ms);
  CAF_CHECK_EQUAL(count("BTC"), btc);
  CAF_CHECK_EQUAL(count("ETH"), eth);
  auto down = gridctl({"status"});
  CAF_CHECK_EQUAL(down.code, 3); // the signer node is unreachable
  CAF_CHECK(down.out.find("BTC") != std::string::npos);

  CAF_MESSAGE("restarting it resumes both with one nonce sequence");
  int64_t next = 1000;
  for (auto& [m, v] : nonces())
    for (auto n : v)
      next = std::max(next, n + 1);
  // The signer restarts from the exchange's next nonce (here: the log).
  CAF_REQUIRE_NOT_EQUAL(
      start(signer, "signer", {{"TG_FIRST_NONCE", std::to_string(next)}}), "");
  CAF_CHECK(eventually(
      [&] { return count("BTC") >= btc + 3 && count("ETH") >= eth + 3; }, 20s));
  auto after = tree();
  CAF_CHECK_EQUAL(root_figure(after, 1, "holds"), "");
  CAF_CHECK_EQUAL(root_figure(after, 2, "holds"), "");

  CAF_MESSAGE("stop shuts every node down cleanly");
  auto stop = gridctl({"stop"});
  CAF_CHECK_EQUAL(stop.code, 0);
  CAF_CHECK_EQUAL(market_a.wait(10s), 0);
  CAF_CHECK_EQUAL(market_b.wait(10s), 0);
  CAF_CHECK_EQUAL(signer.wait(10s), 0);

  // Every nonce was handed out once and each market saw its nonces
  // strictly increasing. Before the signer restart the two markets' nonces
  // form one gap-free sequence from 1000, except at most one request per
  // market that was in flight when the signer died; after the restart they
  // form one gap-free sequence from the exchange's next nonce.
  auto all = nonces();
  std::vector<int64_t> first, second;
  for (auto& [m, v] : all) {
    CAF_CHECK(std::is_sorted(v.begin(), v.end()));
    CAF_CHECK(std::adjacent_find(v.begin(), v.end()) == v.end());
    for (auto n : v)
      (n < next ? first : second).push_back(n);
  }
  std::sort(first.begin(), first.end());
  std::sort(second.begin(), second.end());
  CAF_REQUIRE(!first.empty() && !second.empty());
  CAF_CHECK(std::adjacent_find(first.begin(), first.end()) == first.end());
  CAF_CHECK(std::adjacent_find(second.begin(), second.end()) == second.end());
  CAF_CHECK_EQUAL(first.front(), 1000);
  auto missing =
      first.back() - first.front() + 1 - static_cast<int64_t>(first.size());
  CAF_CHECK_LESS_OR_EQUAL(missing, 2);
  CAF_CHECK_EQUAL(second.front(), next);
  CAF_CHECK_EQUAL(second.back() - second.front() + 1,
                  static_cast<int64_t>(second.size()));
}

CAF_TEST_FIXTURE_SCOPE_END()
