#include "runtime/config.hpp"

#include "runtime/config_keys.hpp"
#include "runtime/notify/notify_event.hpp"
#include "runtime/profiles.hpp"
#include "runtime/toml_parse.hpp"
#include "strategy/decimal.hpp"

#include <toml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace trailgrid::runtime {

namespace {

// std::map keeps keys sorted, so repeated runs report errors identically.
using toml_value =
    toml::basic_value<toml::discard_comments, std::map, std::vector>;

constexpr std::string_view secret_hint =
    "set LIGHTER_PRIVATE_KEY in the environment or in a .env file next to the "
    "config or in the working directory";

bool is_secret_key(std::string_view key) {
  std::string k{key};
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (auto word : {"private_key", "secret", "password", "mnemonic", "seed"})
    if (k.find(word) != std::string::npos) return true;
  return false;
}

std::string dir_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string{} : path.substr(0, slash + 1);
}

int line_of(const toml_value& v) {
  return static_cast<int>(v.location().line());
}

// The value as written in the file ("\"five\"", "0.1", "true").
std::string written(const toml_value& v) {
  if (v.is_table()) return "a table";
  auto loc = v.location();
  const auto& line = loc.line_str();
  size_t start = loc.column() > 0 ? loc.column() - 1 : 0;
  if (v.is_array() && start + loc.region() > line.size()) return "an array";
  if (start >= line.size()) return "?";
  return line.substr(start, loc.region());
}

// An exact integer x 10^decimals from a TOML integer or float. A float is
// taken at its shortest round-trip decimal form, which is the text the user
// wrote for any value with up to 15 significant digits.
std::optional<int64_t> exact_scaled(const toml_value& v, int decimals) {
  if (v.is_integer()) {
    int128 x = v.as_integer();
    for (int i = 0; i < decimals; ++i)
      x *= 10;
    if (x > INT64_MAX || x < INT64_MIN) return std::nullopt;
    return static_cast<int64_t>(x);
  }
  if (!v.is_floating() || !std::isfinite(v.as_floating())) return std::nullopt;
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof buf, v.as_floating(),
                           std::chars_format::fixed);
  if (res.ec != std::errc{}) return std::nullopt;
  return strategy::parse_scaled(std::string_view{buf, size_t(res.ptr - buf)},
                                decimals);
}

std::optional<amount> to_amount(const toml_value& v) {
  if (v.is_string()) return amount::parse(v.as_string().str);
  if (auto x = exact_scaled(v, amount::decimals); x && *x >= 0)
    return amount{*x};
  return std::nullopt;
}

std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "\"" + std::string{names[i]} + "\"";
  }
  return out;
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
  loader(std::string name, int depth) : name_(std::move(name)), depth_(depth) {}

  void run(const toml_value& root, config& out);
  config_errors& errors() { return errors_; }
  std::vector<config_error>& warnings() { return warnings_; }

private:
  void fail(int line, std::string key, std::string message) {
    errors_.errors.push_back({name_, line, std::move(key), std::move(message)});
  }
  void warn(int line, std::string key, std::string message) {
    warnings_.push_back({name_, line, std::move(key), std::move(message)});
  }
  void fail_value(const toml_value& v, std::string_view key,
                  const std::string& allowed) {
    fail(line_of(v), std::string{key},
         "key '" + std::string{key} + "' " + allowed + ", got " + written(v));
  }
  void fail_unknown(int line, std::string_view key, std::string_view where,
                    const std::vector<std::string_view>& allowed);
  void fail_secret(int line, std::string_view key) {
    fail(line, std::string{key},
         "key '" + std::string{key} +
             "' looks like a secret and is not allowed in a config file: " +
             std::string{secret_hint});
  }

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
  void read_exchange(const toml_value& t, exchange_config& out);
  void read_api_key_pool(const toml_value& v, std::vector<int>& out);
  // A [[market]]'s api_key_index: one of the [exchange] keys.
  void read_market_key(const toml_value& v, const exchange_config& ex,
                       market_config& m);
  void read_risk(const toml_value& t, global_risk_config& out);
  void read_runtime(const toml_value& t, runtime_config& out);
  void read_notify(const toml_value& t, notify_config& out);

  // Typed scalar readers for the fixed sections; false (after an error) when
  // the value does not fit.
  bool get_string(const toml_value& v, std::string_view key, std::string& out,
                  const std::string& allowed = "must be a string");
  bool get_int(const toml_value& v, std::string_view key, int64_t lo,
               int64_t hi, int64_t& out);

  std::string name_;
  int depth_;
  config_errors errors_;
  std::vector<config_error> warnings_;
};

void loader::fail_unknown(int line, std::string_view key,
                          std::string_view where,
                          const std::vector<std::string_view>& allowed) {
  std::string msg =
      "unknown key '" + std::string{key} + "' in " + std::string{where};
  auto hint = closest_key(key, allowed);
  if (!hint.empty())
    msg += " (did you mean '" + std::string{hint} + "'?)";
  else
    msg += " (allowed: " + quoted_list(allowed) + ")";
  fail(line, std::string{key}, std::move(msg));
}

bool loader::convert(const strategy_key& k, const toml_value& v,
                     key_value& out) {
  auto bad = [&] {
    fail_value(v, k.name, allowed_text(k));
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
      fail(std::max(line_of(ia->second), line_of(ib->second)), b,
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
      fail_secret(line_of(v), key);
      continue;
    }
    auto* k = find_strategy_key(key);
    if (k == nullptr) {
      int line = v.is_table() ? line_of(table) : line_of(v);
      fail_unknown(line, key, where, strategy_key_names(is_defaults));
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
    fail_value(v, "profile", allowed);
    return;
  }
  const std::string& name = v.as_string().str;
  if (depth_ > 0) {
    fail(line_of(v), "profile",
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
    file = name.front() == '/' ? name : dir_of(name_) + name;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      fail(line_of(v), "profile",
           "key 'profile': cannot read profile file '" + file + "'");
      return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else {
    fail_value(v, "profile", allowed);
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
        errors_.errors.push_back(e);
      fail(line_of(v), "profile",
           "key 'profile': profile '" + name + "' has errors (see above)");
      return;
    }
  } catch (const std::exception& e) {
    fail(line_of(v), "profile",
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
      fail(m.line, key,
           where + " has no '" + key +
               (std::string_view{key} == "order_size"
                    ? "' (or 'order_size_quote')"
                    : "'") +
               ": set it in [defaults] or in this [[market]] (" +
               allowed_text(*find_strategy_key(key)) + ")");
  }
  if (p.grid.min_spacing > p.grid.max_spacing)
    fail(line_for({"min_spacing_pct", "max_spacing_pct"}), "min_spacing_pct",
         where + ": key 'min_spacing_pct' (" + pct(p.grid.min_spacing) +
             ") must not exceed 'max_spacing_pct' (" + pct(p.grid.max_spacing) +
             ")");
  if (p.risk.breaker_resume_atr >= p.risk.breaker_trip_atr)
    fail(line_for({"breaker_resume_atr_pct", "breaker_trip_atr_pct"}),
         "breaker_resume_atr_pct",
         where + ": key 'breaker_resume_atr_pct' (" +
             pct(p.risk.breaker_resume_atr) +
             ") must be below 'breaker_trip_atr_pct' (" +
             pct(p.risk.breaker_trip_atr) + ")");
}

bool loader::get_string(const toml_value& v, std::string_view key,
                        std::string& out, const std::string& allowed) {
  if (!v.is_string()) {
    fail_value(v, key, allowed);
    return false;
  }
  out = v.as_string().str;
  return true;
}

bool loader::get_int(const toml_value& v, std::string_view key, int64_t lo,
                     int64_t hi, int64_t& out) {
  if (!v.is_integer() || v.as_integer() < lo || v.as_integer() > hi) {
    fail_value(v, key,
               "must be an integer in " + std::to_string(lo) + ".." +
                   std::to_string(hi));
    return false;
  }
  out = v.as_integer();
  return true;
}

void loader::read_exchange(const toml_value& t, exchange_config& out) {
  static const std::vector<std::string_view> keys = {"rest_url",
                                                     "ws_url",
                                                     "chain_id",
                                                     "account_index",
                                                     "api_key_index",
                                                     "api_key_indices",
                                                     "tier",
                                                     "send_quota_per_minute",
                                                     "rest_quota_per_minute",
                                                     "stream_hold_after_ms",
                                                     "stream_check_every_ms"};
  for (auto& [key, v] : t.as_table()) {
    int64_t i = 0;
    std::string s;
    if (is_secret_key(key)) {
      fail_secret(line_of(v), key);
    } else if (key == "rest_url") {
      std::string allowed =
          "must be a URL starting with \"https://\" or \"http://\"";
      if (get_string(v, key, s, allowed)) {
        if (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0)
          out.rest_url = s;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "ws_url") {
      std::string allowed =
          "must be a URL starting with \"wss://\" or \"ws://\"";
      if (get_string(v, key, s, allowed)) {
        if (s.rfind("wss://", 0) == 0 || s.rfind("ws://", 0) == 0)
          out.ws_url = s;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "chain_id") {
      if (get_int(v, key, 0, UINT32_MAX, i))
        out.chain_id = static_cast<uint32_t>(i);
    } else if (key == "account_index") {
      if (get_int(v, key, 0, INT64_MAX, i)) out.account_index = i;
    } else if (key == "api_key_index") {
      if (get_int(v, key, 0, 254, i)) {
        out.api_key_index = static_cast<int>(i);
        if (lighter::limits::is_reserved_api_key_index(i))
          warn(line_of(v), key,
               "api_key_index = " + std::to_string(i) +
                   ": indices 0..3 belong to the exchange's web and mobile "
                   "apps, which replace the key registered there when you "
                   "log in; register the bot's key at 4..254 and use that "
                   "index");
      }
    } else if (key == "api_key_indices") {
      read_api_key_pool(v, out.api_key_indices);
    } else if (key == "tier") {
      std::string allowed =
          "must be one of " + std::string(lighter::tier_names);
      if (get_string(v, key, s, allowed)) {
        if (auto parsed = lighter::parse_tier(s))
          out.tier = *parsed;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "send_quota_per_minute") {
      if (get_int(v, key, 0, INT64_MAX, i)) out.send_quota_per_minute = i;
    } else if (key == "rest_quota_per_minute") {
      if (get_int(v, key, 1, INT64_MAX, i)) out.rest_quota_per_minute = i;
    } else if (key == "stream_hold_after_ms") {
      if (get_int(v, key, 100, 600'000, i))
        out.stream_hold_after = std::chrono::milliseconds{i};
    } else if (key == "stream_check_every_ms") {
      if (get_int(v, key, 0, 3'600'000, i))
        out.stream_check_every = std::chrono::milliseconds{i};
    } else {
      fail_unknown(v.is_table() ? line_of(t) : line_of(v), key, "[exchange]",
                   keys);
    }
  }
  auto& pool = out.api_key_indices;
  if (pool.empty()) return;
  if (!out.api_key_index) {
    out.api_key_index = pool.front();
  } else if (std::find(pool.begin(), pool.end(), *out.api_key_index) ==
             pool.end()) {
    auto& v = t.as_table().at("api_key_index");
    fail_value(v, "api_key_index",
               "must be one of api_key_indices (the key of account-wide "
               "operations; leave it out to use the first)");
  }
}

void loader::read_market_key(const toml_value& v, const exchange_config& ex,
                             market_config& m) {
  int64_t i = 0;
  if (!get_int(v, "api_key_index", 0, 254, i)) return;
  auto keys = ex.api_keys();
  if (!keys.empty() && std::find(keys.begin(), keys.end(), i) == keys.end()) {
    std::string list;
    for (int k : keys)
      list += (list.empty() ? "" : ", ") + std::to_string(k);
    fail_value(v, "api_key_index",
               "must be one of the [exchange] API keys (" + list + ")");
    return;
  }
  m.api_key_index = static_cast<int>(i);
}

void loader::read_api_key_pool(const toml_value& v, std::vector<int>& out) {
  const std::string allowed =
      "must be a non-empty array of distinct integers in 0..254, e.g. "
      "[4, 5, 6, 7]";
  if (!v.is_array() || v.as_array().empty()) {
    fail_value(v, "api_key_indices", allowed);
    return;
  }
  std::vector<int> pool;
  for (auto& e : v.as_array()) {
    if (!e.is_integer() || e.as_integer() < 0 || e.as_integer() > 254 ||
        std::find(pool.begin(), pool.end(), e.as_integer()) != pool.end()) {
      fail_value(v, "api_key_indices", allowed);
      return;
    }
    pool.push_back(static_cast<int>(e.as_integer()));
  }
  out = std::move(pool);
}

void loader::read_risk(const toml_value& t, global_risk_config& out) {
  static const std::vector<std::string_view> keys = {
      "max_total_exposure_quote", "kill_switch_file",
      "max_account_drawdown_quote"};
  for (auto& [key, v] : t.as_table()) {
    if (is_secret_key(key)) {
      fail_secret(line_of(v), key);
    } else if (key == "max_total_exposure_quote") {
      if (auto a = to_amount(v))
        out.max_total_exposure_quote = *a;
      else
        fail_value(v, key,
                   "must be a decimal amount of at least 0 with at most 9 "
                   "decimals, as a string (\"0.001\") or a number");
    } else if (key == "max_account_drawdown_quote") {
      if (auto a = to_amount(v))
        out.max_account_drawdown_quote = *a;
      else
        fail_value(v, key,
                   "must be a decimal amount of at least 0 with at most 9 "
                   "decimals, as a string (\"25\") or a number (0 = off)");
    } else if (key == "kill_switch_file") {
      get_string(v, key, out.kill_switch_file,
                 "must be a file path string (\"\" = no kill switch)");
    } else if (find_strategy_key(key)) {
      fail(line_of(v), key,
           "key '" + key +
               "' is a per-market strategy key: put it in [defaults] or a "
               "[[market]], not in [risk]");
    } else {
      fail_unknown(v.is_table() ? line_of(t) : line_of(v), key, "[risk]", keys);
    }
  }
}

void loader::read_runtime(const toml_value& t, runtime_config& out) {
  static const std::vector<std::string_view> keys = {"log_dir",
                                                     "journal_path",
                                                     "journal_sync",
                                                     "journal_sync_ms",
                                                     "role",
                                                     "node_name",
                                                     "admin_bind",
                                                     "admin_port",
                                                     "admin_token_file",
                                                     "metrics_bind",
                                                     "metrics_port",
                                                     "metrics_token_file",
                                                     "signer_bind",
                                                     "signer_host",
                                                     "signer_port",
                                                     "tls_cert_file",
                                                     "tls_key_file",
                                                     "tls_ca_file",
                                                     "dead_man_switch_s",
                                                     "dead_man_heartbeat_s",
                                                     "account_is_exclusive",
                                                     "market_status_poll_s",
                                                     "scheduler",
                                                     "signer_token_file",
                                                     "signer_peer_keys",
                                                     "signer_peer_markets",
                                                     "allow_plain_signer"};
  bool dead_man_given = false;
  std::map<std::string, int> lines;
  for (auto& [key, v] : t.as_table()) {
    int64_t i = 0;
    std::string s;
    std::string path_allowed = "must be a non-empty path string";
    lines[key] = line_of(v);
    if (is_secret_key(key)) {
      fail_secret(line_of(v), key);
    } else if (key == "log_dir" || key == "journal_path") {
      if (get_string(v, key, s, path_allowed)) {
        if (s.empty())
          fail_value(v, key, path_allowed);
        else
          (key == "log_dir" ? out.log_dir : out.journal_path) = s;
      }
    } else if (key == "role") {
      std::string allowed = "must be \"all-in-one\", \"signer\" or \"market\"";
      if (get_string(v, key, s, allowed)) {
        if (s == "all-in-one")
          out.role = node_role::all_in_one;
        else if (s == "signer")
          out.role = node_role::signer;
        else if (s == "market")
          out.role = node_role::market;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "node_name" || key == "admin_bind" ||
               key == "metrics_bind" || key == "signer_bind" ||
               key == "signer_host") {
      std::string allowed = key == "node_name"
                                ? "must be a non-empty name string"
                                : "must be a non-empty host or IP string";
      if (get_string(v, key, s, allowed)) {
        if (s.empty()) {
          fail_value(v, key, allowed);
        } else {
          auto& dst = key == "node_name"      ? out.node_name
                      : key == "admin_bind"   ? out.admin_bind
                      : key == "metrics_bind" ? out.metrics_bind
                      : key == "signer_bind"  ? out.signer_bind
                                              : out.signer_host;
          dst = s;
        }
      }
    } else if (key == "admin_port" || key == "metrics_port" ||
               key == "signer_port") {
      if (get_int(v, key, key == "signer_port" ? 1 : 0, 65535, i)) {
        auto& dst = key == "admin_port"     ? out.admin_port
                    : key == "metrics_port" ? out.metrics_port
                                            : out.signer_port;
        dst = static_cast<uint16_t>(i);
      }
    } else if (key == "admin_token_file" || key == "tls_cert_file" ||
               key == "tls_key_file" || key == "tls_ca_file") {
      std::string allowed = key == "admin_token_file"
                                ? "must be a path string (\"\" = default)"
                                : "must be a path string";
      if (get_string(v, key, s, allowed)) {
        auto& dst = key == "admin_token_file" ? out.admin_token_file
                    : key == "tls_cert_file"  ? out.tls_cert_file
                    : key == "tls_key_file"   ? out.tls_key_file
                                              : out.tls_ca_file;
        dst = s;
      }
    } else if (key == "dead_man_switch_s") {
      dead_man_given = true;
      // The exchange accepts a scheduled cancel-all 5 min .. 15 days ahead.
      if (v.is_integer() && v.as_integer() == 0)
        out.dead_man_switch_s = 0;
      else if (get_int(v, key, 300, 1'296'000, i))
        out.dead_man_switch_s = i;
    } else if (key == "dead_man_heartbeat_s") {
      if (get_int(v, key, 1, 86'400, i)) out.dead_man_heartbeat_s = i;
    } else if (key == "scheduler") {
      std::string allowed = "must be \"sharing\" or \"stealing\"";
      if (get_string(v, key, s, allowed)) {
        if (s == "sharing" || s == "stealing")
          out.scheduler = s;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "market_status_poll_s") {
      if (v.is_integer() && v.as_integer() == 0)
        out.market_status_poll_s = 0;
      else if (get_int(v, key, 1, 3'600, i))
        out.market_status_poll_s = i;
    } else if (key == "account_is_exclusive" || key == "allow_plain_signer") {
      if (v.is_boolean())
        (key == "allow_plain_signer" ? out.allow_plain_signer
                                     : out.account_is_exclusive) =
            v.as_boolean();
      else
        fail_value(v, key, "must be true or false");
    } else if (key == "journal_sync") {
      const std::string allowed =
          "must be \"batched\" (fsync at most every journal_sync_ms), "
          "\"entry\" (fsync every entry) or \"off\"";
      if (get_string(v, key, s, allowed)) {
        if (s == "batched")
          out.journal_sync.policy = journal_sync_policy::batched;
        else if (s == "entry")
          out.journal_sync.policy = journal_sync_policy::every_entry;
        else if (s == "off")
          out.journal_sync.policy = journal_sync_policy::off;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "journal_sync_ms") {
      if (get_int(v, key, 10, 10'000, i))
        out.journal_sync.interval = std::chrono::milliseconds{i};
    } else if (key == "metrics_token_file") {
      if (get_string(v, key, s,
                     "must be a path string (\"\" = no token, loopback "
                     "only)"))
        out.metrics_token_file = s;
    } else if (key == "signer_token_file") {
      if (get_string(v, key, s, "must be a path string (\"\" = admin token)"))
        out.signer_token_file = s;
    } else if (key == "signer_peer_keys" || key == "signer_peer_markets") {
      auto max = key == "signer_peer_keys" ? 254 : 32767;
      std::string allowed = "must be an array of integers 0.." +
                            std::to_string(max) + " ([] = all)";
      auto& dst = key == "signer_peer_keys" ? out.signer_peer_keys
                                            : out.signer_peer_markets;
      bool ok = v.is_array();
      if (ok)
        for (auto& e : v.as_array())
          ok = ok && e.is_integer() && e.as_integer() >= 0 &&
               e.as_integer() <= max;
      if (!ok) {
        fail_value(v, key, allowed);
      } else {
        for (auto& e : v.as_array())
          dst.push_back(static_cast<int>(e.as_integer()));
      }
    } else {
      fail_unknown(v.is_table() ? line_of(t) : line_of(v), key, "[runtime]",
                   keys);
    }
  }
  // On an account this bot alone trades, the switch is on unless the file
  // says otherwise: a crashed or cut-off node then leaves no grid behind
  // for longer than the window.
  if (!dead_man_given && out.account_is_exclusive)
    out.dead_man_switch_s = default_exclusive_dead_man_s;
  if (out.dead_man_switch_s > 0 && !out.account_is_exclusive)
    fail(line_of(t), "dead_man_switch_s",
         "[runtime] key 'dead_man_switch_s' needs account_is_exclusive = "
         "true: the scheduled cancel-all cancels every order of the account");
  if (out.dead_man_switch_s > 0 &&
      out.dead_man_heartbeat_s >= out.dead_man_switch_s)
    fail(line_of(t), "dead_man_heartbeat_s",
         "[runtime] key 'dead_man_heartbeat_s' (" +
             std::to_string(out.dead_man_heartbeat_s) +
             ") must be below 'dead_man_switch_s' (" +
             std::to_string(out.dead_man_switch_s) + ")");
  // /metrics is plain HTTP: off this host it answers only a bearer token.
  if (out.metrics_port != 0 && out.metrics_token_file.empty() &&
      !is_loopback_address(out.metrics_bind)) {
    auto i = lines.find("metrics_bind");
    fail(i == lines.end() ? line_of(t) : i->second, "metrics_bind",
         "key 'metrics_bind' = \"" + out.metrics_bind +
             "\" is not a loopback address: the metrics endpoint there "
             "needs metrics_token_file (a bearer token Prometheus sends "
             "with authorization.credentials_file)");
  }
  // TLS: all three files or none.
  int tls_set = !out.tls_cert_file.empty() + !out.tls_key_file.empty() +
                !out.tls_ca_file.empty();
  if (tls_set != 0 && tls_set != 3) {
    fail(line_of(t), "tls_cert_file",
         "[runtime] tls_cert_file, tls_key_file and tls_ca_file go together "
         "(mutual TLS needs this node's certificate, its key and the CA); "
         "set all three or none");
    return;
  }
  if (tls_set == 3) return;
  // Without certificates CAF's TLS falls back to unauthenticated
  // encryption, so every endpoint must stay on this host.
  auto needs_tls = [&](const char* key, const std::string& host) {
    if (is_loopback_address(host)) return;
    auto i = lines.find(key);
    fail(i == lines.end() ? line_of(t) : i->second, key,
         std::string{"key '"} + key + "' = \"" + host +
             "\" is not a loopback address: remote nodes need "
             "certificates (set tls_cert_file, tls_key_file and tls_ca_file; "
             "tools/make-certs creates them)");
  };
  if (out.admin_port != 0) needs_tls("admin_bind", out.admin_bind);
  if (out.role == node_role::signer) needs_tls("signer_bind", out.signer_bind);
  if (out.role == node_role::market) needs_tls("signer_host", out.signer_host);
  // A signer without TLS signs for any local process that can connect:
  // only on purpose.
  auto link_host =
      out.role == node_role::signer ? out.signer_bind : out.signer_host;
  if (out.role != node_role::all_in_one && is_loopback_address(link_host)) {
    if (!out.allow_plain_signer) {
      fail(line_of(t), "tls_cert_file",
           "[runtime] a " + std::string{to_string(out.role)} +
               " node needs mutual TLS to reach the other nodes (set "
               "tls_cert_file, tls_key_file and tls_ca_file; "
               "tools/make-certs creates them), or allow_plain_signer = "
               "true for a loopback-only test setup");
    } else {
      warn(line_of(t), "allow_plain_signer",
           "[runtime] allow_plain_signer = true: the signer link runs "
           "without TLS (loopback only; any local process with the signer "
           "token can sign)");
    }
  }
}

void loader::read_notify(const toml_value& t, notify_config& out) {
  static const std::vector<std::string_view> keys = {
      "webhook_url", "webhook_url_file", "format",    "telegram_chat_id",
      "events",      "min_severity",     "dedupe_s",  "max_per_minute",
      "poll_ms",     "hold_grace_s",     "timeout_ms"};
  int64_t i = 0;
  std::string s;
  int format_line = line_of(t);
  for (auto& [key, v] : t.as_table()) {
    if (is_secret_key(key)) {
      fail_secret(line_of(v), key);
    } else if (key == "webhook_url") {
      std::string allowed =
          "must be a URL starting with \"https://\" or \"http://\" (\"\" = "
          "off)";
      if (get_string(v, key, s, allowed)) {
        if (s.empty() || s.rfind("https://", 0) == 0 ||
            s.rfind("http://", 0) == 0)
          out.webhook_url = s;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "webhook_url_file") {
      get_string(v, key, out.webhook_url_file,
                 "must be a file path string (\"\" = none)");
    } else if (key == "telegram_chat_id") {
      get_string(v, key, out.telegram_chat_id,
                 "must be a string (the chat's id, e.g. \"-1001234567890\")");
    } else if (key == "format") {
      std::string allowed = "must be \"auto\", \"slack\", \"discord\", "
                            "\"telegram\" or \"json\"";
      if (get_string(v, key, s, allowed)) {
        if (s == "auto" || s == "slack" || s == "discord" || s == "telegram" ||
            s == "json")
          out.format = s;
        else
          fail_value(v, key, allowed);
        format_line = line_of(v);
      }
    } else if (key == "min_severity") {
      std::string allowed = "must be \"info\", \"warning\" or \"critical\"";
      if (get_string(v, key, s, allowed)) {
        if (parse_notify_severity(s))
          out.min_severity = s;
        else
          fail_value(v, key, allowed);
      }
    } else if (key == "events") {
      std::string known;
      for (auto k = notify_kinds_begin(); k != notify_kinds_end(); ++k)
        known += (known.empty() ? "\"" : ", \"") + std::string{*k} + "\"";
      std::string allowed = "must be an array of event kinds (" + known + ")";
      if (!v.is_array()) {
        fail_value(v, key, allowed);
        continue;
      }
      out.events.clear();
      for (auto& e : v.as_array()) {
        if (!e.is_string() ||
            std::find(notify_kinds_begin(), notify_kinds_end(),
                      std::string_view{e.as_string().str}) ==
                notify_kinds_end()) {
          fail_value(e, key, allowed);
          continue;
        }
        out.events.push_back(e.as_string().str);
      }
    } else if (key == "dedupe_s") {
      if (get_int(v, key, 0, 86'400, i)) out.dedupe_s = i;
    } else if (key == "max_per_minute") {
      if (get_int(v, key, 1, 600, i)) out.max_per_minute = i;
    } else if (key == "poll_ms") {
      if (get_int(v, key, 200, 60'000, i)) out.poll_ms = i;
    } else if (key == "hold_grace_s") {
      if (get_int(v, key, 0, 3'600, i)) out.hold_grace_s = i;
    } else if (key == "timeout_ms") {
      if (get_int(v, key, 100, 60'000, i)) out.timeout_ms = i;
    } else {
      fail_unknown(v.is_table() ? line_of(t) : line_of(v), key, "[notify]",
                   keys);
    }
  }
  if (out.format == "telegram" && out.telegram_chat_id.empty())
    fail(format_line, "telegram_chat_id",
         "format = \"telegram\" needs telegram_chat_id (the chat the bot "
         "posts to)");
  if (!out.webhook_url.empty() && !out.webhook_url_file.empty())
    fail(line_of(t), "webhook_url_file",
         "set webhook_url or webhook_url_file in [notify], not both");
}

void loader::run(const toml_value& root, config& out) {
  static const std::vector<std::string_view> sections = {
      "defaults", "market", "exchange", "risk", "runtime", "notify"};
  const toml_value* defaults = nullptr;
  const toml_value* markets = nullptr;
  for (auto& [key, v] : root.as_table()) {
    bool table_expected = key != "market";
    if (is_secret_key(key)) {
      fail_secret(line_of(v), key);
    } else if (key == "market") {
      if (v.is_array() && std::all_of(v.as_array().begin(), v.as_array().end(),
                                      [](auto& e) { return e.is_table(); }))
        markets = &v;
      else
        fail(line_of(v), key,
             "key 'market' must be an array of tables, written [[market]] "
             "once per market");
    } else if (std::find(sections.begin(), sections.end(), key) !=
               sections.end()) {
      if (!v.is_table() && table_expected) {
        fail(line_of(v), key,
             "key '" + key + "' must be a table, written [" + key + "]");
      } else if (key == "defaults") {
        defaults = &v;
      } else if (key == "exchange") {
        read_exchange(v, out.exchange);
      } else if (key == "risk") {
        read_risk(v, out.risk);
      } else if (key == "notify") {
        read_notify(v, out.notify);
      } else {
        read_runtime(v, out.runtime);
      }
    } else if (find_strategy_key(key)) {
      fail(line_of(v), key,
           "key '" + key +
               "' must be inside [defaults] or a [[market]], not at the top "
               "level");
    } else {
      fail_unknown(line_of(v), key, "the top level", sections);
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
      fail(line_of(*markets), "market",
           "a signer node (role = \"signer\") runs no markets: move the "
           "[[market]] entries to a market node's config");
    return;
  }
  if (markets == nullptr) {
    fail(0, "market",
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
      fail(mc.line, "symbol",
           "[[market]] has no 'symbol' (a market name such as \"ETH\")");
    } else if (get_string(sym->second, "symbol", mc.symbol, sym_allowed)) {
      bool valid =
          !mc.symbol.empty() &&
          std::all_of(mc.symbol.begin(), mc.symbol.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '.' || c == '_' || c == '/' ||
                   c == '-';
          });
      if (!valid) {
        fail_value(sym->second, "symbol", sym_allowed);
        mc.symbol.clear();
      }
      for (auto& other : out.markets)
        if (!mc.symbol.empty() && other.symbol == mc.symbol)
          fail(line_of(sym->second), "symbol",
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
