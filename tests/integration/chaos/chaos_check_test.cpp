#define CAF_SUITE chaos_check
#include "caf/test/unit_test.hpp"

#include "runtime/journal.hpp"
#include "tools/chaos/chaos_compare.hpp"
#include "tools/chaos/chaos_inputs.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

using namespace trailgrid;
using namespace trailgrid::chaos;

namespace {

// Two markets; the exchange filled ETH twice (buy 5, sell 2) and BTC never.
exchange_view two_markets() {
  exchange_view ex;
  ex.markets = {{0, "ETH", 4}, {1, "BTC", 5}};
  ex.fills = {{0, 11, 5}, {0, 12, -2}};
  ex.positions = {{0, 3}};
  ex.accepted_nonces = {{3, 0}, {3, 1}, {3, 2}};
  return ex;
}

bot_view agreeing_bot() {
  bot_view b;
  b.summary = std::vector<summary_market>{{"ETH", 2, "0.0003", 0, 0},
                                          {"BTC", 0, "0", 0, 0}};
  b.journal_fills["ETH"] = {{0, 11, 5}, {0, 12, -2}};
  return b;
}

bool mentions(const report& r, const std::string& text) {
  for (const auto& d : r.differences)
    if (d.find(text) != std::string::npos) return true;
  return false;
}

} // namespace

CAF_TEST(books that agree give no difference) {
  auto r = compare(two_markets(), agreeing_bot());
  CAF_CHECK(r.differences.empty());
  CAF_REQUIRE_EQUAL(r.markets.size(), 2u);
  CAF_CHECK_EQUAL(r.markets[0].exchange_fills, 2);
  CAF_CHECK_EQUAL(r.markets[0].journal_position, 3);
  CAF_CHECK_EQUAL(r.accepted_txs, 3);
}

CAF_TEST(a lost fill shows in count trade id and position) {
  auto bot = agreeing_bot();
  bot.journal_fills["ETH"].pop_back();
  (*bot.summary)[0].fills = 1;
  (*bot.summary)[0].position = "0.0005";
  auto r = compare(two_markets(), bot);
  CAF_CHECK(mentions(r, "ETH: fills journal=1 exchange=2"));
  CAF_CHECK(mentions(r, "ETH: fills summary=1 exchange=2"));
  CAF_CHECK(mentions(r, "trade ids not in the journal: 12"));
  CAF_CHECK(mentions(r, "ETH: position journal=0.0005 exchange=0.0003"));
  CAF_CHECK(mentions(r, "ETH: position summary=0.0005 exchange=0.0003"));
  CAF_CHECK_EQUAL(r.differences.size(), 5u);
}

CAF_TEST(a fill journaled twice is a difference) {
  auto bot = agreeing_bot();
  bot.journal_fills["ETH"].push_back({0, 12, -2});
  auto r = compare(two_markets(), bot);
  CAF_CHECK(mentions(r, "journal trade ids the exchange does not have"));
}

CAF_TEST(exit code resting orders nonces and missing summary are differences) {
  auto ex = two_markets();
  ex.resting = {{1, 281474976710700, 42, true, 650010, 20}};
  ex.accepted_nonces.push_back({3, 1});
  ex.rejects_by_code[21104] = 3;
  ex.injected_desyncs = 2;
  auto bot = agreeing_bot();
  bot.exit_code = 1;
  auto r = compare(ex, bot);
  CAF_CHECK(mentions(r, "gridbot exit code 1"));
  CAF_CHECK(mentions(r, "BTC: order 281474976710700 (client 42, ask"));
  CAF_CHECK(mentions(r, "nonce 1 of api key 3 accepted 2 times"));
  CAF_CHECK(mentions(r, "(21104) 3 > injected nonce desyncs 2"));
  CAF_CHECK_EQUAL(r.resting, 1);
  ex.rejects_by_code[21104] = 2;
  CAF_CHECK(!mentions(compare(ex, bot), "21104"));
  bot.summary.reset();
  CAF_CHECK(mentions(compare(ex, bot), "no run summary"));
}

CAF_TEST(after restarts only the summary positions are compared) {
  auto bot = agreeing_bot();
  (*bot.summary)[0].fills = 1; // the last process saw one of the two
  bot.summary_is_last_process_only = true;
  CAF_CHECK(compare(two_markets(), bot).differences.empty());
}

CAF_TEST(the record and summary parsers keep exact figures) {
  const std::string record = R"({"code":200,"total":5,"records":[
    {"kind":"tx","ts":1,"account":100,"api_key":3,"tx_type":14,"nonce":7,"tx_hash":"a"},
    {"kind":"reject","ts":2,"account":100,"api_key":3,"tx_type":14,"nonce":7,"tx_hash":"","code":21104,"message":"x"},
    {"kind":"fill","ts":3,"account":100,"market_id":0,"order_index":9,"client_order_index":4,"is_ask":true,"price":1,"size":50,"remaining":0,"trade_id":77,"maker":true,"fee_micro":0,"position_after":-50},
    {"kind":"fill","ts":3,"account":555,"market_id":0,"order_index":9,"client_order_index":4,"is_ask":false,"price":1,"size":50,"remaining":0,"trade_id":77,"maker":true,"fee_micro":0,"position_after":50},
    {"kind":"nonce_desync","ts":4,"account":100,"api_key":3,"nonce":9}],
    "faults":{"ws_drops":4,"partial_fills":0},
    "state":{"markets":[{"market_id":0,"symbol":"ETH","price_decimals":2,"size_decimals":4}],
             "accounts":[{"account":100,"positions":{"0":-50},"next_nonce":{"3":10},
                          "live_orders":[{"market_id":0,"order_index":5,"client_order_index":6,"api_key":3,"is_ask":false,"price":100,"initial":10,"remaining":10,"status":"open"}]}]}})";
  auto parsed = parse_sim_record(record, 100);
  CAF_REQUIRE(std::holds_alternative<exchange_view>(parsed));
  const auto& ex = std::get<exchange_view>(parsed);
  CAF_REQUIRE_EQUAL(ex.fills.size(), 1u);
  CAF_CHECK_EQUAL(ex.fills[0].signed_size, -50);
  CAF_CHECK_EQUAL(ex.fills[0].trade_id, 77);
  CAF_CHECK_EQUAL(ex.positions.at(0), -50);
  CAF_CHECK_EQUAL(ex.resting.size(), 1u);
  CAF_CHECK_EQUAL(ex.accepted_nonces.size(), 1u);
  CAF_CHECK_EQUAL(ex.rejects_by_code.at(21104), 1);
  CAF_CHECK_EQUAL(ex.injected_desyncs, 1);
  CAF_CHECK_EQUAL(ex.faults.at("ws_drops"), 4);
  CAF_CHECK(std::holds_alternative<std::string>(parse_sim_record("[]", 100)));

  auto s = parse_summary(
      R"({"duration_s":60.0,"markets":[{"symbol":"ETH","fills":3,"position":-0.0050,"nonce_errors":2,"reconnects":1,"max_drawdown":1.5},{"symbol":"BTC","fills":0,"position":0,"nonce_errors":0}]})");
  CAF_REQUIRE(std::holds_alternative<std::vector<summary_market>>(s));
  const auto& m = std::get<std::vector<summary_market>>(s);
  CAF_REQUIRE_EQUAL(m.size(), 2u);
  CAF_CHECK_EQUAL(m[0].symbol, "ETH");
  CAF_CHECK_EQUAL(m[0].position, "-0.0050");
  CAF_CHECK_EQUAL(m[0].fills, 3);
  CAF_CHECK_EQUAL(m[0].nonce_errors, 2);
  CAF_CHECK_EQUAL(m[1].position, "0");
  CAF_CHECK(std::holds_alternative<std::string>(parse_summary("{nope")));
}

CAF_TEST(journal fills are read by market with their sign) {
  const std::string path =
      "chaos_check_test_" + std::to_string(getpid()) + ".journal";
  std::remove(path.c_str());
  {
    auto w = runtime::journal_writer::open(path);
    CAF_REQUIRE(static_cast<bool>(w));
    runtime::journal_fill f;
    f.market = "ETH";
    f.market_index = 0;
    f.side = strategy::side::ask;
    f.price = strategy::price_ticks{310'000};
    f.size = strategy::qty_lots{50};
    f.trade_id = 77;
    CAF_REQUIRE(static_cast<bool>(w.value().append(f, 1)));
    f.side = strategy::side::bid;
    f.size = strategy::qty_lots{20};
    f.trade_id = 78;
    CAF_REQUIRE(static_cast<bool>(w.value().append(f, 2)));
  }
  auto fills = read_journal_fills(path);
  std::remove(path.c_str());
  CAF_REQUIRE(fills.index() == 0);
  const auto& eth = std::get<0>(fills).at("ETH");
  CAF_REQUIRE_EQUAL(eth.size(), 2u);
  CAF_CHECK_EQUAL(eth[0].signed_size, -50);
  CAF_CHECK_EQUAL(eth[1].signed_size, 20);
  CAF_CHECK_EQUAL(eth[1].trade_id, 78);
}
