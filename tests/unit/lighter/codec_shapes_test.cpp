#define CAF_SUITE codec_shapes
#include "caf/test/unit_test.hpp"

#include "codec_test_util.hpp"

#include "lighter/codec/error_classifier.hpp"
#include "lighter/codec/read_only_token.hpp"
#include "lighter/codec/rest_decoder.hpp"
#include "lighter/codec/rest_encoder.hpp"
#include "lighter/codec/ws_decoder.hpp"
#include "lighter/codec/ws_encoder.hpp"

// The reply and frame shapes of protocol notes 13: each one the exchange or
// its spec has been seen to use, so a server switching between them does
// not break the bot. (Captured payloads are in codec_ws_payload_test.)

using namespace trailgrid::lighter;
using namespace trailgrid::lighter::test;

namespace {

struct fixture {
  ws_decoder dec;
  market_table markets = payload_markets();

  template <class T>
  T decode(const std::string& text) {
    auto r = dec.decode(text, markets);
    if (!r) {
      CAF_FAIL(text << ": " << r.error().message);
    }
    if (!std::holds_alternative<T>(*r))
      CAF_FAIL(text << ": unexpected message kind " << r->index());
    return std::get<T>(std::move(*r));
  }
};

const std::string h1 = "9959d3feb30d0a89";
const std::string h2 = "fcfd4532f071ac99";

const std::string order_json =
    R"({"order_index":281476929510110,"client_order_index":42,)"
    R"("market_index":0,"owner_account_index":1234,)"
    R"("initial_base_amount":"0.0050","price":"2352.74",)"
    R"("remaining_base_amount":"0.0030","is_ask":true,"status":"open"})";
const std::string position_json =
    R"({"market_id":0,"symbol":"ETH","sign":-1,"position":"1.5000",)"
    R"("avg_entry_price":"2350.10","position_value":"3525.15",)"
    R"("unrealized_pnl":"3.45","realized_pnl":"0.00"})";
const std::string trade_json =
    R"({"trade_id":5770012,"market_id":0,"size":"0.0020","price":"2352.74",)"
    R"("usd_amount":"4.705480","ask_id":281476929510110,"bid_id":7,)"
    R"("ask_client_id":42,"ask_account_id":1234,"bid_account_id":99,)"
    R"("is_maker_ask":true,"timestamp":1785277065764})";

} // namespace

CAF_TEST_FIXTURE_SCOPE(shapes, fixture)

CAF_TEST(error frames with and without a type decode alike) {
  auto captured = decode<ws_error>(
      R"({"error":{"code":30003,"message":"Already Subscribed to : height"}})");
  auto spec =
      decode<ws_error>(R"({"type":"error","code":30003,)"
                       R"("message":"Already Subscribed to : height"})");
  auto nested =
      decode<ws_error>(R"({"type":"error","id":"17","error":{"code":30003,)"
                       R"("message":"Already Subscribed to : height"}})");
  for (const auto* e : {&captured, &spec, &nested}) {
    CAF_CHECK_EQUAL(e->code, 30003);
    CAF_CHECK_EQUAL(e->message, "Already Subscribed to : height");
    CAF_CHECK(classify(e->code, e->message) == error_class::already_gone);
  }
  CAF_CHECK_EQUAL(nested.id, "17");
  CAF_CHECK(captured.id.empty());
  auto r = dec.decode(R"({"type":"error","message":"no code"})", markets);
  CAF_CHECK(!r);
}

CAF_TEST(tx_hash as a string as an array and tx_hashes all decode) {
  auto one = decode<tx_reply>(R"({"type":"jsonapi/sendtx","id":"1",)"
                              R"("code":200,"tx_hash":")" +
                              h1 + R"("})");
  CAF_CHECK(one.ok());
  CAF_CHECK(!one.batch);
  CAF_CHECK_EQUAL(one.tx_hashes, std::vector<std::string>{h1});
  auto array = decode<tx_reply>(R"({"type":"jsonapi/sendtxbatch","id":"2",)"
                                R"("code":200,"tx_hash":[")" +
                                h1 + R"(",")" + h2 + R"("]})");
  CAF_CHECK(array.batch);
  CAF_CHECK_EQUAL(array.tx_hashes, (std::vector<std::string>{h1, h2}));
  auto hashes = decode<tx_reply>(R"({"type":"jsonapi/sendtxbatch","id":"3",)"
                                 R"("code":200,"tx_hashes":[")" +
                                 h1 + R"(",")" + h2 + R"("]})");
  CAF_CHECK(hashes.batch);
  CAF_CHECK_EQUAL(hashes.tx_hashes, (std::vector<std::string>{h1, h2}));
  // A batch reply with tx_hash as a bare string (the first) next to
  // tx_hashes, in either order: each hash once, in request order.
  for (const auto& text :
       {R"({"type":"jsonapi/sendtxbatch","code":200,"tx_hash":")" + h1 +
            R"(","tx_hashes":[")" + h1 + R"(",")" + h2 + R"("]})",
        R"({"type":"jsonapi/sendtxbatch","code":200,"tx_hashes":[")" + h1 +
            R"(",")" + h2 + R"("],"tx_hash":")" + h1 + R"(","error":null})"}) {
    auto both = decode<tx_reply>(text);
    CAF_CHECK(both.ok());
    CAF_CHECK(both.batch);
    CAF_CHECK_EQUAL(both.tx_hashes, (std::vector<std::string>{h1, h2}));
  }
  // The spec's reply type names.
  auto resp = decode<tx_reply>(R"({"type":"jsonapi/sendtxbatch_response",)"
                               R"("code":200,"tx_hash":")" +
                               h1 + R"("})");
  CAF_CHECK(resp.batch);
}

CAF_TEST(tx rejections with top level nested and text errors) {
  auto top = decode<tx_reply>(R"({"type":"jsonapi/sendtxbatch","id":"4",)"
                              R"("code":21514,"message":"too many txs"})");
  CAF_CHECK(!top.ok());
  CAF_CHECK_EQUAL(top.code, 21514);
  auto nested = decode<tx_reply>(
      R"({"type":"jsonapi/sendtx","id":5,)"
      R"("error":{"code":21728,"message":"duplicate client order index"}})");
  CAF_CHECK_EQUAL(nested.id, "5");
  CAF_CHECK_EQUAL(nested.code, 21728);
  CAF_CHECK(classify(nested.code, nested.message) ==
            error_class::duplicate_client_index);
  auto text = decode<tx_reply>(R"({"type":"jsonapi/sendtx","code":21105,)"
                               R"("error":"nonces not increasing"})");
  CAF_CHECK_EQUAL(text.message, "nonces not increasing");
  CAF_CHECK(classify(text.code, text.message) == error_class::resync_nonce);
}

CAF_TEST(rest sendTxBatch replies accept every hash shape) {
  rest_decoder rd;
  auto a = rd.send_tx(R"({"code":200,"message":"","tx_hash":[")" + h1 +
                      R"(",")" + h2 + R"("]})");
  CAF_REQUIRE(a);
  CAF_CHECK_EQUAL(a->tx_hashes, (std::vector<std::string>{h1, h2}));
  auto b = rd.send_tx(R"({"code":200,"tx_hash":")" + h1 +
                      R"(","tx_hashes":[")" + h1 + R"(",")" + h2 + R"("]})");
  CAF_REQUIRE(b);
  CAF_CHECK_EQUAL(b->tx_hashes, (std::vector<std::string>{h1, h2}));
}

CAF_TEST(account_market carries orders position and fills of one market) {
  CAF_CHECK_EQUAL(channel::account_market(0, 1234), "account_market/0/1234");
  auto u = decode<account_market_update>(
      R"({"type":"update/account_market","channel":"account_market:0:1234",)"
      R"("account":1234,"assets":null,"funding_history":null,"orders":[)" +
      order_json + R"(],"position":[)" + position_json + R"(],"trades":[)" +
      trade_json + R"(],"timestamp":1785277065800})");
  CAF_CHECK_EQUAL(u.account, 1234);
  CAF_CHECK_EQUAL(u.market_id, 0);
  CAF_CHECK(!u.is_snapshot);
  CAF_CHECK_EQUAL(u.timestamp_ms, 1785277065800);
  CAF_REQUIRE_EQUAL(u.orders.size(), 1u);
  CAF_CHECK_EQUAL(u.orders[0].client_order_index, 42);
  CAF_CHECK_EQUAL(u.orders[0].remaining_size.value, 30);
  CAF_REQUIRE_EQUAL(u.positions.size(), 1u);
  CAF_CHECK_EQUAL(u.positions[0].size.value, -15'000);
  CAF_REQUIRE_EQUAL(u.trades.size(), 1u);
  CAF_CHECK_EQUAL(u.trades[0].size.value, 20);
  CAF_CHECK(u.unknown_markets.empty());
}

CAF_TEST(account_market accepts lists keyed by market and the spec channel) {
  // The spec writes the channel with slashes; orders/trades keyed by market
  // as on the other account channels; the account from the channel.
  auto u = decode<account_market_update>(
      R"({"type":"subscribed/account_market","channel":"account_market/0/77",)"
      R"("orders":{"0":[)" +
      order_json + R"(]},"positions":{"0":)" + position_json +
      R"(},"trades":{"0":[)" + trade_json + R"(]}})");
  CAF_CHECK(u.is_snapshot);
  CAF_CHECK_EQUAL(u.account, 77);
  CAF_CHECK_EQUAL(u.orders.size(), 1u);
  CAF_CHECK_EQUAL(u.positions.size(), 1u);
  CAF_CHECK_EQUAL(u.trades.size(), 1u);
  auto bad = dec.decode(
      R"({"type":"update/account_market","channel":"account_market:0",)"
      R"("orders":[]})",
      markets);
  CAF_CHECK(!bad);
}

CAF_TEST(ticker updates give the best bid and offer) {
  CAF_CHECK_EQUAL(channel::ticker(1), "ticker/1");
  auto t = decode<ticker_update>(
      R"({"type":"update/ticker","channel":"ticker:0","nonce":904896,)"
      R"("ticker":{"s":"ETH","a":{"price":"2325.01","size":"1.0000"},)"
      R"("b":{"price":"2325.00","size":"0.5000"}},"timestamp":1778138582641})");
  CAF_CHECK(!t.is_snapshot);
  CAF_REQUIRE(t.best_ask && t.best_bid);
  CAF_CHECK_EQUAL(t.best_ask->price.value, 232'501);
  CAF_CHECK_EQUAL(t.best_bid->size.value, 5'000);
  CAF_CHECK_EQUAL(t.nonce, 904896);
}

CAF_TEST(read only tokens are requested and decoded) {
  CAF_CHECK_EQUAL(rest_path::create_token, "/api/v1/tokens/create");
  CAF_CHECK_EQUAL(encode_create_token_form(7, false, 1800000000),
                  "account_index=7&scope=single&expiry=1800000000");
  CAF_CHECK_EQUAL(encode_create_token_form(7, true, 1800000000),
                  "account_index=7&scope=all&expiry=1800000000");
  rest_decoder rd;
  auto t = rd.read_only_token(
      R"({"code":200,"token":"ro:7:single:1800000000:0a1b"})");
  CAF_REQUIRE(t);
  CAF_CHECK_EQUAL(*t, "ro:7:single:1800000000:0a1b");
  CAF_CHECK(!rd.read_only_token(R"({"code":200,"token":"17:7:4:ab"})"));
  auto refused = rd.read_only_token(
      R"({"code":20013,"message":"invalid auth: tokens/create"})");
  CAF_REQUIRE(!refused);
  CAF_REQUIRE(refused.error().api);
  CAF_CHECK(classify(*refused.error().api) == error_class::reauth);
  CAF_CHECK(!rd.read_only_token(R"({"code":200,"token":"ro:7:forever:1:ab"})"));
}

CAF_TEST(a read only token names its account scope and expiry) {
  auto f = parse_read_only_token("ro:7:all:1800000000:0a1b");
  CAF_REQUIRE(f);
  CAF_CHECK_EQUAL(f->account, 7);
  CAF_CHECK(f->all_accounts);
  CAF_CHECK_EQUAL(f->expiry_unix_s, 1800000000);
  CAF_CHECK(parse_read_only_token("ro:7:single:1800000000:0a1b"));
  CAF_CHECK(!parse_read_only_token("ro:7:single:1800000000:"));
  CAF_CHECK(!parse_read_only_token("ro:x:single:1800000000:ab"));
  CAF_CHECK(!parse_read_only_token("ro:7:single:-5:ab"));
  CAF_CHECK(!parse_read_only_token("1800000000:7:4:ab"));
  CAF_CHECK(is_read_only_token("ro:anything"));
  CAF_CHECK(!is_read_only_token("r"));
}

CAF_TEST_FIXTURE_SCOPE_END()
