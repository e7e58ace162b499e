#define CAF_SUITE gridctl_cli
#include "caf/test/unit_test.hpp"

#include "tools/gridctl/cli.hpp"

using namespace trailgrid::gridctl;

namespace {

std::variant<options, std::string> parse(std::vector<std::string> a) {
  return parse_args(a);
}

std::string error_of(std::vector<std::string> a) {
  auto r = parse(std::move(a));
  auto e = std::get_if<std::string>(&r);
  return e ? *e : "<parsed>";
}

} // namespace

CAF_TEST(without a node gridctl talks to the local default node) {
  auto r = parse({"tree"});
  CAF_REQUIRE(std::holds_alternative<options>(r));
  auto& o = std::get<options>(r);
  CAF_CHECK_EQUAL(o.command, "tree");
  CAF_CHECK_EQUAL(o.nodes, std::vector<std::string>{"127.0.0.1:4242"});
  CAF_CHECK(!o.json);
}

CAF_TEST(nodes repeat and options take separate or joined values) {
  auto r = parse(
      {"--node", "a:1", "--node=b:2", "--json", "--timeout=2.5", "status"});
  CAF_REQUIRE(std::holds_alternative<options>(r));
  auto& o = std::get<options>(r);
  CAF_CHECK_EQUAL(o.nodes, (std::vector<std::string>{"a:1", "b:2"}));
  CAF_CHECK(o.json);
  CAF_CHECK_EQUAL(o.timeout_s, 2.5);
}

CAF_TEST(market commands need a market and drain a node) {
  CAF_CHECK_EQUAL(error_of({"pause"}), "pause needs a MARKET");
  CAF_CHECK_EQUAL(error_of({"drain"}), "drain needs a NODE (HOST:PORT)");
  auto r = parse({"pause", "BTC"});
  CAF_REQUIRE(std::holds_alternative<options>(r));
  CAF_CHECK_EQUAL(std::get<options>(r).argument, "BTC");
  CAF_CHECK_EQUAL(error_of({"pause", "BTC", "ETH"}),
                  "unexpected argument 'ETH'");
}

CAF_TEST(bad command lines are explained) {
  CAF_CHECK_EQUAL(error_of({}), "missing command");
  CAF_CHECK_EQUAL(error_of({"frobnicate"}), "unknown command 'frobnicate'");
  CAF_CHECK_EQUAL(error_of({"--nod", "x", "tree"}), "unknown option '--nod'");
  CAF_CHECK_EQUAL(error_of({"tree", "--node"}), "--node needs a value");
  CAF_CHECK_EQUAL(error_of({"watch", "--interval", "0"}),
                  "--interval needs a number of seconds in (0, 3600]");
  CAF_CHECK_EQUAL(error_of({"tree", "--cert", "a.pem"}),
                  "--cert, --key and --ca go together");
  CAF_CHECK_EQUAL(error_of({"tree", "--config", "x.toml"}),
                  "--config belongs to reload");
  CAF_CHECK_EQUAL(error_of({"--node", "a:1", "--node", "b:2", "reload",
                            "--config", "x.toml"}),
                  "reload --config F applies to one node: give exactly one "
                  "--node");
}

CAF_TEST(reload and watch take their options) {
  auto r = parse({"reload", "--config", "new.toml", "--yes"});
  CAF_REQUIRE(std::holds_alternative<options>(r));
  CAF_CHECK_EQUAL(std::get<options>(r).config, "new.toml");
  CAF_CHECK(std::get<options>(r).yes);
  auto w = parse({"watch", "--interval", "0.5"});
  CAF_REQUIRE(std::holds_alternative<options>(w));
  CAF_CHECK_EQUAL(std::get<options>(w).interval_s, 0.5);
}
