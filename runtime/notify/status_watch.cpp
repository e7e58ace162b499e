#include "runtime/notify/status_watch.hpp"

#include "runtime/admin/metrics.hpp"

#include <set>

namespace trailgrid::runtime {

using messages::actor_status;
using messages::run_state;

namespace {

std::string figure(const std::map<std::string, std::string>& f,
                   const std::string& key) {
  auto i = f.find(key);
  return i == f.end() ? std::string{} : i->second;
}

// A counter figure's increase from `before` to `now`; 0 when either side
// lacks it or is not a number.
int64_t increase(const std::map<std::string, std::string>& before,
                 const std::map<std::string, std::string>& now,
                 const std::string& key) {
  auto a = figure_number(figure(before, key));
  auto b = figure_number(figure(now, key));
  if (!a || !b || *b <= *a) return 0;
  return static_cast<int64_t>(*b - *a);
}

notify_event make(std::string_view kind, notify_severity s, std::string subject,
                  std::string text, std::string group, int64_t now_ms) {
  notify_event e;
  e.kind = std::string{kind};
  e.severity = s;
  e.subject = std::move(subject);
  e.text = std::move(text);
  e.group = std::move(group);
  e.ts_ms = now_ms;
  return e;
}

// " (realised 12.5, unrealised -3.1)" from a grid's figures, when known.
std::string pnl_note(const std::map<std::string, std::string>& f) {
  std::string out;
  auto add = [&](const char* key, const char* label) {
    auto v = figure(f, key);
    if (v.empty()) return;
    out += (out.empty() ? " (" : ", ") + std::string{label} + " " + v;
  };
  add("realised_pnl", "realised PnL");
  add("unrealised_pnl", "unrealised");
  add("position", "position");
  return out.empty() ? out : out + ")";
}

std::set<std::string> split_holds(const std::string& text) {
  std::set<std::string> out;
  std::string::size_type start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.insert(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

} // namespace

status_watch::status_watch(watch_options options)
    : options_(std::move(options)) {}

void status_watch::flatten(const actor_status& x, const std::string& market,
                           std::map<std::string, facts>& out) const {
  auto m = x.kind == "market_supervisor" ? x.name : market;
  facts f;
  f.kind = x.kind;
  f.market = m;
  f.state = x.state;
  f.restarts = x.restarts;
  f.figures = x.figures;
  out[x.name] = std::move(f);
  for (auto& c : x.children)
    flatten(c, m, out);
}

std::vector<notify_event> status_watch::observe(const actor_status& tree,
                                                int64_t now_ms) {
  std::map<std::string, facts> now;
  flatten(tree, "", now);
  std::vector<notify_event> out;
  if (tree.kind == "node_root") root_events(now.at(tree.name), now_ms, out);
  for (auto& [name, f] : now) {
    auto i = last_.find(name);
    const facts* before = seen_ && i != last_.end() ? &i->second : nullptr;
    if (f.kind == "grid") grid_events(name, f, before, now_ms, out);
    actor_events(name, f, before, now_ms, out);
  }
  last_ = std::move(now);
  seen_ = true;
  return out;
}

void status_watch::root_events(const facts& root, int64_t now_ms,
                               std::vector<notify_event>& out) {
  const auto& node = options_.node;
  auto kill = figure(root.figures, "kill_switch");
  bool active = kill.rfind("active", 0) == 0;
  if (active != kill_active_) {
    auto file = kill.find(": ") == std::string::npos
                    ? std::string{}
                    : kill.substr(kill.find(": ") + 2);
    if (active)
      out.push_back(make(notify_kind::kill_switch, notify_severity::critical,
                         node,
                         "kill switch engaged (" + file +
                             "): every market paused, orders pulled",
                         "kill_switch", now_ms));
    else
      out.push_back(
          make(notify_kind::kill_switch_cleared, notify_severity::info, node,
               "kill switch cleared: markets resume", "kill_switch", now_ms));
    kill_active_ = active;
  }
  auto held = split_holds(figure(root.figures, "holds"));
  for (auto& reason : held)
    holds_.try_emplace(reason, hold{now_ms, false});
  for (auto it = holds_.begin(); it != holds_.end();) {
    const auto& reason = it->first;
    auto& h = it->second;
    bool is_signer = reason == "signer";
    bool is_stream = reason == "account_stream";
    if (held.count(reason) == 0) {
      if (h.reported)
        out.push_back(make(is_signer   ? notify_kind::signer_back
                           : is_stream ? notify_kind::stream_back
                                       : notify_kind::halt,
                           notify_severity::info, node,
                           is_signer   ? "signer node reachable again: markets "
                                         "resume"
                           : is_stream ? "account stream back: markets resume"
                                       : "hold '" + reason + "' released",
                           "hold:" + reason, now_ms));
      it = holds_.erase(it);
      continue;
    }
    if (!h.reported && now_ms - h.since_ms >= options_.hold_grace_ms) {
      auto secs = std::to_string((now_ms - h.since_ms) / 1000);
      out.push_back(make(
          is_signer   ? notify_kind::signer_lost
          : is_stream ? notify_kind::stream_down
                      : notify_kind::halt,
          notify_severity::critical, node,
          is_signer ? "signer node unreachable for " + secs +
                          " s: every market holds; resting orders cannot be "
                          "cancelled until it is back"
          : is_stream ? "account stream down for " + secs +
                            " s: every market holds, orders cancelled over REST"
                      : "every market held (" + reason + ") for " + secs + " s",
          "hold:" + reason, now_ms));
      h.reported = true;
    }
    ++it;
  }
}

void status_watch::grid_events(const std::string& name, const facts& now,
                               const facts* before, int64_t now_ms,
                               std::vector<notify_event>& out) const {
  const auto& market = now.market.empty() ? name : now.market;
  auto state = figure(now.figures, "state");
  auto was = before ? figure(before->figures, "state") : std::string{};
  bool drawdown =
      before && increase(before->figures, now.figures, "drawdown_stops") > 0;
  if (drawdown) {
    out.push_back(make(notify_kind::drawdown_stop, notify_severity::critical,
                       market,
                       market +
                           " drawdown stop: halted with its orders "
                           "pulled until an operator resumes it" +
                           pnl_note(now.figures),
                       "halt:" + market, now_ms));
  } else if (state == "halted" && was != "halted") {
    out.push_back(make(notify_kind::halt, notify_severity::critical, market,
                       market +
                           " halted: quoting stopped until an operator "
                           "resumes it" +
                           pnl_note(now.figures),
                       "halt:" + market, now_ms));
  }
  auto trips =
      before ? increase(before->figures, now.figures, "breaker_trips") : 0;
  auto atr = figure(now.figures, "atr_pct");
  auto atr_note = atr.empty() ? std::string{} : " (ATR " + atr + " of price)";
  if (trips > 0 || (state == "paused_breaker" && was != "paused_breaker")) {
    out.push_back(make(notify_kind::breaker_trip, notify_severity::warning,
                       market,
                       market + " volatility breaker tripped" + atr_note +
                           ": orders pulled until volatility falls",
                       "breaker:" + market, now_ms));
  } else if (was == "paused_breaker" && state != "paused_breaker" &&
             state != "halted") {
    out.push_back(make(
        notify_kind::breaker_cleared, notify_severity::info, market,
        market + " volatility breaker released" + atr_note + ": quoting again",
        "breaker:" + market, now_ms));
  }
}

void status_watch::actor_events(const std::string& name, const facts& now,
                                const facts* before, int64_t now_ms,
                                std::vector<notify_event>& out) const {
  const auto& subject = now.market.empty() ? name : now.market;
  if (now.kind == "executor" && now.state == run_state::halted &&
      (!before || before->state != run_state::halted)) {
    auto why = figure(now.figures, "halted");
    out.push_back(make(notify_kind::halt, notify_severity::critical, subject,
                       name + " halted" + (why.empty() ? "" : ": " + why) +
                           "; the market places no order until an operator "
                           "resumes it",
                       "halt:" + subject, now_ms));
  }
  if (!before) return;
  if (now.kind == "gateway") {
    if (auto n = increase(before->figures, now.figures, "fills_recovered");
        n > 0)
      out.push_back(make(
          notify_kind::fills_recovered, notify_severity::warning, options_.node,
          std::to_string(n) + " fill(s) the account stream missed were "
                              "recovered from the exchange and booked",
          "fills_recovered", now_ms));
  }
  if (now.restarts > before->restarts) {
    auto err = figure(now.figures, "last_error");
    if (err.empty()) err = figure(now.figures, "status_error");
    out.push_back(make(notify_kind::restart, notify_severity::warning, subject,
                       name + " restarted by its supervisor (" +
                           std::to_string(now.restarts) + " restarts)" +
                           (err.empty() ? "" : ": " + err),
                       "restart:" + name, now_ms));
  }
}

} // namespace trailgrid::runtime
