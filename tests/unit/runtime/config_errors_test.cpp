#define CAF_SUITE config_errors
#include "caf/test/unit_test.hpp"

#include "runtime/config.hpp"

using namespace trailgrid::runtime;

namespace {

const std::string market = "[[market]]\n"
                           "symbol = \"ETH\"\n"
                           "order_size = \"0.05\"\n"
                           "max_position = \"1\"\n";

// All error lines of parsing `text` as configs/x.toml ("" when it loads).
std::string errors_of(const std::string& text) {
  auto res = parse_config(text, "configs/x.toml");
  return res ? std::string{} : res.error().to_string();
}

// The only error of `text` (fails the test if there are several).
std::string error_of(const std::string& text) {
  auto res = parse_config(text, "configs/x.toml");
  if (res) return "";
  auto& errs = res.error().errors;
  if (errs.size() != 1)
    CAF_MESSAGE("expected one error, got:\n" << res.error().to_string());
  return errs.front().to_string();
}

// The error of one [defaults] line (line 2 of the file).
std::string defaults_error(const std::string& line) {
  return error_of("[defaults]\n" + line + "\n" + market);
}

} // namespace

CAF_TEST(a wrongly typed integer names file line key range and value) {
  CAF_CHECK_EQUAL(defaults_error("levels = \"five\""),
                  "configs/x.toml:2: key 'levels' must be an integer in "
                  "1..100, got \"five\"");
  CAF_CHECK_EQUAL(defaults_error("levels = 0"),
                  "configs/x.toml:2: key 'levels' must be an integer in "
                  "1..100, got 0");
  CAF_CHECK_EQUAL(defaults_error("levels = 101"),
                  "configs/x.toml:2: key 'levels' must be an integer in "
                  "1..100, got 101");
  CAF_CHECK_EQUAL(defaults_error("levels = 2.5"),
                  "configs/x.toml:2: key 'levels' must be an integer in "
                  "1..100, got 2.5");
  CAF_CHECK_EQUAL(defaults_error("bar_interval_s = 3601"),
                  "configs/x.toml:2: key 'bar_interval_s' must be an integer "
                  "in 1..3600, got 3601");
  CAF_CHECK_EQUAL(defaults_error("atr_period = 0"),
                  "configs/x.toml:2: key 'atr_period' must be an integer in "
                  "1..1000, got 0");
}

CAF_TEST(unknown keys are errors with a did you mean hint) {
  CAF_CHECK_EQUAL(defaults_error("levles = 5"),
                  "configs/x.toml:2: unknown key 'levles' in [defaults] (did "
                  "you mean 'levels'?)");
  CAF_CHECK_EQUAL(defaults_error("min_spacing = 0.1"),
                  "configs/x.toml:2: unknown key 'min_spacing' in [defaults] "
                  "(did you mean 'min_spacing_pct'?)");
  CAF_CHECK_EQUAL(error_of(market + "atr_perod = 3\n"),
                  "configs/x.toml:5: unknown key 'atr_perod' in [[market]] "
                  "(did you mean 'atr_period'?)");
  CAF_CHECK_EQUAL(error_of(market + "[exchnage]\nchain_id = 300\n"),
                  "configs/x.toml:5: unknown key 'exchnage' in the top level "
                  "(did you mean 'exchange'?)");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nadmin_prot = 1\n"),
                  "configs/x.toml:6: unknown key 'admin_prot' in [runtime] "
                  "(did you mean 'admin_port'?)");
}

CAF_TEST(an unknown key far from any name lists what is allowed) {
  CAF_CHECK_EQUAL(error_of(market + "[risk]\ncolour = 1\n"),
                  "configs/x.toml:6: unknown key 'colour' in [risk] "
                  "(allowed: \"max_total_exposure_quote\", "
                  "\"kill_switch_file\" or "
                  "\"max_account_drawdown_quote\")");
}

CAF_TEST(an unknown key in exchange risk or notify names its line and a hint) {
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\nchain = 300\n"),
                  "configs/x.toml:6: unknown key 'chain' in [exchange] (did "
                  "you mean 'chain_id'?)");
  CAF_CHECK_EQUAL(error_of(market + "[risk]\nkill_switch = \"stop\"\n"),
                  "configs/x.toml:6: unknown key 'kill_switch' in [risk] (did "
                  "you mean 'kill_switch_file'?)");
  CAF_CHECK_EQUAL(error_of(market + "[notify]\ntimeout = 5000\n"),
                  "configs/x.toml:6: unknown key 'timeout' in [notify] (did "
                  "you mean 'timeout_ms'?)");
  // A sub-table has no line of its own: the section's line is named.
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\n[runtime.log_dirs]\nx = 1\n"),
                  "configs/x.toml:5: unknown key 'log_dirs' in [runtime] (did "
                  "you mean 'log_dir'?)");
}

CAF_TEST(node roles and endpoints are checked) {
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nrole = \"signing\"\n"),
                  "configs/x.toml:6: key 'role' must be \"all-in-one\", "
                  "\"signer\" or \"market\", got \"signing\"");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nsigner_port = 0\n"),
                  "configs/x.toml:6: key 'signer_port' must be an integer in "
                  "1..65535, got 0");
  CAF_CHECK_EQUAL(
      error_of(market + "[runtime]\nadmin_bind = \"0.0.0.0\"\n"),
      "configs/x.toml:6: key 'admin_bind' = \"0.0.0.0\" is not a loopback "
      "address: remote nodes need certificates (set tls_cert_file, "
      "tls_key_file and tls_ca_file; tools/make-certs creates them)");
  CAF_CHECK_EQUAL(
      error_of(market +
               "[runtime]\nrole = \"market\"\nsigner_host = \"10.0.0.5\"\n"),
      "configs/x.toml:7: key 'signer_host' = \"10.0.0.5\" is not a loopback "
      "address: remote nodes need certificates (set tls_cert_file, "
      "tls_key_file and tls_ca_file; tools/make-certs creates them)");
  CAF_CHECK_EQUAL(
      error_of(market + "[runtime]\ntls_cert_file = \"node.pem\"\n"),
      "configs/x.toml:5: [runtime] tls_cert_file, tls_key_file and "
      "tls_ca_file go together (mutual TLS needs this node's certificate, "
      "its key and the CA); set all three or none");
}

// Guards against a signer that signs for any local process: without TLS a
// signer node (and the market nodes using it) must opt in explicitly.
CAF_TEST(a signer link without TLS needs an explicit opt in) {
  CAF_CHECK_EQUAL(
      error_of("[runtime]\nrole = \"signer\"\n"),
      "configs/x.toml:1: [runtime] a signer node needs mutual TLS to reach "
      "the other nodes (set tls_cert_file, tls_key_file and tls_ca_file; "
      "tools/make-certs creates them), or allow_plain_signer = true for a "
      "loopback-only test setup");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nrole = \"market\"\n"),
                  "configs/x.toml:5: [runtime] a market node needs mutual "
                  "TLS to reach the other nodes (set tls_cert_file, "
                  "tls_key_file and tls_ca_file; tools/make-certs creates "
                  "them), or allow_plain_signer = true for a loopback-only "
                  "test setup");
}

CAF_TEST(a signer node runs no markets) {
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nrole = \"signer\"\n"),
                  "configs/x.toml:1: a signer node (role = \"signer\") runs "
                  "no markets: move the [[market]] entries to a market "
                  "node's config");
}

CAF_TEST(the dead man switch needs an exclusive account and a short heartbeat) {
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\ndead_man_switch_s = 600\n"),
                  "configs/x.toml:5: [runtime] key 'dead_man_switch_s' needs "
                  "account_is_exclusive = true: the scheduled cancel-all "
                  "cancels every order of the account");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\ndead_man_switch_s = 600\n"
                                    "account_is_exclusive = true\n"
                                    "dead_man_heartbeat_s = 600\n"),
                  "configs/x.toml:5: [runtime] key 'dead_man_heartbeat_s' "
                  "(600) must be below 'dead_man_switch_s' (600)");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\ndead_man_switch_s = 60\n"),
                  "configs/x.toml:6: key 'dead_man_switch_s' must be an "
                  "integer in 300..1296000, got 60");
}

CAF_TEST(percent keys reject excess precision and out of range values) {
  CAF_CHECK_EQUAL(defaults_error("min_spacing_pct = 0.12345"),
                  "configs/x.toml:2: key 'min_spacing_pct' must be a percent "
                  "in 0.0001..50 with at most 4 decimals, got 0.12345");
  CAF_CHECK_EQUAL(defaults_error("min_spacing_pct = \"0.1\""),
                  "configs/x.toml:2: key 'min_spacing_pct' must be a percent "
                  "in 0.0001..50 with at most 4 decimals, got \"0.1\"");
  CAF_CHECK_EQUAL(defaults_error("max_spacing_pct = 51"),
                  "configs/x.toml:2: key 'max_spacing_pct' must be a percent "
                  "in 0.0001..50 with at most 4 decimals, got 51");
  CAF_CHECK_EQUAL(defaults_error("maker_fee_pct = -2"),
                  "configs/x.toml:2: key 'maker_fee_pct' must be a percent in "
                  "-1..1 with at most 4 decimals, got -2");
  CAF_CHECK_EQUAL(defaults_error("trailing_dwell_s = 0.0005"),
                  "configs/x.toml:2: key 'trailing_dwell_s' must be a number "
                  "of seconds in 0..86400 with at most 3 decimals, got "
                  "0.0005");
  CAF_CHECK_EQUAL(defaults_error("leverage = 0.5"),
                  "configs/x.toml:2: key 'leverage' must be a number in "
                  "1..100 with at most 6 decimals, got 0.5");
}

CAF_TEST(enum bool and number keys say what they accept) {
  CAF_CHECK_EQUAL(defaults_error("mid_price_source = \"mid\""),
                  "configs/x.toml:2: key 'mid_price_source' must be one of "
                  "\"filled_price\", \"market_mid\", \"mark_price\", "
                  "\"last_price\", got \"mid\"");
  CAF_CHECK_EQUAL(defaults_error("skew = \"yes\""),
                  "configs/x.toml:2: key 'skew' must be true or false, got "
                  "\"yes\"");
  CAF_CHECK_EQUAL(defaults_error("atr_multiplier = 0"),
                  "configs/x.toml:2: key 'atr_multiplier' must be a number "
                  "above 0 and at most 100, got 0");
}

CAF_TEST(sizes must be positive exact decimals) {
  for (auto bad :
       {"\"-1\"", "\"abc\"", "0", "\"0.0000000001\"", "-0.5", "\"1e3\""})
    CAF_CHECK_EQUAL(error_of("[[market]]\nsymbol = \"ETH\"\n"
                             "max_position = \"1\"\norder_size = " +
                             std::string{bad} + "\n"),
                    "configs/x.toml:4: key 'order_size' must be a decimal "
                    "amount above 0 with at most 9 decimals, as a string "
                    "(\"0.001\") or a number, got " +
                        std::string{bad});
}

CAF_TEST(a private key in the file is an error that says where secrets go) {
  auto msg = error_of(market + "[exchange]\nprivate_key = \"0xdeadbeef\"\n");
  CAF_CHECK_EQUAL(msg, "configs/x.toml:6: key 'private_key' looks like a "
                       "secret and is not allowed in a config file: set "
                       "LIGHTER_PRIVATE_KEY in the environment or in a .env "
                       "file next to the config or in the working directory");
  CAF_CHECK_EQUAL(msg.find("deadbeef"), std::string::npos);
  // Anywhere in the file, under any secret-looking name.
  CAF_CHECK(errors_of("LIGHTER_PRIVATE_KEY = \"x\"\n" + market)
                .find("key 'LIGHTER_PRIVATE_KEY' looks like a secret") !=
            std::string::npos);
  CAF_CHECK(
      errors_of("[defaults]\napi_secret = \"x\"\n" + market)
          .find("configs/x.toml:2: key 'api_secret' looks like a secret") !=
      std::string::npos);
}

CAF_TEST(markets need a unique valid symbol and their sizes) {
  CAF_CHECK_EQUAL(error_of("[[market]]\norder_size = 1\nmax_position = 1\n"),
                  "configs/x.toml:1: [[market]] has no 'symbol' (a market "
                  "name such as \"ETH\")");
  CAF_CHECK_EQUAL(error_of(market + market),
                  "configs/x.toml:6: key 'symbol': market 'ETH' is already "
                  "defined at line 1");
  CAF_CHECK_EQUAL(error_of("[[market]]\nsymbol = \"ETH USD\"\n"
                           "order_size = 1\nmax_position = 1\n"),
                  "configs/x.toml:2: key 'symbol' must be a non-empty string "
                  "of letters, digits and . _ / -, got \"ETH USD\"");
  CAF_CHECK_EQUAL(error_of("[[market]]\nsymbol = \"ETH\"\nmax_position = 1\n"),
                  "configs/x.toml:1: market 'ETH' has no 'order_size' (or "
                  "'order_size_quote'): set it in [defaults] or in this "
                  "[[market]] (must be a decimal "
                  "amount above 0 with at most 9 decimals, as a string "
                  "(\"0.001\") or a number)");
}

CAF_TEST(sizes from defaults satisfy every market) {
  CAF_CHECK_EQUAL(errors_of("[defaults]\norder_size = 1\nmax_position = 2\n"
                            "[[market]]\nsymbol = \"A\"\n"
                            "[[market]]\nsymbol = \"B\"\n"),
                  "");
}

CAF_TEST(a config needs markets and correctly shaped sections) {
  CAF_CHECK_EQUAL(error_of("[defaults]\nlevels = 3\n"),
                  "configs/x.toml: no [[market]] entry: add at least one, "
                  "e.g. [[market]] with symbol = \"ETH\"");
  CAF_CHECK(errors_of("[market]\nsymbol = \"ETH\"\n")
                .find("configs/x.toml:1: key 'market' must be an array of "
                      "tables, written [[market]] once per market") !=
            std::string::npos);
  CAF_CHECK_EQUAL(error_of("levels = 3\n" + market),
                  "configs/x.toml:1: key 'levels' must be inside [defaults] "
                  "or a [[market]], not at the top level");
  CAF_CHECK_EQUAL(error_of("defaults = 3\n" + market),
                  "configs/x.toml:1: key 'defaults' must be a table, written "
                  "[defaults]");
  CAF_CHECK_EQUAL(error_of(market + "[risk]\nlevels = 3\n"),
                  "configs/x.toml:6: key 'levels' is a per-market strategy "
                  "key: put it in [defaults] or a [[market]], not in [risk]");
}

CAF_TEST(spacing and breaker bounds are checked per market) {
  CAF_CHECK_EQUAL(error_of("[defaults]\nmax_spacing_pct = 0.5\n" + market +
                           "min_spacing_pct = 0.6\n"),
                  "configs/x.toml:7: market 'ETH': key 'min_spacing_pct' "
                  "(0.6) must not exceed 'max_spacing_pct' (0.5)");
  CAF_CHECK_EQUAL(error_of(market + "breaker_resume_atr_pct = 2\n"),
                  "configs/x.toml:5: market 'ETH': key "
                  "'breaker_resume_atr_pct' (2) must be below "
                  "'breaker_trip_atr_pct' (2)");
}

CAF_TEST(exchange risk and runtime values are validated) {
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\ntier = \"gold\"\n"),
                  "configs/x.toml:6: key 'tier' must be one of standard, "
                  "plus, premium, builder, got \"gold\"");
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\ntx_channel = \"fix\"\n"),
                  "configs/x.toml:6: key 'tx_channel' must be \"websocket\" "
                  "or \"rest\", got \"fix\"");
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\nrest_url = \"ftp://x\"\n"),
                  "configs/x.toml:6: key 'rest_url' must be a URL starting "
                  "with \"https://\" or \"http://\", got \"ftp://x\"");
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\nws_url = \"https://x\"\n"),
                  "configs/x.toml:6: key 'ws_url' must be a URL starting with "
                  "\"wss://\" or \"ws://\", got \"https://x\"");
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\napi_key_index = 255\n"),
                  "configs/x.toml:6: key 'api_key_index' must be an integer "
                  "in 0..254, got 255");
  CAF_CHECK_EQUAL(
      error_of(market + "[exchange]\nstream_hold_after_ms = 0\n"),
      "configs/x.toml:6: key 'stream_hold_after_ms' must be an integer in "
      "100..600000, got 0");
  CAF_CHECK_EQUAL(
      error_of(market + "[exchange]\nrest_quota_per_minute = 0\n"),
      "configs/x.toml:6: key 'rest_quota_per_minute' must be an integer in "
      "1..9223372036854775807, got 0");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nscheduler = \"fifo\"\n"),
                  "configs/x.toml:6: key 'scheduler' must be \"sharing\" or "
                  "\"stealing\", got \"fifo\"");
  CAF_CHECK_EQUAL(error_of(market + "[exchange]\naccount_index = -1\n"),
                  "configs/x.toml:6: key 'account_index' must be an integer "
                  "in 0..9223372036854775807, got -1");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nadmin_port = 70000\n"),
                  "configs/x.toml:6: key 'admin_port' must be an integer in "
                  "0..65535, got 70000");
  CAF_CHECK_EQUAL(error_of(market + "[runtime]\nlog_dir = \"\"\n"),
                  "configs/x.toml:6: key 'log_dir' must be a non-empty path "
                  "string, got \"\"");
  CAF_CHECK_EQUAL(
      error_of(market + "[risk]\nmax_total_exposure_quote = \"-5\"\n"),
      "configs/x.toml:6: key 'max_total_exposure_quote' must be a "
      "decimal amount of at least 0 with at most 9 decimals, as a "
      "string (\"0.001\") or a number, got \"-5\"");
}

CAF_TEST(notify values out of range name file line key and range) {
  CAF_CHECK_EQUAL(error_of(market + "[notify]\npoll_ms = 100\n"),
                  "configs/x.toml:6: key 'poll_ms' must be an integer in "
                  "200..60000, got 100");
  CAF_CHECK_EQUAL(error_of(market + "[notify]\nmax_per_minute = 601\n"),
                  "configs/x.toml:6: key 'max_per_minute' must be an integer "
                  "in 1..600, got 601");
  CAF_CHECK_EQUAL(error_of(market + "[notify]\nmin_severity = \"debug\"\n"),
                  "configs/x.toml:6: key 'min_severity' must be \"info\", "
                  "\"warning\" or \"critical\", got \"debug\"");
}

CAF_TEST(toml syntax errors name the file and line) {
  CAF_CHECK_EQUAL(error_of("[defaults]\nlevels = = 3\n"),
                  "configs/x.toml:2: TOML syntax error: bad format: unknown "
                  "value appeared");
  CAF_CHECK_EQUAL(error_of("[defaults]\nlevels = 3\nlevels = 4\n"),
                  "configs/x.toml:3: TOML syntax error: toml::insert_value: "
                  "value (\"levels\") already exists.");
}

CAF_TEST(profiles must be known names or readable toml files) {
  CAF_CHECK_EQUAL(defaults_error("profile = \"yolo\""),
                  "configs/x.toml:2: key 'profile' must be \"conservative\", "
                  "\"balanced\" or \"aggressive\" or a path to a .toml file "
                  "(relative to this file), got \"yolo\"");
  CAF_CHECK_EQUAL(defaults_error("profile = \"nope.toml\""),
                  "configs/x.toml:2: key 'profile': cannot read profile file "
                  "'configs/nope.toml'");
}

CAF_TEST(profiles do not nest) {
  std::string dir = std::string{TRAILGRID_SOURCE_DIR} + "/tests/data/configs/";
  auto res = load_config(dir + "nested_profile.toml");
  CAF_REQUIRE(!res);
  auto& errs = res.error().errors;
  CAF_REQUIRE_EQUAL(errs.size(), 2u);
  CAF_CHECK_EQUAL(errs[0].to_string(),
                  dir + "uses_file_profile.toml:3: key 'profile' is not "
                        "allowed in a profile used as a base (profiles do "
                        "not nest)");
  CAF_CHECK_EQUAL(errs[1].to_string(),
                  dir + "nested_profile.toml:3: key 'profile': profile "
                        "'uses_file_profile.toml' has errors (see above)");
}

CAF_TEST(every error of a file is reported in line order) {
  auto res = parse_config("[defaults]\n"
                          "skew = 1\n"
                          "levels = 0\n" +
                              market + "colour = 2\n",
                          "configs/x.toml");
  CAF_REQUIRE(!res);
  auto& errs = res.error().errors;
  CAF_REQUIRE_EQUAL(errs.size(), 3u);
  CAF_CHECK_EQUAL(errs[0].line, 2);
  CAF_CHECK_EQUAL(errs[0].key, "skew");
  CAF_CHECK_EQUAL(errs[1].line, 3);
  CAF_CHECK_EQUAL(errs[1].key, "levels");
  CAF_CHECK_EQUAL(errs[2].line, 8);
  CAF_CHECK_EQUAL(errs[2].key, "colour");
}

CAF_TEST(a missing config file is an error naming it) {
  auto res = load_config("configs/does-not-exist.toml");
  CAF_REQUIRE(!res);
  CAF_CHECK_EQUAL(res.error().to_string(),
                  "configs/does-not-exist.toml: cannot read the config "
                  "file\n");
}

CAF_TEST(an api key pool names the file line and what is allowed) {
  const std::string allowed =
      "must be a non-empty array of distinct integers in 0..254, e.g. "
      "[4, 5, 6, 7]";
  CAF_CHECK_EQUAL(error_of("[exchange]\napi_key_indices = []\n" + market),
                  "configs/x.toml:2: key 'api_key_indices' " + allowed +
                      ", got []");
  CAF_CHECK_EQUAL(error_of("[exchange]\napi_key_indices = [4, 4]\n" + market),
                  "configs/x.toml:2: key 'api_key_indices' " + allowed +
                      ", got [4, 4]");
  CAF_CHECK_EQUAL(error_of("[exchange]\napi_key_indices = [4, 255]\n" + market),
                  "configs/x.toml:2: key 'api_key_indices' " + allowed +
                      ", got [4, 255]");
  CAF_CHECK_EQUAL(error_of("[exchange]\napi_key_indices = [4, 5]\n"
                           "api_key_index = 6\n" +
                           market),
                  "configs/x.toml:3: key 'api_key_index' must be one of "
                  "api_key_indices (the key of account-wide operations; leave "
                  "it out to use the first), got 6");
  CAF_CHECK_EQUAL(
      error_of("[exchange]\napi_key_indices = [4, 5]\n" + market +
               "api_key_index = 7\n"),
      "configs/x.toml:7: key 'api_key_index' must be one of the [exchange] "
      "API keys (4, 5), got 7");
}

CAF_TEST(two keys of one meaning in one table are an error) {
  auto e = errors_of("[defaults]\nmax_drawdown_quote = 1\n[[market]]\n"
                     "symbol = \"ETH\"\norder_size = \"0.05\"\n"
                     "order_size_quote = \"100\"\nmax_position = \"1\"\n");
  CAF_CHECK_EQUAL(e, "configs/x.toml:6: keys 'order_size' and "
                     "'order_size_quote' are both set in [[market]]: they "
                     "configure the same thing, set only one\n");
  e = errors_of("[defaults]\nsanity_guard = true\nenable_sanity_guard = "
                "false\n" +
                market);
  CAF_CHECK(e.find("keys 'sanity_guard' and 'enable_sanity_guard' are both "
                   "set") != std::string::npos);
}

CAF_TEST(the design keys name their allowed values) {
  CAF_CHECK_EQUAL(defaults_error("fallback_to_market_mid = \"yes\""),
                  "configs/x.toml:2: key 'fallback_to_market_mid' must be "
                  "true or false, got \"yes\"");
  CAF_CHECK_EQUAL(defaults_error("sanity_guard_spread_check = 1"),
                  "configs/x.toml:2: key 'sanity_guard_spread_check' must be "
                  "true or false, got 1");
  CAF_CHECK_EQUAL(defaults_error("order_size_quote = \"-5\""),
                  "configs/x.toml:2: key 'order_size_quote' must be a decimal "
                  "amount above 0 with at most 9 decimals, as a string "
                  "(\"0.001\") or a number, got \"-5\"");
  CAF_CHECK_EQUAL(
      error_of("[risk]\nmax_account_drawdown_quote = \"x\"\n" + market),
      "configs/x.toml:2: key 'max_account_drawdown_quote' must be "
      "a decimal amount of at least 0 with at most 9 decimals, as "
      "a string (\"25\") or a number (0 = off), got \"x\"");
}

CAF_TEST(a market without any size names both ways) {
  auto e = errors_of("[[market]]\nsymbol = \"ETH\"\nmax_position = \"1\"\n");
  CAF_CHECK(e.find("has no 'order_size' (or 'order_size_quote')") !=
            std::string::npos);
}

CAF_TEST(bytes that are not utf8 name their line and column) {
  CAF_CHECK_EQUAL(error_of("[defaults]\nnote = \"caf\xe9\"\n"),
                  "configs/x.toml:2: not valid UTF-8 at column 12 (byte "
                  "0xE9); TOML files must be UTF-8");
  // Inside a multi-line literal string: the case toml11 3.7 itself would
  // read past its buffer on.
  CAF_CHECK_EQUAL(error_of("[defaults]\nnote = '''\nab\xff\n'''\n"),
                  "configs/x.toml:3: not valid UTF-8 at column 3 (byte "
                  "0xFF); TOML files must be UTF-8");
}
