#define CAF_SUITE status_figures
#include "caf/test/unit_test.hpp"

#include "multi_market/status_figures.hpp"

using namespace trailgrid::multi_market;
using trailgrid::messages::actor_status;

namespace {

actor_status node(std::string name, std::string kind,
                  int64_t live_orders = -1) {
  actor_status s;
  s.name = std::move(name);
  s.kind = std::move(kind);
  s.facts.live_orders = live_orders;
  return s;
}

} // namespace

CAF_TEST(live orders sum the executors of every market) {
  auto root = node("node", "node_root");
  auto btc = node("BTC", "market_supervisor");
  btc.children.push_back(node("BTC/grid", "grid", 20));
  btc.children.push_back(node("BTC/executor", "executor", 3));
  auto eth = node("ETH", "market_supervisor");
  eth.children.push_back(node("ETH/executor", "executor", 4));
  root.children = {btc, eth};
  CAF_CHECK_EQUAL(live_orders(root), 7);
  CAF_CHECK_EQUAL(find_status(root, "ETH/executor")->kind, "executor");
  CAF_CHECK(find_status(root, "SOL") == nullptr);
}

CAF_TEST(live orders fall back to the grids and are unknown without figures) {
  auto root = node("BTC", "market_supervisor");
  root.children.push_back(node("BTC/grid", "grid", 5));
  CAF_CHECK_EQUAL(live_orders(root), 5);
  CAF_CHECK(!live_orders(node("x", "feed")));
}

CAF_TEST(a figure is shown as written or as the placeholder when absent) {
  auto n = node("BTC/grid", "grid");
  n.figures = {{"mid", "98,500.0"}};
  CAF_CHECK_EQUAL(figure_text(n, "mid"), "98,500.0");
  CAF_CHECK_EQUAL(figure_text(n, "spacing", "-"), "-");
  CAF_CHECK_EQUAL(figure_text(n, "spacing"), "");
}
