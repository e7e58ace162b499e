#include "runtime/admin/metrics.hpp"

#include "messages/latency_histogram.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <vector>

namespace trailgrid::runtime {

namespace {

using messages::actor_status;
using messages::run_state;

/// A known figure and the metric family it becomes.
struct figure_metric {
  std::string_view figure;
  std::string_view family;
  std::string_view type; ///< "counter" or "gauge"
  double divisor;        ///< unit conversion (ms -> s: 1000); dividing
                         ///< keeps 42 ms exactly 0.042
  std::string_view help;
};

constexpr figure_metric known_figures[] = {
    {"resets", "trailgrid_resets_total", "counter", 1, "Grid resets."},
    {"fills", "trailgrid_fills_total", "counter", 1, "Fills of our orders."},
    {"volume", "trailgrid_volume_quote_total", "counter", 1,
     "Traded notional in quote currency."},
    {"realised_pnl", "trailgrid_realised_pnl_quote", "gauge", 1,
     "Realised PnL of the session, quote currency."},
    {"unrealised_pnl", "trailgrid_unrealised_pnl_quote", "gauge", 1,
     "Unrealised PnL at the mark, quote currency."},
    {"fees", "trailgrid_fees_quote", "gauge", 1, "Fees paid, quote currency."},
    {"position", "trailgrid_position_base", "gauge", 1,
     "Signed position in base units."},
    {"live_orders", "trailgrid_live_orders", "gauge", 1,
     "Orders live on the exchange."},
    {"mid", "trailgrid_mid_price", "gauge", 1, "Market mid price."},
    {"market_active", "trailgrid_market_active", "gauge", 1,
     "1 while the exchange reports the market active (0: maintenance or "
     "not active, quoting paused)."},
    {"market_pauses", "trailgrid_market_pauses_total", "counter", 1,
     "Times the market went not active on the exchange."},
    {"position_syncs", "trailgrid_position_syncs_total", "counter", 1,
     "Exchange positions that replaced the booked one."},
    {"balance_resets", "trailgrid_balance_resets_total", "counter", 1,
     "Live grids trimmed because free collateral fell."},
    {"atr_pct", "trailgrid_atr_percent", "gauge", 1, "ATR as % of price."},
    {"spacing", "trailgrid_spacing_percent", "gauge", 1,
     "Level spacing of the last grid, % of price."},
    {"resets_per_hour", "trailgrid_resets_per_hour", "gauge", 1,
     "Resets in the last hour."},
    {"last_reset_latency_ms", "trailgrid_last_reset_latency_seconds", "gauge",
     1000, "Latency of the last reset (fill to new grid sent)."},
    {"last_reset_latency_us", "trailgrid_last_reset_latency_seconds", "gauge",
     1e6, "Latency of the last reset (fill to new grid sent)."},
    {"reconnects", "trailgrid_reconnects_total", "counter", 1,
     "Reconnects of an exchange connection."},
    {"nonce_errors", "trailgrid_nonce_errors_total", "counter", 1,
     "Transactions refused for an invalid nonce."},
    {"signatures", "trailgrid_signatures_total", "counter", 1,
     "Transactions signed."},
    {"sigs_per_s", "trailgrid_signer_signatures_per_second", "gauge", 1,
     "Signer throughput."},
    {"book_age_ms", "trailgrid_book_age_seconds", "gauge", 1000,
     "Age of the newest order book update."},
    {"breaker_trips", "trailgrid_breaker_trips_total", "counter", 1,
     "Volatility breaker trips of the session."},
    {"drawdown_stops", "trailgrid_drawdown_stops_total", "counter", 1,
     "Drawdown stops of the session."},
    {"fills_recovered", "trailgrid_fills_recovered_total", "counter", 1,
     "Fills the account stream missed, recovered from the exchange's REST."},
    {"trade_reads_cut_short", "trailgrid_trade_reads_cut_short_total",
     "counter", 1,
     "Recovery reads of the account's trades that stopped at their bound of "
     "pages, older fills unread."},
    {"stream_up", "trailgrid_account_stream_up", "gauge", 1,
     "1 while the gateway's account stream is up."},
    {"quota_remaining", "trailgrid_signer_quota_remaining", "gauge", 1,
     "sendTx budget left in the account's quota window."},
};

/// A text figure that takes one of a fixed set of values, rendered as one
/// 0/1 sample per value (like trailgrid_actor_state), so that every value
/// has a series whether or not it is current.
struct state_figure {
  std::string_view kind;   ///< the actor kind that reports it
  std::string_view figure; ///< its figure key
  std::string_view family;
  std::string_view help;
  std::vector<std::string_view> values;
};

const state_figure state_figures[] = {
    {"grid",
     "state",
     "trailgrid_grid_state",
     "1 for the grid's current state (paused_breaker: the volatility "
     "breaker holds it; halted: drawdown stop).",
     {"warming_up", "quoting", "reset_in_flight", "paused_breaker", "halted",
      "paused", "draining"}},
};

/// The node root's holds (hold_atom reasons) that always get a series.
constexpr std::string_view known_holds[] = {"signer", "account_stream"};

constexpr std::string_view histogram_prefix = "reset_latency_us.";
constexpr std::string_view histogram_family = "trailgrid_reset_latency_seconds";

struct family {
  std::string type;
  std::string help;
  std::vector<std::string> samples;
};

/// Families in first-seen order, so the output is stable.
class registry {
public:
  family& at(std::string_view name, std::string_view type,
             std::string_view help) {
    auto [it, inserted] = families_.try_emplace(std::string{name});
    if (inserted) {
      order_.push_back(it->first);
      it->second.type = type;
      it->second.help = help;
    }
    return it->second;
  }

  std::string render() const {
    std::string out;
    for (auto& name : order_) {
      auto& f = families_.at(name);
      out += "# HELP " + name + " " + f.help + "\n";
      out += "# TYPE " + name + " " + f.type + "\n";
      for (auto& s : f.samples)
        out += s;
    }
    return out;
  }

private:
  std::map<std::string, family> families_;
  std::vector<std::string> order_;
};

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string sample(std::string_view name, const std::string& labels, double v) {
  return std::string{name} + "{" + labels + "} " + format_number(v) + "\n";
}

std::string label(std::string_view k, std::string_view v) {
  return std::string{k} + "=\"" + escape_label(v) + "\"";
}

class renderer {
public:
  explicit renderer(std::string_view node) : node_(node) {}

  void walk(const actor_status& x, const std::string& market) {
    auto m = x.kind == "market_supervisor" ? x.name : market;
    auto labels = label("node", node_) + "," + label("market", m) + "," +
                  label("actor", x.name) + "," + label("kind", x.kind);
    actor_metrics(x, labels);
    figures(x, labels);
    for (auto& c : x.children)
      walk(c, m);
  }

  std::string render() const { return reg_.render(); }

private:
  void actor_metrics(const actor_status& x, const std::string& labels) {
    reg_.at("trailgrid_actor_up", "gauge", "1 when the actor is running.")
        .samples.push_back(sample("trailgrid_actor_up", labels,
                                  x.state == run_state::running ? 1 : 0));
    auto& st = reg_.at("trailgrid_actor_state", "gauge",
                       "1 for the actor's current state.");
    for (auto s : {run_state::running, run_state::backing_off,
                   run_state::paused, run_state::halted, run_state::stopped})
      st.samples.push_back(sample("trailgrid_actor_state",
                                  labels + "," + label("state", to_string(s)),
                                  s == x.state ? 1 : 0));
    reg_.at("trailgrid_actor_restarts_total", "counter",
            "Restarts by the actor's supervisor.")
        .samples.push_back(
            sample("trailgrid_actor_restarts_total", labels, x.restarts));
    reg_.at("trailgrid_actor_backoff_attempt", "gauge",
            "Restart attempts since the actor was last stable.")
        .samples.push_back(
            sample("trailgrid_actor_backoff_attempt", labels, x.attempt));
    reg_.at("trailgrid_actor_uptime_seconds", "gauge",
            "Time since the actor's last (re)start.")
        .samples.push_back(sample("trailgrid_actor_uptime_seconds", labels,
                                  static_cast<double>(x.uptime_ms) / 1000));
    reg_.at("trailgrid_actor_mailbox_size", "gauge",
            "Messages waiting in the actor's mailbox.")
        .samples.push_back(sample("trailgrid_actor_mailbox_size", labels,
                                  static_cast<double>(x.mailbox_size)));
  }

  void figures(const actor_status& x, const std::string& labels) {
    if (x.kind == "node_root") node_root_figures(x, labels);
    for (auto& sf : state_figures) {
      if (sf.kind != x.kind) continue;
      auto i = x.figures.find(std::string{sf.figure});
      if (i == x.figures.end()) continue;
      auto& f = reg_.at(sf.family, "gauge", sf.help);
      for (auto v : sf.values)
        f.samples.push_back(sample(sf.family, labels + "," + label("state", v),
                                   i->second == v ? 1 : 0));
    }
    bool has_histogram = false;
    for (auto& [key, text] : x.figures) {
      if (key.rfind(histogram_prefix, 0) == 0) {
        has_histogram = true;
        continue;
      }
      auto v = figure_number(text);
      if (!v) continue;
      if (key_figure(key, *v, labels)) continue;
      reg_.at("trailgrid_figure", "gauge",
              "Any other numeric status figure of an actor.")
          .samples.push_back(sample("trailgrid_figure",
                                    labels + "," + label("figure", key), *v));
    }
    if (has_histogram) histogram(x, labels);
  }

  // The kill switch ("off", "armed: F", "active: F") and the holds
  // ("signer,account_stream") of the node root as numbers.
  void node_root_figures(const actor_status& x, const std::string& labels) {
    if (auto k = x.figures.find("kill_switch"); k != x.figures.end())
      reg_.at("trailgrid_kill_switch_active", "gauge",
              "1 while the kill switch file exists (every market paused).")
          .samples.push_back(sample("trailgrid_kill_switch_active", labels,
                                    k->second.rfind("active", 0) == 0 ? 1 : 0));
    std::vector<std::string> held;
    if (auto h = x.figures.find("holds"); h != x.figures.end()) {
      std::string_view rest = h->second;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        held.emplace_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{}
                                               : rest.substr(comma + 1);
      }
    }
    std::vector<std::string> reasons(std::begin(known_holds),
                                     std::end(known_holds));
    for (auto& r : held)
      if (std::find(reasons.begin(), reasons.end(), r) == reasons.end())
        reasons.push_back(r);
    auto& f = reg_.at("trailgrid_node_hold", "gauge",
                      "1 while the node holds every market for this reason "
                      "(signer: the signer node is unreachable; "
                      "account_stream: the account stream is down).");
    for (auto& r : reasons)
      f.samples.push_back(
          sample("trailgrid_node_hold", labels + "," + label("reason", r),
                 std::find(held.begin(), held.end(), r) != held.end() ? 1 : 0));
  }

  // The known figures, and the signer's per-key "key.<index>.<name>".
  bool key_figure(const std::string& key, double v, const std::string& labels) {
    for (auto& k : known_figures) {
      if (k.figure != key) continue;
      reg_.at(k.family, k.type, k.help)
          .samples.push_back(sample(k.family, labels, v / k.divisor));
      return true;
    }
    if (key.rfind("key.", 0) == 0) {
      auto dot = key.find('.', 4);
      if (dot == std::string::npos) return false;
      auto api_key = key.substr(4, dot - 4);
      auto what = key.substr(dot + 1);
      std::string_view family;
      std::string_view help;
      if (what == "next_nonce") {
        family = "trailgrid_signer_next_nonce";
        help = "Next nonce the signer hands out, per API key.";
      } else if (what == "in_flight") {
        family = "trailgrid_signer_nonces_in_flight";
        help = "Nonces signed but not yet confirmed, per API key.";
      } else if (what == "waiting") {
        family = "trailgrid_signer_waiting_requests";
        help = "Sign requests waiting for a nonce resync, per API key.";
      } else {
        return false;
      }
      reg_.at(family, "gauge", help)
          .samples.push_back(
              sample(family, labels + "," + label("api_key", api_key), v));
      return true;
    }
    return false;
  }

  void histogram(const actor_status& x, const std::string& labels) {
    auto& f = reg_.at(histogram_family, "histogram",
                      "Reset latency (fill to new grid sent).");
    auto get = [&](const std::string& k) -> std::optional<double> {
      auto i = x.figures.find(std::string{histogram_prefix} + k);
      if (i == x.figures.end()) return std::nullopt;
      return figure_number(i->second);
    };
    auto name = std::string{histogram_family};
    for (auto b : messages::latency_histogram::bounds_us) {
      auto v = get("le." + std::to_string(b));
      if (!v) continue;
      f.samples.push_back(
          sample(name + "_bucket",
                 labels + "," +
                     label("le", format_number(static_cast<double>(b) / 1e6)),
                 *v));
    }
    auto count = get("count").value_or(0);
    f.samples.push_back(
        sample(name + "_bucket", labels + "," + label("le", "+Inf"), count));
    f.samples.push_back(
        sample(name + "_sum", labels, get("sum").value_or(0) / 1e6));
    f.samples.push_back(sample(name + "_count", labels, count));
  }

  std::string node_;
  registry reg_;
};

} // namespace

std::optional<double> figure_number(std::string_view text) {
  if (text == "yes") return 1.0;
  if (text == "no") return 0.0;
  std::string s;
  for (char c : text)
    if (c != ',' && c != '_') s.push_back(c);
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  if (!s.empty() && s.back() == '%') s.pop_back();
  while (!s.empty() && s.back() == ' ')
    s.pop_back();
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (res.ec != std::errc{} || res.ptr != s.data() + s.size())
    return std::nullopt;
  return v;
}

std::string escape_label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

std::string render_metrics(std::string_view node, const actor_status& tree) {
  renderer r{node};
  r.walk(tree, "");
  return r.render();
}

} // namespace trailgrid::runtime
