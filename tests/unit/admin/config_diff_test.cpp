#define CAF_SUITE config_diff
#include "caf/test/unit_test.hpp"

#include "runtime/admin/config_diff.hpp"

using namespace trailgrid::runtime;

namespace {

const std::string before = R"([defaults]
levels = 10

[[market]]
symbol = "BTC"
order_size = "0.001"
max_position = "0.01"

[[market]]
symbol = "ETH"
order_size = "0.05"
max_position = "1.0"

[runtime]
admin_port = 4242
)";

} // namespace

CAF_TEST(an identical config has no changes) {
  auto p = plan_reload(before, before, "x.toml");
  CAF_REQUIRE(p.ok());
  CAF_CHECK(p.value().empty());
  CAF_CHECK_EQUAL(render_plan(p.value()), "no changes\n");
}

CAF_TEST(market keys are diffed per symbol and plan a restart of that market) {
  auto after = before;
  after.replace(after.find("\"0.05\""), 6, "\"0.08\"");
  auto p = plan_reload(before, after, "x.toml");
  CAF_REQUIRE(p.ok());
  auto& plan = p.value();
  CAF_REQUIRE_EQUAL(plan.changes.size(), 1u);
  CAF_CHECK_EQUAL(plan.changes[0].key, "market.ETH.order_size");
  CAF_CHECK_EQUAL(*plan.changes[0].before, "\"0.05\"");
  CAF_CHECK_EQUAL(*plan.changes[0].after, "\"0.08\"");
  CAF_CHECK_EQUAL(plan.restart_markets, std::vector<std::string>{"ETH"});
  CAF_CHECK(plan.add_markets.empty());
  CAF_CHECK(plan.needs_restart.empty());
  CAF_CHECK_EQUAL(plan.market_settings["ETH"],
                  "max_position = \"1.0\"\norder_size = \"0.08\"\n");
  CAF_CHECK_EQUAL(render_plan(plan),
                  "- market.ETH.order_size = \"0.05\"\n"
                  "+ market.ETH.order_size = \"0.08\"\n"
                  "\n"
                  "restart with new settings (cancel, re-quote): ETH\n");
}

CAF_TEST(added and removed markets and process keys are planned apart) {
  std::string after = R"([defaults]
levels = 12

[[market]]
symbol = "BTC"
order_size = "0.001"
max_position = "0.01"

[[market]]
symbol = "SOL"
order_size = "1"
max_position = "10"

[runtime]
admin_port = 4300
)";
  auto p = plan_reload(before, after, "x.toml");
  CAF_REQUIRE(p.ok());
  auto& plan = p.value();
  CAF_CHECK_EQUAL(plan.add_markets, std::vector<std::string>{"SOL"});
  CAF_CHECK_EQUAL(plan.remove_markets, std::vector<std::string>{"ETH"});
  // [defaults] changed: BTC, which stays, restarts with them.
  CAF_CHECK_EQUAL(plan.restart_markets, std::vector<std::string>{"BTC"});
  CAF_CHECK_EQUAL(plan.needs_restart,
                  std::vector<std::string>{"runtime.admin_port"});
  CAF_CHECK_EQUAL(plan.market_settings.count("SOL"), 1u);
  auto text = render_plan(plan);
  CAF_CHECK(text.find("- defaults.levels = 10\n+ defaults.levels = 12\n") !=
            std::string::npos);
  CAF_CHECK(text.find("start markets: SOL\n") != std::string::npos);
  CAF_CHECK(text.find("stop markets (cancel their orders): ETH\n") !=
            std::string::npos);
  CAF_CHECK(text.find("not applied until the node restarts: "
                      "runtime.admin_port\n") != std::string::npos);
}

CAF_TEST(a toml syntax error is reported with its location) {
  auto p = plan_reload(before, "[defaults\nlevels = 3\n", "new.toml");
  CAF_REQUIRE(!p.ok());
  CAF_CHECK(p.error().find("new.toml") != std::string::npos);
}

CAF_TEST(digests differ for different texts and are stable) {
  CAF_CHECK_EQUAL(text_digest(""), "cbf29ce484222325");
  CAF_CHECK_EQUAL(text_digest("a"), text_digest("a"));
  CAF_CHECK(text_digest("a") != text_digest("b"));
}
