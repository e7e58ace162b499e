#include "tools/gridctl/render.hpp"

#include "runtime/admin/status_json.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>

namespace trailgrid::gridctl {

using messages::actor_status;
using messages::run_state;

namespace {

using json = nlohmann::ordered_json;

/// The figures worth a place on a tree line, per kind, in display order.
/// A key ending in ".*" matches every key with that prefix and suffix
/// pattern "key.<n>.next_nonce" style (see matches()).
const std::map<std::string_view, std::vector<std::string_view>>& key_figures() {
  static const std::map<std::string_view, std::vector<std::string_view>> m = {
      {"node_root",
       {"role", "markets", "exposure_quote", "reduce_only", "kill_switch",
        "draining"}},
      {"market_supervisor", {"market_index"}},
      {"feed", {"book_age_ms", "reconnects", "mid"}},
      {"atr", {"atr_pct", "bars", "warmed_up"}},
      {"grid",
       {"mid", "atr_pct", "spacing", "centre_source", "live_orders", "position",
        "realised_pnl", "unrealised_pnl", "volume", "resets_per_hour",
        "last_reset_latency_ms"}},
      {"executor",
       {"api_key", "live_orders", "nonce_errors", "last_reset_latency_us",
        "halted"}},
      {"signer", {"sigs_per_s", "signatures", "key.*.next_nonce"}},
      {"signer_link", {"signer", "link", "losses", "next_retry_in_ms"}},
      {"gateway", {"connected", "reconnects", "ws_state"}},
  };
  return m;
}

// "key.*.next_nonce" matches "key.2.next_nonce".
bool matches(std::string_view pattern, std::string_view key) {
  auto star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == key;
  auto pre = pattern.substr(0, star);
  auto post = pattern.substr(star + 1);
  return key.size() > pre.size() + post.size() &&
         key.substr(0, pre.size()) == pre &&
         key.substr(key.size() - post.size()) == post;
}

std::string figures_text(const actor_status& x) {
  std::vector<std::pair<std::string, std::string>> shown;
  auto it = key_figures().find(x.kind);
  if (it == key_figures().end()) {
    for (auto& [k, v] : x.figures)
      shown.emplace_back(k, v);
  } else {
    for (auto pattern : it->second)
      for (auto& [k, v] : x.figures)
        if (matches(pattern, k)) shown.emplace_back(k, v);
  }
  for (auto extra : {"status_error", "last_error"})
    if (auto i = x.figures.find(extra); i != x.figures.end())
      if (std::none_of(shown.begin(), shown.end(),
                       [&](auto& p) { return p.first == extra; }))
        shown.emplace_back(i->first, i->second);
  std::string out;
  for (auto& [k, v] : shown)
    out +=
        " " + k + "=" + (v.find(' ') == std::string::npos ? v : "'" + v + "'");
  return out;
}

std::string state_text(const actor_status& x) {
  auto s = to_string(x.state);
  if (x.state == run_state::backing_off)
    s += "(attempt " + std::to_string(x.attempt) + ", retry in " +
         format_duration(x.next_retry_in_ms) + ")";
  return s;
}

void tree_lines(const actor_status& x, const std::string& prefix, bool last,
                bool root, std::string& out) {
  out += prefix;
  if (!root) out += last ? "└─ " : "├─ ";
  out += actor_line(x) + "\n";
  auto child_prefix = root ? prefix : prefix + (last ? "   " : "│  ");
  for (size_t i = 0; i < x.children.size(); ++i)
    tree_lines(x.children[i], child_prefix, i + 1 == x.children.size(), false,
               out);
}

const actor_status* child_of_kind(const actor_status& m, std::string_view k) {
  for (auto& c : m.children)
    if (c.kind == k) return &c;
  return nullptr;
}

std::string figure(const actor_status* x, const std::string& key) {
  if (!x) return "";
  auto i = x->figures.find(key);
  return i == x->figures.end() ? "" : i->second;
}

void collect_markets(const actor_status& x,
                     std::vector<const actor_status*>& out) {
  if (x.kind == "market_supervisor") {
    out.push_back(&x);
    return;
  }
  for (auto& c : x.children)
    collect_markets(c, out);
}

/// One market's row (column name -> text).
std::vector<std::pair<std::string, std::string>>
market_row(const std::string& node, const actor_status& m) {
  auto* grid = child_of_kind(m, "grid");
  auto* exec = child_of_kind(m, "executor");
  auto first = [](std::initializer_list<std::string> v) {
    for (auto& s : v)
      if (!s.empty()) return s;
    return std::string{};
  };
  std::string state = to_string(m.state);
  uint32_t restarts = 0;
  std::string troubled;
  for (auto& c : m.children) {
    restarts += c.restarts;
    if (c.state != run_state::running && c.state != m.state)
      troubled +=
          (troubled.empty() ? "" : ",") + c.kind + ":" + to_string(c.state);
  }
  if (!troubled.empty()) state += " (" + troubled + ")";
  std::string latency = figure(grid, "last_reset_latency_ms");
  if (latency.empty()) {
    // The executor's figure (send latency) in ms, once it has a sample.
    auto samples = figure(exec, "latency_samples");
    auto us = figure(exec, "last_reset_latency_us");
    if (!us.empty() && !samples.empty() && samples != "0") {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3f",
                    std::strtod(us.c_str(), nullptr) / 1e3);
      latency = buf;
    }
  }
  if (latency.empty()) latency = "-";
  return {
      {"NODE", node},
      {"MARKET", m.name},
      {"STATE", state},
      {"MID", figure(grid, "mid")},
      {"ATR%", figure(grid, "atr_pct")},
      {"SPACING", figure(grid, "spacing")},
      {"SOURCE", figure(grid, "centre_source")},
      {"ORDERS",
       first({figure(grid, "live_orders"), figure(exec, "live_orders")})},
      {"POSITION", figure(grid, "position")},
      {"PNL", figure(grid, "realised_pnl")},
      {"UPNL", figure(grid, "unrealised_pnl")},
      {"VOLUME", figure(grid, "volume")},
      {"RESETS/H", figure(grid, "resets_per_hour")},
      {"LAT_MS", latency},
      {"RESTARTS", std::to_string(restarts)},
  };
}

// Display width of UTF-8 text (counts code points; enough for our text).
size_t width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

} // namespace

std::string format_duration(int64_t ms) {
  if (ms < 0) ms = 0;
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ms));
  } else if (ms < 60'000) {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(ms / 1000));
  } else if (ms < 3'600'000) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds",
                  static_cast<long long>(ms / 60'000),
                  static_cast<long long>(ms / 1000 % 60));
  } else if (ms < 86'400'000) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm",
                  static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / 60'000 % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldd%02lldh",
                  static_cast<long long>(ms / 86'400'000),
                  static_cast<long long>(ms / 3'600'000 % 24));
  }
  return buf;
}

std::string actor_line(const actor_status& x) {
  std::string out = x.name;
  if (!x.kind.empty() && x.kind != x.name) out += " [" + x.kind + "]";
  out += " " + state_text(x);
  out += " restarts=" + std::to_string(x.restarts);
  out += " up=" + format_duration(x.uptime_ms);
  out += " mbox=" + std::to_string(x.mailbox_size);
  out += figures_text(x);
  return out;
}

std::string render_tree(const std::vector<node_reply>& nodes) {
  std::string out = "deployment\n";
  for (size_t i = 0; i < nodes.size(); ++i) {
    bool last = i + 1 == nodes.size();
    auto& n = nodes[i];
    out += last ? "└─ " : "├─ ";
    out += "node " + n.node;
    if (!n.tree) {
      out += ": " + n.error + "\n";
      continue;
    }
    out += "\n";
    std::string prefix = last ? "   " : "│  ";
    tree_lines(*n.tree, prefix, true, false, out);
  }
  return out;
}

std::vector<const actor_status*> find_markets(const actor_status& tree) {
  std::vector<const actor_status*> out;
  collect_markets(tree, out);
  return out;
}

std::string render_status_table(const std::vector<node_reply>& nodes) {
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
  std::vector<std::string> errors;
  for (auto& n : nodes) {
    if (!n.tree) {
      errors.push_back("node " + n.node + ": " + n.error);
      continue;
    }
    for (auto* m : find_markets(*n.tree))
      rows.push_back(market_row(n.node, *m));
  }
  std::string out;
  if (rows.empty()) {
    out += "no markets\n";
  } else {
    // Drop columns that are empty in every row, then align.
    const auto& header = rows.front();
    std::vector<size_t> cols;
    std::vector<size_t> widths;
    for (size_t c = 0; c < header.size(); ++c) {
      size_t w = width(header[c].first);
      bool any = false;
      for (auto& r : rows) {
        w = std::max(w, width(r[c].second));
        any = any || !r[c].second.empty();
      }
      if (!any) continue;
      cols.push_back(c);
      widths.push_back(w);
    }
    auto line = [&](auto cell) {
      std::string s;
      for (size_t i = 0; i < cols.size(); ++i) {
        auto text = cell(cols[i]);
        s += text;
        if (i + 1 < cols.size())
          s += std::string(widths[i] - width(text) + 2, ' ');
      }
      return s + "\n";
    };
    out += line([&](size_t c) { return header[c].first; });
    for (auto& r : rows)
      out += line([&](size_t c) { return r[c].second; });
  }
  for (auto& e : errors)
    out += e + "\n";
  return out;
}

std::string tree_json(const std::vector<node_reply>& nodes) {
  json j;
  j["nodes"] = json::array();
  for (auto& n : nodes) {
    json e;
    e["node"] = n.node;
    e["ok"] = n.tree.has_value();
    if (n.tree)
      e["tree"] = json::parse(runtime::status_to_json(*n.tree));
    else
      e["error"] = n.error;
    j["nodes"].push_back(std::move(e));
  }
  return j.dump(2) + "\n";
}

std::string status_json(const std::vector<node_reply>& nodes) {
  json j;
  j["markets"] = json::array();
  j["errors"] = json::array();
  for (auto& n : nodes) {
    if (!n.tree) {
      j["errors"].push_back({{"node", n.node}, {"error", n.error}});
      continue;
    }
    for (auto* m : find_markets(*n.tree)) {
      json row;
      row["node"] = n.node;
      row["market"] = m->name;
      row["state"] = to_string(m->state);
      uint32_t restarts = 0;
      json children = json::object();
      for (auto& c : m->children) {
        restarts += c.restarts;
        json figs = json::object();
        for (auto& [k, v] : c.figures)
          figs[k] = v;
        children[c.kind] = {{"state", to_string(c.state)},
                            {"restarts", c.restarts},
                            {"figures", figs}};
      }
      row["restarts"] = restarts;
      row["children"] = children;
      j["markets"].push_back(std::move(row));
    }
  }
  return j.dump(2) + "\n";
}

} // namespace trailgrid::gridctl
