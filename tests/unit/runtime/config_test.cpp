#define CAF_SUITE config
#include "caf/test/unit_test.hpp"

#include "runtime/config.hpp"
#include "runtime/config_keys.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace trailgrid::runtime;
using namespace trailgrid::strategy;

namespace {

std::string repo(const std::string& rel) {
  return std::string{TRAILGRID_SOURCE_DIR} + "/" + rel;
}

config load_ok(const std::string& path) {
  auto res = load_config(path);
  if (!res)
    CAF_FAIL("config " << path << " failed:\n" << res.error().to_string());
  return std::move(res.value());
}

config parse_ok(const std::string& text) {
  auto res = parse_config(text, "configs/t.toml");
  if (!res) CAF_FAIL("config failed:\n" << res.error().to_string());
  return std::move(res.value());
}

const std::string eth_market = "[[market]]\n"
                               "symbol = \"ETH\"\n"
                               "order_size = \"0.05\"\n"
                               "max_position = \"1\"\n";

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

CAF_TEST(every shipped config loads) {
  // Every configs/*.toml, so a config added later is covered too.
  size_t n = 0;
  for (auto& e : std::filesystem::directory_iterator(repo("configs"))) {
    if (e.path().extension() != ".toml") continue;
    auto c = load_ok(e.path().string());
    CAF_CHECK(!c.markets.empty());
    ++n;
  }
  CAF_CHECK_GREATER_OR_EQUAL(n, 4u); // example + the three profiles
  for (auto name : {"example", "conservative", "balanced", "aggressive"})
    CAF_CHECK(std::filesystem::exists(repo("configs/") + name + ".toml"));
}

CAF_TEST(profiles carry their documented parameters) {
  auto cons = load_ok(repo("configs/conservative.toml")).defaults.params;
  CAF_CHECK_EQUAL(cons.grid.levels_per_side, 5);
  CAF_CHECK(cons.grid.atr_multiplier == 1.0);
  CAF_CHECK_EQUAL(cons.atr.period, 20);
  auto bal = load_ok(repo("configs/balanced.toml")).defaults.params;
  CAF_CHECK_EQUAL(bal.grid.levels_per_side, 10);
  CAF_CHECK(bal.grid.atr_multiplier == 0.5);
  CAF_CHECK_EQUAL(bal.atr.period, 14);
  auto agg = load_ok(repo("configs/aggressive.toml")).defaults.params;
  CAF_CHECK_EQUAL(agg.grid.levels_per_side, 10);
  CAF_CHECK(agg.grid.atr_multiplier == 0.3);
  CAF_CHECK_EQUAL(agg.atr.period, 14);
}

CAF_TEST(the example config states the built in defaults) {
  auto c = load_ok(repo("configs/example.toml"));
  auto& p = c.defaults.params;
  strategy_params d;
  CAF_CHECK_EQUAL(p.atr.period, d.atr.period);
  CAF_CHECK_EQUAL(p.atr.bar_interval_ms, d.atr.bar_interval_ms);
  CAF_CHECK_EQUAL(p.grid.levels_per_side, d.grid.levels_per_side);
  CAF_CHECK(p.grid.atr_multiplier == d.grid.atr_multiplier);
  CAF_CHECK_EQUAL(p.grid.min_spacing, d.grid.min_spacing);
  CAF_CHECK_EQUAL(p.grid.max_spacing, d.grid.max_spacing);
  CAF_CHECK(p.grid.centre_source == d.grid.centre_source);
  CAF_CHECK_EQUAL(p.grid.sanity_guard, d.grid.sanity_guard);
  CAF_CHECK_EQUAL(p.trailing.enabled, d.trailing.enabled);
  CAF_CHECK_EQUAL(p.trailing.trigger_levels, d.trailing.trigger_levels);
  CAF_CHECK_EQUAL(p.trailing.dwell_ms, d.trailing.dwell_ms);
  CAF_CHECK_EQUAL(p.skew.enabled, d.skew.enabled);
  CAF_CHECK_EQUAL(p.skew.size_skew_per_inventory,
                  d.skew.size_skew_per_inventory);
  CAF_CHECK_EQUAL(p.skew.max_size_skew, d.skew.max_size_skew);
  CAF_CHECK_EQUAL(p.skew.price_skew_spacings, d.skew.price_skew_spacings);
  CAF_CHECK_EQUAL(p.risk.breaker_trip_atr, d.risk.breaker_trip_atr);
  CAF_CHECK_EQUAL(p.risk.breaker_resume_atr, d.risk.breaker_resume_atr);
  CAF_CHECK_EQUAL(p.risk.tx_bucket_capacity, d.risk.tx_bucket_capacity);
  CAF_CHECK_EQUAL(p.risk.tx_refill_per_minute, d.risk.tx_refill_per_minute);
  CAF_CHECK_EQUAL(p.risk.balance_check, d.risk.balance_check);
  CAF_CHECK_EQUAL(p.risk.margin_leverage, d.risk.margin_leverage);
  CAF_CHECK_EQUAL(p.fees.maker, d.fees.maker);
  CAF_CHECK_EQUAL(p.fees.taker, d.fees.taker);
  CAF_CHECK_EQUAL(c.defaults.max_drawdown_quote.nanos, 0);
  exchange_config ex;
  CAF_CHECK_EQUAL(c.exchange.rest_url, ex.rest_url);
  CAF_CHECK_EQUAL(c.exchange.ws_url, ex.ws_url);
  CAF_CHECK_EQUAL(c.exchange.chain_id, ex.chain_id);
  CAF_CHECK(c.exchange.tier == ex.tier);
  global_risk_config rk;
  CAF_CHECK_EQUAL(c.risk.max_total_exposure_quote.nanos,
                  rk.max_total_exposure_quote.nanos);
  CAF_CHECK_EQUAL(c.risk.kill_switch_file, rk.kill_switch_file);
  runtime_config rt;
  CAF_CHECK_EQUAL(c.runtime.log_dir, rt.log_dir);
  CAF_CHECK_EQUAL(c.runtime.journal_path, rt.journal_path);
  CAF_CHECK_EQUAL(c.runtime.admin_port, rt.admin_port);
  CAF_CHECK_EQUAL(c.runtime.dead_man_switch_s, 0);
  CAF_CHECK_EQUAL(c.runtime.dead_man_heartbeat_s, 60);
  CAF_CHECK(!c.runtime.account_is_exclusive);
}

CAF_TEST(the example config documents every key exactly once) {
  auto text = slurp(repo("configs/example.toml"));
  std::vector<std::string> names{"profile",
                                 "symbol",
                                 "rest_url",
                                 "ws_url",
                                 "chain_id",
                                 "account_index",
                                 "api_key_index",
                                 "api_key_indices",
                                 "tier",
                                 "send_quota_per_minute",
                                 "rest_quota_per_minute",
                                 "tx_channel",
                                 "stream_hold_after_ms",
                                 "stream_check_every_ms",
                                 "max_total_exposure_quote",
                                 "kill_switch_file",
                                 "log_dir",
                                 "journal_path",
                                 "journal_sync",
                                 "journal_sync_ms",
                                 "admin_port",
                                 "role",
                                 "node_name",
                                 "admin_bind",
                                 "admin_token_file",
                                 "metrics_bind",
                                 "metrics_port",
                                 "metrics_token_file",
                                 "signer_bind",
                                 "signer_host",
                                 "signer_port",
                                 "tls_cert_file",
                                 "tls_key_file",
                                 "tls_ca_file",
                                 "dead_man_switch_s",
                                 "dead_man_heartbeat_s",
                                 "account_is_exclusive",
                                 "max_account_drawdown_quote",
                                 "market_status_poll_s",
                                 "scheduler",
                                 "webhook_url",
                                 "webhook_url_file",
                                 "format",
                                 "telegram_chat_id",
                                 "events",
                                 "min_severity",
                                 "dedupe_s",
                                 "max_per_minute",
                                 "poll_ms",
                                 "hold_grace_s",
                                 "timeout_ms"};
  for (auto& k : strategy_keys())
    names.emplace_back(k.name);
  for (auto& n : names) {
    // A key line starts the line (optionally commented out) with "name =".
    size_t count = 0;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      auto body = line.rfind("# ", 0) == 0 ? line.substr(2) : line;
      if (body.rfind(n + " ", 0) == 0 && body.find('=') != std::string::npos &&
          body.find('#') != std::string::npos) // with its comment
        ++count;
    }
    if (count != 1)
      CAF_MESSAGE("key " << n << " appears " << count << " times");
    CAF_CHECK_EQUAL(count, 1u);
  }
}

CAF_TEST(percent keys convert exactly to ppm) {
  auto c = parse_ok("[defaults]\n"
                    "min_spacing_pct = 0.1\n"
                    "max_spacing_pct = 0.3333\n"
                    "breaker_trip_atr_pct = 3\n"
                    "breaker_resume_atr_pct = 0.0001\n"
                    "maker_fee_pct = -0.002\n"
                    "taker_fee_pct = 0.02\n" +
                    eth_market);
  auto& p = c.defaults.params;
  CAF_CHECK_EQUAL(p.grid.min_spacing, 1'000);
  CAF_CHECK_EQUAL(p.grid.max_spacing, 3'333);
  CAF_CHECK_EQUAL(p.risk.breaker_trip_atr, 30'000);
  CAF_CHECK_EQUAL(p.risk.breaker_resume_atr, 1);
  CAF_CHECK_EQUAL(p.fees.maker, -20);
  CAF_CHECK_EQUAL(p.fees.taker, 200);
}

CAF_TEST(seconds fractions and booleans convert exactly) {
  auto c = parse_ok("[defaults]\n"
                    "bar_interval_s = 300\n"
                    "trailing_dwell_s = 2.5\n"
                    "price_skew_spacings = 0.25\n"
                    "leverage = 2.5\n"
                    "skew = false\n"
                    "mid_price_source = \"market_mid\"\n" +
                    eth_market);
  auto& p = c.defaults.params;
  CAF_CHECK_EQUAL(p.atr.bar_interval_ms, 300'000);
  CAF_CHECK_EQUAL(p.trailing.dwell_ms, 2'500);
  CAF_CHECK_EQUAL(p.skew.price_skew_spacings, 250'000);
  CAF_CHECK_EQUAL(p.risk.margin_leverage, 2'500'000);
  CAF_CHECK_EQUAL(p.skew.enabled, false);
  CAF_CHECK(p.grid.centre_source == mid_price_source::market_mid);
}

CAF_TEST(sizes accept decimal strings integers and floats exactly) {
  auto c = parse_ok("[defaults]\n"
                    "max_drawdown_quote = 250\n"
                    "[[market]]\n"
                    "symbol = \"BTC\"\n"
                    "order_size = 0.001\n"
                    "max_position = \"0.123456789\"\n"
                    "[[market]]\n"
                    "symbol = \"ETH\"\n"
                    "order_size = 2\n"
                    "max_position = 10.5\n");
  CAF_REQUIRE_EQUAL(c.markets.size(), 2u);
  auto& btc = c.markets[0].settings;
  CAF_CHECK_EQUAL(btc.order_size->nanos, 1'000'000);
  CAF_CHECK_EQUAL(btc.max_position->nanos, 123'456'789);
  CAF_CHECK_EQUAL(btc.max_drawdown_quote.nanos, 250'000'000'000);
  auto& eth = c.markets[1].settings;
  CAF_CHECK_EQUAL(eth.order_size->nanos, 2'000'000'000);
  CAF_CHECK_EQUAL(eth.max_position->nanos, 10'500'000'000);
  CAF_CHECK_EQUAL(eth.max_position->to_string(), "10.5");
}

CAF_TEST(markets override defaults which override the profile) {
  auto c = parse_ok("[defaults]\n"
                    "profile = \"conservative\"\n"
                    "atr_period = 30\n" // overrides the profile's 20
                    "[[market]]\n"
                    "symbol = \"BTC\"\n"
                    "order_size = \"0.001\"\n"
                    "max_position = \"0.01\"\n"
                    "levels = 7\n" // overrides the profile's 5
                    "[[market]]\n"
                    "symbol = \"ETH\"\n"
                    "order_size = \"0.01\"\n"
                    "max_position = \"0.1\"\n");
  CAF_CHECK_EQUAL(c.profile, "conservative");
  auto& btc = c.markets[0].settings.params;
  auto& eth = c.markets[1].settings.params;
  CAF_CHECK_EQUAL(btc.grid.levels_per_side, 7);
  CAF_CHECK_EQUAL(eth.grid.levels_per_side, 5);
  CAF_CHECK_EQUAL(btc.atr.period, 30);
  CAF_CHECK_EQUAL(eth.atr.period, 30);
  CAF_CHECK(eth.grid.atr_multiplier == 1.0);
  CAF_CHECK_EQUAL(eth.grid.min_spacing, 2'000); // the profile's 0.2 %
  CAF_CHECK_EQUAL(c.markets[0].symbol, "BTC");
  CAF_CHECK_EQUAL(c.markets[0].line, 4);
}

CAF_TEST(a profile can be a toml file next to the config) {
  auto res = load_config(repo("tests/data/configs/uses_file_profile.toml"));
  if (!res) CAF_FAIL(res.error().to_string());
  auto& c = res.value();
  CAF_CHECK_EQUAL(c.profile, "../../../configs/aggressive.toml");
  CAF_CHECK(c.markets[0].settings.params.grid.atr_multiplier == 0.3);
  CAF_CHECK_EQUAL(c.markets[0].settings.params.grid.levels_per_side, 3);
}

CAF_TEST(every built in profile is usable as a base) {
  CAF_CHECK_EQUAL(builtin_profiles().size(), 3u);
  for (auto name : builtin_profiles()) {
    auto c = parse_ok("[defaults]\nprofile = \"" + std::string{name} + "\"\n" +
                      eth_market);
    auto file = load_ok(repo("configs/") + std::string{name} + ".toml");
    CAF_CHECK_EQUAL(c.defaults.params.grid.levels_per_side,
                    file.defaults.params.grid.levels_per_side);
    CAF_CHECK_EQUAL(c.defaults.params.grid.min_spacing,
                    file.defaults.params.grid.min_spacing);
  }
}

CAF_TEST(resets go over rest where the tier counts requests) {
  using trailgrid::lighter::limits::tx_channel;
  auto standard = parse_ok(eth_market + "[exchange]\ntier = \"standard\"\n");
  CAF_CHECK(standard.exchange.resets_over() == tx_channel::rest);
  auto premium = parse_ok(eth_market + "[exchange]\ntier = \"premium\"\n");
  CAF_CHECK(premium.exchange.resets_over() == tx_channel::websocket);
  auto chosen = parse_ok(eth_market + "[exchange]\ntier = \"standard\"\n"
                                      "tx_channel = \"websocket\"\n");
  CAF_CHECK(chosen.exchange.resets_over() == tx_channel::websocket);
}

CAF_TEST(the exchange risk and runtime sections are read) {
  auto c = parse_ok(eth_market +
                    "[exchange]\n"
                    "rest_url = \"https://testnet.zklighter.elliot.ai\"\n"
                    "ws_url = \"wss://testnet.zklighter.elliot.ai/stream\"\n"
                    "chain_id = 300\n"
                    "account_index = 12345\n"
                    "api_key_index = 4\n"
                    "tier = \"premium\"\n"
                    "stream_hold_after_ms = 5000\n"
                    "stream_check_every_ms = 0\n"
                    "rest_quota_per_minute = 24000\n"
                    "tx_channel = \"rest\"\n"
                    "[risk]\n"
                    "max_total_exposure_quote = \"25000.5\"\n"
                    "kill_switch_file = \"\"\n"
                    "[runtime]\n"
                    "log_dir = \"/var/log/gridbot\"\n"
                    "journal_path = \"j.journal\"\n"
                    "admin_port = 0\n"
                    "scheduler = \"stealing\"\n");
  CAF_CHECK_EQUAL(c.exchange.chain_id, 300u);
  CAF_CHECK(c.exchange.rest_quota_per_minute == int64_t{24'000});
  CAF_CHECK_EQUAL(c.runtime.scheduler, "stealing");
  CAF_CHECK(c.exchange.account_index == int64_t{12345});
  CAF_CHECK(c.exchange.api_key_index == 4);
  CAF_CHECK(c.exchange.tier == account_tier::premium);
  CAF_CHECK(c.exchange.resets_over() ==
            trailgrid::lighter::limits::tx_channel::rest);
  CAF_CHECK_EQUAL(c.exchange.stream_hold_after.count(), 5000);
  CAF_CHECK_EQUAL(c.exchange.stream_check_every.count(), 0);
  CAF_CHECK(c.warnings.empty());
  CAF_CHECK_EQUAL(c.risk.max_total_exposure_quote.nanos, 25'000'500'000'000);
  CAF_CHECK_EQUAL(c.risk.kill_switch_file, "");
  CAF_CHECK_EQUAL(c.runtime.log_dir, "/var/log/gridbot");
  CAF_CHECK_EQUAL(c.runtime.admin_port, 0);
  CAF_CHECK(c.runtime.journal_sync.policy == journal_sync_policy::batched);
  CAF_CHECK_EQUAL(c.runtime.journal_sync.interval.count(), 200);
  auto each = parse_ok(eth_market + "[runtime]\njournal_sync = \"entry\"\n"
                                    "journal_sync_ms = 50\n");
  CAF_CHECK(each.runtime.journal_sync.policy ==
            journal_sync_policy::every_entry);
  CAF_CHECK_EQUAL(each.runtime.journal_sync.interval.count(), 50);
  CAF_CHECK(!parse_config(eth_market + "[runtime]\njournal_sync = \"always\"\n",
                          "configs/t.toml"));
}

CAF_TEST(an exclusive account has the dead man switch on unless the file says) {
  auto on = parse_ok(eth_market + "[runtime]\naccount_is_exclusive = true\n");
  CAF_CHECK_EQUAL(on.runtime.dead_man_switch_s, default_exclusive_dead_man_s);
  auto off = parse_ok(eth_market + "[runtime]\naccount_is_exclusive = true\n"
                                   "dead_man_switch_s = 0\n");
  CAF_CHECK_EQUAL(off.runtime.dead_man_switch_s, 0);
  auto shared = parse_ok(eth_market);
  CAF_CHECK_EQUAL(shared.runtime.dead_man_switch_s, 0);
}

CAF_TEST(a metrics endpoint off loopback needs a token file) {
  auto local = parse_ok(eth_market + "[runtime]\nmetrics_port = 9464\n");
  CAF_CHECK_EQUAL(local.runtime.metrics_token_file, "");
  auto remote = parse_ok(eth_market + "[runtime]\nmetrics_port = 9464\n"
                                      "metrics_bind = \"0.0.0.0\"\n"
                                      "metrics_token_file = \"m.token\"\n");
  CAF_CHECK_EQUAL(remote.runtime.metrics_token_file, "m.token");
  auto open = parse_config(eth_market + "[runtime]\nmetrics_port = 9464\n"
                                        "metrics_bind = \"0.0.0.0\"\n",
                           "configs/t.toml");
  CAF_REQUIRE(!open);
  CAF_REQUIRE_EQUAL(open.error().errors.size(), 1u);
  CAF_CHECK_EQUAL(open.error().errors[0].to_string(),
                  "configs/t.toml:7: key 'metrics_bind' = "
                  "\"0.0.0.0\" is not a loopback address: the metrics "
                  "endpoint there needs metrics_token_file (a bearer token "
                  "Prometheus sends with authorization.credentials_file)");
}

CAF_TEST(api key indices of the exchange apps load with a warning) {
  for (int index : {0, 3}) {
    auto c = parse_ok(eth_market + "[exchange]\napi_key_index = " +
                      std::to_string(index) + "\ntier = \"plus\"\n");
    CAF_CHECK(c.exchange.api_key_index == index);
    CAF_CHECK(c.exchange.tier == account_tier::plus);
    CAF_REQUIRE_EQUAL(c.warnings.size(), 1u);
    const auto& w = c.warnings[0];
    CAF_CHECK_EQUAL(w.key, "api_key_index");
    CAF_CHECK_GREATER(w.line, 0);
    CAF_CHECK(w.to_string().find("configs/t.toml:") == 0);
    CAF_CHECK(w.message.find("4..254") != std::string::npos);
    CAF_CHECK(w.message.find("apps") != std::string::npos);
  }
}

CAF_TEST(node roles tls files and endpoints are read) {
  auto c = parse_ok(eth_market + "[runtime]\n"
                                 "role = \"market\"\n"
                                 "node_name = \"market-a\"\n"
                                 "admin_bind = \"0.0.0.0\"\n"
                                 "admin_port = 4300\n"
                                 "admin_token_file = \"secrets/admin.token\"\n"
                                 "metrics_port = 9464\n"
                                 "signer_host = \"signer.internal\"\n"
                                 "signer_port = 4251\n"
                                 "tls_cert_file = \"certs/market.pem\"\n"
                                 "tls_key_file = \"certs/market.key\"\n"
                                 "tls_ca_file = \"certs/ca.pem\"\n");
  CAF_CHECK(c.runtime.role == node_role::market);
  CAF_CHECK_EQUAL(c.runtime.node_name, "market-a");
  CAF_CHECK_EQUAL(c.runtime.admin_bind, "0.0.0.0");
  CAF_CHECK_EQUAL(c.runtime.admin_port, 4300);
  CAF_CHECK_EQUAL(c.runtime.admin_token_file, "secrets/admin.token");
  CAF_CHECK_EQUAL(c.runtime.metrics_bind, "127.0.0.1");
  CAF_CHECK_EQUAL(c.runtime.metrics_port, 9464);
  CAF_CHECK_EQUAL(c.runtime.signer_host, "signer.internal");
  CAF_CHECK_EQUAL(c.runtime.signer_port, 4251);
  CAF_CHECK(c.runtime.tls());
  CAF_CHECK_EQUAL(c.runtime.tls_ca_file, "certs/ca.pem");
  auto d = parse_ok(eth_market);
  CAF_CHECK(d.runtime.role == node_role::all_in_one);
  CAF_CHECK(!d.runtime.tls());
  CAF_CHECK_EQUAL(d.runtime.admin_bind, "127.0.0.1");
}

CAF_TEST(a signer node needs no market) {
  auto c =
      parse_ok("[runtime]\nrole = \"signer\"\nallow_plain_signer = true\n");
  CAF_CHECK(c.runtime.role == node_role::signer);
  CAF_CHECK(c.markets.empty());
}

CAF_TEST(signer peers get a token file and the keys and markets they may use) {
  auto c = parse_ok("[runtime]\nrole = \"signer\"\nallow_plain_signer = "
                    "true\nsigner_token_file = \"certs/signer.token\"\n"
                    "signer_peer_keys = [4, 5]\nsigner_peer_markets = [1]\n");
  CAF_CHECK_EQUAL(c.runtime.signer_token_file, "certs/signer.token");
  CAF_CHECK(c.runtime.signer_peer_keys == (std::vector<int>{4, 5}));
  CAF_CHECK(c.runtime.signer_peer_markets == (std::vector<int>{1}));
  CAF_REQUIRE_EQUAL(c.warnings.size(), 1u);
  CAF_CHECK_EQUAL(c.warnings[0].key, "allow_plain_signer");
}

CAF_TEST(loopback addresses are recognised) {
  CAF_CHECK(is_loopback_address("127.0.0.1"));
  CAF_CHECK(is_loopback_address("127.1.2.3"));
  CAF_CHECK(is_loopback_address("localhost"));
  CAF_CHECK(is_loopback_address("::1"));
  CAF_CHECK(!is_loopback_address("0.0.0.0"));
  CAF_CHECK(!is_loopback_address("127.0.0.1.example.com"));
  CAF_CHECK(!is_loopback_address("10.0.0.5"));
  CAF_CHECK(!is_loopback_address(""));
}

CAF_TEST(resolving a market converts sizes to its lots rounding down) {
  auto c = parse_ok("[defaults]\nmax_drawdown_quote = \"100.129\"\n"
                    "[[market]]\n"
                    "symbol = \"ETH\"\n"
                    "order_size = \"0.0555\"\n"
                    "max_position = \"1.23456\"\n");
  market_spec eth;
  eth.price_decimals = 2;
  eth.size_decimals = 4;
  eth.lot = 10; // 0.001 ETH
  eth.min_base = qty_lots{10};
  auto p = c.markets[0].resolve(eth);
  CAF_REQUIRE(p);
  CAF_CHECK_EQUAL(p.value().grid.order_size.value, 550);     // 0.0555 -> 0.055
  CAF_CHECK_EQUAL(p.value().risk.max_position.value, 12340); // 1.2345|6
  CAF_CHECK_EQUAL(p.value().risk.max_drawdown.value, 100'129'000); // 6 dp
  eth.min_base = qty_lots{1000}; // 0.1 ETH minimum
  auto small = c.markets[0].resolve(eth);
  CAF_REQUIRE(!small);
  CAF_CHECK_EQUAL(small.error(), "market 'ETH': order_size 0.0555 is below "
                                 "the market's minimum order size 0.1000");
}

CAF_TEST(amounts parse exactly and print without trailing zeros) {
  CAF_CHECK(amount::parse("0.000000001") == amount{1});
  CAF_CHECK(amount::parse("12") == amount{12'000'000'000});
  CAF_CHECK(!amount::parse("0.0000000001"));
  CAF_CHECK(!amount::parse("-1"));
  CAF_CHECK(!amount::parse("1e3"));
  CAF_CHECK(!amount::parse(""));
  CAF_CHECK_EQUAL(amount{1'500'000'000}.to_string(), "1.5");
  CAF_CHECK_EQUAL(amount{0}.to_string(), "0");
}

CAF_TEST(typo hints find close keys) {
  std::vector<std::string_view> keys{"levels", "min_spacing_pct", "atr_period"};
  CAF_CHECK_EQUAL(closest_key("levles", keys), "levels");
  CAF_CHECK_EQUAL(closest_key("min_spacing", keys), "min_spacing_pct");
  CAF_CHECK_EQUAL(closest_key("atr_perod", keys), "atr_period");
  CAF_CHECK_EQUAL(closest_key("colour", keys), "");
}

CAF_TEST(an api key pool is read and a market may pin one of its keys) {
  auto c = parse_ok("[exchange]\n"
                    "api_key_indices = [4, 5, 6, 7]\n"
                    "[[market]]\n"
                    "symbol = \"ETH\"\n"
                    "order_size = \"0.05\"\n"
                    "max_position = \"1\"\n"
                    "api_key_index = 6\n"
                    "[[market]]\n"
                    "symbol = \"BTC\"\n"
                    "order_size = \"0.001\"\n"
                    "max_position = \"1\"\n");
  CAF_CHECK_EQUAL(c.exchange.api_key_indices, (std::vector<int>{4, 5, 6, 7}));
  CAF_CHECK_EQUAL(c.exchange.api_keys(), (std::vector<int>{4, 5, 6, 7}));
  // The key of account-wide operations defaults to the pool's first.
  CAF_CHECK(c.exchange.api_key_index == 4);
  CAF_REQUIRE_EQUAL(c.markets.size(), 2u);
  CAF_CHECK(c.markets[0].api_key_index == 6);
  CAF_CHECK(!c.markets[1].api_key_index);
  // One key: the pool is that key.
  auto one = parse_ok(eth_market + "[exchange]\napi_key_index = 9\n");
  CAF_CHECK_EQUAL(one.exchange.api_keys(), (std::vector<int>{9}));
}

CAF_TEST(a config written with the design keys loads with one meaning each) {
  auto c = load_ok(repo("tests/data/configs/design_keys.toml"));
  CAF_REQUIRE_EQUAL(c.markets.size(), 3u);
  auto& btc = c.markets[0].settings;
  auto& eth = c.markets[1].settings;
  auto& sol = c.markets[2].settings;
  // The guard's switches, from [defaults].
  CAF_CHECK(btc.params.grid.sanity_guard);
  CAF_CHECK(!btc.params.grid.sanity_guard_spread_check);
  CAF_CHECK(!btc.params.grid.fallback_to_market_mid);
  CAF_CHECK(!sol.params.grid.sanity_guard);
  // Sizing: the market's own quote, the profile's quote, base units.
  CAF_REQUIRE(btc.order_size_quote);
  CAF_CHECK_EQUAL(btc.order_size_quote->to_string(), "250");
  CAF_CHECK(!btc.order_size);
  CAF_REQUIRE(eth.order_size_quote);
  CAF_CHECK_EQUAL(eth.order_size_quote->to_string(), "100");
  CAF_CHECK(sol.order_size);
  CAF_CHECK(!sol.order_size_quote);
  CAF_CHECK_EQUAL(c.risk.max_account_drawdown_quote.to_string(), "100");
  CAF_CHECK_EQUAL(c.runtime.market_status_poll_s, 5);
  // Resolved against a market: $250 at 1 price and 5 size decimals.
  trailgrid::strategy::market_spec spec;
  spec.price_decimals = 1;
  spec.size_decimals = 5;
  auto p = c.markets[0].resolve(spec);
  CAF_REQUIRE(p);
  CAF_CHECK_EQUAL(p.value().grid.order_size.value, 0);
  CAF_CHECK_EQUAL(p.value().grid.order_size_quote.value, 250'000'000);
}

CAF_TEST(profiles carry their quote size per level) {
  CAF_CHECK_EQUAL(load_ok(repo("configs/conservative.toml"))
                      .defaults.order_size_quote->to_string(),
                  "200");
  CAF_CHECK_EQUAL(load_ok(repo("configs/balanced.toml"))
                      .defaults.order_size_quote->to_string(),
                  "100");
  CAF_CHECK_EQUAL(load_ok(repo("configs/aggressive.toml"))
                      .defaults.order_size_quote->to_string(),
                  "50");
}
