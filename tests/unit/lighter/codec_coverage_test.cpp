#define CAF_SUITE codec_payload_coverage
#include "caf/test/unit_test.hpp"

#include "codec_test_util.hpp"

#include "lighter/codec/error_classifier.hpp"
#include "lighter/codec/rest_decoder.hpp"
#include "lighter/codec/ws_decoder.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;

namespace {

/// How a payload is decoded; true on success.
using decode_fn = std::function<bool(const std::string&)>;

struct fixture {
  rest_decoder rest;
  ws_decoder ws;
  market_table markets = payload_markets();

  template <class R>
  static bool ok(const R& r) {
    if (!r) CAF_MESSAGE(r.error().message);
    return r.has_value();
  }

  /// Every REST payload and the decoder that handles it. An error payload
  /// must decode as an error body with a class other than unknown.
  std::map<std::string, decode_fn> rest_table() {
    market_decimals eth{2, 4}, btc{1, 5};
    auto error = [this](const std::string& s) {
      auto e = rest.error_body(s);
      return e && classify(*e) != error_class::unknown;
    };
    return {
        {"accountActiveOrders__ccxt_comment_testnet.json",
         [this](auto& s) { return ok(rest.orders(s, markets)); }},
        {"accountInactiveOrders__nautilus_SCHEMA_HANDWRITTEN.json",
         [this](auto& s) { return ok(rest.orders(s, markets)); }},
        {"account__lev7_mainnet_truncated.json",
         [this](auto& s) { return ok(rest.accounts(s, markets)); }},
        {"account_with_assets_and_subaccount__ccxt.json",
         [this](auto& s) { return ok(rest.accounts(s, markets)); }},
        {"account_with_position__ccxt.json",
         [this](auto& s) { return ok(rest.accounts(s, markets)); }},
        {"candles__lev7_mainnet_truncated.json",
         [this, btc](auto& s) { return ok(rest.candles(s, btc)); }},
        {"candlesticks_legacy__ccxt_mainnet.json",
         [this, eth](auto& s) { return ok(rest.candles(s, eth)); }},
        {"error_20001_invalid_param_http400__lev7_mainnet.json", error},
        {"error_20001_missing_auth_http400__lev7_mainnet.json", error},
        {"error_20558_geo_restricted_sendTx_http400__lev7_mainnet.json", error},
        {"error_29404_not_found_http400__lev7_mainnet.json", error},
        {"funding_rates__ccxt_mainnet.json",
         [this](auto& s) { return ok(rest.funding_rates(s)); }},
        {"fundings__nautilus.json",
         [this](auto& s) { return ok(rest.fundings(s)); }},
        {"nextNonce__lev7_mainnet.json",
         [this](auto& s) { return ok(rest.next_nonce(s)); }},
        {"orderBookDepth__nautilus_SCHEMA_HANDWRITTEN.json",
         [this, eth](auto& s) { return ok(rest.order_book_depth(s, eth)); }},
        {"orderBookDetails__nautilus_mainnet.json",
         [this](auto& s) { return ok(rest.order_book_details(s)); }},
        {"orderBookOrders__ccxt_mainnet.json",
         [this, eth](auto& s) { return ok(rest.order_book_orders(s, eth)); }},
        {"orderBookOrders__lev7_mainnet_truncated.json",
         [this, btc](auto& s) { return ok(rest.order_book_orders(s, btc)); }},
        {"orderBookOrders__nautilus_mainnet.json",
         [this, eth](auto& s) { return ok(rest.order_book_orders(s, eth)); }},
        {"orderBooks__lev7_mainnet_truncated.json",
         [this](auto& s) { return ok(rest.order_books(s)); }},
        {"orderBooks__nautilus_mainnet.json",
         [this](auto& s) { return ok(rest.order_books(s)); }},
        {"recentTrades__lev7_mainnet_truncated.json",
         [this](auto& s) { return ok(rest.trades(s, markets)); }},
        {"recentTrades__nautilus_mainnet.json",
         [this](auto& s) { return ok(rest.trades(s, markets)); }},
        {"sendTx_ok__ccxt_comment_REDACTED_HASH.json",
         [this](auto& s) { return ok(rest.send_tx(s)); }},
        {"status_root__ccxt_mainnet.json",
         [this](auto& s) { return ok(rest.status(s)); }},
        {"trades_account__ccxt_comment_testnet.json",
         [this](auto& s) { return ok(rest.trades(s, markets)); }},
        {"withdrawalDelay_no_code_field__lev7_mainnet.json",
         [this](auto& s) { return ok(rest.withdrawal_delay(s)); }},
    };
  }

  /// Every WS payload and the ws_message alternative it must decode to.
  std::map<std::string, size_t> ws_table() {
    auto idx = [](auto tag) { return ws_message(std::move(tag)).index(); };
    size_t err = idx(ws_error{});
    return {
        {"account_all_assets_subscribed__nautilus_redacted.json",
         idx(account_assets_update{})},
        {"account_all_assets_update__ccxt_comment_redacted.json",
         idx(account_assets_update{})},
        {"account_all_positions_update__nautilus_HANDWRITTEN.json",
         idx(account_positions_update{})},
        {"account_all_trades_subscribed__lev7_testnet.json",
         idx(account_trades_update{})},
        {"account_all_trades_update_buyer_taker__lev7_testnet.json",
         idx(account_trades_update{})},
        {"account_all_trades_update_maker_sign_changed__lev7_testnet.json",
         idx(account_trades_update{})},
        {"account_all_trades_update_seller_taker__lev7_testnet.json",
         idx(account_trades_update{})},
        {"account_orders_update__nautilus_HANDWRITTEN.json",
         idx(account_orders_update{})},
        {"candle_subscribed__nautilus_mainnet.json", idx(candle_update{})},
        {"candle_update__nautilus_mainnet.json", idx(candle_update{})},
        {"connected__ccxt_comment.json", idx(ws_connected{})},
        {"connected__lev7_testnet.json", idx(ws_connected{})},
        {"error_20013_invalid_auth__lev7_testnet.json", err},
        {"error_30000_invalid_json__lev7_testnet.json", err},
        {"error_30001_invalid_type__lev7_testnet.json", err},
        {"error_30002_not_subscribed__lev7_testnet.json", err},
        {"error_30003_already_subscribed__lev7_testnet.json", err},
        {"error_30005_invalid_channel__lev7_testnet.json", err},
        {"error_30005_invalid_channel_detail__ccxt_comment.json", err},
        {"height_subscribed__lev7_testnet.json", idx(height_update{})},
        {"height_update__lev7_testnet.json", idx(height_update{})},
        {"market_stats_subscribed__nautilus_mainnet.json",
         idx(market_stats_update{})},
        {"market_stats_update_all__ccxt_comment_mainnet.json",
         idx(market_stats_update{})},
        {"market_stats_update_single__ccxt_comment_mainnet.json",
         idx(market_stats_update{})},
        {"order_book_subscribed__nautilus_mainnet.json",
         idx(order_book_update{})},
        {"order_book_subscribed_empty__nautilus.json",
         idx(order_book_update{})},
        {"order_book_update__ccxt_comment_mainnet.json",
         idx(order_book_update{})},
        {"order_book_update__nautilus_HANDWRITTEN.json",
         idx(order_book_update{})},
        {"sendtx_reply_error__nautilus_HANDWRITTEN.json", idx(tx_reply{})},
        {"sendtx_reply_ok__ccxt_comment.json", idx(tx_reply{})},
        {"sendtxbatch_reply_ok__ccxt_comment_SHORTENED_HASHES.json",
         idx(tx_reply{})},
        {"ticker_subscribed__nautilus_mainnet.json", idx(ticker_update{})},
        {"ticker_subscribed_empty__nautilus_mainnet.json",
         idx(ticker_update{})},
        {"trade_subscribed__ccxt_comment_mainnet.json", idx(trade_update{})},
        {"trade_subscribed__nautilus_EDITED.json", idx(trade_update{})},
        {"unsubscribed__lev7_testnet.json", idx(ws_unsubscribed{})},
        {"user_stats_subscribed__nautilus_redacted.json",
         idx(user_stats_update{})},
    };
  }

  bool ws_ok(const std::string& text, size_t expected) {
    auto r = ws.decode(text, markets);
    if (!r) {
      CAF_MESSAGE(r.error().message);
      return false;
    }
    return r->index() == expected;
  }
};

std::set<std::string> files_in(const std::string& sub) {
  std::set<std::string> out;
  namespace fs = std::filesystem;
  fs::path dir = fs::path(TRAILGRID_SOURCE_DIR) / "tests/data/lighter" / sub;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json")
      out.insert(e.path().filename().string());
  return out;
}

/// The same JSON with every object's keys in reverse order: decoders must
/// not depend on key order (servers sort keys, other serializers do not).
nlohmann::ordered_json reversed(const nlohmann::ordered_json& j) {
  if (j.is_array()) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& x : j)
      out.push_back(reversed(x));
    return out;
  }
  if (!j.is_object()) return j;
  std::vector<std::pair<std::string, nlohmann::ordered_json>> items;
  for (auto it = j.begin(); it != j.end(); ++it)
    items.emplace_back(it.key(), reversed(it.value()));
  auto out = nlohmann::ordered_json::object();
  for (auto it = items.rbegin(); it != items.rend(); ++it)
    out[it->first] = it->second;
  return out;
}

std::string reversed_text(const std::string& text) {
  return reversed(nlohmann::ordered_json::parse(text)).dump();
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(payload_coverage, fixture)

CAF_TEST(all 64 payloads are present) {
  CAF_CHECK_EQUAL(files_in("rest").size() + files_in("ws").size(), 64u);
}

CAF_TEST(every rest payload decodes in any key order) {
  auto table = rest_table();
  for (const auto& name : files_in("rest")) {
    CAF_MESSAGE("rest/" << name);
    auto it = table.find(name);
    if (it == table.end()) {
      CAF_FAIL("no decoder registered for rest/" << name);
    }
    std::string text = load_payload("rest/" + name);
    CAF_CHECK(it->second(text));
    CAF_CHECK(it->second(reversed_text(text)));
  }
  CAF_CHECK_EQUAL(table.size(), files_in("rest").size());
}

CAF_TEST(every ws payload decodes to its message in any key order) {
  auto table = ws_table();
  for (const auto& name : files_in("ws")) {
    CAF_MESSAGE("ws/" << name);
    auto it = table.find(name);
    if (it == table.end()) {
      CAF_FAIL("no expected message registered for ws/" << name);
    }
    std::string text = load_payload("ws/" + name);
    CAF_CHECK(ws_ok(text, it->second));
    CAF_CHECK(ws_ok(reversed_text(text), it->second));
  }
  CAF_CHECK_EQUAL(table.size(), files_in("ws").size());
}

CAF_TEST(extra unknown fields are ignored everywhere) {
  // Adds an unknown key holding nested data to every object of a payload.
  std::function<void(nlohmann::ordered_json&)> add = [&](auto& j) {
    if (j.is_array()) {
      for (auto& x : j)
        add(x);
    } else if (j.is_object()) {
      for (auto& [k, v] : j.items())
        add(v);
      j["zz_unknown_field"] = {{"a", {1, "two", nullptr}}, {"b", 3.5}};
    }
  };
  auto table = ws_table();
  for (const auto& name : files_in("ws")) {
    auto j = nlohmann::ordered_json::parse(load_payload("ws/" + name));
    add(j);
    CAF_MESSAGE("ws/" << name);
    CAF_CHECK(ws_ok(j.dump(), table.at(name)));
  }
}

CAF_TEST_FIXTURE_SCOPE_END()
