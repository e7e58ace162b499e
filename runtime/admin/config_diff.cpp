#include "runtime/admin/config_diff.hpp"

#include "runtime/toml_parse.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace trailgrid::runtime {

namespace {

using toml_value = toml::value;

std::string value_text(const toml_value& v) {
  auto s = toml::format(v);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
    s.pop_back();
  return s;
}

void flatten(const toml_value& v, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  if (!v.is_table()) {
    out[prefix] = value_text(v);
    return;
  }
  for (auto& [k, child] : v.as_table())
    flatten(child, prefix.empty() ? k : prefix + "." + k, out);
}

std::optional<std::string> market_symbol(const std::string& key) {
  if (key.rfind("market.", 0) != 0) return std::nullopt;
  auto rest = key.substr(7);
  auto dot = rest.find('.');
  return dot == std::string::npos ? rest : rest.substr(0, dot);
}

} // namespace

expected<std::map<std::string, std::string>, std::string>
flatten_config(const std::string& text, const std::string& name) {
  toml_value root;
  try {
    root = parse_toml(text, name);
  } catch (const std::exception& e) {
    return std::string{e.what()};
  }
  std::map<std::string, std::string> out;
  for (auto& [k, v] : root.as_table()) {
    if (k == "market" && v.is_array()) {
      size_t n = 0;
      for (auto& entry : v.as_array()) {
        ++n;
        std::string symbol = "#" + std::to_string(n);
        if (entry.is_table() && entry.contains("symbol") &&
            entry.at("symbol").is_string())
          symbol = entry.at("symbol").as_string().str;
        for (auto& [mk, mv] : entry.as_table())
          if (mk != "symbol") flatten(mv, "market." + symbol + "." + mk, out);
        out["market." + symbol] = "[[market]]";
      }
      continue;
    }
    flatten(v, k, out);
  }
  return out;
}

expected<reload_plan, std::string> plan_reload(const std::string& before,
                                               const std::string& after,
                                               const std::string& name) {
  auto a = flatten_config(before, name + " (running)");
  if (!a) return a.error();
  auto b = flatten_config(after, name);
  if (!b) return b.error();
  reload_plan plan;
  std::set<std::string> keys;
  for (auto& [k, v] : a.value())
    keys.insert(k);
  for (auto& [k, v] : b.value())
    keys.insert(k);
  std::set<std::string> touched_markets;
  bool defaults_changed = false;
  for (auto& k : keys) {
    auto ia = a.value().find(k);
    auto ib = b.value().find(k);
    std::optional<std::string> va, vb;
    if (ia != a.value().end()) va = ia->second;
    if (ib != b.value().end()) vb = ib->second;
    if (va == vb) continue;
    plan.changes.push_back({k, va, vb});
    if (auto sym = market_symbol(k)) {
      touched_markets.insert(*sym);
    } else if (k.rfind("defaults.", 0) == 0) {
      defaults_changed = true;
    } else {
      plan.needs_restart.push_back(k);
    }
  }
  // [defaults] reach every market: each one that stays restarts.
  if (defaults_changed)
    for (auto& [k, v] : a.value())
      if (auto sym = market_symbol(k);
          sym && b.value().count("market." + *sym) > 0)
        touched_markets.insert(*sym);
  for (auto& sym : touched_markets) {
    bool was = a.value().count("market." + sym) > 0;
    bool is = b.value().count("market." + sym) > 0;
    if (!was)
      plan.add_markets.push_back(sym);
    else if (!is)
      plan.remove_markets.push_back(sym);
    else
      plan.restart_markets.push_back(sym);
  }
  // The settings of every market to (re)start, as a TOML table text.
  auto root = parse_toml(after, name);
  if (root.contains("market") && root.at("market").is_array()) {
    for (auto& entry : root.at("market").as_array()) {
      if (!entry.is_table() || !entry.contains("symbol") ||
          !entry.at("symbol").is_string())
        continue;
      auto sym = entry.at("symbol").as_string().str;
      bool wanted =
          std::count(plan.add_markets.begin(), plan.add_markets.end(), sym) ||
          std::count(plan.restart_markets.begin(), plan.restart_markets.end(),
                     sym);
      if (!wanted) continue;
      std::string text;
      for (auto& [k, v] : entry.as_table())
        if (k != "symbol") text += k + " = " + value_text(v) + "\n";
      plan.market_settings[sym] = text;
    }
  }
  return plan;
}

std::string render_plan(const reload_plan& plan) {
  if (plan.empty()) return "no changes\n";
  std::string out;
  for (auto& c : plan.changes) {
    if (c.before) out += "- " + c.key + " = " + *c.before + "\n";
    if (c.after) out += "+ " + c.key + " = " + *c.after + "\n";
  }
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (auto& x : v)
      s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  out += "\n";
  if (!plan.add_markets.empty())
    out += "start markets: " + list(plan.add_markets) + "\n";
  if (!plan.remove_markets.empty())
    out += "stop markets (cancel their orders): " + list(plan.remove_markets) +
           "\n";
  if (!plan.restart_markets.empty())
    out += "restart with new settings (cancel, re-quote): " +
           list(plan.restart_markets) + "\n";
  if (!plan.needs_restart.empty())
    out += "not applied until the node restarts: " + list(plan.needs_restart) +
           "\n";
  return out;
}

std::string text_digest(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  static const char* hex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = hex[h & 0xF];
    h >>= 4;
  }
  return out;
}

} // namespace trailgrid::runtime
