#define CAF_SUITE sim_api
#include "caf/test/unit_test.hpp"

#include "lighter/tx/tx_json.hpp"
#include "tests/unit/sim/sim_fixture.hpp"
#include "tools/lighter-sim/sim_api.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace sim_test;
using json = nlohmann::json;

namespace {

json captured(const std::string& rel) {
  std::ifstream in(std::string(TRAILGRID_SOURCE_DIR) + "/tests/data/lighter/" +
                   rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// Keys of `want` that `got` lacks (optional fields listed in `skip`).
std::string missing_keys(const json& want, const json& got,
                         std::initializer_list<const char*> skip = {}) {
  std::string out;
  for (const auto& [k, v] : want.items()) {
    bool skipped = false;
    for (const char* s : skip)
      skipped |= k == s;
    if (!skipped && !got.contains(k)) out += k + " ";
  }
  return out;
}

std::string url_encode(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// Signed-looking tx_info (the signer's exact JSON, an all-zero Sig: the
// fixture verifies no signatures).
std::string tx_info(const create_order_tx& t) {
  return trailgrid::lighter::tx_info_json(t, {});
}

std::string token(int64_t deadline_s) {
  return std::to_string(deadline_s) + ":7:3:" + std::string(160, '0');
}

struct fixture {
  exchange ex{test_cfg(), t0,
              path_of({{0, 650000}, {1000, 649000}, {2000, 651000}})};
  sim_api api{ex, verifiers{}, t0};

  http_response get(const std::string& target, std::string auth = "") {
    return api.handle_http({"GET", target, "", std::move(auth)}, t0);
  }
  json get_json(const std::string& target, std::string auth = "") {
    return json::parse(get(target, std::move(auth)).body);
  }
  http_response post(const std::string& path, const std::string& body,
                     ms_t now = t0) {
    return api.handle_http({"POST", path, body, ""}, now);
  }
};

} // namespace

CAF_TEST(form bodies are percent decoded) {
  auto f = parse_form("a=1&tx_info=%7B%22x%22%3A1%7D&b=x+y&c");
  CAF_CHECK_EQUAL(f["a"], "1");
  CAF_CHECK_EQUAL(f["tx_info"], "{\"x\":1}");
  CAF_CHECK_EQUAL(f["b"], "x y");
  CAF_CHECK_EQUAL(f.count("c"), 1u);
}

CAF_TEST(a simulator with a past serves its candles from before the start) {
  auto cfg = test_cfg();
  cfg.history_minutes = 7;
  exchange ex{cfg, t0, path_of({{0, 650000}})};
  sim_api api{ex, verifiers{}, t0};
  auto r = api.handle_http({"GET",
                            "/api/v1/candles?market_id=1&resolution=1m&"
                            "start_timestamp=0&end_timestamp=" +
                                std::to_string(t0) + "&count_back=10",
                            "", ""},
                           t0);
  auto c = json::parse(r.body)["c"];
  CAF_REQUIRE_EQUAL(c.size(), 7u);
  CAF_CHECK_EQUAL(c.back()["t"], t0 - t0 % 60000 - 60000);
  CAF_CHECK_EQUAL(c.back()["c"], 65000.0); // the first price: 650000 ticks
}

CAF_TEST_FIXTURE_SCOPE(sim_api_tests, fixture)

CAF_TEST(market metadata has the captured shapes) {
  auto details = get_json("/api/v1/orderBookDetails?market_id=1");
  auto want = captured("rest/orderBookDetails__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(missing_keys(want, details), "");
  CAF_REQUIRE_EQUAL(details["order_book_details"].size(), 1u);
  const auto& d = details["order_book_details"][0];
  CAF_CHECK_EQUAL(missing_keys(want["order_book_details"][0], d), "");
  CAF_CHECK_EQUAL(d["size_decimals"], 5);
  CAF_CHECK_EQUAL(d["price_decimals"], 1);
  CAF_CHECK_EQUAL(d["min_base_amount"], "0.00020");
  CAF_CHECK_EQUAL(d["min_quote_amount"], "10.000000");
  CAF_CHECK_EQUAL(d["last_trade_price"], 65000.0);
  auto books = get_json("/api/v1/orderBooks");
  auto want_books = captured("rest/orderBooks__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(
      missing_keys(want_books["order_books"][0], books["order_books"][0]), "");
  CAF_CHECK_EQUAL(get("/api/v1/orderBooks?market_id=9").status, 400);
  CAF_CHECK_EQUAL(get("/nope").status, 400);
  const auto nope = get_json("/nope");
  CAF_CHECK_EQUAL(nope["code"], err::not_found);
}

CAF_TEST(orders go in by rest and show up with the order shape) {
  CAF_CHECK_EQUAL(get("/api/v1/nextNonce?account_index=7&api_key_index=3").body,
                  R"({"code":200,"nonce":0})");
  CAF_CHECK_EQUAL(
      get("/api/v1/nextNonce?account_index=7&api_key_index=9").status, 400);
  auto r = post("/api/v1/sendTx",
                "tx_type=14&tx_info=" +
                    url_encode(tx_info(order(0, 1, 649990, 100, false))) +
                    "&price_protection=true");
  CAF_CHECK_EQUAL(r.status, 200);
  auto body = json::parse(r.body);
  auto want = captured("rest/sendTx_ok__ccxt_comment_REDACTED_HASH.json");
  CAF_CHECK_EQUAL(missing_keys(want, body), "");
  CAF_CHECK_EQUAL(body["tx_hash"].get<std::string>().size(), 80u);
  CAF_CHECK_EQUAL(body["predicted_execution_time_ms"], t0 + 200);
  // Wrong nonce: HTTP 400 with the code.
  r = post("/api/v1/sendTx",
           "tx_type=14&tx_info=" +
               url_encode(tx_info(order(5, 2, 649990, 100, false))));
  CAF_CHECK_EQUAL(r.status, 400);
  const auto nonce_err = json::parse(r.body);
  CAF_CHECK_EQUAL(nonce_err["code"], err::invalid_nonce);
  // Batch: tx_types and tx_infos are JSON arrays inside form fields.
  json infos = json::array({tx_info(order(1, 2, 649980, 100, false)),
                            tx_info(order(2, 3, 649970, 100, false))});
  r = post("/api/v1/sendTxBatch", "tx_types=" + url_encode("[14,14]") +
                                      "&tx_infos=" + url_encode(infos.dump()));
  CAF_CHECK_EQUAL(r.status, 200);
  CAF_CHECK_EQUAL(json::parse(r.body)["tx_hash"].size(), 2u);
  // Private reads need an auth token.
  auto denied = get("/api/v1/accountActiveOrders?account_index=7&market_id=1");
  CAF_CHECK_EQUAL(denied.status, 400);
  const auto denied_body = json::parse(denied.body);
  CAF_CHECK_EQUAL(denied_body["code"], err::invalid_param);
  auto expired = get_json("/api/v1/accountActiveOrders?account_index=7",
                          token(t0 / 1000 - 1));
  CAF_CHECK_EQUAL(expired["code"], err::invalid_auth);
  auto orders = get_json("/api/v1/accountActiveOrders?account_index=7&"
                         "market_id=1&auth=" +
                         token(t0 / 1000 + 600));
  CAF_REQUIRE_EQUAL(orders["orders"].size(), 3u);
  // The Authorization header works alone and wins over the query param.
  auto by_header = get_json("/api/v1/accountActiveOrders?account_index=7",
                            token(t0 / 1000 + 600));
  CAF_CHECK_EQUAL(by_header["orders"].size(), 3u);
  auto header_first = get_json("/api/v1/accountActiveOrders?account_index=7&"
                               "auth=" +
                                   token(t0 / 1000 + 600),
                               token(t0 / 1000 - 1));
  CAF_CHECK_EQUAL(header_first["code"], err::invalid_auth);
  const auto& o = orders["orders"][0];
  auto want_order =
      captured("rest/accountInactiveOrders__nautilus_SCHEMA_HANDWRITTEN.json");
  CAF_CHECK_EQUAL(missing_keys(want_order["orders"][0], o), "");
  CAF_CHECK_EQUAL(o["price"], "64999.0");
  CAF_CHECK_EQUAL(o["initial_base_amount"], "0.00100");
  CAF_CHECK_EQUAL(o["status"], "pending");
  CAF_CHECK_EQUAL(o["time_in_force"], "post-only");
  CAF_CHECK_EQUAL(o["side"], "buy");
  auto keys = get_json("/api/v1/apikeys?account_index=7&api_key_index=255");
  CAF_CHECK_EQUAL(keys["api_keys"][0]["public_key"], pubkey);
  CAF_CHECK_EQUAL(keys["api_keys"][0]["nonce"], 3);
  auto rec = get_json("/sim/record?since=0");
  CAF_CHECK_EQUAL(rec["total"], ex.record().size());
}

CAF_TEST(account book trades and candles have the captured shapes) {
  CAF_CHECK_EQUAL(post("/api/v1/sendTx",
                       "tx_type=14&tx_info=" +
                           url_encode(tx_info(order(0, 1, 649990, 100, false))))
                      .status,
                  200);
  ex.advance(t0 + 1000); // the path drops through the bid: filled
  auto acc = get_json("/api/v1/account?by=index&value=7");
  auto want = captured("rest/account__lev7_mainnet_truncated.json");
  CAF_CHECK_EQUAL(missing_keys(want["accounts"][0], acc["accounts"][0]), "");
  auto want_pos = captured("rest/account_with_position__ccxt.json");
  CAF_REQUIRE_EQUAL(acc["accounts"][0]["positions"].size(), 1u);
  const auto& p = acc["accounts"][0]["positions"][0];
  CAF_CHECK_EQUAL(missing_keys(want_pos["accounts"][0]["positions"][0], p), "");
  CAF_CHECK_EQUAL(p["position"], "0.00100");
  CAF_CHECK_EQUAL(p["avg_entry_price"], "64999.0");
  CAF_CHECK_EQUAL(p["sign"], 1);
  CAF_CHECK_EQUAL(p["unrealized_pnl"], "-0.099000");
  CAF_CHECK_EQUAL(get("/api/v1/account?by=index&value=99").status, 400);
  auto book = get_json("/api/v1/orderBookOrders?market_id=1&limit=2");
  auto want_book =
      captured("rest/orderBookOrders__lev7_mainnet_truncated.json");
  CAF_CHECK_EQUAL(missing_keys(want_book, book), "");
  CAF_CHECK_EQUAL(missing_keys(want_book["asks"][0], book["asks"][0]), "");
  CAF_CHECK_EQUAL(book["asks"].size(), 2u);
  CAF_CHECK_EQUAL(book["asks"][0]["price"], "64900.5");
  auto trades = get_json("/api/v1/recentTrades?market_id=1&limit=5");
  auto want_trade =
      captured("ws/account_all_trades_update_buyer_taker__lev7_testnet.json");
  CAF_REQUIRE_GREATER_OR_EQUAL(trades["trades"].size(), 2u);
  CAF_CHECK_EQUAL(missing_keys(want_trade["trades"]["1"][0],
                               trades["trades"][0],
                               {"taker_position_sign_changed"}),
                  "");
  auto candles = get_json("/api/v1/candles?market_id=1&resolution=1m&"
                          "start_timestamp=0&end_timestamp=" +
                          std::to_string(t0 + 60000) + "&count_back=10");
  auto want_c = captured("rest/candles__lev7_mainnet_truncated.json");
  CAF_CHECK_EQUAL(missing_keys(want_c, candles), "");
  CAF_REQUIRE_EQUAL(candles["c"].size(), 1u);
  CAF_CHECK_EQUAL(missing_keys(want_c["c"][0], candles["c"][0]), "");
  CAF_CHECK_EQUAL(candles["c"][0]["l"], 64900.0);
  CAF_CHECK_EQUAL(get("/api/v1/candles?market_id=1&resolution=2m").status, 400);
}

CAF_TEST(websocket subscriptions follow the exchange protocol) {
  // Not a structured binding: the lambda below captures the id.
  const auto session = api.open_session();
  const auto id = std::get<0>(session);
  const auto& hello = std::get<1>(session);
  auto want_hello = captured("ws/connected__lev7_testnet.json");
  CAF_CHECK_EQUAL(missing_keys(want_hello, json::parse(hello)), "");
  auto one = [&](const std::string& text) {
    auto r = api.on_ws_text(id, text, t0);
    return r.size() == 1
               ? r[0]
               : std::string("<" + std::to_string(r.size()) + " frames>");
  };
  auto snap =
      json::parse(one(R"({"type":"subscribe","channel":"order_book/1"})"));
  auto want_book = captured("ws/order_book_subscribed__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(missing_keys(want_book, snap), "");
  CAF_CHECK_EQUAL(missing_keys(want_book["order_book"], snap["order_book"]),
                  "");
  CAF_CHECK_EQUAL(snap["type"], "subscribed/order_book");
  CAF_CHECK_EQUAL(snap["channel"], "order_book:1");
  CAF_CHECK_EQUAL(snap["order_book"]["begin_nonce"], 0);
  CAF_CHECK_EQUAL(snap["order_book"]["asks"][0]["price"], "65000.5");
  CAF_CHECK_EQUAL(
      one(R"({"type":"subscribe","channel":"order_book/1"})"),
      R"({"error":{"code":30003,"message":"Already Subscribed to : order_book:1"}})");
  CAF_CHECK_EQUAL(one(R"({"type":"unsubscribe","channel":"order_book/1"})"),
                  R"({"type": "unsubscribed", "channel": "order_book:1"})");
  CAF_CHECK_EQUAL(
      one(R"({"type":"unsubscribe","channel":"order_book/1"})"),
      R"({"error":{"code":30002,"message":"Not Subscribed to : order_book:1"}})");
  CAF_CHECK_EQUAL(one(R"({"type":"subscribe","channel":"order_book/9"})"),
                  R"({"error":{"code":30005,"message":"Invalid Channel"}})");
  CAF_CHECK_EQUAL(one("not json"),
                  R"({"error":{"code":30000,"message":"Invalid Json"}})");
  CAF_CHECK_EQUAL(one(R"({"x":1})"),
                  R"({"error":{"code":30001,"message":"Invalid Type"}})");
  CAF_CHECK_EQUAL(one(R"({"type":"ping"})"), R"({"type":"pong"})");
  CAF_CHECK(api.on_ws_text(id, R"({"type":"pong"})", t0).empty());
  auto stats =
      json::parse(one(R"({"type":"subscribe","channel":"market_stats/1"})"));
  auto want_stats =
      captured("ws/market_stats_subscribed__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(
      missing_keys(want_stats["market_stats"], stats["market_stats"]), "");
  auto ticker =
      json::parse(one(R"({"type":"subscribe","channel":"ticker/1"})"));
  auto want_ticker = captured("ws/ticker_subscribed__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(missing_keys(want_ticker, ticker), "");
  CAF_CHECK_EQUAL(ticker["ticker"]["s"], "BTC");
  // Private channels: auth required for orders, checked when given.
  auto noauth = json::parse(
      one(R"({"type":"subscribe","channel":"account_all_orders/7"})"));
  CAF_CHECK_EQUAL(noauth["error"]["code"], err::invalid_auth);
  json sub{{"type", "subscribe"},
           {"channel", "account_all_orders/7"},
           {"auth", token(t0 / 1000 - 5)}};
  auto old = json::parse(one(sub.dump()));
  CAF_CHECK_EQUAL(old["error"]["message"],
                  "invalid auth: invalid deadline: account_all_orders:7");
  sub["auth"] = token(t0 / 1000 + 600);
  auto ok = json::parse(one(sub.dump()));
  CAF_CHECK_EQUAL(ok["type"], "subscribed/account_all_orders");
  CAF_CHECK_EQUAL(ok["orders"], json::object());
  auto assets = json::parse(
      one(R"({"type":"subscribe","channel":"account_all_assets/7"})"));
  auto want_assets =
      captured("ws/account_all_assets_subscribed__nautilus_redacted.json");
  CAF_CHECK_EQUAL(
      missing_keys(want_assets["assets"]["3"], assets["assets"]["3"]), "");
  auto us =
      json::parse(one(R"({"type":"subscribe","channel":"user_stats/7"})"));
  auto want_us = captured("ws/user_stats_subscribed__nautilus_redacted.json");
  CAF_CHECK_EQUAL(missing_keys(want_us["stats"], us["stats"]), "");
  CAF_CHECK_EQUAL(us["stats"]["collateral"], "1000000.000000");
  auto at = json::parse(
      one(R"({"type":"subscribe","channel":"account_all_trades/7"})"));
  auto want_at =
      captured("ws/account_all_trades_subscribed__lev7_testnet.json");
  CAF_CHECK_EQUAL(missing_keys(want_at, at), "");
  const auto other = json::parse(
      one(R"({"type":"subscribe","channel":"account_all_orders/8"})"));
  CAF_CHECK_EQUAL(other["error"]["code"], err::ws_invalid_channel);
}

CAF_TEST(websocket txs and account updates flow like the exchange) {
  auto [id, hello] = api.open_session();
  for (const char* ch : {"account_all_trades/7", "account_all_positions/7",
                         "user_stats/7", "trade/1", "order_book/1"})
    api.on_ws_text(id, json{{"type", "subscribe"}, {"channel", ch}}.dump(), t0);
  api.on_ws_text(id,
                 json{{"type", "subscribe"},
                      {"channel", "account_all_orders/7"},
                      {"auth", token(t0 / 1000 + 600)}}
                     .dump(),
                 t0);
  json tx{
      {"type", "jsonapi/sendtx"},
      {"data",
       {{"id", "abc"},
        {"tx_type", 14},
        {"tx_info", json::parse(tx_info(order(0, 1, 649990, 100, false)))}}}};
  auto reply = json::parse(api.on_ws_text(id, tx.dump(), t0).at(0));
  auto want = captured("ws/sendtx_reply_ok__ccxt_comment.json");
  CAF_CHECK_EQUAL(missing_keys(want, reply), "");
  CAF_CHECK_EQUAL(reply["id"], "abc");
  CAF_CHECK_EQUAL(reply["type"], "jsonapi/sendtx");
  auto bad = json::parse(api.on_ws_text(id, tx.dump(), t0).at(0));
  CAF_CHECK_EQUAL(bad["code"], err::invalid_nonce);
  CAF_CHECK_EQUAL(bad["id"], "abc");
  auto frames = api.publish(ex.drain_events(), t0);
  CAF_REQUIRE_EQUAL(frames.size(), 1u);
  auto upd = json::parse(frames[0].text);
  CAF_CHECK_EQUAL(upd["type"], "update/account_all_orders");
  CAF_CHECK_EQUAL(upd["orders"]["1"][0]["status"], "pending");
  ex.advance(t0 + 200);
  frames = api.publish(ex.drain_events(), t0 + 200);
  std::vector<std::string> types;
  for (const auto& f : frames)
    types.push_back(json::parse(f.text)["type"]);
  CAF_CHECK_EQUAL(types.size(), 2u);
  CAF_CHECK_EQUAL(types.at(0), "update/order_book");
  CAF_CHECK_EQUAL(types.at(1), "update/account_all_orders");
  ex.advance(t0 + 1000);
  frames = api.publish(ex.drain_events(), t0 + 1000);
  std::map<std::string, json> by_type;
  for (const auto& f : frames) {
    auto j = json::parse(f.text);
    by_type[j["type"]] = j;
  }
  CAF_CHECK_EQUAL(by_type.count("update/trade"), 1u);
  CAF_CHECK_EQUAL(
      by_type["update/account_all_orders"]["orders"]["1"][0]["status"],
      "filled");
  const auto& fill = by_type["update/account_all_trades"]["trades"]["1"][0];
  CAF_CHECK_EQUAL(fill["bid_account_id"], acct);
  CAF_CHECK_EQUAL(fill["price"], "64999.0");
  CAF_CHECK_EQUAL(fill["size"], "0.00100");
  CAF_CHECK_EQUAL(
      by_type["update/account_all_positions"]["positions"]["1"]["position"],
      "0.00100");
  CAF_CHECK_EQUAL(by_type.count("update/user_stats"), 1u);
  // Batch over WS: strings holding JSON arrays.
  json infos = json::array({tx_info(order(1, 2, 649980, 100, true))});
  json batch{
      {"type", "jsonapi/sendtxbatch"},
      {"data",
       {{"id", "b1"}, {"tx_types", "[14]"}, {"tx_infos", infos.dump()}}}};
  auto breply = json::parse(api.on_ws_text(id, batch.dump(), t0 + 1000).at(0));
  CAF_CHECK_EQUAL(breply["code"], 200);
  CAF_CHECK_EQUAL(breply["tx_hash"].size(), 1u);
}

CAF_TEST(stalled channels stay silent and malformed frames replace data) {
  auto cfg = test_cfg();
  cfg.faults.stalls = {stall_cfg{"trade:1", 0, 5000}};
  cfg.faults.malformed_every = 2;
  exchange ex2(cfg, t0, path_of({{0, 650000}, {1000, 649000}, {6000, 648000}}));
  sim_api api2(ex2, verifiers{}, t0);
  auto [id, hello] = api2.open_session();
  api2.on_ws_text(id, R"({"type":"subscribe","channel":"trade/1"})", t0);
  api2.on_ws_text(id, R"({"type":"subscribe","channel":"market_stats/1"})", t0);
  ex2.advance(t0 + 1000);
  auto frames = api2.publish(ex2.drain_events(), t0 + 1000);
  CAF_REQUIRE_EQUAL(frames.size(), 1u); // market_stats only
  const auto first = json::parse(frames[0].text);
  CAF_CHECK_EQUAL(first["type"], "update/market_stats");
  ex2.advance(t0 + 6000);
  frames = api2.publish(ex2.drain_events(), t0 + 6000);
  CAF_REQUIRE_EQUAL(frames.size(), 2u);
  // The second data frame overall (the trade frame) is malformed.
  CAF_CHECK_EQUAL(frames[0].text, fault_plan(cfg.faults, 0).malformed_text(2));
  const auto third = json::parse(frames[1].text);
  CAF_CHECK_EQUAL(third["type"], "update/market_stats");
}

CAF_TEST(read only tokens read account state and never send txs) {
  auto create = [&](const std::string& form, const std::string& auth) {
    return api.handle_http({"POST", "/api/v1/tokens/create", form, auth}, t0);
  };
  const int64_t day = 86400;
  const auto expiry = std::to_string(t0 / 1000 + 30 * day);
  // Needs a signed auth token of the account.
  auto code_of = [](const http_response& r) {
    return json::parse(r.body).value("code", 0);
  };
  CAF_CHECK_EQUAL(
      code_of(create("account_index=7&scope=single&expiry=" + expiry, "")),
      err::invalid_auth);
  // Lifetimes of 1 day to 10 years only.
  auto short_lived =
      create("account_index=7&expiry=" + std::to_string(t0 / 1000 + 3600),
             token(t0 / 1000 + 600));
  CAF_CHECK_EQUAL(short_lived.status, 400);
  auto made = create("account_index=7&scope=single&expiry=" + expiry,
                     token(t0 / 1000 + 600));
  CAF_REQUIRE_EQUAL(made.status, 200);
  const std::string ro = json::parse(made.body)["token"];
  CAF_CHECK_EQUAL(ro.rfind("ro:7:single:" + expiry + ":", 0), 0u);
  // Accepted for account reads, over REST and WebSocket.
  auto orders = get_json("/api/v1/accountActiveOrders?account_index=7", ro);
  CAF_CHECK_EQUAL(orders["code"], 200);
  auto [id, hello] = api.open_session();
  auto sub = api.on_ws_text(id,
                            json{{"type", "subscribe"},
                                 {"channel", "account_all_orders/7"},
                                 {"auth", ro}}
                                .dump(),
                            t0);
  CAF_REQUIRE_EQUAL(sub.size(), 1u);
  const auto sub_frame = json::parse(sub[0]);
  CAF_CHECK_EQUAL(sub_frame["type"], "subscribed/account_all_orders");
  // Not for another account, not once expired, not made up.
  auto other = get_json("/api/v1/accountActiveOrders?account_index=8", ro);
  CAF_CHECK_EQUAL(other["code"], err::invalid_auth);
  auto late = api.handle_http(
      {"GET", "/api/v1/accountActiveOrders?account_index=7", "", ro},
      t0 + 31 * day * 1000);
  CAF_CHECK_EQUAL(code_of(late), err::invalid_auth);
  auto forged = get_json("/api/v1/accountActiveOrders?account_index=7",
                         "ro:7:single:" + expiry + ":00");
  CAF_CHECK_EQUAL(forged["code"], err::invalid_auth);
  // Refused for sendTx, and it cannot make more tokens.
  auto send =
      api.handle_http({"POST", "/api/v1/sendTx",
                       "tx_type=14&tx_info=" +
                           url_encode(tx_info(order(0, 1, 649990, 100, false))),
                       ro},
                      t0);
  CAF_CHECK_EQUAL(code_of(send), err::invalid_auth);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
  CAF_CHECK_EQUAL(code_of(create("account_index=7&expiry=" + expiry, ro)),
                  err::invalid_auth);
  // At most 10 per account.
  for (int i = 1; i < 10; ++i)
    CAF_CHECK_EQUAL(
        create("account_index=7&expiry=" + expiry, token(t0 / 1000 + 600))
            .status,
        200);
  CAF_CHECK_EQUAL(
      create("account_index=7&expiry=" + expiry, token(t0 / 1000 + 600)).status,
      400);
}

CAF_TEST(account_market frames carry one markets orders fills and position) {
  auto [id, hello] = api.open_session();
  auto denied = api.on_ws_text(
      id, R"({"type":"subscribe","channel":"account_market/1/7"})", t0);
  const auto denied_frame = json::parse(denied.at(0));
  CAF_CHECK_EQUAL(denied_frame["error"]["code"], err::invalid_auth);
  auto snap = json::parse(api.on_ws_text(id,
                                         json{{"type", "subscribe"},
                                              {"channel", "account_market/1/7"},
                                              {"auth", token(t0 / 1000 + 600)}}
                                             .dump(),
                                         t0)
                              .at(0));
  CAF_CHECK_EQUAL(snap["type"], "subscribed/account_market");
  CAF_CHECK_EQUAL(snap["channel"], "account_market:1:7");
  CAF_CHECK_EQUAL(snap["account"], acct);
  CAF_CHECK(snap["orders"].empty());
  json tx{
      {"type", "jsonapi/sendtx"},
      {"data",
       {{"tx_type", 14},
        {"tx_info", json::parse(tx_info(order(0, 1, 649990, 100, false)))}}}};
  api.on_ws_text(id, tx.dump(), t0);
  ex.advance(t0 + 1000); // live at 200, filled when the path trades 649000
  auto frames = api.publish(ex.drain_events(), t0 + 1000);
  json merged_orders = json::array(), trades = json::array(), position;
  for (const auto& f : frames) {
    auto j = json::parse(f.text);
    CAF_CHECK_EQUAL(j["type"], "update/account_market");
    for (auto& o : j["orders"])
      merged_orders.push_back(o);
    for (auto& t : j["trades"])
      trades.push_back(t);
    if (!j["position"].empty()) position = j["position"][0];
  }
  CAF_REQUIRE(!merged_orders.empty());
  CAF_CHECK_EQUAL(merged_orders.back()["status"], "filled");
  CAF_REQUIRE_EQUAL(trades.size(), 1u);
  CAF_CHECK_EQUAL(trades[0]["bid_account_id"], acct);
  CAF_CHECK_EQUAL(position["position"], "0.00100");
}

CAF_TEST(account trades page back with next cursor) {
  for (int i = 0; i < 3; ++i)
    CAF_REQUIRE_EQUAL(
        send(ex, order(i, i + 1, 650005, 100, false, wire::tif_ioc), t0), 0);
  ex.advance(t0 + 300); // past the speed bump: three trades
  const std::string q = "/api/v1/trades?account_index=7&sort_by=timestamp&"
                        "sort_dir=desc&limit=2&auth=" +
                        token(t0 / 1000 + 600);
  auto first = get_json(q);
  CAF_REQUIRE_EQUAL(first["trades"].size(), 2u);
  const int64_t newest = first["trades"][0]["trade_id"];
  const int64_t second = first["trades"][1]["trade_id"];
  CAF_CHECK_GREATER(newest, second);
  const std::string cursor = first["next_cursor"];
  CAF_REQUIRE(!cursor.empty());
  auto rest = get_json(q + "&cursor=" + cursor);
  CAF_REQUIRE_EQUAL(rest["trades"].size(), 1u);
  CAF_CHECK_LESS(rest["trades"][0]["trade_id"].get<int64_t>(), second);
  CAF_CHECK_EQUAL(rest["next_cursor"], ""); // the oldest page
  CAF_CHECK_EQUAL(get(q + "&cursor=x").status, 400);
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

/// A fixture-free exchange and api with `cfg`.
struct shaped {
  exchange ex;
  sim_api api;
  explicit shaped(sim_cfg cfg)
      : ex(std::move(cfg), t0, path_of({{0, 650000}})),
        api(ex, verifiers{}, t0) {}
};

json ws_batch(const std::vector<int64_t>& nonces) {
  json infos = json::array();
  std::string types = "[";
  for (size_t i = 0; i < nonces.size(); ++i) {
    infos.push_back(
        tx_info(order(nonces[i], nonces[i] + 1,
                      649900 - static_cast<int64_t>(i), 100, false)));
    types += (i ? ",14" : "14");
  }
  types += "]";
  return json{
      {"type", "jsonapi/sendtxbatch"},
      {"data", {{"id", "b"}, {"tx_types", types}, {"tx_infos", infos.dump()}}}};
}

} // namespace

CAF_TEST(the reply shape switch emits every tx hash shape) {
  struct row {
    tx_hash_shape shape;
    bool single_string, batch_string, has_tx_hashes;
  };
  for (auto r : {row{tx_hash_shape::by_kind, true, false, false},
                 row{tx_hash_shape::string, true, true, false},
                 row{tx_hash_shape::array, false, false, false},
                 row{tx_hash_shape::tx_hashes, true, true, true}}) {
    auto cfg = test_cfg();
    cfg.replies.tx_hash = r.shape;
    shaped s{cfg};
    auto [id, hello] = s.api.open_session();
    json one{
        {"type", "jsonapi/sendtx"},
        {"data",
         {{"tx_type", 14},
          {"tx_info", json::parse(tx_info(order(0, 1, 649990, 100, false)))}}}};
    auto a = json::parse(s.api.on_ws_text(id, one.dump(), t0).at(0));
    CAF_CHECK_EQUAL(a["tx_hash"].is_string(), r.single_string);
    auto b =
        json::parse(s.api.on_ws_text(id, ws_batch({1, 2}).dump(), t0).at(0));
    CAF_CHECK_EQUAL(b["code"], 200);
    CAF_CHECK_EQUAL(b["tx_hash"].is_string(), r.batch_string);
    CAF_CHECK_EQUAL(b.contains("tx_hashes"), r.has_tx_hashes);
    if (r.has_tx_hashes) CAF_CHECK_EQUAL(b["tx_hashes"].size(), 2u);
  }
}

CAF_TEST(the error frame switch emits both error shapes) {
  auto cfg = test_cfg();
  shaped nested{cfg};
  cfg.replies.error_frame = error_frame_shape::typed;
  shaped typed{cfg};
  const char* again = R"({"type":"subscribe","channel":"height"})";
  for (auto* s : {&nested, &typed}) {
    auto [id, hello] = s->api.open_session();
    s->api.on_ws_text(id, again, t0);
    auto e = json::parse(s->api.on_ws_text(id, again, t0).at(0));
    if (s == &typed) {
      CAF_CHECK_EQUAL(e["type"], "error");
      CAF_CHECK_EQUAL(e["code"], err::ws_already_subscribed);
    } else {
      CAF_CHECK(!e.contains("type"));
      CAF_CHECK_EQUAL(e["error"]["code"], err::ws_already_subscribed);
    }
  }
}

CAF_TEST(websocket batches are checked like the exchange checks them) {
  auto cfg = test_cfg();
  cfg.accounts[0].level = tier::premium;
  shaped s{cfg};
  auto [id, hello] = s.api.open_session();
  std::vector<int64_t> sixteen;
  for (int64_t n = 0; n < 16; ++n)
    sixteen.push_back(n);
  auto big =
      json::parse(s.api.on_ws_text(id, ws_batch(sixteen).dump(), t0).at(0));
  CAF_CHECK_EQUAL(big["code"], err::batch_too_large);
  CAF_CHECK_EQUAL(big["id"], "b");
  auto down =
      json::parse(s.api.on_ws_text(id, ws_batch({1, 0}).dump(), t0).at(0));
  CAF_CHECK_EQUAL(down["code"], err::batch_nonces_not_increasing);
  // The same 16 go through as one REST batch.
  json infos = json::array();
  std::string types = "[";
  for (int64_t n = 0; n < 16; ++n) {
    infos.push_back(tx_info(order(n, n + 1, 649900 - n, 100, false)));
    types += n ? ",14" : "14";
  }
  types += "]";
  auto r = s.api.handle_http({"POST", "/api/v1/sendTxBatch",
                              "tx_types=" + url_encode(types) +
                                  "&tx_infos=" + url_encode(infos.dump()),
                              ""},
                             t0);
  CAF_CHECK_EQUAL(r.status, 200);
  CAF_CHECK_EQUAL(json::parse(r.body)["tx_hash"].size(), 16u);
}
