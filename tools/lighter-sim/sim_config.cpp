#include "tools/lighter-sim/sim_config.hpp"

#include "lighter/tx/tx_validate.hpp"
#include "strategy/decimal.hpp"

#include "runtime/toml_parse.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace trailgrid::sim {

namespace {

market_cfg eth_default() {
  market_cfg m;
  m.symbol = "ETH";
  m.market_id = 0;
  m.price_decimals = 2;
  m.size_decimals = 4;
  m.min_base = 50; // "0.0050"
  m.min_quote_micro = 10000000;
  m.default_imf = 500;
  m.path.start_price = 250000; // 2500.00
  m.path.trade_size = 5000;    // 0.5 ETH
  m.book.half_spread = 5;
  m.book.level_step = 10;
  m.book.level_size = 20000; // 2 ETH
  return m;
}

market_cfg btc_default() {
  market_cfg m;
  m.symbol = "BTC";
  m.market_id = 1;
  m.price_decimals = 1;
  m.size_decimals = 5;
  m.min_base = 20; // "0.00020"
  m.min_quote_micro = 10000000;
  m.default_imf = 500;
  m.path.start_price = 650000; // 65000.0
  m.path.trade_size = 1000;    // 0.01 BTC
  m.book.half_spread = 5;
  m.book.level_step = 10;
  m.book.level_size = 5000; // 0.05 BTC
  return m;
}

// Thrown inside the parser and turned into the returned message.
struct config_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool has(const toml::value& v, const std::string& key) {
  return v.is_table() && v.contains(key);
}

double get_number(const toml::value& v, const std::string& key, double dflt) {
  if (!has(v, key)) return dflt;
  const auto& x = v.at(key);
  if (x.is_integer()) return static_cast<double>(x.as_integer());
  if (x.is_floating()) return x.as_floating();
  throw config_error("'" + key + "' must be a number");
}

int64_t get_int(const toml::value& v, const std::string& key, int64_t dflt) {
  if (!has(v, key)) return dflt;
  const auto& x = v.at(key);
  if (!x.is_integer()) throw config_error("'" + key + "' must be an integer");
  return x.as_integer();
}

bool get_bool(const toml::value& v, const std::string& key, bool dflt) {
  if (!has(v, key)) return dflt;
  const auto& x = v.at(key);
  if (!x.is_boolean())
    throw config_error("'" + key + "' must be true or false");
  return x.as_boolean();
}

std::string get_str(const toml::value& v, const std::string& key,
                    const std::string& dflt) {
  if (!has(v, key)) return dflt;
  const auto& x = v.at(key);
  if (!x.is_string()) throw config_error("'" + key + "' must be a string");
  return x.as_string().str;
}

// A human decimal (string or integer) scaled by 10^decimals, exactly.
int64_t get_scaled(const toml::value& v, const std::string& key, int decimals,
                   int64_t dflt) {
  if (!has(v, key)) return dflt;
  const auto& x = v.at(key);
  if (x.is_integer()) {
    int64_t out = x.as_integer();
    for (int i = 0; i < decimals; ++i)
      out *= 10;
    return out;
  }
  if (!x.is_string())
    throw config_error("'" + key + "' must be a decimal string like \"0.01\"");
  auto parsed = strategy::parse_scaled(x.as_string().str, decimals);
  if (!parsed)
    throw config_error("'" + key + "' = \"" + x.as_string().str +
                       "\" is not a decimal with at most " +
                       std::to_string(decimals) + " decimals");
  return *parsed;
}

/// A per-tier array: [standard, plus, premium, builder], or the older
/// [standard, premium] (plus and builder keep their defaults).
std::array<int64_t, tier_count>
get_per_tier(const toml::value& v, const std::string& key,
             std::array<int64_t, tier_count> out) {
  if (!has(v, key)) return out;
  const auto& x = v.at(key);
  const std::string allowed =
      "'" + key +
      "' must be [standard, plus, premium, builder] or [standard, premium] "
      "integers";
  if (!x.is_array()) throw config_error(allowed);
  const auto& a = x.as_array();
  for (const auto& e : a)
    if (!e.is_integer()) throw config_error(allowed);
  if (a.size() == tier_count) {
    for (size_t i = 0; i < tier_count; ++i)
      out[i] = a[i].as_integer();
  } else if (a.size() == 2) {
    out[static_cast<size_t>(tier::standard)] = a[0].as_integer();
    out[static_cast<size_t>(tier::premium)] = a[1].as_integer();
  } else {
    throw config_error(allowed);
  }
  return out;
}

path_source parse_source(const std::string& s) {
  if (s == "synthetic") return path_source::synthetic;
  if (s == "candles") return path_source::candles;
  if (s == "trades") return path_source::trades;
  throw config_error("path source must be synthetic, candles or trades, not '" +
                     s + "'");
}

regime parse_regime(const std::string& s) {
  if (s == "trend") return regime::trend;
  if (s == "range") return regime::range;
  if (s == "jumps") return regime::jumps;
  if (s == "mixed") return regime::mixed;
  throw config_error("regime must be trend, range, jumps or mixed, not '" + s +
                     "'");
}

void read_path(const toml::value& t, market_cfg& m) {
  auto& p = m.path;
  if (has(t, "source")) p.source = parse_source(get_str(t, "source", ""));
  p.file = get_str(t, "file", p.file);
  p.loop = get_bool(t, "loop", p.loop);
  p.candle_substeps =
      static_cast<int>(get_int(t, "candle_substeps", p.candle_substeps));
  if (p.candle_substeps < 1) throw config_error("candle_substeps must be >= 1");
  if (has(t, "regime")) p.kind = parse_regime(get_str(t, "regime", ""));
  p.start_price = get_scaled(t, "start_price", m.price_decimals, p.start_price);
  p.step_ms = get_int(t, "step_ms", p.step_ms);
  if (p.step_ms < 1) throw config_error("step_ms must be >= 1");
  p.annual_vol = get_number(t, "annual_vol", p.annual_vol);
  p.trend_per_day = get_number(t, "trend_per_day", p.trend_per_day);
  p.reversion_per_hour =
      get_number(t, "reversion_per_hour", p.reversion_per_hour);
  p.jump_prob = get_number(t, "jump_prob", p.jump_prob);
  p.jump_bps = get_number(t, "jump_bps", p.jump_bps);
  p.regime_ms = get_int(t, "regime_ms", p.regime_ms);
  p.trade_size = get_scaled(t, "trade_size", m.size_decimals, p.trade_size);
}

void read_book(const toml::value& t, market_cfg& m) {
  auto& b = m.book;
  b.levels = static_cast<int>(get_int(t, "levels", b.levels));
  b.half_spread = get_int(t, "half_spread_ticks", b.half_spread);
  b.level_step = get_int(t, "level_step_ticks", b.level_step);
  b.level_size = get_scaled(t, "level_size", m.size_decimals, b.level_size);
  if (b.levels < 0 || b.half_spread < 1 || b.level_step < 1 || b.level_size < 1)
    throw config_error("book: levels >= 0, half_spread_ticks >= 1, "
                       "level_step_ticks >= 1, level_size > 0 required");
}

market_cfg read_market(const toml::value& t) {
  int id = static_cast<int>(get_int(t, "market_id", -1));
  if (id < 0 || id > lighter::limits::max_perps_market_index)
    throw config_error("[[market]] needs market_id in 0..254");
  market_cfg m = id == 0   ? eth_default()
                 : id == 1 ? btc_default()
                           : market_cfg{};
  m.market_id = id;
  m.symbol = get_str(t, "symbol", m.symbol);
  if (m.symbol.empty())
    throw config_error("market " + std::to_string(id) + " needs a symbol");
  m.price_decimals =
      static_cast<int>(get_int(t, "price_decimals", m.price_decimals));
  m.size_decimals =
      static_cast<int>(get_int(t, "size_decimals", m.size_decimals));
  if (m.price_decimals < 0 || m.price_decimals > 8 || m.size_decimals < 0 ||
      m.size_decimals > 8)
    throw config_error("decimals must be within 0..8");
  m.min_base = get_scaled(t, "min_base_amount", m.size_decimals, m.min_base);
  m.min_quote_micro = get_scaled(t, "min_quote_amount", 6, m.min_quote_micro);
  m.maker_fee_ppm = get_per_tier(t, "maker_fee_ppm", m.maker_fee_ppm);
  m.taker_fee_ppm = get_per_tier(t, "taker_fee_ppm", m.taker_fee_ppm);
  m.default_imf = static_cast<int>(get_int(t, "default_imf", m.default_imf));
  m.min_imf = static_cast<int>(get_int(t, "min_imf", m.min_imf));
  m.maintenance_mf =
      static_cast<int>(get_int(t, "maintenance_mf", m.maintenance_mf));
  m.closeout_mf = static_cast<int>(get_int(t, "closeout_mf", m.closeout_mf));
  if (m.path.start_price <= 0) m.path.start_price = 100;
  if (has(t, "path")) read_path(t.at("path"), m);
  if (has(t, "book")) read_book(t.at("book"), m);
  return m;
}

account_cfg read_account(const toml::value& t, int64_t default_collateral) {
  account_cfg a;
  a.index = get_int(t, "index", -1);
  if (a.index < 0 || a.index > lighter::limits::max_account_index)
    throw config_error("[[account]] needs an index in 0..2^48-2");
  auto tier_name = get_str(t, "tier", "standard");
  auto level = parse_tier(tier_name);
  if (!level)
    throw config_error("tier must be one of " +
                       std::string(lighter::tier_names) + ", not '" +
                       tier_name + "'");
  a.level = *level;
  a.l1_address = get_str(t, "l1_address", "");
  a.collateral_micro = get_scaled(t, "collateral", 6, default_collateral);
  if (has(t, "api_key")) {
    for (const auto& k : t.at("api_key").as_array()) {
      api_key_cfg key;
      key.index = static_cast<int>(get_int(k, "index", -1));
      if (key.index < 0 || key.index > lighter::limits::max_api_key_index)
        throw config_error("api_key index must be within 0..254");
      key.public_key = get_str(k, "public_key", "");
      key.initial_nonce = get_int(k, "nonce", 0);
      a.keys.push_back(key);
    }
  }
  return a;
}

// The periodic faults (REST and WebSocket outages, account stall, session
// age, partial
// fills); all non-negative.
void read_window_faults(const toml::value& t, fault_cfg& f) {
  auto ms = [&](const char* key, ms_t dflt) {
    const ms_t v = get_int(t, key, dflt);
    if (v < 0)
      throw config_error(std::string("faults.") + key + " must be >= 0 (ms)");
    return v;
  };
  f.rest_outage_every_ms = ms("rest_outage_every_ms", f.rest_outage_every_ms);
  f.rest_outage_ms = ms("rest_outage_ms", f.rest_outage_ms);
  f.account_stall_every_ms =
      ms("account_stall_every_ms", f.account_stall_every_ms);
  f.account_stall_ms = ms("account_stall_ms", f.account_stall_ms);
  f.ws_outage_every_ms = ms("ws_outage_every_ms", f.ws_outage_every_ms);
  f.ws_outage_ms = ms("ws_outage_ms", f.ws_outage_ms);
  f.session_max_age_ms = ms("session_max_age_ms", f.session_max_age_ms);
  f.partial_fill_fraction =
      get_number(t, "partial_fill_fraction", f.partial_fill_fraction);
  if (f.partial_fill_fraction < 0 || f.partial_fill_fraction > 1)
    throw config_error("faults.partial_fill_fraction must be within 0..1");
}

void read_replies(const toml::value& t, reply_cfg& r) {
  auto h = get_str(t, "tx_hash", "by_kind");
  if (h == "by_kind")
    r.tx_hash = tx_hash_shape::by_kind;
  else if (h == "string")
    r.tx_hash = tx_hash_shape::string;
  else if (h == "array")
    r.tx_hash = tx_hash_shape::array;
  else if (h == "tx_hashes")
    r.tx_hash = tx_hash_shape::tx_hashes;
  else
    throw config_error(
        "replies.tx_hash must be by_kind, string, array or tx_hashes, not '" +
        h + "'");
  auto e = get_str(t, "error_frame", "nested");
  if (e == "nested")
    r.error_frame = error_frame_shape::nested;
  else if (e == "typed")
    r.error_frame = error_frame_shape::typed;
  else
    throw config_error("replies.error_frame must be nested or typed, not '" +
                       e + "'");
}

void read_faults(const toml::value& t, fault_cfg& f) {
  f.ws_drop_every_ms = get_int(t, "ws_drop_every_ms", f.ws_drop_every_ms);
  f.delay_fraction = get_number(t, "delay_fraction", f.delay_fraction);
  f.delay_ms = get_int(t, "delay_ms", f.delay_ms);
  f.reorder_fraction = get_number(t, "reorder_fraction", f.reorder_fraction);
  f.reject_fraction = get_number(t, "reject_fraction", f.reject_fraction);
  f.reject_code = static_cast<int>(get_int(t, "reject_code", f.reject_code));
  f.nonce_desync_every = get_int(t, "nonce_desync_every", f.nonce_desync_every);
  f.malformed_every = get_int(t, "malformed_every", f.malformed_every);
  if (has(t, "stall")) {
    for (const auto& s : t.at("stall").as_array()) {
      stall_cfg st;
      st.channel = get_str(s, "channel", "");
      st.start_ms = get_int(s, "start_ms", 0);
      st.duration_ms = get_int(s, "duration_ms", 0);
      f.stalls.push_back(st);
    }
  }
  read_window_faults(t, f);
}

bool is_hex(const std::string& s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string normalise_key(std::string k) {
  if (k.size() >= 2 && k[0] == '0' && (k[1] == 'x' || k[1] == 'X'))
    k = k.substr(2);
  for (auto& c : k)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

void check_keys(sim_cfg& cfg) {
  for (auto& a : cfg.accounts)
    for (auto& k : a.keys) {
      k.public_key = normalise_key(k.public_key);
      if (k.public_key.size() != 80 || !is_hex(k.public_key))
        throw config_error("account " + std::to_string(a.index) + " key " +
                           std::to_string(k.index) +
                           ": public_key must be 80 hex chars");
    }
}

} // namespace

strategy::market_spec market_cfg::spec() const {
  strategy::market_spec s;
  s.symbol = symbol;
  s.price_decimals = price_decimals;
  s.size_decimals = size_decimals;
  s.min_base = strategy::qty_lots{min_base};
  // min_quote is in micro-USDC; quote_units have price+size decimals.
  int qd = price_decimals + size_decimals;
  int64_t q = min_quote_micro;
  for (int i = 6; i < qd; ++i)
    q *= 10;
  for (int i = qd; i < 6; ++i)
    q /= 10;
  s.min_quote = strategy::quote_units{q};
  return s;
}

const market_cfg* sim_cfg::market(int id) const {
  for (const auto& m : markets)
    if (m.market_id == id) return &m;
  return nullptr;
}

market_cfg* sim_cfg::market(int id) {
  for (auto& m : markets)
    if (m.market_id == id) return &m;
  return nullptr;
}

sim_cfg default_config() {
  sim_cfg c;
  c.markets = {eth_default(), btc_default()};
  return c;
}

execution::quota_rules quota_rules_of(const tier_cfg& t) {
  execution::quota_rules r;
  r.unit = t.unit;
  r.capacity = t.requests_per_minute;
  r.refill_per_minute = t.requests_per_minute;
  r.cancel_order_free = t.cancel_order_free;
  r.free_every_ms = t.free_every_ms;
  return r;
}

std::optional<tier> parse_tier(const std::string& name) {
  return lighter::parse_tier(name);
}

tier_cfg tier_defaults(tier t) {
  const auto& info = lighter::tier_info_of(t);
  tier_cfg c;
  // Standard's tx requests share its REST budget; the others have their own
  // sendTx quota (no stake assumed). A read tier trades nothing.
  c.requests_per_minute =
      static_cast<int>(info.send_tx_in_rest_budget
                           ? info.rest_per_minute
                           : std::max<int64_t>(1, info.send_tx_per_minute));
  c.unit = info.send_tx_unit == lighter::tx_quota_unit::per_tx
               ? execution::quota_unit::tx
               : execution::quota_unit::request;
  if (info.volume_quota) {
    // The volume quota (NautilusTrader's reading): a single CancelOrder is
    // free, and one tx every 15 s is free on top.
    c.cancel_order_free = true;
    c.free_every_ms = lighter::volume_quota_rules{}.free_tx_every_ms;
  }
  c.maker_delay_ms = info.maker_latency_ms;
  c.taker_delay_ms = info.taker_latency_ms;
  c.can_trade = info.can_trade;
  return c;
}

std::variant<sim_cfg, std::string> parse_config(const std::string& toml_text,
                                                const std::string& name) {
  sim_cfg cfg = default_config();
  try {
    auto root = runtime::parse_toml(toml_text, name);
    if (has(root, "sim")) {
      const auto& s = root.at("sim");
      cfg.seed = static_cast<uint64_t>(
          get_int(s, "seed", static_cast<int64_t>(cfg.seed)));
      cfg.speed = get_number(s, "speed", cfg.speed);
      if (!(cfg.speed > 0)) throw config_error("speed must be > 0");
      cfg.history_minutes =
          static_cast<int>(get_int(s, "history_minutes", cfg.history_minutes));
      if (cfg.history_minutes < 0 || cfg.history_minutes > 10'000)
        throw config_error("history_minutes must be 0..10000");
      cfg.chain_id = static_cast<uint32_t>(get_int(s, "chain_id", 304));
      // max_batch: the older single limit, taken as the WebSocket one.
      cfg.max_ws_batch = static_cast<int>(get_int(
          s, "max_ws_batch", get_int(s, "max_batch", cfg.max_ws_batch)));
      cfg.max_rest_batch =
          static_cast<int>(get_int(s, "max_rest_batch", cfg.max_rest_batch));
      if (cfg.max_ws_batch < 1 || cfg.max_rest_batch < 1)
        throw config_error("max_ws_batch and max_rest_batch must be >= 1");
      cfg.market_data_every_ms =
          get_int(s, "market_data_every_ms", cfg.market_data_every_ms);
      if (cfg.market_data_every_ms < 0)
        throw config_error("market_data_every_ms must be >= 0");
      cfg.max_active_orders = static_cast<int>(
          get_int(s, "max_active_orders", cfg.max_active_orders));
      cfg.max_active_orders_per_market = static_cast<int>(get_int(
          s, "max_active_orders_per_market", cfg.max_active_orders_per_market));
      if (cfg.max_active_orders < 1 || cfg.max_active_orders_per_market < 1)
        throw config_error(
            "max_active_orders and max_active_orders_per_market must be >= 1");
      auto fm = get_str(s, "fill_model", "through");
      if (fm == "through")
        cfg.fills = fill_model::through;
      else if (fm == "queue")
        cfg.fills = fill_model::queue;
      else
        throw config_error("fill_model must be through or queue");
      cfg.default_collateral_micro =
          get_scaled(s, "default_collateral", 6, cfg.default_collateral_micro);
      cfg.background_account =
          get_int(s, "background_account", cfg.background_account);
    }
    if (has(root, "tiers")) {
      const auto& t = root.at("tiers");
      for (const auto& info : lighter::tiers) {
        const std::string tier_name(info.name);
        if (!has(t, tier_name)) continue;
        const auto& x = t.at(tier_name);
        auto& tc = cfg.tiers[static_cast<size_t>(info.tier)];
        tc.requests_per_minute = static_cast<int>(
            get_int(x, "requests_per_minute", tc.requests_per_minute));
        if (tc.requests_per_minute < 1)
          throw config_error("requests_per_minute must be at least 1");
        tc.maker_delay_ms = get_int(x, "maker_delay_ms", tc.maker_delay_ms);
        tc.taker_delay_ms = get_int(x, "taker_delay_ms", tc.taker_delay_ms);
        auto unit = get_str(x, "quota_unit", to_string(tc.unit));
        if (unit == "request")
          tc.unit = execution::quota_unit::request;
        else if (unit == "tx")
          tc.unit = execution::quota_unit::tx;
        else
          throw config_error("quota_unit must be request or tx, not '" + unit +
                             "'");
        tc.cancel_order_free =
            get_bool(x, "cancel_order_free", tc.cancel_order_free);
        tc.free_every_ms = get_int(x, "free_every_ms", tc.free_every_ms);
        if (tc.free_every_ms < 0)
          throw config_error("free_every_ms must be >= 0");
      }
    }
    if (has(root, "replies")) read_replies(root.at("replies"), cfg.replies);
    if (has(root, "market")) {
      cfg.markets.clear();
      for (const auto& m : root.at("market").as_array()) {
        auto mc = read_market(m);
        if (cfg.market(mc.market_id))
          throw config_error("market_id " + std::to_string(mc.market_id) +
                             " appears twice");
        cfg.markets.push_back(mc);
      }
    }
    if (has(root, "account"))
      for (const auto& a : root.at("account").as_array())
        cfg.accounts.push_back(read_account(a, cfg.default_collateral_micro));
    if (has(root, "faults")) read_faults(root.at("faults"), cfg.faults);
    check_keys(cfg);
  } catch (const std::exception& e) {
    return std::string(name) + ": " + e.what();
  }
  return cfg;
}

std::variant<sim_cfg, std::string> load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open config file " + path;
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path);
}

std::optional<std::string> add_register_key(sim_cfg& cfg,
                                            const std::string& spec) {
  auto c1 = spec.find(':');
  auto c2 = c1 == std::string::npos ? c1 : spec.find(':', c1 + 1);
  if (c2 == std::string::npos)
    return "--register-key wants PUBHEX:ACCOUNT:APIKEY, got '" + spec + "'";
  auto key = normalise_key(spec.substr(0, c1));
  if (key.size() != 80 || !is_hex(key))
    return "--register-key: public key must be 80 hex chars";
  int64_t account = 0;
  int api_key = 0;
  try {
    size_t used = 0;
    auto acc_text = spec.substr(c1 + 1, c2 - c1 - 1);
    account = std::stoll(acc_text, &used);
    if (used != acc_text.size()) throw std::invalid_argument("account");
    auto key_text = spec.substr(c2 + 1);
    api_key = std::stoi(key_text, &used);
    if (used != key_text.size()) throw std::invalid_argument("key");
  } catch (const std::exception&) {
    return "--register-key: ACCOUNT and APIKEY must be integers in '" + spec +
           "'";
  }
  if (account < 0 || account > lighter::limits::max_account_index ||
      api_key < 0 || api_key > lighter::limits::max_api_key_index)
    return "--register-key: ACCOUNT in 0..2^48-2, APIKEY in 0..254";
  account_cfg* acc = nullptr;
  for (auto& a : cfg.accounts)
    if (a.index == account) acc = &a;
  if (!acc) {
    account_cfg a;
    a.index = account;
    a.collateral_micro = cfg.default_collateral_micro;
    cfg.accounts.push_back(a);
    acc = &cfg.accounts.back();
  }
  for (auto& k : acc->keys)
    if (k.index == api_key) {
      k.public_key = key;
      return std::nullopt;
    }
  acc->keys.push_back(api_key_cfg{api_key, key, 0});
  return std::nullopt;
}

} // namespace trailgrid::sim
