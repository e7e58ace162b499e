#define CAF_SUITE status_watch
#include "caf/test/unit_test.hpp"

#include "runtime/notify/status_watch.hpp"

#include <algorithm>

using namespace trailgrid::runtime;
using trailgrid::messages::actor_status;
using trailgrid::messages::run_state;

namespace {

actor_status leaf(std::string name, std::string kind,
                  std::map<std::string, std::string> figures = {}) {
  actor_status s;
  s.name = std::move(name);
  s.kind = std::move(kind);
  s.figures = std::move(figures);
  return s;
}

/// A node with one market: root -> gateway, BTC -> grid, executor.
struct tree_builder {
  std::map<std::string, std::string> root{{"kill_switch", "armed: k"}};
  std::map<std::string, std::string> grid{{"state", "quoting"},
                                          {"breaker_trips", "0"},
                                          {"drawdown_stops", "0"},
                                          {"realised_pnl", "-52.10"}};
  std::map<std::string, std::string> gateway{{"fills_recovered", "0"}};
  run_state executor_state = run_state::running;
  std::string executor_halted;
  uint32_t feed_restarts = 0;

  actor_status build() const {
    auto r = leaf("node-1", "node_root", root);
    auto btc = leaf("BTC", "market_supervisor");
    auto feed = leaf("BTC/feed", "feed");
    feed.restarts = feed_restarts;
    auto exec = leaf("BTC/executor", "executor");
    exec.state = executor_state;
    if (!executor_halted.empty()) exec.figures["halted"] = executor_halted;
    btc.children = {feed, leaf("BTC/grid", "grid", grid), exec};
    r.children = {leaf("gateway", "gateway", gateway), btc};
    return r;
  }
};

std::vector<std::string> kinds(const std::vector<notify_event>& events) {
  std::vector<std::string> out;
  for (auto& e : events)
    out.push_back(e.kind);
  return out;
}

using strings = std::vector<std::string>;

} // namespace

CAF_TEST(a healthy node gives no events and the first tree is a baseline) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  t.gateway["fills_recovered"] = "4"; // counters at start are no news
  t.feed_restarts = 2;
  CAF_CHECK(w.observe(t.build(), 1'000).empty());
  CAF_CHECK(w.observe(t.build(), 3'000).empty());
}

CAF_TEST(a drawdown stop is one critical event naming the market and pnl) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  w.observe(t.build(), 1'000);
  t.grid["state"] = "halted";
  t.grid["drawdown_stops"] = "1";
  auto ev = w.observe(t.build(), 3'000);
  CAF_REQUIRE_EQUAL(ev.size(), 1u);
  CAF_CHECK_EQUAL(ev[0].kind, "drawdown_stop");
  CAF_CHECK(ev[0].severity == notify_severity::critical);
  CAF_CHECK_EQUAL(ev[0].subject, "BTC");
  CAF_CHECK_EQUAL(ev[0].group, "halt:BTC");
  CAF_CHECK_EQUAL(ev[0].ts_ms, 3'000);
  CAF_CHECK_NOT_EQUAL(ev[0].text.find("realised PnL -52.10"),
                      std::string::npos);
  // Still halted: nothing new.
  CAF_CHECK(w.observe(t.build(), 5'000).empty());
}

CAF_TEST(a market already halted at the first look is reported) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  t.grid["state"] = "halted";
  CAF_CHECK_EQUAL(kinds(w.observe(t.build(), 1'000)), strings{"halt"});
}

CAF_TEST(an executor halt carries its reason) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  w.observe(t.build(), 1'000);
  t.executor_state = run_state::halted;
  t.executor_halted = "fatal: account frozen (21xxx)";
  auto ev = w.observe(t.build(), 2'000);
  CAF_REQUIRE_EQUAL(kinds(ev), strings{"halt"});
  CAF_CHECK_NOT_EQUAL(ev[0].text.find("account frozen"), std::string::npos);
  CAF_CHECK_EQUAL(ev[0].group, "halt:BTC");
}

CAF_TEST(the breaker trips and releases) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  w.observe(t.build(), 1'000);
  t.grid["state"] = "paused_breaker";
  t.grid["breaker_trips"] = "1";
  t.grid["atr_pct"] = "2.4100 %";
  auto ev = w.observe(t.build(), 2'000);
  CAF_REQUIRE_EQUAL(kinds(ev), strings{"breaker_trip"});
  CAF_CHECK(ev[0].severity == notify_severity::warning);
  CAF_CHECK_NOT_EQUAL(ev[0].text.find("ATR 2.4100 %"), std::string::npos);
  t.grid["state"] = "quoting";
  ev = w.observe(t.build(), 60'000);
  CAF_REQUIRE_EQUAL(kinds(ev), strings{"breaker_cleared"});
  CAF_CHECK(ev[0].severity == notify_severity::info);
  CAF_CHECK_EQUAL(ev[0].group, "breaker:BTC");
}

CAF_TEST(the kill switch engages and clears) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  w.observe(t.build(), 1'000);
  t.root["kill_switch"] = "active: /var/lib/trailgrid/kill";
  auto ev = w.observe(t.build(), 2'000);
  CAF_REQUIRE_EQUAL(kinds(ev), strings{"kill_switch"});
  CAF_CHECK_EQUAL(ev[0].subject, "node-1");
  CAF_CHECK_NOT_EQUAL(ev[0].text.find("/var/lib/trailgrid/kill"),
                      std::string::npos);
  t.root["kill_switch"] = "armed: /var/lib/trailgrid/kill";
  CAF_CHECK_EQUAL(kinds(w.observe(t.build(), 3'000)),
                  strings{"kill_switch_cleared"});
}

// The signer link holds the markets for a moment at every start; only a
// loss that lasts is news, and "back" only follows a reported loss.
CAF_TEST(a signer loss is reported after the grace period and its return ) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  t.root["holds"] = "signer";
  CAF_CHECK(w.observe(t.build(), 1'000).empty());
  t.root.erase("holds");
  CAF_CHECK(w.observe(t.build(), 3'000).empty()); // short: no news
  t.root["holds"] = "account_stream,signer";
  CAF_CHECK(w.observe(t.build(), 5'000).empty());
  CAF_CHECK(w.observe(t.build(), 14'999).empty());
  auto ev = w.observe(t.build(), 15'000);
  CAF_REQUIRE_EQUAL(kinds(ev), (strings{"stream_down", "signer_lost"}));
  CAF_CHECK(ev[1].severity == notify_severity::critical);
  CAF_CHECK_NOT_EQUAL(ev[1].text.find("10 s"), std::string::npos);
  CAF_CHECK(w.observe(t.build(), 20'000).empty()); // reported once
  t.root["holds"] = "account_stream";
  ev = w.observe(t.build(), 21'000);
  CAF_REQUIRE_EQUAL(kinds(ev), strings{"signer_back"});
  CAF_CHECK(ev[0].severity == notify_severity::info);
}

CAF_TEST(recovered fills and restarts count increases) {
  status_watch w{{"node-1", 10'000}};
  tree_builder t;
  t.gateway["fills_recovered"] = "2";
  w.observe(t.build(), 1'000);
  t.gateway["fills_recovered"] = "5";
  t.feed_restarts = 1;
  auto ev = w.observe(t.build(), 2'000);
  CAF_REQUIRE_EQUAL(kinds(ev), (strings{"restart", "fills_recovered"}));
  CAF_CHECK_EQUAL(ev[0].subject, "BTC");
  CAF_CHECK_EQUAL(ev[0].group, "restart:BTC/feed");
  CAF_CHECK_NOT_EQUAL(ev[1].text.find("3 fill(s)"), std::string::npos);
}
