#include "runtime/config.hpp"

#include "runtime/config_keys.hpp"
#include "runtime/config_report.hpp"
#include "runtime/config_section_reader.hpp"
#include "runtime/config_sections.hpp"
#include "runtime/profiles.hpp"
#include "runtime/toml_parse.hpp"
#include "strategy/decimal.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace trailgrid::runtime {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string{} : path.substr(0, slash + 1);
}

std::vector<std::string_view> strategy_key_names(bool in_defaults) {
  std::vector<std::string_view> out;
  for (auto& k : strategy_keys())
    out.push_back(k.name);
  out.push_back(in_defaults ? "profile" : "symbol");
  if (!in_defaults) out.push_back("api_key_index");
  return out;
}

// Walks one parsed file and collects every problem.
class loader {
public:
  loader(std::string name, int depth)
      : report_(std::move(name)), depth_(depth) {}

  void run(const toml_value& root, config& out);
  config_errors& errors() { return report_.errors(); }
  std::vector<config_error>& warnings() { return report_.warnings(); }

private:
  bool convert(const strategy_key& k, const toml_value& v, key_value& out);
  // Applies one table's strategy keys to `s`; `invalid` collects the keys
  // whose value was rejected (so they are not also reported as missing).
  void apply_strategy_table(const toml_value& table, std::string_view where,
                            bool is_defaults, strategy_settings& s,
                            std::set<std::string>& invalid);
  void load_profile(const toml_value& v, strategy_settings& base,
                    std::string& profile_name);
  void check_market(const market_config& m,
                    const std::set<std::string>& invalid);
  // A [[market]]'s api_key_index: one of the [exchange] keys.
  void read_market_key(const toml_value& v, const exchange_config& ex,
                       market_config& m);

  config_report report_;
  int depth_;
};

bool loader::convert(const strategy_key& k, const toml_value& v,
                     key_value& out) {
  auto bad = [&] {
    report_.fail_value(v, k.name, allowed_text(k));
    return false;
  };
  switch (k.kind) {
  case key_kind::integer:
    if (!v.is_integer() || v.as_integer() < k.lo || v.as_integer() > k.hi)
      return bad();
    out.i = v.as_integer();
    return true;
  case key_kind::number: {
    if (!v.is_integer() && !v.is_floating()) return bad();
    double d =
        v.is_integer() ? static_cast<double>(v.as_integer()) : v.as_floating();
    if (!(d > k.lo_d && d <= k.hi_d)) return bad();
    out.d = d;
    return true;
  }
  case key_kind::percent:
  case key_kind::fraction:
  case key_kind::seconds: {
    int decimals = k.kind == key_kind::percent    ? 4
                   : k.kind == key_kind::fraction ? 6
                                                  : 3;
    auto x = exact_scaled(v, decimals);
    if (!x || *x < k.lo || *x > k.hi) return bad();
    out.i = *x;
    return true;
  }
  case key_kind::boolean:
    if (!v.is_boolean()) return bad();
    out.b = v.as_boolean();
    return true;
  case key_kind::size: {
    auto a = to_amount(v);
    if (!a || (k.lo > 0 && a->nanos == 0)) return bad();
    out.a = *a;
    return true;
  }
  case key_kind::source: {
    if (!v.is_string()) return bad();
    auto s = strategy::parse_mid_price_source(v.as_string().str);
    if (!s) return bad();
    out.s = *s;
    return true;
  }
  }
  return bad();
}

void loader::apply_strategy_table(const toml_value& table,
                                  std::string_view where, bool is_defaults,
                                  strategy_settings& s,
                                  std::set<std::string>& invalid) {
  const auto& t = table.as_table();
  std::set<std::string> doubled;
  // Keys of one meaning written twice in one table, and the two ways of
  // sizing a level: one of each pair per table.
  for (auto [a, b] :
       {std::pair<const char*, const char*>{"order_size", "order_size_quote"},
        {"sanity_guard", "enable_sanity_guard"}}) {
    auto ia = t.find(a);
    auto ib = t.find(b);
    if (ia != t.end() && ib != t.end()) {
      report_.fail(std::max(line_of(ia->second), line_of(ib->second)), b,
                   "keys '" + std::string{a} + "' and '" + std::string{b} +
                       "' are both set in " + std::string{where} +
                       ": they configure the same thing, set only one");
      invalid.insert(b);
      doubled.insert(b);
    }
  }
  for (auto& [key, v] : t) {
    if (doubled.count(key)) continue;
    if (key == "profile" && is_defaults)
      continue; // handled first, by load_profile
    if ((key == "symbol" || key == "api_key_index") && !is_defaults)
      continue; // read by the caller
    if (is_secret_key(key)) {
      report_.fail_secret(line_of(v), key);
      continue;
    }
    auto* k = find_strategy_key(key);
    if (k == nullptr) {
      int line = v.is_table() ? line_of(table) : line_of(v);
      report_.fail_unknown(line, key, where, strategy_key_names(is_defaults));
      continue;
    }
    key_value kv;
    if (convert(*k, v, kv)) {
      k->set(s, kv);
      s.set_at[key] = line_of(v);
      // A level is sized one way: the more specific layer's way wins.
      if (key == "order_size") s.order_size_quote.reset();
      if (key == "order_size_quote") s.order_size.reset();
    } else {
      invalid.insert(key);
    }
  }
}

void loader::load_profile(const toml_value& v, strategy_settings& base,
                          std::string& profile_name) {
  auto names = builtin_profile_names();
  std::string allowed = "must be " + quoted_list(names) +
                        " or a path to a .toml file (relative to this file)";
  if (!v.is_string()) {
    report_.fail_value(v, "profile", allowed);
    return;
  }
  const std::string& name = v.as_string().str;
  if (depth_ > 0) {
    report_.fail(line_of(v), "profile",
                 "key 'profile' is not allowed in a profile used as a base "
                 "(profiles do not nest)");
    return;
  }
  std::string text;
  std::string file;
  if (auto builtin = builtin_profile_text(name)) {
    text = std::string{*builtin};
    file = "configs/" + name + ".toml (built-in profile)";
  } else if (name.size() > 5 &&
             name.compare(name.size() - 5, 5, ".toml") == 0) {
    file = name.front() == '/' ? name : dir_of(report_.file()) + name;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      report_.fail(line_of(v), "profile",
                   "key 'profile': cannot read profile file '" + file + "'");
      return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    report_.fail_value(v, "profile", allowed);
    return;
  }
  profile_name = name;
  config inner;
  try {
    auto root =
        parse_toml<toml::discard_comments, std::map, std::vector>(text, file);
    loader sub{file, depth_ + 1};
    sub.run(root, inner);
    if (!sub.errors().errors.empty()) {
      for (auto& e : sub.errors().errors)
        report_.errors().errors.push_back(e);
      report_.fail(line_of(v), "profile",
                   "key 'profile': profile '" + name +
                       "' has errors (see above)");
      return;
    }
  } catch (const std::exception& e) {
    report_.fail(line_of(v), "profile",
                 "key 'profile': profile '" + name +
                     "' is not valid TOML: " + e.what());
    return;
  }
  base = inner.defaults;
  base.set_at.clear(); // lines of another file mean nothing here
}

void loader::check_market(const market_config& m,
                          const std::set<std::string>& invalid) {
  auto& s = m.settings;
  auto& p = s.params;
  auto where = "market '" + m.symbol + "'";
  auto line_for = [&](std::initializer_list<const char*> keys) {
    int line = 0;
    for (auto* k : keys) {
      auto it = s.set_at.find(k);
      if (it != s.set_at.end()) line = std::max(line, it->second);
    }
    return line > 0 ? line : m.line;
  };
  auto pct = [](int64_t ppm) {
    auto t = strategy::format_scaled(ppm, 4);
    while (t.back() == '0')
      t.pop_back();
    if (t.back() == '.') t.pop_back();
    return t;
  };
  for (auto* key : {"order_size", "max_position"}) {
    bool missing = std::string_view{key} == "order_size"
                       ? !s.order_size && !s.order_size_quote
                       : !s.max_position;
    if (missing && invalid.count(key) == 0 &&
        (std::string_view{key} != "order_size" ||
         invalid.count("order_size_quote") == 0))
      report_.fail(m.line, key,
                   where + " has no '" + key +
                       (std::string_view{key} == "order_size"
                            ? "' (or 'order_size_quote')"
                            : "'") +
                       ": set it in [defaults] or in this [[market]] (" +
                       allowed_text(*find_strategy_key(key)) + ")");
  }
  if (p.grid.min_spacing > p.grid.max_spacing)
    report_.fail(line_for({"min_spacing_pct", "max_spacing_pct"}),
                 "min_spacing_pct",
                 where + ": key 'min_spacing_pct' (" + pct(p.grid.min_spacing) +
                     ") must not exceed 'max_spacing_pct' (" +
                     pct(p.grid.max_spacing) + ")");
  if (p.risk.breaker_resume_atr >= p.risk.breaker_trip_atr)
    report_.fail(line_for({"breaker_resume_atr_pct", "breaker_trip_atr_pct"}),
                 "breaker_resume_atr_pct",
                 where + ": key 'breaker_resume_atr_pct' (" +
                     pct(p.risk.breaker_resume_atr) +
                     ") must be below 'breaker_trip_atr_pct' (" +
                     pct(p.risk.breaker_trip_atr) + ")");
}

void loader::read_market_key(const toml_value& v, const exchange_config& ex,
                             market_config& m) {
  int64_t i = 0;
  if (!get_int(report_, v, "api_key_index", 0, 254, i)) return;
  auto keys = ex.api_keys();
  if (!keys.empty() && std::find(keys.begin(), keys.end(), i) == keys.end()) {
    std::string list;
    for (int k : keys)
      list += (list.empty() ? "" : ", ") + std::to_string(k);
    report_.fail_value(v, "api_key_index",
                       "must be one of the [exchange] API keys (" + list + ")");
    return;
  }
  m.api_key_index = static_cast<int>(i);
}

void loader::run(const toml_value& root, config& out) {
  static const std::vector<std::string_view> sections = {
      "defaults", "market", "exchange", "risk", "runtime", "notify"};
  const toml_value* defaults = nullptr;
  const toml_value* markets = nullptr;
  for (auto& [key, v] : root.as_table()) {
    bool table_expected = key != "market";
    if (is_secret_key(key)) {
      report_.fail_secret(line_of(v), key);
    } else if (key == "market") {
      if (v.is_array() && std::all_of(v.as_array().begin(), v.as_array().end(),
                                      [](auto& e) { return e.is_table(); }))
        markets = &v;
      else
        report_.fail(
            line_of(v), key,
            "key 'market' must be an array of tables, written [[market]] "
            "once per market");
    } else if (std::find(sections.begin(), sections.end(), key) !=
               sections.end()) {
      if (!v.is_table() && table_expected) {
        report_.fail(line_of(v), key,
                     "key '" + key + "' must be a table, written [" + key +
                         "]");
      } else if (key == "defaults") {
        defaults = &v;
      } else if (key == "exchange") {
        read_exchange(v, out.exchange, report_);
      } else if (key == "risk") {
        read_risk(v, out.risk, report_);
      } else if (key == "notify") {
        read_notify(v, out.notify, report_);
      } else {
        read_runtime(v, out.runtime, report_);
      }
    } else if (find_strategy_key(key)) {
      report_.fail(
          line_of(v), key,
          "key '" + key +
              "' must be inside [defaults] or a [[market]], not at the top "
              "level");
    } else {
      report_.fail_unknown(line_of(v), key, "the top level", sections);
    }
  }

  // Built-in defaults <- profile <- [defaults] <- each [[market]].
  std::set<std::string> invalid_defaults;
  if (defaults != nullptr) {
    auto& t = defaults->as_table();
    if (auto it = t.find("profile"); it != t.end())
      load_profile(it->second, out.defaults, out.profile);
    apply_strategy_table(*defaults, "[defaults]", true, out.defaults,
                         invalid_defaults);
  }
  // A signer node holds the key and runs no market.
  if (out.runtime.role == node_role::signer) {
    if (markets != nullptr)
      report_.fail(
          line_of(*markets), "market",
          "a signer node (role = \"signer\") runs no markets: move the "
          "[[market]] entries to a market node's config");
    return;
  }
  if (markets == nullptr) {
    report_.fail(0, "market",
                 "no [[market]] entry: add at least one, e.g. [[market]] with "
                 "symbol = \"ETH\"");
    return;
  }
  for (auto& m : markets->as_array()) {
    market_config mc;
    mc.line = line_of(m);
    mc.settings = out.defaults;
    auto& t = m.as_table();
    auto sym = t.find("symbol");
    std::string sym_allowed =
        "must be a non-empty string of letters, digits and . _ / -";
    if (sym == t.end()) {
      report_.fail(
          mc.line, "symbol",
          "[[market]] has no 'symbol' (a market name such as \"ETH\")");
    } else if (get_string(report_, sym->second, "symbol", mc.symbol,
                          sym_allowed)) {
      bool valid =
          !mc.symbol.empty() &&
          std::all_of(mc.symbol.begin(), mc.symbol.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '.' || c == '_' || c == '/' ||
                   c == '-';
          });
      if (!valid) {
        report_.fail_value(sym->second, "symbol", sym_allowed);
        mc.symbol.clear();
      }
      for (auto& other : out.markets)
        if (!mc.symbol.empty() && other.symbol == mc.symbol)
          report_.fail(line_of(sym->second), "symbol",
                       "key 'symbol': market '" + mc.symbol +
                           "' is already defined at line " +
                           std::to_string(other.line));
    }
    if (auto k = t.find("api_key_index"); k != t.end())
      read_market_key(k->second, out.exchange, mc);
    std::set<std::string> invalid = invalid_defaults;
    apply_strategy_table(m, "[[market]]", false, mc.settings, invalid);
    if (!mc.symbol.empty()) check_market(mc, invalid);
    out.markets.push_back(std::move(mc));
  }
}

} // namespace

lighter::limits::tx_channel exchange_config::resets_over() const {
  if (tx_channel) return *tx_channel;
  return lighter::tier_info_of(tier).send_tx_unit ==
                 lighter::tx_quota_unit::per_request
             ? lighter::limits::tx_channel::rest
             : lighter::limits::tx_channel::websocket;
}

std::vector<int> exchange_config::api_keys() const {
  if (!api_key_indices.empty()) return api_key_indices;
  if (api_key_index) return {*api_key_index};
  return {};
}

std::string config_error::to_string() const {
  return file + (line > 0 ? ":" + std::to_string(line) : std::string{}) + ": " +
         message;
}

std::string config_errors::to_string() const {
  std::string out;
  for (auto& e : errors)
    out += e.to_string() + "\n";
  return out;
}

std::vector<std::string_view> builtin_profiles() {
  return builtin_profile_names();
}

expected<strategy::strategy_params, std::string>
market_config::resolve(const strategy::market_spec& spec) const {
  if ((!settings.order_size && !settings.order_size_quote) ||
      !settings.max_position)
    return std::string{"market '" + symbol +
                       "' has no order_size / max_position"};
  auto p = settings.params;
  p.risk.max_position = settings.max_position->to_lots_floor(spec);
  p.risk.max_drawdown = settings.max_drawdown_quote.to_quote_floor(spec);
  if (!settings.order_size) {
    // Sized in quote currency: lots are worked out at each reset.
    p.grid.order_size = strategy::qty_lots{0};
    p.grid.order_size_quote = settings.order_size_quote->to_quote_floor(spec);
    if (p.grid.order_size_quote.value <= 0)
      return "market '" + symbol + "': order_size_quote " +
             settings.order_size_quote->to_string() +
             " is below one quote unit of the market";
    return p;
  }
  p.grid.order_size = settings.order_size->to_lots_floor(spec);
  if (p.grid.order_size < spec.min_base || p.grid.order_size.value <= 0)
    return "market '" + symbol + "': order_size " +
           settings.order_size->to_string() +
           " is below the market's minimum order size " +
           strategy::format_qty(spec.min_base, spec);
  if (p.risk.max_position < p.grid.order_size)
    return "market '" + symbol + "': max_position " +
           settings.max_position->to_string() + " is below one order (" +
           settings.order_size->to_string() + ")";
  return p;
}

expected<config, config_errors> parse_config(std::string_view text,
                                             const std::string& name) {
  config out;
  out.path = name;
  toml_value root;
  try {
    root =
        parse_toml<toml::discard_comments, std::map, std::vector>(text, name);
  } catch (const toml_encoding_error& e) {
    return config_errors{{{name, e.line(), {}, e.detail()}}};
  } catch (const toml::syntax_error& e) {
    // toml11's text is "[error] what\n --> file\n | ...caret...": keep the
    // first line, the location goes in front.
    std::string what = e.what();
    what = what.substr(0, what.find('\n'));
    if (what.rfind("[error] ", 0) == 0) what.erase(0, 8);
    return config_errors{{{name,
                           static_cast<int>(e.location().line()),
                           {},
                           "TOML syntax error: " + what}}};
  } catch (const std::exception& e) {
    std::string what = e.what();
    return config_errors{
        {{name, 0, {}, "TOML error: " + what.substr(0, what.find('\n'))}}};
  }
  loader l{name, 0};
  l.run(root, out);
  auto& errs = l.errors().errors;
  out.warnings = std::move(l.warnings());
  if (errs.empty()) return out;
  // A profile's own errors first (they explain the 'profile' key error),
  // then this file's errors by line.
  auto own = std::stable_partition(
      errs.begin(), errs.end(),
      [&](const config_error& e) { return e.file != name; });
  std::stable_sort(own, errs.end(),
                   [](const config_error& a, const config_error& b) {
                     return a.line < b.line;
                   });
  return std::move(l.errors());
}

expected<config, config_errors> load_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_errors{{{path, 0, {}, "cannot read the config file"}}};
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_config(ss.str(), path);
}

std::string_view to_string(node_role r) {
  switch (r) {
  case node_role::all_in_one:
    return "all-in-one";
  case node_role::signer:
    return "signer";
  case node_role::market:
    return "market";
  }
  return "node_role(?)";
}

bool is_loopback_address(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "[::1]") return true;
  if (host.rfind("127.", 0) != 0) return false;
  // 127.a.b.c with numeric parts only.
  int dots = 0;
  for (char c : host.substr(4)) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 2;
}

} // namespace trailgrid::runtime
