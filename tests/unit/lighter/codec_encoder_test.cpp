#define CAF_SUITE codec_encoders
#include "caf/test/unit_test.hpp"

#include "lighter/codec/rest_encoder.hpp"
#include "lighter/codec/text_encoding.hpp"
#include "lighter/codec/ws_encoder.hpp"

#include <nlohmann/json.hpp>

#include <map>

using namespace trailgrid::lighter;
using json = nlohmann::json;

namespace {

// Invented values; the Sig has '+', '/' and '=' to exercise escaping.
const std::string create_info =
    R"({"AccountIndex":12345,"ApiKeyIndex":3,"MarketIndex":1,)"
    R"("ClientOrderIndex":1001,"BaseAmount":20000,"Price":9500000,"IsAsk":0,)"
    R"("Type":0,"TimeInForce":2,"ReduceOnly":0,"TriggerPrice":0,)"
    R"("OrderExpiry":1738108800000,"ExpiredAt":1735689600000,"Nonce":7,)"
    R"("Sig":"tP/Txc1coEmZ4cCY+sBjyQ==","L2TxAttributes":null})";
const std::string cancel_info =
    R"({"AccountIndex":12345,"ApiKeyIndex":3,"MarketIndex":1,"Index":1001,)"
    R"("ExpiredAt":1735689600000,"Nonce":8,"Sig":"a+b/c=","L2TxAttributes":)"
    R"({"5":1}})";

/// Decodes %XX escapes (the test's own, independent of the encoder).
std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && i + 2 <= s.size() - 1) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Splits an x-www-form-urlencoded body into decoded fields.
std::map<std::string, std::string> form_fields(const std::string& body) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t amp = body.find('&', pos);
    std::string pair = body.substr(
        pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = pair.find('=');
    out[percent_decode(pair.substr(0, eq))] =
        percent_decode(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

} // namespace

CAF_TEST(subscribe and unsubscribe frames round trip) {
  auto s = json::parse(encode_subscribe(channel::order_book(1)));
  CAF_CHECK_EQUAL(s["type"], "subscribe");
  CAF_CHECK_EQUAL(s["channel"], "order_book/1");
  CAF_CHECK(!s.contains("auth"));
  std::string token = "1735718400:12345:3:ab\"cd\\ef";
  auto p =
      json::parse(encode_subscribe(channel::account_all_orders(12345), token));
  CAF_CHECK_EQUAL(p["channel"], "account_all_orders/12345");
  CAF_CHECK_EQUAL(p["auth"], token);
  auto u = json::parse(encode_unsubscribe(channel::height()));
  CAF_CHECK_EQUAL(u["type"], "unsubscribe");
  CAF_CHECK_EQUAL(u["channel"], "height");
  auto pong = json::parse(encode_pong());
  CAF_CHECK_EQUAL(pong["type"], "pong");
  auto ping = json::parse(encode_ping());
  CAF_CHECK_EQUAL(ping["type"], "ping");
}

CAF_TEST(channel names use slashes) {
  CAF_CHECK_EQUAL(channel::trade(2), "trade/2");
  CAF_CHECK_EQUAL(channel::ticker(0), "ticker/0");
  CAF_CHECK_EQUAL(channel::market_stats(3), "market_stats/3");
  CAF_CHECK_EQUAL(channel::market_stats_all(), "market_stats/all");
  CAF_CHECK_EQUAL(channel::candle(0, "1m"), "candle/0/1m");
  CAF_CHECK_EQUAL(channel::account_orders(1, 77), "account_orders/1/77");
  CAF_CHECK_EQUAL(channel::account_all_trades(8), "account_all_trades/8");
  CAF_CHECK_EQUAL(channel::account_all_positions(8), "account_all_positions/8");
  CAF_CHECK_EQUAL(channel::account_all_assets(8), "account_all_assets/8");
  CAF_CHECK_EQUAL(channel::account_tx(8), "account_tx/8");
  CAF_CHECK_EQUAL(channel::account_all(8), "account_all/8");
  CAF_CHECK_EQUAL(channel::user_stats(8), "user_stats/8");
}

CAF_TEST(sendtx embeds tx_info as an object) {
  auto f = json::parse(encode_ws_send_tx("req-17", {14, create_info}));
  CAF_CHECK_EQUAL(f["type"], "jsonapi/sendtx");
  CAF_CHECK_EQUAL(f["data"]["id"], "req-17");
  CAF_CHECK_EQUAL(f["data"]["tx_type"], 14);
  CAF_REQUIRE(f["data"]["tx_info"].is_object());
  CAF_CHECK(f["data"]["tx_info"] == json::parse(create_info));
  auto no_id = json::parse(encode_ws_send_tx("", {15, cancel_info}));
  CAF_CHECK(!no_id["data"].contains("id"));
  CAF_CHECK_EQUAL(no_id["data"]["tx_info"]["L2TxAttributes"]["5"], 1);
}

CAF_TEST(sendtxbatch carries json arrays as strings) {
  std::vector<wire_tx> txs{{15, cancel_info}, {14, create_info}};
  auto f = json::parse(encode_ws_send_tx_batch("req-18", txs));
  CAF_CHECK_EQUAL(f["type"], "jsonapi/sendtxbatch");
  CAF_CHECK_EQUAL(f["data"]["id"], "req-18");
  CAF_REQUIRE(f["data"]["tx_types"].is_string());
  CAF_CHECK_EQUAL(f["data"]["tx_types"], "[15,14]");
  CAF_REQUIRE(f["data"]["tx_infos"].is_string());
  auto infos = json::parse(f["data"]["tx_infos"].get<std::string>());
  CAF_REQUIRE(infos.is_array());
  CAF_REQUIRE_EQUAL(infos.size(), 2u);
  // Each element is the tx_info text itself, byte for byte.
  CAF_CHECK_EQUAL(infos[0].get<std::string>(), cancel_info);
  CAF_CHECK_EQUAL(infos[1].get<std::string>(), create_info);
}

CAF_TEST(the sendTx form body percent - encodes tx_info) {
  auto body = encode_send_tx_form({14, create_info});
  CAF_CHECK_EQUAL(body.find_first_of("{}\":+/= "), body.find('='));
  auto fields = form_fields(body);
  CAF_CHECK_EQUAL(fields["tx_type"], "14");
  CAF_CHECK_EQUAL(fields["tx_info"], create_info);
  CAF_CHECK(!fields.count("price_protection"));
  auto pp = form_fields(encode_send_tx_form({14, create_info}, false));
  CAF_CHECK_EQUAL(pp["price_protection"], "false");
  CAF_CHECK_EQUAL(percent_encode("a+b/c=d e:f"), "a%2Bb%2Fc%3Dd%20e%3Af");
}

CAF_TEST(the sendTxBatch form body round trips) {
  std::vector<wire_tx> txs{{15, cancel_info}, {14, create_info}};
  auto fields = form_fields(encode_send_tx_batch_form(txs));
  CAF_CHECK_EQUAL(fields["tx_types"], "[15,14]");
  auto infos = json::parse(fields["tx_infos"]);
  CAF_REQUIRE_EQUAL(infos.size(), 2u);
  CAF_CHECK_EQUAL(infos[0].get<std::string>(), cancel_info);
  CAF_CHECK_EQUAL(infos[1].get<std::string>(), create_info);
}

CAF_TEST(json strings escape quotes backslashes and control characters) {
  std::string raw = std::string("a\"b\\c\nd\te") + '\x01' + "\xc3\xa9";
  auto s = json_string(raw);
  CAF_CHECK_EQUAL(s, "\"a\\\"b\\\\c\\nd\\te\\u0001\xc3\xa9\"");
  CAF_CHECK_EQUAL(json::parse(s).get<std::string>(), raw);
}

CAF_TEST(rest targets build query strings) {
  CAF_CHECK_EQUAL(rest_target::next_nonce(12345, 3),
                  "/api/v1/nextNonce?account_index=12345&api_key_index=3");
  CAF_CHECK_EQUAL(rest_target::order_books(), "/api/v1/orderBooks");
  CAF_CHECK_EQUAL(rest_target::order_book_details(0, "perp"),
                  "/api/v1/orderBookDetails?market_id=0&filter=perp");
  CAF_CHECK_EQUAL(rest_target::order_book_orders(1, 5),
                  "/api/v1/orderBookOrders?market_id=1&limit=5");
  CAF_CHECK_EQUAL(rest_target::account_by_index(7),
                  "/api/v1/account?by=index&value=7");
  CAF_CHECK_EQUAL(rest_target::api_keys(7, 255),
                  "/api/v1/apikeys?account_index=7&api_key_index=255");
  CAF_CHECK_EQUAL(
      rest_target::account_active_orders(7, 1, "1735718400:7:3:ff"),
      "/api/v1/accountActiveOrders?account_index=7&market_id=1&auth="
      "1735718400%3A7%3A3%3Aff");
  CAF_CHECK_EQUAL(rest_target::account_active_orders(7, std::nullopt),
                  "/api/v1/accountActiveOrders?account_index=7");
  CAF_CHECK_EQUAL(
      rest_target::account_inactive_orders(7, 50, std::nullopt, "c 1"),
      "/api/v1/accountInactiveOrders?account_index=7&limit=50&cursor=c%201");
  CAF_CHECK_EQUAL(
      rest_target::account_trades(7, 100, std::nullopt, {}, "t 9"),
      "/api/v1/trades?account_index=7&sort_by=timestamp&sort_dir=desc&"
      "limit=100&cursor=t%209");
  CAF_CHECK_EQUAL(rest_target::account_orders({123, 456}),
                  "/api/v1/accountOrders?client_order_indexes=123%2C456");
  CAF_CHECK_EQUAL(
      rest_target::candles(0, "1h", 1750003200000, 1750010400000, 3),
      "/api/v1/candles?market_id=0&resolution=1h&start_timestamp="
      "1750003200000&end_timestamp=1750010400000&count_back=3");
  CAF_CHECK_EQUAL(rest_target::recent_trades(1, 5),
                  "/api/v1/recentTrades?market_id=1&limit=5");
  CAF_CHECK_EQUAL(rest_target::tx_by_hash("ab12"),
                  "/api/v1/tx?by=hash&value=ab12");
}
