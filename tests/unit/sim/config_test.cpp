#define CAF_SUITE sim_config
#include "caf/test/unit_test.hpp"

#include "tools/lighter-sim/cli.hpp"
#include "tools/lighter-sim/sim_config.hpp"

#include <string>
#include <variant>

using namespace trailgrid::sim;

CAF_TEST(the default config has eth 0 and btc 1 with real decimals) {
  auto c = default_config();
  CAF_REQUIRE_EQUAL(c.markets.size(), 2u);
  const auto* eth = c.market(0);
  const auto* btc = c.market(1);
  CAF_REQUIRE(eth && btc);
  CAF_CHECK_EQUAL(eth->symbol, "ETH");
  CAF_CHECK_EQUAL(eth->price_decimals, 2);
  CAF_CHECK_EQUAL(eth->size_decimals, 4);
  CAF_CHECK_EQUAL(eth->min_base, 50);
  CAF_CHECK_EQUAL(btc->symbol, "BTC");
  CAF_CHECK_EQUAL(btc->price_decimals, 1);
  CAF_CHECK_EQUAL(btc->size_decimals, 5);
  CAF_CHECK_EQUAL(btc->min_base, 20);
  CAF_CHECK_EQUAL(btc->min_quote_micro, 10000000);
  CAF_CHECK_EQUAL(btc->spec().min_quote.value, 10000000);
  CAF_CHECK_EQUAL(c.max_ws_batch, 15);
  CAF_CHECK_EQUAL(c.max_rest_batch, 50);
  // Tier settings come from the one tier table.
  const auto& standard = c.tiers[static_cast<size_t>(tier::standard)];
  const auto& premium = c.tiers[static_cast<size_t>(tier::premium)];
  CAF_CHECK_EQUAL(standard.requests_per_minute, 60);
  CAF_CHECK(standard.unit == trailgrid::execution::quota_unit::request);
  CAF_CHECK_EQUAL(standard.maker_delay_ms, 200);
  CAF_CHECK_EQUAL(premium.maker_delay_ms, 0);
  CAF_CHECK_EQUAL(premium.requests_per_minute, 4000);
  CAF_CHECK(premium.unit == trailgrid::execution::quota_unit::tx);
  CAF_CHECK_EQUAL(c.tiers[static_cast<size_t>(tier::plus)].requests_per_minute,
                  8000);
  CAF_CHECK(!c.tiers[static_cast<size_t>(tier::builder)].can_trade);
  CAF_CHECK_EQUAL(btc->maker_fee_ppm[static_cast<size_t>(tier::premium)], 40);
  CAF_CHECK_EQUAL(btc->taker_fee_ppm[static_cast<size_t>(tier::premium)], 280);
  CAF_CHECK(c.replies.tx_hash == tx_hash_shape::by_kind);
  CAF_CHECK(c.replies.error_frame == error_frame_shape::nested);
  CAF_CHECK(c.accounts.empty());
}

CAF_TEST(toml overrides keep defaults for absent keys) {
  const std::string text = R"(
[sim]
seed = 9
speed = 5
fill_model = "queue"
max_batch = 10

[tiers.standard]
requests_per_minute = 30

[[market]]
market_id = 1
min_base_amount = "0.00100"
maker_fee_ppm = [1, 2]
[market.path]
source = "synthetic"
regime = "range"
start_price = "30000.5"
[market.book]
levels = 4
level_size = "0.10000"

[[account]]
index = 12
tier = "premium"
collateral = "2500.5"
[[account.api_key]]
index = 4
public_key = "0x)" + std::string(80, 'B') +
                           R"("
nonce = 17

[faults]
reject_fraction = 0.25
reject_code = 21104
[[faults.stall]]
channel = "order_book:1"
start_ms = 1000
duration_ms = 500
)";
  auto r = parse_config(text, "t.toml");
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(r));
  const auto& c = std::get<sim_cfg>(r);
  CAF_CHECK_EQUAL(c.seed, 9u);
  CAF_CHECK_EQUAL(c.speed, 5.0);
  CAF_CHECK(c.fills == fill_model::queue);
  CAF_CHECK_EQUAL(c.max_ws_batch, 10); // the older key sets the WS limit
  CAF_CHECK_EQUAL(c.max_rest_batch, 50);
  CAF_CHECK_EQUAL(c.tiers[0].requests_per_minute, 30);
  CAF_CHECK_EQUAL(c.tiers[0].maker_delay_ms, 200);
  CAF_REQUIRE_EQUAL(c.markets.size(), 1u);
  const auto& m = c.markets[0];
  CAF_CHECK_EQUAL(m.symbol, "BTC");
  CAF_CHECK_EQUAL(m.size_decimals, 5);
  CAF_CHECK_EQUAL(m.min_base, 100);
  // The older [standard, premium] form.
  CAF_CHECK_EQUAL(m.maker_fee_ppm[static_cast<size_t>(tier::standard)], 1);
  CAF_CHECK_EQUAL(m.maker_fee_ppm[static_cast<size_t>(tier::premium)], 2);
  CAF_CHECK_EQUAL(m.maker_fee_ppm[static_cast<size_t>(tier::plus)], 50);
  CAF_CHECK(m.path.kind == regime::range);
  CAF_CHECK_EQUAL(m.path.start_price, 300005);
  CAF_CHECK_EQUAL(m.book.levels, 4);
  CAF_CHECK_EQUAL(m.book.level_size, 10000);
  CAF_CHECK_EQUAL(m.book.half_spread, 5);
  CAF_REQUIRE_EQUAL(c.accounts.size(), 1u);
  CAF_CHECK(c.accounts[0].level == tier::premium);
  CAF_CHECK_EQUAL(c.accounts[0].collateral_micro, 2500500000);
  CAF_CHECK_EQUAL(c.accounts[0].keys.at(0).public_key, std::string(80, 'b'));
  CAF_CHECK_EQUAL(c.accounts[0].keys.at(0).initial_nonce, 17);
  CAF_CHECK_EQUAL(c.faults.reject_fraction, 0.25);
  CAF_CHECK_EQUAL(c.faults.reject_code, 21104);
  CAF_REQUIRE_EQUAL(c.faults.stalls.size(), 1u);
  CAF_CHECK_EQUAL(c.faults.stalls[0].duration_ms, 500);
}

CAF_TEST(config errors name the problem) {
  auto msg = [](const std::string& text) {
    auto r = parse_config(text, "bad.toml");
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r)
                                                  : std::string();
  };
  CAF_CHECK_NOT_EQUAL(msg("[sim]\nseed = = 1\n"), "");
  CAF_CHECK_NOT_EQUAL(msg("[sim]\nfill_model = \"x\"\n").find("fill_model"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(
      msg("[[market]]\nmarket_id = 1\nmin_base_amount = \"0.000001\"\n")
          .find("min_base_amount"),
      std::string::npos);
  CAF_CHECK_NOT_EQUAL(msg("[[market]]\nmarket_id = 7\n").find("symbol"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(
      msg("[[account]]\nindex = 1\n[[account.api_key]]\nindex = 2\n"
          "public_key = \"abc\"\n")
          .find("80 hex"),
      std::string::npos);
  CAF_CHECK_NOT_EQUAL(msg("[[market]]\nmarket_id = 1\n[[market]]\n"
                          "market_id = 1\n")
                          .find("twice"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(msg("[tiers.standard]\nrequests_per_minute = 0\n")
                          .find("requests_per_minute must be at least 1"),
                      std::string::npos);
  CAF_CHECK_NOT_EQUAL(msg("[tiers.premium]\nquota_unit = \"order\"\n")
                          .find("quota_unit must be request or tx"),
                      std::string::npos);
  // Bytes that are not UTF-8 inside a multi-line string: named, and never
  // handed to toml11 (which reads past its buffer on them).
  CAF_CHECK_NOT_EQUAL(msg("[sim]\nnote = \'\'\'\nab\xff\n\'\'\'\n")
                          .find("bad.toml:3: not valid UTF-8 at column 3"),
                      std::string::npos);
  auto missing = load_config_file("/nonexistent/sim.toml");
  CAF_CHECK(std::holds_alternative<std::string>(missing));
}

CAF_TEST(tier quotas default to the client rules and can be changed) {
  auto d = default_config();
  const auto premium = quota_rules_of(
      d.tiers[static_cast<size_t>(trailgrid::lighter::account_tier::premium)]);
  const auto want = trailgrid::execution::rules_for(
      trailgrid::lighter::account_tier::premium);
  CAF_CHECK(premium.unit == want.unit);
  CAF_CHECK_EQUAL(premium.capacity, want.capacity);
  CAF_CHECK_EQUAL(premium.refill_per_minute, want.refill_per_minute);
  CAF_CHECK_EQUAL(premium.cancel_order_free, want.cancel_order_free);
  CAF_CHECK_EQUAL(premium.free_every_ms, want.free_every_ms);
  const auto standard = quota_rules_of(d.tiers[0]);
  CAF_CHECK(standard.unit == trailgrid::execution::quota_unit::request);
  CAF_CHECK_EQUAL(standard.capacity, 60);
  auto r = parse_config(R"(
[tiers.standard]
quota_unit = "tx"
cancel_order_free = true
free_every_ms = 5000

[[account]]
index = 4
l1_address = "0xabc"
)",
                        "q.toml");
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(r));
  const auto& c = std::get<sim_cfg>(r);
  CAF_CHECK(c.tiers[0].unit == trailgrid::execution::quota_unit::tx);
  CAF_CHECK(c.tiers[0].cancel_order_free);
  CAF_CHECK_EQUAL(c.tiers[0].free_every_ms, 5000);
  CAF_REQUIRE_EQUAL(c.accounts.size(), 1u);
  CAF_CHECK_EQUAL(c.accounts[0].l1_address, "0xabc");
}

CAF_TEST(register key specs add keys and accounts) {
  auto c = default_config();
  const std::string pk(80, 'c');
  CAF_CHECK(!add_register_key(c, pk + ":100:3"));
  CAF_CHECK(!add_register_key(c, "0x" + std::string(80, 'D') + ":100:4"));
  CAF_REQUIRE_EQUAL(c.accounts.size(), 1u);
  CAF_CHECK_EQUAL(c.accounts[0].index, 100);
  CAF_CHECK_EQUAL(c.accounts[0].collateral_micro, c.default_collateral_micro);
  CAF_REQUIRE_EQUAL(c.accounts[0].keys.size(), 2u);
  CAF_CHECK_EQUAL(c.accounts[0].keys[1].public_key, std::string(80, 'd'));
  CAF_CHECK(add_register_key(c, pk + ":100"));
  CAF_CHECK(add_register_key(c, "abcd:100:3"));
  CAF_CHECK(add_register_key(c, pk + ":x:3"));
  CAF_CHECK(add_register_key(c, pk + ":100:255"));
}

CAF_TEST(the example config parses) {
  auto r = load_config_file(std::string(TRAILGRID_SOURCE_DIR) +
                            "/tools/lighter-sim/example.toml");
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(r));
  const auto& c = std::get<sim_cfg>(r);
  CAF_CHECK_EQUAL(c.markets.size(), 2u);
  CAF_CHECK(c.market(0)->path.source == path_source::candles);
  CAF_CHECK_EQUAL(c.accounts.at(0).keys.at(0).index, 4);
}

CAF_TEST(command line options override the config) {
  const char* argv[] = {"lighter-sim",
                        "--speed",
                        "4",
                        "--seed",
                        "9",
                        "--fill-model",
                        "queue",
                        "--reject-fraction",
                        "0.5",
                        "--stall",
                        "order_book:1:100:200",
                        "--register-key",
                        "",
                        "--port",
                        "0"};
  const std::string key = std::string(80, 'e') + ":5:2";
  argv[12] = key.c_str();
  auto p = parse_cli(15, argv);
  CAF_REQUIRE(std::holds_alternative<cli_options>(p));
  auto c = build_config(std::get<cli_options>(p));
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(c));
  const auto& cfg = std::get<sim_cfg>(c);
  CAF_CHECK_EQUAL(cfg.speed, 4.0);
  CAF_CHECK_EQUAL(cfg.seed, 9u);
  CAF_CHECK(cfg.fills == fill_model::queue);
  CAF_CHECK_EQUAL(cfg.faults.reject_fraction, 0.5);
  CAF_REQUIRE_EQUAL(cfg.faults.stalls.size(), 1u);
  CAF_CHECK_EQUAL(cfg.faults.stalls[0].channel, "order_book:1");
  CAF_CHECK_EQUAL(cfg.faults.stalls[0].start_ms, 100);
  CAF_CHECK_EQUAL(cfg.accounts.at(0).index, 5);
  const char* bad[] = {"lighter-sim", "--speed", "0"};
  CAF_CHECK(std::holds_alternative<std::string>(parse_cli(3, bad)));
  const char* unknown[] = {"lighter-sim", "--what"};
  CAF_CHECK(std::holds_alternative<std::string>(parse_cli(2, unknown)));
  const char* data[] = {"lighter-sim", "--data", ""};
  const std::string file =
      std::string(TRAILGRID_SOURCE_DIR) +
      "/data/samples/sim_binance-usdm_BTCUSDT_20240808T2354_trades_2000.csv.gz";
  data[2] = file.c_str();
  auto d = build_config(std::get<cli_options>(parse_cli(3, data)));
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(d));
  CAF_CHECK(std::get<sim_cfg>(d).market(1)->path.source == path_source::trades);
  CAF_CHECK(std::get<sim_cfg>(d).market(0)->path.source ==
            path_source::synthetic);
  // A candle file (by its header) bound to the market its name mentions.
  const std::string candles =
      std::string(TRAILGRID_SOURCE_DIR) +
      "/data/samples/sim_binance-spot_ETHUSDT_1m_20230316_300.csv";
  data[2] = candles.c_str();
  d = build_config(std::get<cli_options>(parse_cli(3, data)));
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(d));
  CAF_CHECK(std::get<sim_cfg>(d).market(0)->path.source ==
            path_source::candles);
  CAF_CHECK_EQUAL(std::get<sim_cfg>(d).market(0)->path.file, candles);
  // Neither header: the reader's located error.
  const std::string depth =
      std::string(TRAILGRID_SOURCE_DIR) +
      "/data/samples/binance-spot_BTCUSDT_20240808T2354_depth-2500.csv.gz";
  data[2] = depth.c_str();
  d = build_config(std::get<cli_options>(parse_cli(3, data)));
  CAF_REQUIRE(std::holds_alternative<std::string>(d));
  const std::string want =
      depth + ":1: header must be \"ts_ms,open,high,low,close,volume\" or";
  CAF_CHECK_EQUAL(std::get<std::string>(d).substr(0, want.size()), want);
  CAF_CHECK(!cli_help().empty());
}
