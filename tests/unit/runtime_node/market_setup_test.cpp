#define CAF_SUITE market_setup
#include "caf/test/unit_test.hpp"

#include "runtime/market_setup.hpp"

using namespace trailgrid;
using namespace trailgrid::runtime;

namespace {

const char* config_text = R"(
[defaults]
levels = 4
[[market]]
symbol = "BTC"
order_size = "0.001"
max_position = "0.01"
)";

std::vector<lighter::market_info> exchange() {
  lighter::market_info btc;
  btc.symbol = "BTC";
  btc.market_id = 1;
  btc.status = "active";
  btc.decimals = {1, 5};
  btc.min_base = strategy::qty_lots{20};
  lighter::market_info eth;
  eth.symbol = "ETH";
  eth.market_id = 0;
  eth.status = "active";
  eth.decimals = {2, 4};
  lighter::market_info old;
  old.symbol = "OLD";
  old.market_id = 9;
  old.status = "inactive";
  old.decimals = {2, 2};
  return {btc, eth, old};
}

} // namespace

CAF_TEST(configured markets resolve against the exchange table) {
  auto cfg = parse_config(config_text, "bot.toml");
  CAF_REQUIRE(cfg);
  auto r = resolve_markets(cfg.value(), exchange());
  CAF_REQUIRE(r);
  auto& m = r.value().at(0);
  CAF_CHECK_EQUAL(m.info.market_id, 1);
  CAF_CHECK_EQUAL(m.spec.size_decimals, 5);
  CAF_CHECK_EQUAL(m.params.grid.order_size.value, 100); // 0.001 BTC
  CAF_CHECK_EQUAL(m.params.grid.levels_per_side, 4);
}

CAF_TEST(unknown and inactive markets are refused by name) {
  market_config m;
  m.symbol = "DOGE";
  m.line = 7;
  auto r = resolve_market(m, exchange());
  CAF_CHECK_EQUAL(r.error(), "market 'DOGE' (line 7): the exchange has no "
                             "market of that symbol");
  m.symbol = "OLD";
  auto old = resolve_market(m, exchange());
  CAF_CHECK_EQUAL(old.error(),
                  "market 'OLD': the exchange reports it inactive");
}

CAF_TEST(a market added at run time merges over the defaults) {
  auto m = market_from_settings(config_text, "bot.toml", "ETH",
                                "order_size = \"0.05\"\nmax_position = 1\n");
  CAF_REQUIRE(m);
  CAF_CHECK_EQUAL(m.value().symbol, "ETH");
  CAF_CHECK_EQUAL(m.value().settings.params.grid.levels_per_side, 4);
  auto bad = market_from_settings(config_text, "bot.toml", "ETH",
                                  "order_size = \"0.05\"\nlevels = 0\n");
  CAF_REQUIRE(!bad);
  CAF_CHECK(bad.error().find("levels") != std::string::npos);
  auto headers =
      market_from_settings(config_text, "bot.toml", "ETH", "[risk]\n");
  CAF_REQUIRE(!headers);
  // A market of the file comes back with its own entry.
  auto again = market_from_settings(config_text, "bot.toml", "BTC", "");
  CAF_REQUIRE(again);
  CAF_CHECK_EQUAL(again.value().symbol, "BTC");
  CAF_CHECK(!market_from_settings(config_text, "bot.toml", "BTC", "levels=2"));
}

CAF_TEST(the atr warm up covers the period in one minute candles) {
  strategy::atr_params p;
  p.period = 14;
  p.bar_interval_ms = 60'000;
  CAF_CHECK_EQUAL(warmup_candles(p), 16);
  p.bar_interval_ms = 300'000;
  CAF_CHECK_EQUAL(warmup_candles(p), 80);
  p.period = 1000;
  CAF_CHECK_EQUAL(warmup_candles(p), 500);
  p.period = 5;
  p.bar_interval_ms = 2'000;
  CAF_CHECK_EQUAL(warmup_candles(p), 7);
}

CAF_TEST(markets take the pool keys in turn unless they pin one) {
  auto cfg = parse_config("[exchange]\n"
                          "api_key_indices = [4, 5]\n"
                          "[[market]]\n"
                          "symbol = \"BTC\"\n"
                          "order_size = \"0.001\"\n"
                          "max_position = \"0.01\"\n"
                          "[[market]]\n"
                          "symbol = \"ETH\"\n"
                          "order_size = \"0.01\"\n"
                          "max_position = \"1\"\n"
                          "api_key_index = 4\n",
                          "bot.toml");
  CAF_REQUIRE(cfg);
  auto r = resolve_markets(cfg.value(), exchange());
  CAF_REQUIRE(r);
  CAF_CHECK(r.value().at(0).api_key_index == 4); // first of the turns
  CAF_CHECK(r.value().at(1).api_key_index == 4); // pinned
  exchange_config ex;
  ex.api_key_indices = {4, 5, 6};
  CAF_CHECK(pool_key(ex, 0) == 4);
  CAF_CHECK(pool_key(ex, 4) == 5);
  CAF_CHECK(!pool_key(exchange_config{}, 0));
}

CAF_TEST(the account governor paces resets unless a market sets its own cap) {
  auto cfg = parse_config(std::string(config_text) +
                              "[[market]]\nsymbol = \"ETH\"\n"
                              "order_size = \"0.01\"\nmax_position = 1\n"
                              "tx_bucket_capacity = 90\n",
                          "bot.toml");
  CAF_REQUIRE(cfg);
  auto paced = resolve_markets(cfg.value(), exchange());
  CAF_REQUIRE(paced);
  // BTC has no cap of its own: the signer's account governor paces it.
  CAF_CHECK_EQUAL(paced.value().at(0).params.risk.tx_bucket_capacity,
                  1'000'000'000);
  // ETH keeps the cap it asked for.
  CAF_CHECK_EQUAL(paced.value().at(1).params.risk.tx_bucket_capacity, 90);
  // A signer told not to pace leaves every market its private bucket.
  cfg.value().exchange.send_quota_per_minute = 0;
  auto own = resolve_markets(cfg.value(), exchange());
  CAF_REQUIRE(own);
  CAF_CHECK_EQUAL(own.value().at(0).params.risk.tx_bucket_capacity, 60);
  CAF_CHECK_EQUAL(own.value().at(0).params.risk.tx_refill_per_minute, 60);
}
