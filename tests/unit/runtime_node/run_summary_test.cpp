#define CAF_SUITE run_summary
#include "caf/test/unit_test.hpp"

#include "runtime/run_summary.hpp"

using namespace trailgrid;
using namespace trailgrid::runtime;
using messages::actor_status;

namespace {

// BTC: 1 price decimal, 5 size decimals -> quote_units have 6 decimals.
strategy::market_spec btc() {
  strategy::market_spec s;
  s.symbol = "BTC";
  s.price_decimals = 1;
  s.size_decimals = 5;
  return s;
}

// Money in BTC's quote units (1e-6).
actor_status tree(int64_t fills, int64_t resets, int64_t realised,
                  int64_t unrealised, int64_t fees) {
  actor_status grid;
  grid.name = "BTC/grid";
  grid.kind = "grid";
  auto& g = grid.facts;
  g.fills = fills;
  g.resets = resets;
  g.coalesced_fills = 1;
  g.volume = 1'000'500'000;
  g.fees = fees;
  g.realised_pnl = realised;
  g.unrealised_pnl = unrealised;
  g.position = -200; // -0.00200
  actor_status exec;
  exec.name = "BTC/executor";
  exec.kind = "executor";
  exec.figures = {{"latency_p50_us", "412.5"}, {"latency_p99_us", "990.0"}};
  exec.facts.nonce_errors = 2;
  exec.facts.latency_samples = 7;
  actor_status feed;
  feed.name = "BTC/feed";
  feed.kind = "feed";
  feed.facts.reconnects = 3;
  actor_status sup;
  sup.name = "BTC";
  sup.children = {feed, grid, exec};
  actor_status gw;
  gw.name = "gateway";
  gw.facts.reconnects = 4;
  actor_status root;
  root.name = "node";
  root.children = {gw, sup};
  return root;
}

} // namespace

CAF_TEST(the summary counts this run and keeps money exact) {
  summary_tracker t;
  t.add_market("BTC", btc());
  t.sample(tree(10, 12, 1'000'000, 0, 100'000));          // baseline
  t.sample(tree(14, 17, 3'000'000, -500'000, 200'000));   // net 2.3
  t.sample(tree(15, 18, 2'000'000, -1'000'000, 200'000)); // net 0.8
  auto s = t.summary(1'800'000, false);                   // 30 min
  CAF_REQUIRE_EQUAL(s.markets.size(), 1u);
  auto& m = s.markets[0];
  CAF_CHECK_EQUAL(m.fills, 5);
  CAF_CHECK_EQUAL(m.resets, 6);
  CAF_CHECK_EQUAL(m.coalesced_fills, 0);
  CAF_CHECK_EQUAL(m.resets_per_hour_milli, 12'000);
  CAF_CHECK_EQUAL(m.net.value, 800'000);
  CAF_CHECK_EQUAL(m.max_drawdown.value, 1'500'000); // 2.3 -> 0.8
  CAF_CHECK_EQUAL(m.position.value, -200);
  CAF_CHECK_EQUAL(m.nonce_errors, 2);
  CAF_CHECK_EQUAL(m.reconnects, 3);
  CAF_CHECK_EQUAL(s.gateway_reconnects, 4);
  auto json = to_json(s);
  CAF_CHECK_EQUAL(
      json,
      "{\"duration_s\":1800.000,\"dry_run\":false,\"gateway_reconnects\":4,"
      "\"orders_confirmed_gone\":true,\"orders_left\":[],\"markets\":[{"
      "\"symbol\":\"BTC\",\"fills\":5,\"resets\":6,"
      "\"coalesced_fills\":0,\"resets_per_hour\":12.000,"
      "\"volume_quote\":1000.500000,\"fees_quote\":0.200000,"
      "\"realized_pnl\":2.000000,\"unrealized_pnl\":-1.000000,"
      "\"net_pnl\":0.800000,\"position\":-0.00200,\"max_drawdown\":1.500000,"
      "\"nonce_errors\":2,\"reconnects\":3,\"latency_p50_us\":412.5,"
      "\"latency_p99_us\":990.0,\"latency_samples\":7}]}\n");
  CAF_CHECK(to_text(s).find("BTC: fills 5, resets 6 (12.000/h)") !=
            std::string::npos);
}

CAF_TEST(a market that never ran reports zeros) {
  summary_tracker t;
  t.add_market("BTC", btc());
  actor_status empty;
  t.sample(empty);
  auto s = t.summary(0, true);
  CAF_CHECK_EQUAL(s.markets[0].fills, 0);
  CAF_CHECK_EQUAL(s.markets[0].resets_per_hour_milli, 0);
  CAF_CHECK(to_json(s).find("\"latency_p50_us\":null") != std::string::npos);
}
