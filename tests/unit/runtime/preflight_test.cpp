#define CAF_SUITE preflight
#include "caf/test/unit_test.hpp"

// The verdicts of the pre-flight checks on hand-made exchange answers.

#include "runtime/preflight.hpp"

#include <algorithm>

using namespace trailgrid;
using namespace trailgrid::runtime;

namespace {

config cfg_of(const std::string& extra_exchange = "api_key_index = 4\n",
              const std::string& market_keys = "order_size = \"0.002\"\n") {
  auto r = parse_config("[[market]]\nsymbol = \"BTC\"\n" + market_keys +
                            "max_position = \"0.05\"\n[exchange]\n"
                            "account_index = 100\n" +
                            extra_exchange,
                        "x.toml");
  if (!r) CAF_FAIL(r.error().to_string());
  return r.value();
}

preflight_facts good_facts() {
  preflight_facts f;
  f.status = lighter::exchange_status{200, 1, 1'700'000'000'000};
  f.local_ms = 1'700'000'000'400;
  lighter::market_info btc;
  btc.symbol = "BTC";
  btc.market_id = 1;
  btc.status = "active";
  btc.decimals = {1, 5};
  btc.min_base = strategy::qty_lots{20};             // 0.0002
  btc.min_quote = strategy::quote_units{10'000'000}; // 10 USDC
  f.markets = {btc};
  lighter::account a;
  a.index = 100;
  a.collateral = lighter::usdc_amount{10'000'000'000};
  a.available_balance = lighter::usdc_amount{10'000'000'000};
  f.account = a;
  f.registered_keys = {{4, "abc"}};
  f.our_keys = {{4, "abc"}};
  f.books[1] = {strategy::price_ticks{570'000}, strategy::price_ticks{570'010}};
  return f;
}

const preflight_line* line(const std::vector<preflight_line>& lines,
                           const std::string& name) {
  for (auto& l : lines)
    if (l.name == name) return &l;
  return nullptr;
}

bool passes(const std::vector<preflight_line>& lines, const std::string& name) {
  auto* l = line(lines, name);
  if (!l) CAF_FAIL("no line " << name);
  return l->pass;
}

} // namespace

CAF_TEST(every check passes on a healthy exchange) {
  auto lines = evaluate_preflight(cfg_of(), good_facts());
  for (auto& l : lines)
    CAF_MESSAGE(to_string(l));
  CAF_CHECK(all_passed(lines));
  for (auto name : {"exchange", "clock", "account", "api key 4 index",
                    "api key 4 registered", "market BTC", "levels BTC",
                    "collateral", "quota", "active orders"})
    CAF_CHECK(passes(lines, name));
}

CAF_TEST(a clock off by more than the allowed skew fails with a fix) {
  auto f = good_facts();
  f.local_ms = f.status->timestamp_ms + 3'500;
  auto lines = evaluate_preflight(cfg_of(), f);
  auto* l = line(lines, "clock");
  CAF_REQUIRE(l);
  CAF_CHECK(!l->pass);
  CAF_CHECK(to_string(*l).find("3500 ms ahead of the exchange") !=
            std::string::npos);
  CAF_CHECK(l->fix.find("synchronise the system clock") != std::string::npos);
  f.local_ms = f.status->timestamp_ms - 2'900; // inside skew + resolution
  CAF_CHECK(passes(evaluate_preflight(cfg_of(), f), "clock"));
}

CAF_TEST(a reserved or unregistered key index fails) {
  auto f = good_facts();
  f.registered_keys = {{2, "abc"}};
  f.our_keys = {{2, "abc"}};
  auto lines = evaluate_preflight(cfg_of("api_key_index = 2\n"), f);
  CAF_CHECK(!passes(lines, "api key 2 index"));
  CAF_CHECK(passes(lines, "api key 2 registered"));
  lines = evaluate_preflight(cfg_of("api_key_index = 9\n"), f);
  CAF_CHECK(passes(lines, "api key 9 index"));
  CAF_CHECK(!passes(lines, "api key 9 registered"));
}

CAF_TEST(a key registered with another public key fails) {
  auto f = good_facts();
  f.our_keys = {{4, "def"}};
  auto lines = evaluate_preflight(cfg_of(), f);
  auto* l = line(lines, "api key 4 registered");
  CAF_REQUIRE(l);
  CAF_CHECK(!l->pass);
  f.our_keys.clear(); // no private key given: only registration is checked
  CAF_CHECK(passes(evaluate_preflight(cfg_of(), f), "api key 4 registered"));
}

CAF_TEST(a missing account an inactive market and maintenance fail) {
  auto f = good_facts();
  f.account.reset();
  f.account_error = "not found";
  f.markets[0].status = "inactive";
  f.status->status = 503;
  auto lines = evaluate_preflight(cfg_of(), f);
  CAF_CHECK(!passes(lines, "account"));
  CAF_CHECK(!passes(lines, "market BTC"));
  CAF_CHECK(!passes(lines, "exchange"));
  CAF_CHECK(!line(lines, "collateral")); // nothing to compare with
}

CAF_TEST(a level below the minimum order fails and names the minimum) {
  // 0.00001 BTC per level is below min_base 0.0002.
  auto lines = evaluate_preflight(
      cfg_of("api_key_index = 4\n", "order_size = \"0.00001\"\n"),
      good_facts());
  auto* l = line(lines, "levels BTC");
  CAF_REQUIRE(l);
  CAF_CHECK(!l->pass);
  CAF_MESSAGE(to_string(*l));
  CAF_CHECK(l->detail.find("minimum order size 0.00020") != std::string::npos);
  // $5 per level at ~57,000 is below the 10 USDC minimum notional.
  lines = evaluate_preflight(
      cfg_of("api_key_index = 4\n", "order_size_quote = \"5\"\n"),
      good_facts());
  CAF_CHECK(!passes(lines, "levels BTC"));
  lines = evaluate_preflight(
      cfg_of("api_key_index = 4\n", "order_size_quote = \"100\"\n"),
      good_facts());
  CAF_CHECK(passes(lines, "levels BTC"));
}

CAF_TEST(collateral below the grids margin fails with the shortfall) {
  auto f = good_facts();
  // 20 levels of 0.002 BTC at 57,000.5: 2,280.02 USDC of notional, 456.004
  // at the default 5x.
  f.account->available_balance = lighter::usdc_amount{400'000'000};
  auto lines = evaluate_preflight(cfg_of(), f);
  auto* l = line(lines, "collateral");
  CAF_REQUIRE(l);
  CAF_CHECK(!l->pass);
  CAF_CHECK(l->detail.find("needs 456.004") != std::string::npos);
  CAF_MESSAGE(to_string(*l));
  CAF_CHECK(l->fix.find("deposit at least 56.004 USDC") != std::string::npos);
}

CAF_TEST(a quota too small for one reset of every market fails) {
  // Standard tier: a reset of 10+10 levels is 40 txs in 3 requests.
  auto lines =
      evaluate_preflight(cfg_of("api_key_index = 4\nsend_quota_per_minute = "
                                "2\n"),
                         good_facts());
  auto* l = line(lines, "quota");
  CAF_REQUIRE(l);
  CAF_CHECK(!l->pass);
  CAF_CHECK(l->detail.find("40 txs = 3 requests") != std::string::npos);
  CAF_CHECK(passes(evaluate_preflight(cfg_of(), good_facts()), "quota"));
}

CAF_TEST(grids that together exceed the resting order cap of the account fail) {
  // 10+10 levels: 20 orders resting when the grid is full.
  auto* l = line(evaluate_preflight(cfg_of(), good_facts()), "active orders");
  CAF_REQUIRE(l);
  CAF_CHECK(l->pass);
  CAF_CHECK(l->detail.find("20 resting orders of the 1500") !=
            std::string::npos);
  auto lines = evaluate_preflight(
      cfg_of("api_key_index = 4\nmax_active_orders = 19\n"), good_facts());
  l = line(lines, "active orders");
  CAF_REQUIRE(l);
  CAF_CHECK(!l->pass);
  CAF_CHECK(l->fix.find("fewer levels or markets") != std::string::npos);
  CAF_CHECK(passes(
      evaluate_preflight(cfg_of("api_key_index = 4\nmax_active_orders = 20\n"),
                         good_facts()),
      "active orders"));
}
