#define CAF_SUITE codec_ws_payloads
#include "caf/test/unit_test.hpp"

#include "codec_test_util.hpp"

#include "lighter/codec/error_classifier.hpp"
#include "lighter/codec/ws_decoder.hpp"

using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

namespace {

struct fixture {
  ws_decoder dec;
  market_table markets = payload_markets();

  /// Decodes ws/<file> and returns the alternative T (failing the test
  /// otherwise).
  template <class T>
  T frame(const std::string& file) {
    auto r = dec.decode(load_payload("ws/" + file), markets);
    if (!r) {
      CAF_FAIL(file << ": " << r.error().message);
    }
    if (!std::holds_alternative<T>(*r))
      CAF_FAIL(file << ": unexpected message kind " << r->index());
    return std::get<T>(std::move(*r));
  }
};

book_level lvl(int64_t p, int64_t s) {
  return book_level{price_ticks{p}, qty_lots{s}};
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(ws_payloads, fixture)

CAF_TEST(connected frames carry a session id) {
  CAF_CHECK_EQUAL(
      frame<ws_connected>("connected__lev7_testnet.json").session_id,
      "ff77207c-609c-408c-a54c-e3d701143901");
  CAF_CHECK_EQUAL(
      frame<ws_connected>("connected__ccxt_comment.json").session_id,
      "8d354239-80e0-4b77-8763-87b6fef2f768");
}

CAF_TEST(ping pong and unsubscribed) {
  CAF_CHECK(std::holds_alternative<ws_ping>(
      *dec.decode(R"({"type":"ping"})", markets)));
  CAF_CHECK(std::holds_alternative<ws_pong>(
      *dec.decode(R"({"type":"pong"})", markets)));
  CAF_CHECK_EQUAL(
      frame<ws_unsubscribed>("unsubscribed__lev7_testnet.json").channel,
      "height");
}

CAF_TEST(protocol error frames map to their error class) {
  struct row {
    const char* file;
    int64_t code;
    const char* message;
    error_class cls;
  };
  row rows[] = {
      {"error_20013_invalid_auth__lev7_testnet.json", 20013,
       "invalid auth: invalid deadline: account_tx:1", error_class::reauth},
      {"error_30000_invalid_json__lev7_testnet.json", 30000, "Invalid Json",
       error_class::fatal},
      {"error_30001_invalid_type__lev7_testnet.json", 30001, "Invalid Type",
       error_class::fatal},
      {"error_30002_not_subscribed__lev7_testnet.json", 30002,
       "Not Subscribed to : trade:1", error_class::already_gone},
      {"error_30003_already_subscribed__lev7_testnet.json", 30003,
       "Already Subscribed to : height", error_class::already_gone},
      {"error_30005_invalid_channel__lev7_testnet.json", 30005,
       "Invalid Channel", error_class::fatal},
      {"error_30005_invalid_channel_detail__ccxt_comment.json", 30005,
       "Invalid Channel:  (marketId)", error_class::fatal},
  };
  for (const auto& x : rows) {
    CAF_MESSAGE(x.file);
    auto e = frame<ws_error>(x.file);
    CAF_CHECK_EQUAL(e.code, x.code);
    CAF_CHECK_EQUAL(e.message, x.message);
    CAF_CHECK(classify(e.code, e.message) == x.cls);
  }
}

CAF_TEST(height snapshot and update) {
  auto s = frame<height_update>("height_subscribed__lev7_testnet.json");
  CAF_CHECK(s.is_snapshot);
  CAF_CHECK_EQUAL(s.height, 451230);
  CAF_CHECK_EQUAL(s.timestamp_ms, 1785276548949);
  auto u = frame<height_update>("height_update__lev7_testnet.json");
  CAF_CHECK(!u.is_snapshot);
  CAF_CHECK_EQUAL(u.height, 451233);
}

CAF_TEST(order book snapshot of a live market) {
  auto b =
      frame<order_book_update>("order_book_subscribed__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(b.market_id, 0);
  CAF_CHECK(b.is_snapshot);
  CAF_CHECK_EQUAL(b.offset, 2164);
  CAF_CHECK_EQUAL(b.nonce.value_or(-1), 904845);
  CAF_CHECK_EQUAL(b.begin_nonce.value_or(-1), 0);
  CAF_CHECK_EQUAL(b.timestamp_ms, 1778138582602);
  CAF_CHECK_EQUAL(b.last_updated_at_us, 1778138389655150);
  CAF_REQUIRE_EQUAL(b.asks.size(), 2u);
  CAF_CHECK(b.asks[0] == lvl(232'500, 990'000));
  CAF_CHECK(b.asks[1] == lvl(234'125, 3'401'028));
  CAF_REQUIRE_EQUAL(b.bids.size(), 1u);
  CAF_CHECK(b.bids[0] == lvl(200'000, 200));
}

CAF_TEST(order book snapshot of an empty market) {
  auto b =
      frame<order_book_update>("order_book_subscribed_empty__nautilus.json");
  CAF_CHECK_EQUAL(b.market_id, 39);
  CAF_CHECK(b.is_snapshot);
  CAF_CHECK_EQUAL(b.offset, 1);
  CAF_CHECK_EQUAL(b.nonce.value_or(-1), 0);
  CAF_CHECK(b.asks.empty());
  CAF_CHECK(b.bids.empty());
}

CAF_TEST(order book delta of an older server lacks begin_nonce) {
  auto b =
      frame<order_book_update>("order_book_update__ccxt_comment_mainnet.json");
  CAF_CHECK(!b.is_snapshot);
  CAF_CHECK_EQUAL(b.offset, 11413309);
  CAF_CHECK_EQUAL(b.nonce.value_or(-1), 3107818665);
  CAF_CHECK(!b.begin_nonce);
  CAF_CHECK_EQUAL(b.last_updated_at_us, 0);
  CAF_REQUIRE_EQUAL(b.asks.size(), 1u);
  CAF_CHECK(b.asks[0] == lvl(297'964, 619'487));
  CAF_REQUIRE_EQUAL(b.bids.size(), 1u);
  CAF_CHECK(b.bids[0] == lvl(297'936, 0));
}

CAF_TEST(order book delta of the current shape has begin_nonce) {
  auto b =
      frame<order_book_update>("order_book_update__nautilus_HANDWRITTEN.json");
  CAF_CHECK_EQUAL(b.nonce.value_or(-1), 9182390020);
  CAF_CHECK_EQUAL(b.begin_nonce.value_or(-1), 9182389998);
  CAF_CHECK_EQUAL(b.last_updated_at_us, 1774884082309144);
  CAF_REQUIRE_EQUAL(b.asks.size(), 1u);
  CAF_CHECK(b.asks[0] == lvl(206'454, 3'285));
  CAF_CHECK(b.bids.empty());
}

CAF_TEST(the order book fast path reuses the frame of the caller) {
  order_book_update u;
  std::string err;
  CAF_REQUIRE(dec.decode_order_book(
      load_payload("ws/order_book_subscribed__nautilus_mainnet.json"), markets,
      u, err));
  CAF_CHECK_EQUAL(u.asks.size(), 2u);
  CAF_REQUIRE(dec.decode_order_book(
      load_payload("ws/order_book_update__nautilus_HANDWRITTEN.json"), markets,
      u, err));
  CAF_CHECK_EQUAL(u.asks.size(), 1u);
  CAF_CHECK(u.bids.empty());
  CAF_CHECK(!u.is_snapshot);
  CAF_CHECK(!dec.decode_order_book(
      load_payload("ws/height_update__lev7_testnet.json"), markets, u, err));
  CAF_CHECK_EQUAL(err, "ws frame: not an order_book frame: type "
                       "\"update/height\"");
}

CAF_TEST(an order book frame of an unknown market is an error) {
  market_table none;
  auto r = dec.decode(
      load_payload("ws/order_book_subscribed__nautilus_mainnet.json"), none);
  CAF_REQUIRE(!r);
  CAF_CHECK_EQUAL(r.error().message,
                  "ws frame: unknown market 0 (load its details into the "
                  "market_table first)");
}

CAF_TEST(ticker with both sides and with empty sides) {
  auto t = frame<ticker_update>("ticker_subscribed__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(t.market_id, 0);
  CAF_CHECK_EQUAL(t.symbol, "ETH");
  CAF_REQUIRE(t.best_ask);
  CAF_CHECK(*t.best_ask == lvl(232'500, 990'000));
  CAF_REQUIRE(t.best_bid);
  CAF_CHECK(*t.best_bid == lvl(200'000, 200));
  CAF_CHECK_EQUAL(t.nonce, 904895);
  CAF_CHECK_EQUAL(t.last_updated_at_us, 1778138260508118);
  CAF_CHECK_EQUAL(t.timestamp_ms, 1778138582640);
  auto e =
      frame<ticker_update>("ticker_subscribed_empty__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(e.market_id, 39);
  CAF_CHECK_EQUAL(e.symbol, "ADA");
  CAF_CHECK(!e.best_ask);
  CAF_CHECK(!e.best_bid);
}

CAF_TEST(public trades of the older shape) {
  auto t = frame<trade_update>("trade_subscribed__ccxt_comment_mainnet.json");
  CAF_CHECK_EQUAL(t.market_id, 0);
  CAF_CHECK(t.is_snapshot);
  CAF_CHECK_EQUAL(t.nonce, 3159738569);
  CAF_CHECK(t.liquidation_trades.empty());
  CAF_REQUIRE_EQUAL(t.trades.size(), 1u);
  const auto& x = t.trades[0];
  CAF_CHECK_EQUAL(x.trade_id, 526801155);
  CAF_CHECK_EQUAL(x.size.value, 346);
  CAF_CHECK_EQUAL(x.price.value, 302'885);
  CAF_CHECK_EQUAL(x.ask_client_id, 76303170);
  CAF_CHECK(!x.is_maker_ask);
  CAF_CHECK_EQUAL(x.maker_fee_ppm.value_or(-1), 20);
  CAF_CHECK(x.taker_position_sign_changed);
  CAF_CHECK(!x.maker_position_sign_changed);
  CAF_CHECK_EQUAL(x.transaction_time_us, 0);
}

CAF_TEST(public trades of the newer shape with fee twins) {
  auto t = frame<trade_update>("trade_subscribed__nautilus_EDITED.json");
  CAF_REQUIRE_EQUAL(t.trades.size(), 1u);
  const auto& x = t.trades[0];
  CAF_CHECK_EQUAL(x.trade_id, 16164557907);
  CAF_CHECK_EQUAL(x.tx_hash, "019f2b9c");
  CAF_CHECK_EQUAL(x.size.value, 1'336);
  CAF_CHECK_EQUAL(x.price.value, 218'183);
  CAF_CHECK_EQUAL(x.usd_amount.value, 291'492'488);
  CAF_CHECK_EQUAL(x.bid_client_id, 23004521241);
  CAF_CHECK_EQUAL(x.taker_fee_ppm.value_or(-1), 196);
  CAF_CHECK_EQUAL(x.maker_fee_ppm.value_or(-1), 28);
  CAF_CHECK_EQUAL(x.transaction_time_us, 1773854156686065);
  CAF_CHECK(!x.taker_position_size_before);
}

CAF_TEST(market stats of one market) {
  auto s = frame<market_stats_update>(
      "market_stats_subscribed__nautilus_mainnet.json");
  CAF_CHECK(s.is_snapshot);
  CAF_CHECK(!s.all_markets);
  CAF_CHECK_EQUAL(s.timestamp_ms, 1780546209291);
  CAF_REQUIRE_EQUAL(s.stats.size(), 1u);
  const auto& m = s.stats[0];
  CAF_CHECK_EQUAL(m.market_id, 1);
  CAF_CHECK_EQUAL(m.symbol, "BTC");
  CAF_CHECK_EQUAL(m.mark_price.value, 643'563);
  CAF_CHECK_EQUAL(m.index_price.value, 644'001);
  CAF_CHECK_EQUAL(m.last_trade_price.value, 643'515);
  CAF_CHECK_EQUAL(m.mid_price.value_or(price_ticks{0}).value, 643'497);
  CAF_CHECK(m.current_funding_rate == (decimal_value{-28, 4}));
  CAF_CHECK(m.funding_rate == (decimal_value{-5, 4}));
  CAF_CHECK_EQUAL(m.funding_timestamp_ms, 1780545600001);
  CAF_CHECK(m.open_interest == (decimal_value{102'123'609'308'856, 6}));
  CAF_CHECK(m.daily_price_high > 67478.7 && m.daily_price_high < 67478.9);
  auto u = frame<market_stats_update>(
      "market_stats_update_single__ccxt_comment_mainnet.json");
  CAF_CHECK(!u.is_snapshot);
  CAF_REQUIRE_EQUAL(u.stats.size(), 1u);
  CAF_CHECK_EQUAL(u.stats[0].market_id, 0);
  CAF_CHECK_EQUAL(u.stats[0].mark_price.value, 301'391);
  CAF_CHECK_EQUAL(u.stats[0].index_price.value, 301'556);
  CAF_CHECK_EQUAL(u.stats[0].last_trade_price.value, 301'313);
  CAF_CHECK(!u.stats[0].mid_price);
  CAF_CHECK(u.stats[0].current_funding_rate == (decimal_value{12, 4}));
}

CAF_TEST(market stats of all markets skip unknown ones) {
  auto s = frame<market_stats_update>(
      "market_stats_update_all__ccxt_comment_mainnet.json");
  CAF_CHECK(s.all_markets);
  CAF_REQUIRE_EQUAL(s.stats.size(), 1u);
  CAF_CHECK_EQUAL(s.stats[0].market_id, 96);
  CAF_CHECK_EQUAL(s.stats[0].mark_price.value, 115'954);
  CAF_CHECK_EQUAL(s.stats[0].index_price.value, 115'901);
  CAF_CHECK(s.unknown_markets.empty());
  market_table only_eth;
  only_eth.add(0, market_decimals{2, 4});
  auto r = dec.decode(
      load_payload("ws/market_stats_update_all__ccxt_comment_mainnet.json"),
      only_eth);
  CAF_REQUIRE(r);
  const auto& m = std::get<market_stats_update>(*r);
  CAF_CHECK(m.stats.empty());
  CAF_REQUIRE_EQUAL(m.unknown_markets.size(), 1u);
  CAF_CHECK_EQUAL(m.unknown_markets[0], 96);
}

CAF_TEST(candles snapshot and update) {
  auto s = frame<candle_update>("candle_subscribed__nautilus_mainnet.json");
  CAF_CHECK_EQUAL(s.market_id, 0);
  CAF_CHECK_EQUAL(s.resolution, "1m");
  CAF_CHECK(s.is_snapshot);
  CAF_REQUIRE_EQUAL(s.candles.size(), 1u);
  CAF_CHECK_EQUAL(s.candles[0].start_ms, 1778821440000);
  CAF_CHECK_EQUAL(s.candles[0].open.value, 226'420);
  CAF_CHECK_EQUAL(s.candles[0].high.value, 226'434);
  CAF_CHECK_EQUAL(s.candles[0].low.value, 226'336);
  CAF_CHECK_EQUAL(s.candles[0].close.value, 226'397);
  CAF_CHECK_EQUAL(s.candles[0].last_trade_id, 19993571166);
  auto u = frame<candle_update>("candle_update__nautilus_mainnet.json");
  CAF_CHECK(!u.is_snapshot);
  CAF_CHECK_EQUAL(u.candles[0].close.value, 226'389);
  CAF_CHECK_EQUAL(u.timestamp_ms, 1778821473331);
}

CAF_TEST(own trades snapshot carries volumes only) {
  auto s = frame<account_trades_update>(
      "account_all_trades_subscribed__lev7_testnet.json");
  CAF_CHECK_EQUAL(s.account, 8);
  CAF_CHECK(s.is_snapshot);
  CAF_CHECK(s.trades.empty());
  CAF_CHECK(s.daily_volume.value_or(0) > 6029.9);
  CAF_CHECK(s.weekly_volume.value_or(0) > 42440.9);
  CAF_CHECK(s.monthly_volume.value_or(0) > 150011.3);
  CAF_CHECK(s.total_volume.value_or(0) > 150011.3);
}

CAF_TEST(own fill as the buying taker) {
  auto u = frame<account_trades_update>(
      "account_all_trades_update_buyer_taker__lev7_testnet.json");
  CAF_CHECK(!u.is_snapshot);
  CAF_REQUIRE_EQUAL(u.trades.size(), 1u);
  auto fills = own_fills_of(u.trades[0], u.account);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  const auto& f = fills[0];
  CAF_CHECK_EQUAL(f.market_id, 1);
  CAF_CHECK_EQUAL(f.trade_id, 5770012);
  CAF_CHECK(!f.is_ask);
  CAF_CHECK(!f.is_maker);
  CAF_CHECK_EQUAL(f.order_index, 844424916665793);
  CAF_CHECK_EQUAL(f.client_order_index, 178527706671510);
  CAF_CHECK_EQUAL(f.price.value, 640'000);
  CAF_CHECK_EQUAL(f.size.value, 1);
  CAF_CHECK_EQUAL(f.position_before.value_or(qty_lots{-1}).value, 0);
  CAF_CHECK(f.position_sign_changed);
  CAF_CHECK_EQUAL(f.timestamp_ms, 1785277065764);
}

CAF_TEST(own fill as the selling taker) {
  auto u = frame<account_trades_update>(
      "account_all_trades_update_seller_taker__lev7_testnet.json");
  auto fills = own_fills_of(u.trades.at(0), 8);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  const auto& f = fills[0];
  CAF_CHECK(f.is_ask);
  CAF_CHECK(!f.is_maker);
  CAF_CHECK_EQUAL(f.order_index, 562949966488741);
  CAF_CHECK_EQUAL(f.client_order_index, 178527705621210);
  CAF_CHECK_EQUAL(f.price.value, 639'600);
  CAF_CHECK_EQUAL(f.position_before.value_or(qty_lots{0}).value, 1);
}

CAF_TEST(own fill on SOL with both sign changes) {
  auto u = frame<account_trades_update>(
      "account_all_trades_update_maker_sign_changed__lev7_testnet.json");
  const auto& t = u.trades.at(0);
  CAF_CHECK_EQUAL(t.market_id, 2);
  CAF_CHECK_EQUAL(t.price.value, 74'153);
  CAF_CHECK_EQUAL(t.size.value, 1);
  CAF_CHECK(t.maker_position_sign_changed);
  auto fills = own_fills_of(t, 8);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  CAF_CHECK(!fills[0].is_ask);
  CAF_CHECK(!fills[0].is_maker);
  CAF_CHECK_EQUAL(fills[0].position_before.value_or(qty_lots{0}).value, -1);
  CAF_CHECK(fills[0].position_sign_changed);
}

CAF_TEST(own fills of unknown markets are skipped and listed) {
  market_table only_eth;
  only_eth.add(0, market_decimals{2, 4});
  auto r = dec.decode(
      load_payload(
          "ws/account_all_trades_update_buyer_taker__lev7_testnet.json"),
      only_eth);
  CAF_REQUIRE(r);
  const auto& u = std::get<account_trades_update>(*r);
  CAF_CHECK(u.trades.empty());
  CAF_REQUIRE_EQUAL(u.unknown_markets.size(), 1u);
  CAF_CHECK_EQUAL(u.unknown_markets[0], 1);
}

CAF_TEST(order updates of one market) {
  auto u = frame<account_orders_update>(
      "account_orders_update__nautilus_HANDWRITTEN.json");
  CAF_CHECK_EQUAL(u.account, 1234);
  CAF_CHECK_EQUAL(u.market_id.value_or(-1), 0);
  CAF_CHECK_EQUAL(u.nonce, 9182390020);
  CAF_REQUIRE_EQUAL(u.orders.size(), 1u);
  const auto& o = u.orders[0];
  CAF_CHECK_EQUAL(o.order_index, 281476929510110);
  CAF_CHECK_EQUAL(o.client_order_index, 42);
  CAF_CHECK_EQUAL(o.remaining_size.value, 30);
  CAF_CHECK_EQUAL(o.filled_size.value, 20);
  CAF_CHECK_EQUAL(o.filled_quote.value, 4'705'480);
  CAF_CHECK_EQUAL(o.updated_at_ms, 1777941383900);
  CAF_CHECK(o.status == order_status::open);
}

CAF_TEST(order updates of all markets) {
  // No capture of account_all_orders exists; shape per protocol notes 6.3.
  auto r = dec.decode(
      R"({"type":"update/account_all_orders","channel":"account_all_orders:77",)"
      R"("orders":{"0":[{"order_index":281476929510110,"client_order_index":7,)"
      R"("market_index":0,"price":"2352.74","remaining_base_amount":"0.0000",)"
      R"("initial_base_amount":"0.0050","is_ask":false,)"
      R"("status":"canceled-post-only","time_in_force":"post-only"}],)"
      R"("5":[{"order_index":1,"market_index":5,"price":"1","is_ask":true,)"
      R"("remaining_base_amount":"1","status":"open"}]}})",
      markets);
  CAF_REQUIRE(r);
  const auto& u = std::get<account_orders_update>(*r);
  CAF_CHECK_EQUAL(u.account, 77);
  CAF_CHECK(!u.market_id);
  CAF_REQUIRE_EQUAL(u.orders.size(), 1u);
  CAF_CHECK(u.orders[0].status == order_status::canceled);
  CAF_CHECK_EQUAL(u.orders[0].status_text, "canceled-post-only");
  CAF_CHECK(u.orders[0].time_in_force == order_time_in_force::post_only);
  CAF_REQUIRE_EQUAL(u.unknown_markets.size(), 1u);
  CAF_CHECK_EQUAL(u.unknown_markets[0], 5);
}

CAF_TEST(position updates keyed by market) {
  auto u = frame<account_positions_update>(
      "account_all_positions_update__nautilus_HANDWRITTEN.json");
  CAF_CHECK_EQUAL(u.account, 1234);
  CAF_REQUIRE_EQUAL(u.positions.size(), 1u);
  const auto& p = u.positions[0];
  CAF_CHECK_EQUAL(p.market_id, 0);
  CAF_CHECK_EQUAL(p.size.value, 15'000);
  CAF_CHECK_EQUAL(p.avg_entry_price.value, 235'010);
  CAF_CHECK_EQUAL(p.liquidation_price.value, 190'000);
  CAF_CHECK(p.position_value == usdc_amount{3'525'150'000});
  CAF_CHECK(p.unrealized_pnl == usdc_amount{3'450'000});
  CAF_CHECK(p.allocated_margin == usdc_amount{176'250'000});
  CAF_CHECK(p.initial_margin_fraction == (decimal_value{5, 2}));
  CAF_CHECK_EQUAL(p.open_order_count, 1);
}

CAF_TEST(asset balances keep the decimals of each asset) {
  auto s = frame<account_assets_update>(
      "account_all_assets_subscribed__nautilus_redacted.json");
  CAF_CHECK_EQUAL(s.account, 1234);
  CAF_CHECK(s.is_snapshot);
  CAF_REQUIRE_EQUAL(s.assets.size(), 1u);
  CAF_CHECK_EQUAL(s.assets[0].symbol, "USDC");
  CAF_CHECK_EQUAL(s.assets[0].asset_id, 3);
  CAF_CHECK(s.assets[0].balance == (decimal_value{10, 0}));
  CAF_CHECK_EQUAL(s.assets[0].margin_mode, "disabled");
  CAF_CHECK(s.assets[0].margin_balance == (decimal_value{40, 0}));
  auto u = frame<account_assets_update>(
      "account_all_assets_update__ccxt_comment_redacted.json");
  CAF_REQUIRE_EQUAL(u.assets.size(), 2u);
  CAF_CHECK(u.assets[0].balance == (decimal_value{71'072, 4}));
  CAF_CHECK(u.assets[1].balance == (decimal_value{6'343'581'906, 6}));
  CAF_CHECK(u.assets[1].locked_balance == (decimal_value{297, 0}));
  CAF_CHECK(!u.assets[1].margin_balance);
}

CAF_TEST(user stats give collateral and available balance) {
  auto s =
      frame<user_stats_update>("user_stats_subscribed__nautilus_redacted.json");
  CAF_CHECK_EQUAL(s.account, 1234);
  CAF_CHECK(s.stats.collateral == usdc_amount{39'995'369});
  CAF_CHECK(s.stats.available_balance == usdc_amount{39'168'314});
  CAF_CHECK(s.stats.portfolio_value == usdc_amount{39'995'169});
  CAF_CHECK(s.stats.buying_power == usdc_amount{0});
  CAF_CHECK(s.stats.leverage == (decimal_value{41, 2}));
  CAF_CHECK(s.stats.margin_usage == (decimal_value{207, 2}));
  CAF_REQUIRE(s.cross);
  CAF_CHECK(s.cross->collateral == usdc_amount{39'995'369});
  CAF_REQUIRE(s.total);
  CAF_CHECK(s.total->available_balance == usdc_amount{39'168'314});
}

CAF_TEST(sendtx replies echo the id and carry the hash) {
  auto r = frame<tx_reply>("sendtx_reply_ok__ccxt_comment.json");
  CAF_CHECK(r.ok());
  CAF_CHECK(!r.batch);
  CAF_CHECK_EQUAL(r.id, "1786459718284");
  CAF_REQUIRE_EQUAL(r.tx_hashes.size(), 1u);
  CAF_CHECK_EQUAL(r.tx_hashes[0],
                  "9959d3feb30d0a89fcfd4532f071ac99a98ee1202aa2a7f2c1299932b1"
                  "e540b6ecdabd2b92616a14");
  CAF_CHECK_EQUAL(r.predicted_execution_time_ms, 1786459719662);
  auto b = frame<tx_reply>(
      "sendtxbatch_reply_ok__ccxt_comment_SHORTENED_HASHES.json");
  CAF_CHECK(b.ok());
  CAF_CHECK(b.batch);
  CAF_REQUIRE_EQUAL(b.tx_hashes.size(), 2u);
  CAF_CHECK_EQUAL(b.tx_hashes[0], "9959d3feb30d0a89");
  CAF_CHECK_EQUAL(b.tx_hashes[1], "fcfd4532f071ac99");
}

CAF_TEST(sendtx rejections in both guessed shapes) {
  auto r = frame<tx_reply>("sendtx_reply_error__nautilus_HANDWRITTEN.json");
  CAF_CHECK(!r.ok());
  CAF_CHECK_EQUAL(r.code, 21727);
  CAF_CHECK_EQUAL(r.message, "invalid client order index");
  CAF_CHECK(classify(r.code, r.message) == error_class::drop_order);
  auto n = dec.decode(R"({"type":"jsonapi/sendtxbatch","id":"9",)"
                      R"("error":{"code":21104,"message":"invalid nonce"}})",
                      markets);
  CAF_REQUIRE(n);
  const auto& nr = std::get<tx_reply>(*n);
  CAF_CHECK(nr.batch);
  CAF_CHECK_EQUAL(nr.id, "9");
  CAF_CHECK_EQUAL(nr.code, 21104);
  CAF_CHECK(classify(nr.code, nr.message) == error_class::resync_nonce);
}

CAF_TEST(unknown frame types are kept as ws_other) {
  auto r = dec.decode(R"({"type":"update/account_tx","channel":"account_tx:8",)"
                      R"("txs":[]})",
                      markets);
  CAF_REQUIRE(r);
  const auto& o = std::get<ws_other>(*r);
  CAF_CHECK_EQUAL(o.type, "update/account_tx");
  CAF_CHECK_EQUAL(o.channel, "account_tx:8");
}

CAF_TEST(malformed frames give clear errors) {
  auto a = dec.decode(R"({"channel":"height","height":1})", markets);
  CAF_REQUIRE(!a);
  CAF_CHECK_EQUAL(a.error().message, "ws frame: missing required field type");
  auto b = dec.decode(R"({"type":"update/height","height":)", markets);
  CAF_CHECK(!b);
  auto c = dec.decode("not json", markets);
  CAF_CHECK(!c);
  auto d =
      dec.decode(R"({"type":"update/height","channel":"height"})", markets);
  CAF_REQUIRE(!d);
  CAF_CHECK_EQUAL(d.error().message, "ws frame: missing required field height");
  auto e = dec.decode(
      R"({"type":"update/order_book","channel":"order_book:0","order_book":)"
      R"({"asks":[{"price":"1.001","size":"1"}],"bids":[]}})",
      markets);
  CAF_REQUIRE(!e);
  CAF_CHECK_EQUAL(e.error().message,
                  "ws frame: order_book: asks: [0]: price: \"1.001\" is not a "
                  "decimal with at most 2 decimals");
  auto f = dec.decode(R"({"type":"update/order_book","channel":"order_book:0",)"
                      R"("order_book":{"asks":[{"price":"1.00"}],"bids":[]}})",
                      markets);
  CAF_REQUIRE(!f);
  CAF_CHECK_EQUAL(f.error().message,
                  "ws frame: order_book: asks: [0]: missing required field "
                  "size");
  auto g = dec.decode(R"({"error":{"message":"x"}})", markets);
  CAF_CHECK(!g);
  auto h = dec.decode(R"({"type":"pong"} {"type":"pong"})", markets);
  CAF_CHECK(!h);
}

CAF_TEST_FIXTURE_SCOPE_END()
