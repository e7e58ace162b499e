#define CAF_SUITE sim_process
#include "caf/test/unit_test.hpp"

#include "lighter/net/https_client.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/url.hpp"
#include "lighter/net/ws_client.hpp"
#include "lighter/tx/signer.hpp"
#include "tests/support/lighter_sim.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include <unistd.h>

using json = nlohmann::json;
using namespace trailgrid::lighter;
using trailgrid::test_support::lighter_sim;
using namespace std::chrono_literals;

namespace {

const std::string key_a(80, '2'); // test-only private keys
const std::string key_b(80, '3');

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// Frames received by a ws_client, waited on with a bound.
class frame_log {
public:
  void push(std::string f) {
    std::lock_guard<std::mutex> g(m_);
    frames_.push_back(std::move(f));
    cv_.notify_all();
  }
  /// The first frame (removed) whose JSON satisfies `pred`, within 5 s.
  std::optional<json> wait_for(const std::function<bool(const json&)>& pred) {
    std::unique_lock<std::mutex> g(m_);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (true) {
      for (auto it = frames_.begin(); it != frames_.end(); ++it) {
        auto j = json::parse(*it, nullptr, false);
        if (!j.is_discarded() && pred(j)) {
          frames_.erase(it);
          return j;
        }
      }
      if (cv_.wait_until(g, deadline) == std::cv_status::timeout)
        return std::nullopt;
    }
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::string> frames_;
};

auto of_type(const std::string& t) {
  return [t](const json& j) { return j.value("type", "") == t; };
}

signed_tx sign_order(const signer& s, int64_t nonce, int64_t cloid,
                     uint32_t price) {
  create_order_tx t;
  t.account_index = 7;
  t.api_key_index = 3;
  t.market_index = 1;
  t.client_order_index = cloid;
  t.base_amount = 100;
  t.price = price;
  t.is_ask = 0;
  t.type = 0;
  t.time_in_force = 2;
  t.order_expiry = now_ms() + 86400000;
  t.expired_at = now_ms() + 600000;
  t.nonce = nonce;
  auto r = s.sign_tx(any_tx{t}, 304);
  if (!r) throw std::runtime_error(r.error().message);
  return *r;
}

/// The first line lighter-sim prints when it listens on `port`.
std::string endpoints_line(const std::string& http, const std::string& ws,
                           int port) {
  const auto at = "://127.0.0.1:" + std::to_string(port);
  return "rest=" + http + at + " ws=" + ws + at + "/stream";
}

std::string temp_dir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "trailgrid-sim-XXXXXX")
          .string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
  return pattern;
}

} // namespace

CAF_TEST(help lists the options and bad options exit 2) {
  auto help = trailgrid::test_support::run({LIGHTER_SIM_BIN, "--help"});
  CAF_CHECK_EQUAL(help.out.substr(0, help.out.find('\n')),
                  "lighter-sim: a local Lighter-compatible exchange simulator");
  CAF_CHECK_EQUAL(help.code, 0);
  auto bad = trailgrid::test_support::run({LIGHTER_SIM_BIN, "--bogus"});
  CAF_CHECK_EQUAL(bad.out, "");
  CAF_CHECK_EQUAL(bad.err,
                  "lighter-sim: unknown option '--bogus' (see --help)\n");
  CAF_CHECK_EQUAL(bad.code, 2);
}

CAF_TEST(signed orders go through rest and websocket end to end) {
  auto sa = signer::from_private_key_hex(key_a);
  auto sb = signer::from_private_key_hex(key_b);
  CAF_REQUIRE(sa && sb);
  const std::string dir = temp_dir();
  const std::string rec = dir + "/record.jsonl";
  lighter_sim sim({{LIGHTER_SIM_BIN, "--port", "0", "--seed", "3", "--record",
                    rec, "--register-key", sa->public_key() + ":7:3"}});
  const int port = sim.port();
  CAF_REQUIRE_NOT_EQUAL(port, 0);
  const std::string p = std::to_string(port);
  CAF_CHECK_EQUAL(sim.endpoints().line, endpoints_line("http", "ws", port));
  net::io_runner runner("sim-test");
  {
    net::https_client rest(runner, *net::parse_url("http://127.0.0.1:" + p));
    auto nonce = rest.get("/api/v1/nextNonce",
                          {{"account_index", "7"}, {"api_key_index", "3"}});
    CAF_REQUIRE(nonce);
    CAF_CHECK_EQUAL(nonce->body, R"({"code":200,"nonce":0})");
    auto o1 = sign_order(*sa, 0, 1, 600000);
    auto sent = rest.post_form(
        "/api/v1/sendTx", {{"tx_type", "14"}, {"tx_info", o1.tx_info_json}});
    CAF_REQUIRE(sent);
    CAF_CHECK_EQUAL(sent->status, 200);
    auto body = json::parse(sent->body);
    CAF_CHECK_EQUAL(body["tx_hash"], o1.tx_hash_hex);
    // A tampered field breaks the signature: 21120, nonce not consumed.
    auto o2 = sign_order(*sa, 1, 2, 600000);
    std::string forged = o2.tx_info_json;
    auto at = forged.find("\"Price\":600000");
    CAF_REQUIRE_NOT_EQUAL(at, std::string::npos);
    forged.replace(at, 14, "\"Price\":600001");
    sent = rest.post_form("/api/v1/sendTx",
                          {{"tx_type", "14"}, {"tx_info", forged}});
    CAF_REQUIRE(sent);
    CAF_CHECK_EQUAL(sent->status, 400);
    auto err = json::parse(sent->body);
    CAF_CHECK_EQUAL(err["code"], 21120);
    // A key that is not registered for the account cannot sign for it.
    auto wrong = sign_order(*sb, 1, 2, 600000);
    sent = rest.post_form("/api/v1/sendTx",
                          {{"tx_type", "14"}, {"tx_info", wrong.tx_info_json}});
    CAF_REQUIRE(sent);
    auto err2 = json::parse(sent->body);
    CAF_CHECK_EQUAL(err2["code"], 21120);

    // WebSocket: real auth tokens on private channels, txs over WS.
    frame_log frames;
    net::ws_callbacks cb;
    cb.on_text = [&frames](std::string_view t) { frames.push(std::string(t)); };
    net::ws_client ws(
        runner, *net::parse_url("ws://127.0.0.1:" + p + "/stream"), {}, {}, cb);
    ws.connect();
    CAF_CHECK(frames.wait_for(of_type("connected")));
    const int64_t deadline = now_ms() / 1000 + 600;
    auto bad_token = sb->auth_token(7, 3, deadline);
    ws.send(json{{"type", "subscribe"},
                 {"channel", "account_all_orders/7"},
                 {"auth", *bad_token}}
                .dump());
    auto denied =
        frames.wait_for([](const json& j) { return j.contains("error"); });
    CAF_REQUIRE(denied);
    CAF_CHECK_EQUAL((*denied)["error"]["code"], 20013);
    auto token = sa->auth_token(7, 3, deadline);
    ws.send(json{{"type", "subscribe"},
                 {"channel", "account_all_orders/7"},
                 {"auth", *token}}
                .dump());
    auto snap = frames.wait_for(of_type("subscribed/account_all_orders"));
    CAF_REQUIRE(snap);
    CAF_CHECK_EQUAL((*snap)["orders"]["1"][0]["client_order_index"], 1);
    auto o3 = sign_order(*sa, 1, 3, 600100);
    ws.send(json{{"type", "jsonapi/sendtx"},
                 {"data",
                  {{"id", "x1"},
                   {"tx_type", 14},
                   {"tx_info", json::parse(o3.tx_info_json)}}}}
                .dump());
    auto reply = frames.wait_for(of_type("jsonapi/sendtx"));
    CAF_REQUIRE(reply);
    CAF_CHECK_EQUAL((*reply)["code"], 200);
    CAF_CHECK_EQUAL((*reply)["id"], "x1");
    CAF_CHECK_EQUAL((*reply)["tx_hash"], o3.tx_hash_hex);
    // Both orders may leave the speed bump in the same tick (one frame).
    auto live = frames.wait_for([](const json& j) {
      if (j.value("type", "") != "update/account_all_orders") return false;
      for (const auto& o : j["orders"]["1"])
        if (o["client_order_index"] == 3 && o["status"] == "open") return true;
      return false;
    });
    CAF_CHECK(live);
    auto active = rest.get("/api/v1/accountActiveOrders",
                           {{"account_index", "7"}, {"auth", *token}});
    CAF_REQUIRE(active);
    auto act = json::parse(active->body);
    CAF_CHECK_EQUAL(act["orders"].size(), 2u);
    // The same token in the Authorization header (as the exchange takes it).
    net::http_request by_header;
    by_header.target = "/api/v1/accountActiveOrders";
    by_header.query = {{"account_index", "7"}};
    by_header.headers = {{"Authorization", *token}};
    auto via_header = rest.request(by_header);
    CAF_REQUIRE(via_header);
    CAF_CHECK_EQUAL(via_header->status, 200);
    const auto header_body = json::parse(via_header->body);
    CAF_CHECK_EQUAL(header_body["orders"].size(), 2u);
    by_header.headers = {{"Authorization", *bad_token}};
    auto wrong_key = rest.request(by_header);
    CAF_REQUIRE(wrong_key);
    CAF_CHECK_EQUAL(wrong_key->status, 400);
    const auto wrong_body = json::parse(wrong_key->body);
    CAF_CHECK_EQUAL(wrong_body["code"], 20013);
    ws.close();
  }
  runner.stop();
  CAF_CHECK_EQUAL(sim.stop(), 0);
  std::ifstream in(rec);
  std::string line;
  int txs = 0, rejects = 0;
  while (std::getline(in, line)) {
    auto j = json::parse(line);
    txs += j["kind"] == "tx";
    rejects += j["kind"] == "reject";
  }
  CAF_CHECK_EQUAL(txs, 2);
  CAF_CHECK_EQUAL(rejects, 2);
  std::filesystem::remove_all(dir);
}

CAF_TEST(tls mode serves https and wss with its own certificate) {
  const std::string dir = temp_dir();
  lighter_sim sim(
      {{LIGHTER_SIM_BIN, "--tls", "--port", "0", "--cert-dir", dir}});
  const int port = sim.port();
  CAF_REQUIRE_NOT_EQUAL(port, 0);
  const std::string p = std::to_string(port);
  CAF_CHECK_EQUAL(sim.endpoints().line, endpoints_line("https", "wss", port));
  net::io_runner runner("sim-tls");
  {
    net::tls_options tls;
    tls.ca_file = dir + "/cert.pem";
    net::https_client rest(runner, *net::parse_url("https://127.0.0.1:" + p),
                           tls);
    auto books = rest.get("/api/v1/orderBookDetails");
    CAF_REQUIRE(books);
    CAF_CHECK_EQUAL(books->status, 200);
    auto j = json::parse(books->body);
    CAF_CHECK_EQUAL(j["order_book_details"].size(), 2u);
    frame_log frames;
    net::ws_callbacks cb;
    cb.on_text = [&frames](std::string_view t) { frames.push(std::string(t)); };
    net::ws_client ws(runner,
                      *net::parse_url("wss://127.0.0.1:" + p + "/stream"), tls,
                      {}, cb);
    ws.connect();
    CAF_CHECK(frames.wait_for(of_type("connected")));
    ws.send(R"({"type":"subscribe","channel":"order_book/0"})");
    auto snap = frames.wait_for(of_type("subscribed/order_book"));
    CAF_REQUIRE(snap);
    CAF_CHECK_EQUAL((*snap)["channel"], "order_book:0");
    auto delta = frames.wait_for(of_type("update/order_book"));
    CAF_REQUIRE(delta);
    CAF_CHECK_EQUAL((*delta)["order_book"]["begin_nonce"],
                    (*snap)["order_book"]["nonce"]);
    ws.close();
  }
  runner.stop();
  CAF_CHECK_EQUAL(sim.stop(), 0);
  std::filesystem::remove_all(dir);
}

CAF_TEST(recorded data drives a market and websockets are dropped on schedule) {
  const std::string data =
      std::string(TRAILGRID_SOURCE_DIR) +
      "/data/samples/sim_binance-spot_ETHUSDT_1m_20230316_300.csv";
  lighter_sim sim({{LIGHTER_SIM_BIN, "--port", "0", "--data", data, "--speed",
                    "60", "--drop-ws-every", "700"}});
  const int port = sim.port();
  CAF_REQUIRE_NOT_EQUAL(port, 0);
  const std::string p = std::to_string(port);
  net::io_runner runner("sim-data");
  {
    net::https_client rest(runner, *net::parse_url("http://127.0.0.1:" + p));
    auto d = rest.get("/api/v1/orderBookDetails", {{"market_id", "0"}});
    CAF_REQUIRE(d);
    auto j = json::parse(d->body);
    const double last = j["order_book_details"][0]["last_trade_price"];
    // The first bar opens at 1672.68; at 60x the path is still near it.
    CAF_CHECK_GREATER(last, 1660.0);
    CAF_CHECK_LESS(last, 1690.0);
    std::mutex m;
    std::condition_variable cv;
    bool closed = false;
    net::ws_callbacks cb;
    cb.on_close = [&](const std::string&) {
      std::lock_guard<std::mutex> g(m);
      closed = true;
      cv.notify_all();
    };
    net::ws_client ws(
        runner, *net::parse_url("ws://127.0.0.1:" + p + "/stream"), {}, {}, cb);
    ws.connect();
    std::unique_lock<std::mutex> g(m);
    CAF_CHECK(cv.wait_for(g, 5s, [&] { return closed; }));
  }
  runner.stop();
  CAF_CHECK_EQUAL(sim.stop(), 0);
}
