#include "runtime/backtest_setup.hpp"

#include "backtest/tape.hpp"
#include "runtime/config.hpp"
#include "runtime/config_keys.hpp"
#include "strategy/decimal.hpp"

#include "runtime/toml_parse.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

namespace trailgrid::runtime {

namespace {

using toml_value =
    toml::basic_value<toml::discard_comments, std::map, std::vector>;

const std::vector<std::pair<std::string_view, std::string_view>> engine_keys = {
    {"tier", "standard | plus | premium | builder: latency and fee defaults"},
    {"fill", "trade_through (default) | touch"},
    {"queue_position", "true | false: queue behind the L2 level (L2 only)"},
    {"spread_ticks", "synthetic book width in ticks (default 1)"},
    {"fill_notify_ms", "fill -> strategy delay (default 50)"},
    {"reset_rtt_ms", "reset batch round trip (default 100)"},
    {"maker_delay_ms", "speed bump before an order rests (200 / 0)"},
    {"cancel_delay_ms", "cancel latency at the exchange (200 / 0)"},
    {"funding_pct_8h", "funding paid by longs every 8 h, % (default 0)"},
    {"collateral", "account collateral, quote (0 = no balance events)"},
    {"warmup_bars", "ATR bars before trading (-1 = period + 1)"},
    {"series_points", "points per report chart (default 1000)"},
    {"price_decimals", "market price decimals (default: from the data)"},
    {"size_decimals", "market size decimals (default 4)"},
    {"min_base", "smallest order, base units (default one lot)"},
    {"min_quote", "smallest order notional, quote (default 0)"},
};

std::optional<int64_t> to_int(std::string_view s) {
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<bool> to_bool(std::string_view s) {
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

// The TOML value of a --set: parsed as TOML when it is valid TOML, else
// taken as a string (so mid_price_source=market_mid needs no quotes).
toml_value toml_of(const std::string& text) {
  try {
    auto doc = parse_toml<toml::discard_comments, std::map, std::vector>(
        "v = " + text + "\n", "--set");
    return toml::find(doc, "v");
  } catch (const std::exception&) {
    return toml_value(text);
  }
}

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<std::string>
apply_engine_key(const key_setting& k, backtest::run_config& c,
                 std::optional<int>& price_dec, std::optional<int>& size_dec,
                 std::string& min_base, std::string& min_quote) {
  auto& o = c.options;
  auto bad = [&](const char* what) {
    return "--set " + k.key + ": expected " + what + ", got \"" + k.value +
           "\"";
  };
  auto int_in = [&](int64_t lo, int64_t hi, int64_t& out) -> bool {
    auto v = to_int(k.value);
    if (!v || *v < lo || *v > hi) return false;
    out = *v;
    return true;
  };
  int64_t v = 0;
  if (k.key == "fill") {
    auto f = backtest::parse_fill_rule(k.value);
    if (!f) return bad("trade_through or touch");
    o.fill = *f;
  } else if (k.key == "queue_position") {
    auto b = to_bool(k.value);
    if (!b) return bad("true or false");
    o.queue_position = *b;
  } else if (k.key == "spread_ticks") {
    if (!int_in(1, 1'000'000, o.spread_ticks)) return bad("1..1000000");
  } else if (k.key == "fill_notify_ms") {
    if (!int_in(0, 60'000, o.latency.fill_notify_ms)) return bad("0..60000");
  } else if (k.key == "reset_rtt_ms") {
    if (!int_in(0, 60'000, o.latency.reset_rtt_ms)) return bad("0..60000");
  } else if (k.key == "maker_delay_ms") {
    if (!int_in(0, 60'000, o.latency.maker_delay_ms)) return bad("0..60000");
  } else if (k.key == "cancel_delay_ms") {
    if (!int_in(0, 60'000, o.latency.cancel_delay_ms)) return bad("0..60000");
  } else if (k.key == "funding_pct_8h") {
    auto p = strategy::parse_scaled(k.value, 4); // % -> ppm
    if (!p) return bad("a percentage with at most 4 decimals");
    o.funding_ppm_8h = *p;
  } else if (k.key == "warmup_bars") {
    if (!int_in(-1, 1'000'000, v)) return bad("-1..1000000");
    o.warmup_bars = static_cast<int>(v);
  } else if (k.key == "series_points") {
    if (!int_in(0, 100'000, v)) return bad("0..100000");
    o.series_points = static_cast<int>(v);
  } else if (k.key == "price_decimals") {
    if (!int_in(0, 9, v)) return bad("0..9");
    price_dec = static_cast<int>(v);
  } else if (k.key == "size_decimals") {
    if (!int_in(0, 9, v)) return bad("0..9");
    size_dec = static_cast<int>(v);
  } else if (k.key == "min_base") {
    min_base = k.value;
  } else if (k.key == "min_quote") {
    min_quote = k.value;
  } else {
    return "unknown key \"" + k.key + "\"";
  }
  return std::nullopt;
}

} // namespace

std::optional<key_setting> parse_key_setting(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  return key_setting{std::string(text.substr(0, eq)),
                     std::string(text.substr(eq + 1))};
}

const std::vector<std::pair<std::string_view, std::string_view>>&
backtest_keys() {
  return engine_keys;
}

expected<backtest::run_config, std::string>
make_run_config(const std::string& config_path, const std::string& market,
                const std::vector<key_setting>& sets,
                const std::string& data_file) {
  // 1. The file as written: located errors for its own mistakes.
  auto base = load_config(config_path);
  if (!base) return base.error().to_string();
  // 2. Sort the sets: strategy keys and the tier go into the TOML.
  std::vector<key_setting> toml_sets, engine_sets;
  for (const auto& s : sets) {
    if (s.key == "tier" || find_strategy_key(s.key))
      toml_sets.push_back(s);
    else if (std::any_of(engine_keys.begin(), engine_keys.end(),
                         [&](auto& e) { return e.first == s.key; }))
      engine_sets.push_back(s);
    else {
      std::vector<std::string_view> all;
      for (const auto& k : strategy_keys())
        all.push_back(k.name);
      for (const auto& e : engine_keys)
        all.push_back(e.first);
      auto hint = closest_key(s.key, all);
      return "--set: unknown key \"" + s.key + "\"" +
             (hint.empty() ? std::string{}
                           : " (did you mean \"" + std::string(hint) + "\"?)");
    }
  }
  config cfg = std::move(base.value());
  if (cfg.markets.empty()) return config_path + ": no [[market]] to backtest";
  std::size_t mi = 0;
  if (!market.empty()) {
    auto it = std::find_if(cfg.markets.begin(), cfg.markets.end(),
                           [&](auto& m) { return m.symbol == market; });
    if (it == cfg.markets.end())
      return config_path + ": no [[market]] with symbol \"" + market + "\"";
    mi = static_cast<std::size_t>(it - cfg.markets.begin());
  } else if (cfg.markets.size() > 1) {
    return config_path + ": several markets; choose one with --market";
  }
  if (!toml_sets.empty()) {
    bool ok = false;
    auto text = read_file(config_path, ok);
    if (!ok) return config_path + ": cannot read";
    toml_value doc;
    try {
      doc = parse_toml<toml::discard_comments, std::map, std::vector>(
          text, config_path);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    auto& markets = doc.as_table()["market"].as_array();
    for (const auto& s : toml_sets) {
      if (s.key == "tier") {
        auto& root = doc.as_table();
        if (!root.count("exchange"))
          root["exchange"] = toml_value(toml_value::table_type{});
        root["exchange"].as_table()["tier"] = toml_of(s.value);
      } else {
        markets.at(mi).as_table()[s.key] = toml_of(s.value);
      }
    }
    auto patched = parse_config(toml::format(doc), config_path);
    if (!patched) return "with --set: " + patched.error().to_string();
    cfg = std::move(patched.value());
  }
  const auto& mc = cfg.markets[mi];
  backtest::run_config out;
  out.config_file = config_path;
  const auto tier = cfg.exchange.tier;
  out.tier = std::string(backtest::to_string(tier));
  out.options.latency = backtest::tier_latency(tier, out.options.latency);
  std::optional<int> price_dec, size_dec;
  std::string min_base, min_quote, collateral;
  for (const auto& s : engine_sets) {
    if (s.key == "collateral") {
      collateral = s.value;
      continue;
    }
    if (auto err =
            apply_engine_key(s, out, price_dec, size_dec, min_base, min_quote))
      return *err;
  }
  auto& spec = out.spec;
  spec.symbol = mc.symbol;
  if (!price_dec) {
    int d = backtest::detect_price_decimals(data_file);
    if (d < 0) return data_file + ": unreadable or not market data";
    price_dec = d;
  }
  spec.price_decimals = *price_dec;
  spec.size_decimals = size_dec.value_or(4);
  auto to_units = [](const std::string& text, int decimals,
                     const char* key) -> expected<int64_t, std::string> {
    auto a = amount::parse(text);
    if (!a) return "--set " + std::string(key) + ": expected a decimal amount";
    auto v = strategy::parse_scaled_truncating(a->to_string(), decimals);
    if (!v) return "--set " + std::string(key) + ": out of range";
    return *v;
  };
  if (!min_base.empty()) {
    auto v = to_units(min_base, spec.size_decimals, "min_base");
    if (!v) return v.error();
    spec.min_base = strategy::qty_lots{std::max<int64_t>(v.value(), 1)};
  }
  if (!min_quote.empty()) {
    auto v = to_units(min_quote, spec.quote_decimals(), "min_quote");
    if (!v) return v.error();
    spec.min_quote = strategy::quote_units{v.value()};
  }
  if (!collateral.empty()) {
    auto v = to_units(collateral, spec.quote_decimals(), "collateral");
    if (!v) return v.error();
    out.options.collateral = strategy::quote_units{v.value()};
  }
  auto params = mc.resolve(spec);
  if (!params) return params.error();
  out.params = params.value();
  const auto& set_at = mc.settings.set_at;
  if (!set_at.count("maker_fee_pct") && !set_at.count("taker_fee_pct"))
    out.params.fees = backtest::tier_fees(tier);
  return out;
}

} // namespace trailgrid::runtime
