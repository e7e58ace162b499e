#define CAF_SUITE codec_rest_payloads
#include "caf/test/unit_test.hpp"

#include "codec_test_util.hpp"

#include "lighter/codec/error_classifier.hpp"
#include "lighter/codec/rest_decoder.hpp"

using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::quote_units;

namespace {

struct fixture {
  rest_decoder dec;
  market_table markets = payload_markets();
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(rest_payloads, fixture)

CAF_TEST(orderBooks gives market metadata with supported decimals) {
  auto r =
      dec.order_books(load_payload("rest/orderBooks__nautilus_mainnet.json"));
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 1u);
  const auto& m = r->front();
  CAF_CHECK_EQUAL(m.symbol, "ETH");
  CAF_CHECK_EQUAL(m.market_id, 0);
  CAF_CHECK_EQUAL(m.market_type, "perp");
  CAF_CHECK(m.is_active());
  CAF_CHECK(m.decimals == (market_decimals{2, 4}));
  CAF_CHECK_EQUAL(m.min_base.value, 50);
  CAF_CHECK_EQUAL(m.min_quote.value, 10'000'000);
  CAF_CHECK_EQUAL(m.taker_fee_ppm, 0);
  CAF_CHECK_EQUAL(m.liquidation_fee_ppm, 10'000);
  CAF_CHECK_EQUAL(m.default_initial_margin_fraction, 0);
}

CAF_TEST(orderBooks of the newer shape lists inactive markets too) {
  auto r = dec.order_books(
      load_payload("rest/orderBooks__lev7_mainnet_truncated.json"));
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 3u);
  CAF_CHECK_EQUAL((*r)[0].symbol, "MAGS");
  CAF_CHECK_EQUAL((*r)[0].market_id, 155);
  CAF_CHECK(!(*r)[0].is_active());
  CAF_CHECK(((*r)[0].decimals == market_decimals{3, 3}));
  CAF_CHECK_EQUAL((*r)[0].min_base.value, 100);
  CAF_CHECK_EQUAL((*r)[1].symbol, "RAIL");
  CAF_CHECK((*r)[1].is_active());
  CAF_CHECK(((*r)[1].decimals == market_decimals{4, 2}));
  CAF_CHECK_EQUAL((*r)[1].min_base.value, 200);
  CAF_CHECK_EQUAL((*r)[1].min_quote.value, 10'000'000);
  CAF_CHECK_EQUAL((*r)[2].market_id, 152);
  CAF_CHECK_EQUAL((*r)[2].min_base.value, 100);
}

CAF_TEST(orderBookDetails converts to a strategy market_spec) {
  auto r = dec.order_book_details(
      load_payload("rest/orderBookDetails__nautilus_mainnet.json"));
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 1u);
  const auto& m = r->front();
  CAF_CHECK_EQUAL(m.symbol, "ETH");
  CAF_CHECK(m.decimals == (market_decimals{2, 4}));
  CAF_CHECK_EQUAL(m.supported_quote_decimals, 6);
  CAF_CHECK_EQUAL(m.maker_fee_ppm, 0);
  CAF_CHECK_EQUAL(m.default_initial_margin_fraction, 500);
  CAF_CHECK_EQUAL(m.min_initial_margin_fraction, 200);
  CAF_CHECK_EQUAL(m.maintenance_margin_fraction, 120);
  CAF_CHECK_EQUAL(m.closeout_margin_fraction, 80);
  auto spec = m.to_market_spec();
  CAF_CHECK_EQUAL(spec.symbol, "ETH");
  CAF_CHECK_EQUAL(spec.price_decimals, 2);
  CAF_CHECK_EQUAL(spec.size_decimals, 4);
  CAF_CHECK_EQUAL(spec.tick, 1);
  CAF_CHECK_EQUAL(spec.lot, 1);
  CAF_CHECK_EQUAL(spec.min_base.value, 50);
  CAF_CHECK_EQUAL(spec.min_quote.value, 10'000'000);
  market_table t;
  t.add_all(*r);
  CAF_REQUIRE(t.find(0) != nullptr);
  CAF_CHECK(*t.find(0) == (market_decimals{2, 4}));
  CAF_CHECK(t.find(1) == nullptr);
}

CAF_TEST(fee percent strings become ppm exactly) {
  auto r = dec.order_book_details(
      R"({"code":200,"order_book_details":[{"symbol":"X","market_id":7,)"
      R"("taker_fee":"0.0200","maker_fee":"0.0028","liquidation_fee":"1.0000",)"
      R"("min_base_amount":"0.00501","min_quote_amount":"10.0000005",)"
      R"("size_decimals":4,"price_decimals":2}]})");
  CAF_REQUIRE(r);
  const auto& m = r->front();
  CAF_CHECK_EQUAL(m.taker_fee_ppm, 200);
  CAF_CHECK_EQUAL(m.maker_fee_ppm, 28);
  // Minimums with more digits than the market round up, never down.
  CAF_CHECK_EQUAL(m.min_base.value, 51);
  CAF_CHECK_EQUAL(m.min_quote.value, 10'000'001);
  auto bad = dec.order_book_details(
      R"({"code":200,"order_book_details":[{"symbol":"X","market_id":7,)"
      R"("taker_fee":"0.00001","min_base_amount":"1","min_quote_amount":"1",)"
      R"("size_decimals":4,"price_decimals":2}]})");
  CAF_CHECK(!bad);
}

CAF_TEST(nextNonce gives the next nonce) {
  auto r = dec.next_nonce(load_payload("rest/nextNonce__lev7_mainnet.json"));
  CAF_REQUIRE(r);
  CAF_CHECK_EQUAL(*r, 1);
}

CAF_TEST(account of the current shape has no positions) {
  auto r = dec.accounts(
      load_payload("rest/account__lev7_mainnet_truncated.json"), markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 1u);
  const auto& a = r->front();
  CAF_CHECK_EQUAL(a.index, 1);
  CAF_CHECK_EQUAL(a.account_type, 0);
  CAF_CHECK_EQUAL(a.status, 1);
  CAF_CHECK_EQUAL(a.l1_address, "0x0000000000000000000000000000000000000000");
  CAF_CHECK(a.collateral == usdc_amount{0});
  CAF_CHECK(a.available_balance == usdc_amount{0});
  CAF_CHECK(a.positions.empty());
  CAF_CHECK(a.assets.empty());
}

CAF_TEST(account with assets and a sub - account) {
  auto r = dec.accounts(
      load_payload("rest/account_with_assets_and_subaccount__ccxt.json"),
      markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 2u);
  const auto& a = (*r)[0];
  CAF_CHECK_EQUAL(a.index, 1077);
  CAF_CHECK(a.available_balance == usdc_amount{12'606'880'799});
  CAF_CHECK(a.collateral == usdc_amount{9'100'242'706});
  CAF_CHECK(a.total_asset_value == usdc_amount{15'323'479'477});
  CAF_CHECK_EQUAL(a.total_order_count, 1);
  CAF_REQUIRE_EQUAL(a.assets.size(), 2u);
  CAF_CHECK_EQUAL(a.assets[0].symbol, "ETH");
  CAF_CHECK_EQUAL(a.assets[0].asset_id, 1);
  CAF_CHECK_EQUAL(a.assets[0].balance.to_scaled(8).value_or(-1), 300'000'000);
  CAF_CHECK_EQUAL(a.assets[1].asset_id, 3);
  CAF_CHECK_EQUAL(a.assets[1].balance.to_scaled(6).value_or(-1), 989'000'000);
  CAF_CHECK_EQUAL(a.assets[1].locked_balance.to_scaled(6).value_or(-1),
                  100'000'000);
  const auto& sub = (*r)[1];
  CAF_CHECK_EQUAL(sub.index, 281474976710608);
  CAF_CHECK_EQUAL(sub.account_type, 1);
  CAF_CHECK_EQUAL(sub.status, 0);
  CAF_CHECK(sub.total_asset_value == usdc_amount{30'000'000});
  CAF_REQUIRE_EQUAL(sub.assets.size(), 1u);
  CAF_CHECK_EQUAL(sub.assets[0].balance.to_scaled(6).value_or(-1), 11'000'000);
}

CAF_TEST(account with a position gives a signed size and rounded prices) {
  auto r = dec.accounts(load_payload("rest/account_with_position__ccxt.json"),
                        markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 1u);
  const auto& a = r->front();
  CAF_CHECK(a.available_balance == usdc_amount{12'582'743'947});
  // "15298.072264000002" (float noise) rounds to the nearest micro-USDC.
  CAF_CHECK(a.total_asset_value == usdc_amount{15'298'072'264});
  CAF_REQUIRE_EQUAL(a.positions.size(), 1u);
  const auto& p = a.positions[0];
  CAF_CHECK_EQUAL(p.market_id, 0);
  CAF_CHECK_EQUAL(p.symbol, "ETH");
  CAF_CHECK_EQUAL(p.size.value, 180'193);
  CAF_CHECK_EQUAL(p.avg_entry_price.value, 266'984);
  CAF_CHECK_EQUAL(p.liquidation_price.value, 219'111);
  CAF_CHECK(p.position_value == usdc_amount{54'306'566'340});
  CAF_CHECK(p.unrealized_pnl == usdc_amount{6'197'829'558});
  CAF_CHECK(p.realized_pnl == usdc_amount{0});
  CAF_CHECK(p.initial_margin_fraction == (decimal_value{5, 0}));
  CAF_CHECK_EQUAL(p.margin_mode, 0);
  CAF_CHECK(a.unknown_markets.empty());
}

CAF_TEST(a short position carries a negative size) {
  auto r = dec.accounts(
      R"({"code":200,"accounts":[{"index":5,"collateral":"1","available_balance":"1",)"
      R"("positions":[{"market_id":0,"sign":-1,"position":"1.2500"},)"
      R"({"market_id":77,"sign":1,"position":"3"}]}]})",
      markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->front().positions.size(), 1u);
  CAF_CHECK_EQUAL(r->front().positions[0].size.value, -12'500);
  CAF_REQUIRE_EQUAL(r->front().unknown_markets.size(), 1u);
  CAF_CHECK_EQUAL(r->front().unknown_markets[0], 77);
}

CAF_TEST(accountActiveOrders of an older server has timestamps in seconds) {
  auto r = dec.orders(
      load_payload("rest/accountActiveOrders__ccxt_comment_testnet.json"),
      markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->orders.size(), 1u);
  const auto& o = r->orders[0];
  CAF_CHECK_EQUAL(o.order_index, 281474977354074);
  CAF_CHECK_EQUAL(o.client_order_index, 0);
  CAF_CHECK_EQUAL(o.market_id, 0);
  CAF_CHECK_EQUAL(o.owner_account_index, 1077);
  CAF_CHECK_EQUAL(o.initial_size.value, 360'386);
  CAF_CHECK_EQUAL(o.remaining_size.value, 0);
  CAF_CHECK_EQUAL(o.price.value, 222'160);
  CAF_CHECK(o.is_ask);
  CAF_CHECK_EQUAL(o.type, "market");
  CAF_CHECK(o.time_in_force == order_time_in_force::immediate_or_cancel);
  CAF_CHECK(o.status == order_status::canceled);
  CAF_CHECK_EQUAL(o.status_text, "canceled-margin-not-allowed");
  CAF_CHECK(o.is_final());
  CAF_CHECK_EQUAL(o.nonce, 643418);
  CAF_CHECK_EQUAL(o.block_height, 102202);
  CAF_CHECK_EQUAL(o.timestamp_ms, 1766387932000);
  CAF_CHECK_EQUAL(o.created_at_ms, 1766387932000);
  CAF_CHECK_EQUAL(o.transaction_time_us, 0);
}

CAF_TEST(accountInactiveOrders has the full current order field list) {
  auto r = dec.orders(
      load_payload(
          "rest/accountInactiveOrders__nautilus_SCHEMA_HANDWRITTEN.json"),
      markets);
  CAF_REQUIRE(r);
  CAF_CHECK_EQUAL(r->next_cursor, "cursor-1");
  CAF_REQUIRE_EQUAL(r->orders.size(), 1u);
  const auto& o = r->orders[0];
  CAF_CHECK_EQUAL(o.order_index, 281476929510110);
  CAF_CHECK_EQUAL(o.client_order_index, 42);
  CAF_CHECK_EQUAL(o.owner_account_index, 712440);
  CAF_CHECK_EQUAL(o.initial_size.value, 50);
  CAF_CHECK_EQUAL(o.remaining_size.value, 50);
  CAF_CHECK_EQUAL(o.price.value, 235'274);
  CAF_CHECK_EQUAL(o.nonce, 9182390020);
  CAF_CHECK(o.time_in_force == order_time_in_force::good_till_time);
  CAF_CHECK(o.status == order_status::open);
  CAF_CHECK(!o.is_final());
  CAF_CHECK_EQUAL(o.order_expiry_ms, 1780360584479);
  CAF_CHECK_EQUAL(o.timestamp_ms, 1777941383576);
  CAF_CHECK_EQUAL(o.transaction_time_us, 1777941383576735);
}

CAF_TEST(candles of the current endpoint round float prices to ticks) {
  market_decimals btc{1, 5};
  auto r = dec.candles(
      load_payload("rest/candles__lev7_mainnet_truncated.json"), btc);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 3u);
  const auto& k = (*r)[0];
  CAF_CHECK_EQUAL(k.start_ms, 1750003200000);
  CAF_CHECK_EQUAL(k.open.value, 1'056'228);
  CAF_CHECK_EQUAL(k.high.value, 1'057'366);
  CAF_CHECK_EQUAL(k.low.value, 1'053'615);
  CAF_CHECK_EQUAL(k.close.value, 1'055'942);
  CAF_CHECK(k.base_volume > 602.98 && k.base_volume < 603.0);
  CAF_CHECK_EQUAL(k.last_trade_id, 35162587);
  CAF_CHECK_EQUAL((*r)[1].close.value, 1'057'540);
  CAF_CHECK_EQUAL((*r)[2].open.value, 1'057'540);
}

CAF_TEST(candlesticks of the legacy endpoint use long keys) {
  auto r =
      dec.candles(load_payload("rest/candlesticks_legacy__ccxt_mainnet.json"),
                  market_decimals{2, 4});
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 1u);
  const auto& k = (*r)[0];
  CAF_CHECK_EQUAL(k.start_ms, 1763090460000);
  CAF_CHECK_EQUAL(k.open.value, 322'332);
  CAF_CHECK_EQUAL(k.high.value, 322'461);
  CAF_CHECK_EQUAL(k.low.value, 322'110);
  CAF_CHECK_EQUAL(k.close.value, 322'356);
  CAF_CHECK(k.base_volume > 183.81 && k.base_volume < 183.82);
  CAF_CHECK(k.quote_volume > 592414.8 && k.quote_volume < 592414.9);
  CAF_CHECK_EQUAL(k.last_trade_id, 476396604);
}

CAF_TEST(recentTrades with both hash forms and optional fees) {
  auto r = dec.trades(
      load_payload("rest/recentTrades__lev7_mainnet_truncated.json"), markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->trades.size(), 3u);
  const auto& t = r->trades[0];
  CAF_CHECK_EQUAL(t.trade_id, 26101748593);
  CAF_CHECK_EQUAL(t.tx_hash, "0000001975dc1cb90000019f9bf07f520000000000000000"
                             "00000000000000000000000000000000");
  CAF_CHECK_EQUAL(t.type, "trade");
  CAF_CHECK_EQUAL(t.market_id, 1);
  CAF_CHECK_EQUAL(t.size.value, 9);
  CAF_CHECK_EQUAL(t.price.value, 645'042);
  CAF_CHECK_EQUAL(t.usd_amount.value, 5'805'378);
  CAF_CHECK_EQUAL(t.ask_id, 562952978921192);
  CAF_CHECK_EQUAL(t.bid_id, 844421858182967);
  CAF_CHECK_EQUAL(t.ask_client_id, 240200955866317);
  CAF_CHECK_EQUAL(t.bid_client_id, 49029667912);
  CAF_CHECK_EQUAL(t.ask_account_id, 702384);
  CAF_CHECK_EQUAL(t.bid_account_id, 281474976516060);
  CAF_CHECK(t.is_maker_ask);
  CAF_CHECK_EQUAL(t.block_height, 299820553);
  CAF_CHECK_EQUAL(t.timestamp_ms, 1785027657554);
  CAF_CHECK_EQUAL(t.transaction_time_us, 1785027657572944);
  CAF_CHECK(!t.taker_fee_ppm);
  CAF_CHECK_EQUAL(t.maker_fee_ppm.value_or(-1), 28);
  CAF_CHECK_EQUAL(t.taker_position_size_before.value_or(qty_lots{-1}).value,
                  13'021);
  CAF_CHECK_EQUAL(t.maker_position_size_before.value_or(qty_lots{-1}).value,
                  50'767);
  CAF_CHECK_EQUAL(r->trades[1].tx_hash.size(), 80u);
  CAF_CHECK_EQUAL(r->trades[2].taker_fee_ppm.value_or(-1), 50);
  CAF_CHECK_EQUAL(r->trades[2].bid_client_id, 0);
}

CAF_TEST(recentTrades of ETH keeps a short maker position negative) {
  auto r = dec.trades(load_payload("rest/recentTrades__nautilus_mainnet.json"),
                      markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->trades.size(), 1u);
  const auto& t = r->trades[0];
  CAF_CHECK_EQUAL(t.trade_id, 19211490282);
  CAF_CHECK_EQUAL(t.size.value, 5);
  CAF_CHECK_EQUAL(t.price.value, 236'131);
  CAF_CHECK_EQUAL(t.usd_amount.value, 1'180'655);
  CAF_CHECK(!t.is_maker_ask);
  CAF_CHECK_EQUAL(t.maker_position_size_before.value_or(qty_lots{0}).value,
                  -760'264);
}

CAF_TEST(account trades give our own fill) {
  auto r = dec.trades(
      load_payload("rest/trades_account__ccxt_comment_testnet.json"), markets);
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->trades.size(), 1u);
  const auto& t = r->trades[0];
  CAF_CHECK_EQUAL(t.trade_id, 17609);
  CAF_CHECK_EQUAL(t.size.value, 102'304);
  CAF_CHECK_EQUAL(t.price.value, 295'875);
  CAF_CHECK_EQUAL(t.transaction_time_us, 0);
  auto fills = own_fills_of(t, 1077);
  CAF_REQUIRE_EQUAL(fills.size(), 1u);
  const auto& f = fills[0];
  CAF_CHECK(!f.is_ask);
  CAF_CHECK(!f.is_maker);
  CAF_CHECK_EQUAL(f.order_index, 562949952870533);
  CAF_CHECK_EQUAL(f.client_order_index, 0);
  CAF_CHECK_EQUAL(f.price.value, 295'875);
  CAF_CHECK_EQUAL(f.size.value, 102'304);
  CAF_CHECK(!f.fee_ppm);
  CAF_CHECK_EQUAL(f.position_before.value_or(qty_lots{-1}).value, 0);
  CAF_CHECK(f.position_sign_changed);
  CAF_CHECK(own_fills_of(t, 999).empty());
}

CAF_TEST(orderBookOrders of three captures) {
  auto a = dec.order_book_orders(
      load_payload("rest/orderBookOrders__ccxt_mainnet.json"),
      market_decimals{2, 4});
  CAF_REQUIRE(a);
  CAF_CHECK_EQUAL(a->total_asks, 1);
  CAF_REQUIRE_EQUAL(a->asks.size(), 1u);
  CAF_CHECK_EQUAL(a->asks[0].order_index, 281475565888172);
  CAF_CHECK_EQUAL(a->asks[0].owner_account_index, 134436);
  CAF_CHECK_EQUAL(a->asks[0].price.value, 343'000);
  CAF_CHECK_EQUAL(a->asks[0].remaining_size.value, 2'000);
  CAF_CHECK_EQUAL(a->asks[0].order_expiry_ms, 1765419046807);
  CAF_REQUIRE_EQUAL(a->bids.size(), 1u);
  CAF_CHECK_EQUAL(a->bids[0].price.value, 342'980);
  CAF_CHECK_EQUAL(a->bids[0].initial_size.value, 17'361);
  CAF_CHECK_EQUAL(a->bids[0].remaining_size.value, 13'237);

  auto b = dec.order_book_orders(
      load_payload("rest/orderBookOrders__lev7_mainnet_truncated.json"),
      market_decimals{1, 5});
  CAF_REQUIRE(b);
  CAF_CHECK_EQUAL(b->total_asks, 5);
  CAF_REQUIRE_EQUAL(b->asks.size(), 3u);
  CAF_CHECK_EQUAL(b->asks[0].price.value, 645'042);
  CAF_CHECK_EQUAL(b->asks[0].remaining_size.value, 17'551);
  CAF_REQUIRE_EQUAL(b->bids.size(), 3u);
  CAF_CHECK_EQUAL(b->bids[0].owner_account_index, 281474976641952);
  CAF_CHECK_EQUAL(b->bids[1].price.value, 645'000);
  CAF_CHECK_EQUAL(b->bids[2].price.value, 645'000);

  auto c = dec.order_book_orders(
      load_payload("rest/orderBookOrders__nautilus_mainnet.json"),
      market_decimals{2, 4});
  CAF_REQUIRE(c);
  CAF_CHECK_EQUAL(c->asks[0].price.value, 236'132);
  CAF_CHECK_EQUAL(c->asks[0].remaining_size.value, 317);
  CAF_CHECK_EQUAL(c->bids[0].price.value, 236'117);
  CAF_CHECK_EQUAL(c->bids[0].remaining_size.value, 34'125);
  CAF_CHECK_EQUAL(c->bids[0].transaction_time_us, 0);
}

CAF_TEST(an aggregated depth body gives levels offset and nonce) {
  auto r = dec.order_book_depth(
      load_payload("rest/orderBookDepth__nautilus_SCHEMA_HANDWRITTEN.json"),
      market_decimals{2, 4});
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->asks.size(), 1u);
  CAF_CHECK(r->asks[0] == (book_level{price_ticks{235'274}, qty_lots{50}}));
  CAF_REQUIRE_EQUAL(r->bids.size(), 1u);
  CAF_CHECK(r->bids[0] == (book_level{price_ticks{235'271}, qty_lots{2'125}}));
  CAF_CHECK_EQUAL(r->offset, 1558300);
  CAF_CHECK_EQUAL(r->nonce.value_or(0), 9182390020);
}

CAF_TEST(sendTx success has a json message and a hash) {
  auto r = dec.send_tx(
      load_payload("rest/sendTx_ok__ccxt_comment_REDACTED_HASH.json"));
  CAF_REQUIRE(r);
  CAF_CHECK(r->ok());
  CAF_CHECK(!r->batch);
  CAF_CHECK_EQUAL(r->message, R"({"ratelimit": "didn't use volume quota"})");
  CAF_REQUIRE_EQUAL(r->tx_hashes.size(), 1u);
  CAF_CHECK_EQUAL(r->tx_hashes[0], "txhash");
  CAF_CHECK_EQUAL(r->predicted_execution_time_ms, 1766088500120);
  CAF_CHECK(!r->volume_quota_remaining);
}

CAF_TEST(sendTxBatch success has an array of hashes) {
  // No capture of a REST batch reply exists; the shape follows the WS one.
  auto r = dec.send_tx(R"({"code":200,"message":"ok","tx_hash":["aa","bb"],)"
                       R"("predicted_execution_time_ms":5,)"
                       R"("volume_quota_remaining":10780})");
  CAF_REQUIRE(r);
  CAF_CHECK(r->batch);
  CAF_REQUIRE_EQUAL(r->tx_hashes.size(), 2u);
  CAF_CHECK_EQUAL(r->tx_hashes[1], "bb");
  CAF_CHECK_EQUAL(r->volume_quota_remaining.value_or(0), 10780);
}

CAF_TEST(fundings are in seconds with decimal strings) {
  auto r = dec.fundings(load_payload("rest/fundings__nautilus.json"));
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 2u);
  CAF_CHECK_EQUAL((*r)[0].timestamp_ms, 1778702400000);
  CAF_CHECK((*r)[0].value == (decimal_value{2'707'872, 8}));
  CAF_CHECK((*r)[0].rate == (decimal_value{12, 4}));
  CAF_CHECK_EQUAL((*r)[0].direction, "long");
  CAF_CHECK_EQUAL((*r)[1].direction, "short");
}

CAF_TEST(funding rates come as floats) {
  auto r =
      dec.funding_rates(load_payload("rest/funding_rates__ccxt_mainnet.json"));
  CAF_REQUIRE(r);
  CAF_REQUIRE_EQUAL(r->size(), 1u);
  CAF_CHECK_EQUAL((*r)[0].market_id, 0);
  CAF_CHECK_EQUAL((*r)[0].exchange, "lighter");
  CAF_CHECK_EQUAL((*r)[0].symbol, "ETH");
  CAF_CHECK((*r)[0].rate > 0.0000959 && (*r)[0].rate < 0.0000961);
}

CAF_TEST(the root status uses status instead of code) {
  auto r = dec.status(load_payload("rest/status_root__ccxt_mainnet.json"));
  CAF_REQUIRE(r);
  CAF_CHECK_EQUAL(r->status, 200);
  CAF_CHECK_EQUAL(r->network_id, 1);
  CAF_CHECK_EQUAL(r->timestamp_ms, 1763005601000);
}

CAF_TEST(withdrawalDelay has no code field) {
  auto r = dec.withdrawal_delay(
      load_payload("rest/withdrawalDelay_no_code_field__lev7_mainnet.json"));
  CAF_REQUIRE(r);
  CAF_CHECK_EQUAL(*r, 1805);
}

CAF_TEST(error bodies map to their error class) {
  struct row {
    const char* file;
    int64_t code;
    const char* message;
    error_class cls;
  };
  row rows[] = {
      {"rest/error_20001_invalid_param_http400__lev7_mainnet.json", 20001,
       "invalid param ", error_class::fatal},
      {"rest/error_20001_missing_auth_http400__lev7_mainnet.json", 20001,
       "invalid param : auth query param and Authorization header are empty",
       error_class::reauth},
      {"rest/error_20558_geo_restricted_sendTx_http400__lev7_mainnet.json",
       20558,
       "You are accessing Lighter from a restricted jurisdiction. For more "
       "information, see the https://lighter.xyz/terms",
       error_class::fatal},
      {"rest/error_29404_not_found_http400__lev7_mainnet.json", 29404,
       "not found", error_class::not_found},
  };
  for (const auto& x : rows) {
    CAF_MESSAGE(x.file);
    std::string body = load_payload(x.file);
    auto e = dec.error_body(body);
    CAF_REQUIRE(e);
    CAF_CHECK_EQUAL(e->code, x.code);
    CAF_CHECK_EQUAL(e->message, x.message);
    CAF_CHECK(classify(*e) == x.cls);
    CAF_CHECK(classify_http(400, *e) == x.cls);
    // A regular decoder handed an error body reports the exchange's error.
    auto wrong = dec.send_tx(body);
    CAF_REQUIRE(!wrong);
    CAF_REQUIRE(wrong.error().api);
    CAF_CHECK_EQUAL(wrong.error().api->code, x.code);
  }
}

CAF_TEST(a success body is not an error body) {
  CAF_CHECK(!dec.error_body(load_payload("rest/nextNonce__lev7_mainnet.json")));
  CAF_CHECK(!dec.error_body(R"({"seconds":3})"));
}

CAF_TEST(malformed bodies and missing fields give clear errors) {
  auto a = dec.next_nonce(R"({"code":200,"nonce":)");
  CAF_REQUIRE(!a);
  CAF_CHECK(!a.error().api);
  CAF_MESSAGE(a.error().message);
  auto b = dec.next_nonce(R"({"code":200})");
  CAF_REQUIRE(!b);
  CAF_CHECK_EQUAL(b.error().message, "nextNonce: missing required field nonce");
  auto c = dec.next_nonce("");
  CAF_CHECK(!c);
  auto d = dec.next_nonce("[1,2]");
  CAF_REQUIRE(!d);
  CAF_CHECK_EQUAL(d.error().message, "nextNonce: expected a JSON object");
  auto e = dec.next_nonce(R"({"code":200,"nonce":1} {"x":1})");
  CAF_CHECK(!e);
  auto f = dec.next_nonce(R"({"code":200,"nonce":"seven"})");
  CAF_REQUIRE(!f);
  CAF_MESSAGE(f.error().message);
  // A price with more decimals than the market is an error, not rounded.
  auto g = dec.order_book_orders(
      R"({"code":200,"asks":[{"order_index":1,"price":"1.005",)"
      R"("remaining_base_amount":"1"}],"bids":[]})",
      market_decimals{2, 4});
  CAF_REQUIRE(!g);
  CAF_CHECK_EQUAL(g.error().message,
                  "orderBookOrders: asks: [0]: price: \"1.005\" is not a "
                  "decimal with at most 2 decimals");
  auto h = dec.orders(R"({"code":200,"orders":[{"order_index":1}]})", markets);
  CAF_REQUIRE(!h);
  CAF_CHECK_EQUAL(h.error().message,
                  "orders: orders: [0]: missing required field market_index");
}

CAF_TEST(ids beyond 2 to the 53 stay exact) {
  auto r = dec.orders(
      R"({"code":200,"orders":[{"order_index":1152921504606846975,)"
      R"("order_id":"1152921504606846975","client_order_index":9007199254740993,)"
      R"("market_index":0,"price":"1.00","remaining_base_amount":"0.0001",)"
      R"("is_ask":false,"status":"open"}]})",
      markets);
  CAF_REQUIRE(r);
  CAF_CHECK_EQUAL(r->orders[0].order_index, 1152921504606846975);
  CAF_CHECK_EQUAL(r->orders[0].client_order_index, 9007199254740993);
}

CAF_TEST_FIXTURE_SCOPE_END()
