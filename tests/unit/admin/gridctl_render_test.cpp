#define CAF_SUITE gridctl_render
#include "caf/test/unit_test.hpp"

#include "sample_tree.hpp"

#include "runtime/admin/status_json.hpp"
#include "tools/gridctl/render.hpp"

#include <nlohmann/json.hpp>

using namespace trailgrid;
using namespace trailgrid::gridctl;
using admin_test::sample_tree;

namespace {

std::vector<node_reply> two_nodes() {
  node_reply a;
  a.node = "127.0.0.1:4242";
  a.tree = sample_tree();
  node_reply b;
  b.node = "10.0.0.9:4242";
  b.error = "unreachable: no answer within 5 s";
  return {a, b};
}

} // namespace

CAF_TEST(durations are short and human) {
  CAF_CHECK_EQUAL(format_duration(950), "950ms");
  CAF_CHECK_EQUAL(format_duration(42'000), "42s");
  CAF_CHECK_EQUAL(format_duration(185'000), "3m05s");
  CAF_CHECK_EQUAL(format_duration(7'380'000), "2h03m");
  CAF_CHECK_EQUAL(format_duration(370'800'000), "4d07h");
  CAF_CHECK_EQUAL(format_duration(-5), "0ms");
}

CAF_TEST(an actor line shows state backoff restarts uptime mailbox figures) {
  auto feed = sample_tree().children[1].children[0];
  CAF_CHECK_EQUAL(actor_line(feed),
                  "BTC/feed [feed] backing_off(attempt 2, retry in 1s) "
                  "restarts=3 up=1m05s mbox=0 reconnects=2");
  auto signer = sample_tree().children[0];
  CAF_CHECK_EQUAL(actor_line(signer),
                  "signer running restarts=0 up=1m05s mbox=0 sigs_per_s=4 "
                  "signatures=120 key.2.next_nonce=1007");
}

CAF_TEST(the tree is drawn like pstree with unreachable nodes on one line) {
  CAF_CHECK_EQUAL(
      render_tree(two_nodes()),
      "deployment\n"
      "├─ node 127.0.0.1:4242\n"
      "│  └─ market-a [node_root] running restarts=0 up=2h05m mbox=0 "
      "markets=1\n"
      "│     ├─ signer running restarts=0 up=1m05s mbox=0 sigs_per_s=4 "
      "signatures=120 key.2.next_nonce=1007\n"
      "│     └─ BTC [market_supervisor] running restarts=0 up=1m05s mbox=0 "
      "market_index=1\n"
      "│        ├─ BTC/feed [feed] backing_off(attempt 2, retry in 1s) "
      "restarts=3 up=1m05s mbox=0 reconnects=2\n"
      "│        ├─ BTC/atr [atr] running restarts=0 up=1m05s mbox=0 "
      "atr_pct='0.25 %'\n"
      "│        ├─ BTC/grid [grid] running restarts=0 up=1m05s mbox=3 "
      "mid=98,500.5 atr_pct='0.25 %' spacing='0.12 %' "
      "centre_source=filled_price live_orders=20 position=-0.004 "
      "realised_pnl=12.5 volume=1,234.0 resets_per_hour=7 "
      "last_reset_latency_ms=42\n"
      "│        └─ BTC/executor [executor] running restarts=0 up=1m05s "
      "mbox=0 api_key=5 live_orders=20 nonce_errors=0\n"
      "└─ node 10.0.0.9:4242: unreachable: no answer within 5 s\n");
}

CAF_TEST(the status table has one row per market and drops empty columns) {
  CAF_CHECK_EQUAL(
      render_status_table(two_nodes()),
      "NODE            MARKET  STATE                       MID       ATR%    "
      "SPACING  SOURCE        ORDERS  POSITION  PNL   VOLUME   RESETS/H  "
      "LAT_MS  RESTARTS\n"
      "127.0.0.1:4242  BTC     running (feed:backing_off)  98,500.5  "
      "0.25 %  0.12 %   filled_price  20      -0.004    12.5  1,234.0  7"
      "         42      3\n"
      "node 10.0.0.9:4242: unreachable: no answer within 5 s\n");
}

CAF_TEST(tree json holds every actor and round trips) {
  auto text = tree_json(two_nodes());
  auto j = nlohmann::json::parse(text);
  CAF_REQUIRE_EQUAL(j["nodes"].size(), 2u);
  CAF_CHECK_EQUAL(j["nodes"][0]["ok"], true);
  CAF_CHECK_EQUAL(j["nodes"][1]["ok"], false);
  CAF_CHECK_EQUAL(j["nodes"][1]["error"], "unreachable: no answer within 5 s");
  auto tree = runtime::status_from_json(j["nodes"][0]["tree"].dump());
  CAF_REQUIRE(tree.ok());
  auto& t = tree.value();
  CAF_CHECK_EQUAL(t.name, "market-a");
  CAF_REQUIRE_EQUAL(t.children.size(), 2u);
  auto& feed = t.children[1].children[0];
  CAF_CHECK_EQUAL(to_string(feed.state), "backing_off");
  CAF_CHECK_EQUAL(feed.attempt, 2u);
  CAF_CHECK_EQUAL(feed.next_retry_in_ms, 1500);
  CAF_CHECK_EQUAL(feed.restarts, 3u);
  CAF_CHECK_EQUAL(t.children[1].children[2].figures.at("mid"), "98,500.5");
  CAF_CHECK_EQUAL(t.children[1].children[2].mailbox_size, 3u);
}

CAF_TEST(status json lists markets with their children figures) {
  auto j = nlohmann::json::parse(status_json(two_nodes()));
  CAF_REQUIRE_EQUAL(j["markets"].size(), 1u);
  auto& m = j["markets"][0];
  CAF_CHECK_EQUAL(m["market"], "BTC");
  CAF_CHECK_EQUAL(m["node"], "127.0.0.1:4242");
  CAF_CHECK_EQUAL(m["restarts"], 3);
  CAF_CHECK_EQUAL(m["children"]["grid"]["figures"]["spacing"], "0.12 %");
  CAF_REQUIRE_EQUAL(j["errors"].size(), 1u);
  CAF_CHECK_EQUAL(j["errors"][0]["node"], "10.0.0.9:4242");
}

CAF_TEST(bad status json is an error not a crash) {
  auto r = runtime::status_from_json("{\"name\": 1}");
  CAF_CHECK(!r.ok());
  auto s =
      runtime::status_from_json(R"({"name":"x","kind":"k","state":"dancing"})");
  CAF_REQUIRE(!s.ok());
  CAF_CHECK_EQUAL(s.error(), "bad status JSON: unknown state 'dancing'");
}
