#define CAF_SUITE metrics
#include "caf/test/unit_test.hpp"

#include "sample_tree.hpp"

#include "messages/latency_histogram.hpp"
#include "runtime/admin/metrics.hpp"

#include <set>
#include <sstream>

using namespace trailgrid::runtime;
using admin_test::sample_tree;

namespace {

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l))
    if (l == line) return true;
  return false;
}

size_t count_prefix(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string l;
  size_t n = 0;
  while (std::getline(in, l))
    if (l.rfind(prefix, 0) == 0) ++n;
  return n;
}

const std::string grid_labels =
    R"(node="n1",market="BTC",actor="BTC/grid",kind="grid")";

} // namespace

CAF_TEST(figures parse as numbers with separators percent and yes no) {
  CAF_CHECK_EQUAL(figure_number("98,500.25").value_or(-1), 98500.25);
  CAF_CHECK_EQUAL(figure_number("0.25 %").value_or(-1), 0.25);
  CAF_CHECK_EQUAL(figure_number("-0.004").value_or(-1), -0.004);
  CAF_CHECK_EQUAL(figure_number("+3").value_or(-1), 3.0);
  CAF_CHECK_EQUAL(figure_number("yes").value_or(-1), 1.0);
  CAF_CHECK_EQUAL(figure_number("no").value_or(-1), 0.0);
  CAF_CHECK(!figure_number("filled_price"));
  CAF_CHECK(!figure_number(""));
  CAF_CHECK(!figure_number("12 ms"));
}

CAF_TEST(label values are escaped) {
  CAF_CHECK_EQUAL(escape_label(R"(a"b\c)"), R"(a\"b\\c)");
  CAF_CHECK_EQUAL(escape_label("x\ny"), "x\\ny");
}

CAF_TEST(every actor gets state restarts uptime and mailbox with its labels) {
  auto m = render_metrics("n1", sample_tree());
  CAF_CHECK(has_line(m, R"(trailgrid_actor_up{node="n1",market="",)"
                        R"(actor="market-a",kind="node_root"} 1)"));
  CAF_CHECK(has_line(m, R"(trailgrid_actor_up{node="n1",market="BTC",)"
                        R"(actor="BTC/feed",kind="feed"} 0)"));
  CAF_CHECK(has_line(m,
                     R"(trailgrid_actor_state{node="n1",market="BTC",)"
                     R"(actor="BTC/feed",kind="feed",state="backing_off"} 1)"));
  CAF_CHECK(has_line(m, R"(trailgrid_actor_state{node="n1",market="BTC",)"
                        R"(actor="BTC/feed",kind="feed",state="running"} 0)"));
  CAF_CHECK(has_line(m, R"(trailgrid_actor_restarts_total{node="n1",)"
                        R"(market="BTC",actor="BTC/feed",kind="feed"} 3)"));
  CAF_CHECK(has_line(m, R"(trailgrid_actor_backoff_attempt{node="n1",)"
                        R"(market="BTC",actor="BTC/feed",kind="feed"} 2)"));
  CAF_CHECK(
      has_line(m, "trailgrid_actor_uptime_seconds{" + grid_labels + "} 65"));
  CAF_CHECK(has_line(m, "trailgrid_actor_mailbox_size{" + grid_labels + "} 3"));
  // Seven actors, one sample each (five per actor for the state).
  CAF_CHECK_EQUAL(count_prefix(m, "trailgrid_actor_up{"), 7u);
  CAF_CHECK_EQUAL(count_prefix(m, "trailgrid_actor_state{"), 35u);
}

CAF_TEST(market figures become named counters and gauges) {
  auto m = render_metrics("n1", sample_tree());
  CAF_CHECK(has_line(m, "# TYPE trailgrid_resets_total counter"));
  CAF_CHECK(has_line(m, "trailgrid_resets_total{" + grid_labels + "} 7"));
  CAF_CHECK(has_line(m, "trailgrid_fills_total{" + grid_labels + "} 9"));
  CAF_CHECK(
      has_line(m, "trailgrid_volume_quote_total{" + grid_labels + "} 1234"));
  CAF_CHECK(
      has_line(m, "trailgrid_realised_pnl_quote{" + grid_labels + "} 12.5"));
  CAF_CHECK(has_line(m, "trailgrid_position_base{" + grid_labels + "} -0.004"));
  CAF_CHECK(has_line(m, "trailgrid_mid_price{" + grid_labels + "} 98500.5"));
  CAF_CHECK(has_line(m, "trailgrid_atr_percent{" + grid_labels + "} 0.25"));
  CAF_CHECK(has_line(m, "trailgrid_last_reset_latency_seconds{" + grid_labels +
                            "} 0.042"));
  CAF_CHECK(has_line(m, R"(trailgrid_reconnects_total{node="n1",)"
                        R"(market="BTC",actor="BTC/feed",kind="feed"} 2)"));
  CAF_CHECK(has_line(m, R"(trailgrid_nonce_errors_total{node="n1",)"
                        R"(market="BTC",actor="BTC/executor",)"
                        R"(kind="executor"} 0)"));
  // Text figures are left out.
  CAF_CHECK_EQUAL(m.find("filled_price"), std::string::npos);
}

CAF_TEST(the signer reports throughput and next nonce per api key) {
  auto m = render_metrics("n1", sample_tree());
  const std::string s = R"(node="n1",market="",actor="signer",kind="signer")";
  CAF_CHECK(has_line(m, "trailgrid_signer_signatures_per_second{" + s + "} 4"));
  CAF_CHECK(has_line(m, "trailgrid_signatures_total{" + s + "} 120"));
  CAF_CHECK(has_line(m, "trailgrid_signer_next_nonce{" + s +
                            R"(,api_key="2"} 1007)"));
  CAF_CHECK(
      has_line(m, "trailgrid_figure{" + s + R"(,figure="key.2.synced"} 1)"));
}

CAF_TEST(the reset latency histogram is rendered in seconds) {
  auto m = render_metrics("n1", sample_tree());
  const std::string b = "trailgrid_reset_latency_seconds_bucket{" + grid_labels;
  CAF_CHECK(has_line(m, "# TYPE trailgrid_reset_latency_seconds histogram"));
  CAF_CHECK(has_line(m, b + R"(,le="0.001"} 0)"));
  CAF_CHECK(has_line(m, b + R"(,le="0.05"} 6)"));
  CAF_CHECK(has_line(m, b + R"(,le="+Inf"} 7)"));
  CAF_CHECK(has_line(m, "trailgrid_reset_latency_seconds_sum{" + grid_labels +
                            "} 0.3005"));
  CAF_CHECK(has_line(m, "trailgrid_reset_latency_seconds_count{" + grid_labels +
                            "} 7"));
  // The bucket figures are not repeated as plain figures.
  CAF_CHECK_EQUAL(m.find("reset_latency_us"), std::string::npos);
}

CAF_TEST(each metric family has exactly one help and type line) {
  auto m = render_metrics("n1", sample_tree());
  CAF_CHECK_EQUAL(count_prefix(m, "# TYPE trailgrid_actor_up "), 1u);
  CAF_CHECK_EQUAL(count_prefix(m, "# HELP trailgrid_actor_up "), 1u);
  CAF_CHECK_EQUAL(count_prefix(m, "# TYPE trailgrid_atr_percent "), 1u);
  // Samples of one family are contiguous (the text format requires it).
  std::istringstream in(m);
  std::string l;
  std::string current;
  std::set<std::string> closed;
  bool ok = true;
  while (std::getline(in, l)) {
    if (l.rfind("# TYPE ", 0) == 0) {
      auto name = l.substr(7, l.find(' ', 7) - 7);
      if (closed.count(name)) ok = false;
      if (!current.empty()) closed.insert(current);
      current = name;
    }
  }
  CAF_CHECK(ok);
}

CAF_TEST(a latency histogram writes cumulative bucket figures) {
  trailgrid::messages::latency_histogram h;
  h.observe_us(800);       // <= 1 ms
  h.observe_us(24'000);    // <= 25 ms (the p99 target), > 20 ms
  h.observe_us(42'000);    // <= 50 ms
  h.observe_us(7'000'000); // above every bound
  std::map<std::string, std::string> f;
  h.write_figures(f, "reset_latency_us");
  CAF_CHECK_EQUAL(f["reset_latency_us.le.500"], "0");
  CAF_CHECK_EQUAL(f["reset_latency_us.le.1000"], "1");
  CAF_CHECK_EQUAL(f["reset_latency_us.le.20000"], "1");
  CAF_CHECK_EQUAL(f["reset_latency_us.le.25000"], "2");
  CAF_CHECK_EQUAL(f["reset_latency_us.le.50000"], "3");
  CAF_CHECK_EQUAL(f["reset_latency_us.le.5000000"], "3");
  CAF_CHECK_EQUAL(f["reset_latency_us.count"], "4");
  CAF_CHECK_EQUAL(f["reset_latency_us.sum"], "7066800");
}

// The alert rules of deploy/prometheus select on these series; each value
// must have a series while it is not current, or an alert on it could not
// tell "not halted" from "not reported".
CAF_TEST(the grid state is one series per state with the current one at 1) {
  auto tree = sample_tree();
  auto& grid = tree.children.at(1).children.at(2);
  grid.figures["state"] = "paused_breaker";
  grid.figures["breaker_trips"] = "2";
  grid.figures["drawdown_stops"] = "0";
  auto m = render_metrics("n1", tree);
  const std::string g = "trailgrid_grid_state{" + grid_labels;
  CAF_CHECK(has_line(m, g + R"(,state="paused_breaker"} 1)"));
  CAF_CHECK(has_line(m, g + R"(,state="quoting"} 0)"));
  CAF_CHECK(has_line(m, g + R"(,state="halted"} 0)"));
  CAF_CHECK_EQUAL(count_prefix(m, "trailgrid_grid_state{"), 7u);
  CAF_CHECK(
      has_line(m, "trailgrid_breaker_trips_total{" + grid_labels + "} 2"));
  CAF_CHECK(
      has_line(m, "trailgrid_drawdown_stops_total{" + grid_labels + "} 0"));
}

CAF_TEST(the node root reports its kill switch and every hold as numbers) {
  auto tree = sample_tree();
  const std::string r =
      R"(node="n1",market="",actor="market-a",kind="node_root")";
  tree.figures["kill_switch"] = "armed: /var/lib/trailgrid/kill";
  auto m = render_metrics("n1", tree);
  CAF_CHECK(has_line(m, "trailgrid_kill_switch_active{" + r + "} 0"));
  CAF_CHECK(has_line(m, "trailgrid_node_hold{" + r + R"(,reason="signer"} 0)"));
  CAF_CHECK(has_line(m, "trailgrid_node_hold{" + r +
                            R"(,reason="account_stream"} 0)"));
  tree.figures["kill_switch"] = "active: /var/lib/trailgrid/kill";
  tree.figures["holds"] = "signer,other";
  m = render_metrics("n1", tree);
  CAF_CHECK(has_line(m, "trailgrid_kill_switch_active{" + r + "} 1"));
  CAF_CHECK(has_line(m, "trailgrid_node_hold{" + r + R"(,reason="signer"} 1)"));
  CAF_CHECK(has_line(m, "trailgrid_node_hold{" + r +
                            R"(,reason="account_stream"} 0)"));
  CAF_CHECK(has_line(m, "trailgrid_node_hold{" + r + R"(,reason="other"} 1)"));
}

CAF_TEST(gateway and signer health figures get named families) {
  auto tree = sample_tree();
  tree.children.push_back(admin_test::leaf(
      "gateway", "gateway", {{"fills_recovered", "3"}, {"stream_up", "1"}}));
  tree.children.at(0).figures["quota_remaining"] = "57";
  auto m = render_metrics("n1", tree);
  const std::string gw =
      R"(node="n1",market="",actor="gateway",kind="gateway")";
  const std::string s = R"(node="n1",market="",actor="signer",kind="signer")";
  CAF_CHECK(has_line(m, "trailgrid_fills_recovered_total{" + gw + "} 3"));
  CAF_CHECK(has_line(m, "trailgrid_account_stream_up{" + gw + "} 1"));
  CAF_CHECK(has_line(m, "trailgrid_signer_quota_remaining{" + s + "} 57"));
}
