#include "runtime/config_keys.hpp"

#include "strategy/decimal.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace trailgrid::runtime {

namespace {

using strategy::mid_price_source;
using kv = key_value;
using ss = strategy_settings;

// Bounds in ppm written as percent: pct(50) = 500'000 ppm.
constexpr int64_t pct(int64_t percent) {
  return percent * 10'000;
}

// An integer scaled by 10^decimals as short decimal text ("0.0001", "50").
std::string decimal_text(int64_t v, int decimals) {
  auto s = strategy::format_scaled(v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string number_text(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string{buf, res.ptr};
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

} // namespace

const std::vector<strategy_key>& strategy_keys() {
  // clang-format off
  static const std::vector<strategy_key> keys = {
    {"atr_period", key_kind::integer, 1, 1000, 0, 0,
     "bars in the Wilder ATR average",
     [](ss& s, const kv& v) { s.params.atr.period = static_cast<int>(v.i); }},
    {"bar_interval_s", key_kind::integer, 1, 3600, 0, 0,
     "ATR time bar length in seconds (1 s .. 1 h)",
     [](ss& s, const kv& v) { s.params.atr.bar_interval_ms = v.i * 1000; }},
    {"levels", key_kind::integer, 1, 100, 0, 0,
     "orders per side (N bids and N asks)",
     [](ss& s, const kv& v) {
       s.params.grid.levels_per_side = static_cast<int>(v.i); }},
    {"atr_multiplier", key_kind::number, 0, 0, 0.0, 100.0,
     "spacing = ATR% x this, then clamped to the spacing band",
     [](ss& s, const kv& v) { s.params.grid.atr_multiplier = v.d; }},
    {"min_spacing_pct", key_kind::percent, 1, pct(50), 0, 0,
     "lower clamp of the level spacing, percent of price",
     [](ss& s, const kv& v) { s.params.grid.min_spacing = v.i; }},
    {"max_spacing_pct", key_kind::percent, 1, pct(50), 0, 0,
     "upper clamp of the level spacing, percent of price",
     [](ss& s, const kv& v) { s.params.grid.max_spacing = v.i; }},
    {"order_size", key_kind::size, 1, 0, 0, 0,
     "base size per level in base units, before skew (required, no default)",
     [](ss& s, const kv& v) { s.order_size = v.a; }},
    {"mid_price_source", key_kind::source, 0, 0, 0, 0,
     "centre of a fresh grid: filled_price, market_mid, mark_price, "
     "last_price",
     [](ss& s, const kv& v) { s.params.grid.centre_source = v.s; }},
    {"order_size_quote", key_kind::size, 1, 0, 0, 0,
     "size per level in quote currency instead of order_size: converted to "
     "lots at each reset's centre price, rounded down to a whole lot, then "
     "raised to the market's minimums if below them",
     [](ss& s, const kv& v) { s.order_size_quote = v.a; }},
    {"enable_sanity_guard", key_kind::boolean, 0, 0, 0, 0,
     "check a non-mid centre against the book before the grid goes out",
     [](ss& s, const kv& v) { s.params.grid.sanity_guard = v.b; }},
    {"sanity_guard", key_kind::boolean, 0, 0, 0, 0,
     "older spelling of enable_sanity_guard (same meaning)",
     [](ss& s, const kv& v) { s.params.grid.sanity_guard = v.b; }},
    {"sanity_guard_spread_check", key_kind::boolean, 0, 0, 0, 0,
     "the guard checks the innermost levels against the spread (true) or "
     "only that the centre lies within [best bid, best ask] (false)",
     [](ss& s, const kv& v) {
       s.params.grid.sanity_guard_spread_check = v.b; }},
    {"fallback_to_market_mid", key_kind::boolean, 0, 0, 0, 0,
     "when the guard rejects a centre or the source has no price, centre "
     "on the market mid (true) or send no grid and retry on the next book "
     "update (false)",
     [](ss& s, const kv& v) { s.params.grid.fallback_to_market_mid = v.b; }},
    {"trailing", key_kind::boolean, 0, 0, 0, 0,
     "recentre when the price stays beyond the outer level",
     [](ss& s, const kv& v) { s.params.trailing.enabled = v.b; }},
    {"trailing_trigger_levels", key_kind::integer, 1, 100, 0, 0,
     "spacings beyond the outermost level that count as outside",
     [](ss& s, const kv& v) {
       s.params.trailing.trigger_levels = static_cast<int>(v.i); }},
    {"trailing_dwell_s", key_kind::seconds, 0, 86'400'000, 0, 0,
     "seconds the price must stay outside before the grid moves",
     [](ss& s, const kv& v) { s.params.trailing.dwell_ms = v.i; }},
    {"skew", key_kind::boolean, 0, 0, 0, 0,
     "lean order sizes against the position",
     [](ss& s, const kv& v) { s.params.skew.enabled = v.b; }},
    {"size_skew_per_inventory_pct", key_kind::percent, 0, pct(100), 0, 0,
     "size change in percent at a position of max_position",
     [](ss& s, const kv& v) { s.params.skew.size_skew_per_inventory = v.i; }},
    {"max_size_skew_pct", key_kind::percent, 0, pct(100), 0, 0,
     "clamp of the size change, +/- percent",
     [](ss& s, const kv& v) { s.params.skew.max_size_skew = v.i; }},
    {"price_skew_spacings", key_kind::fraction, 0, 10'000'000, 0, 0,
     "centre shift against the position in spacings at max_position "
     "(0 = off)",
     [](ss& s, const kv& v) { s.params.skew.price_skew_spacings = v.i; }},
    {"max_position", key_kind::size, 1, 0, 0, 0,
     "above this absolute position (base units) only reducing orders are "
     "placed (required, no default)",
     [](ss& s, const kv& v) { s.max_position = v.a; }},
    {"breaker_trip_atr_pct", key_kind::percent, 1, pct(100), 0, 0,
     "volatility breaker: pull orders above this ATR% of price",
     [](ss& s, const kv& v) { s.params.risk.breaker_trip_atr = v.i; }},
    {"breaker_resume_atr_pct", key_kind::percent, 1, pct(100), 0, 0,
     "volatility breaker: resume below this ATR% (less than the trip level)",
     [](ss& s, const kv& v) { s.params.risk.breaker_resume_atr = v.i; }},
    {"tx_bucket_capacity", key_kind::integer, 1, 100'000, 0, 0,
     "reset rate limiter: token bucket size in transactions",
     [](ss& s, const kv& v) { s.params.risk.tx_bucket_capacity = v.i; }},
    {"tx_refill_per_minute", key_kind::integer, 1, 1'000'000, 0, 0,
     "reset rate limiter: tokens added per minute",
     [](ss& s, const kv& v) { s.params.risk.tx_refill_per_minute = v.i; }},
    {"max_drawdown_quote", key_kind::size, 0, 0, 0, 0,
     "halt when equity falls this far (quote currency) below the session "
     "peak; 0 = off",
     [](ss& s, const kv& v) { s.max_drawdown_quote = v.a; }},
    {"balance_check", key_kind::boolean, 0, 0, 0, 0,
     "skip orders whose margin exceeds the free balance",
     [](ss& s, const kv& v) { s.params.risk.balance_check = v.b; }},
    {"leverage", key_kind::fraction, 1'000'000, 100'000'000, 0, 0,
     "leverage used to turn notional into required margin (1..100)",
     [](ss& s, const kv& v) { s.params.risk.margin_leverage = v.i; }},
    {"maker_fee_pct", key_kind::percent, -pct(1), pct(1), 0, 0,
     "maker fee in percent of notional (negative = rebate)",
     [](ss& s, const kv& v) { s.params.fees.maker = v.i; }},
    {"taker_fee_pct", key_kind::percent, -pct(1), pct(1), 0, 0,
     "taker fee in percent of notional",
     [](ss& s, const kv& v) { s.params.fees.taker = v.i; }},
  };
  // clang-format on
  return keys;
}

const strategy_key* find_strategy_key(std::string_view name) {
  for (auto& k : strategy_keys())
    if (k.name == name) return &k;
  return nullptr;
}

std::string allowed_text(const strategy_key& k) {
  switch (k.kind) {
  case key_kind::integer:
    return "must be an integer in " + std::to_string(k.lo) + ".." +
           std::to_string(k.hi);
  case key_kind::number:
    return "must be a number above " + number_text(k.lo_d) + " and at most " +
           number_text(k.hi_d);
  case key_kind::percent:
    return "must be a percent in " + decimal_text(k.lo, 4) + ".." +
           decimal_text(k.hi, 4) + " with at most 4 decimals";
  case key_kind::fraction:
    return "must be a number in " + decimal_text(k.lo, 6) + ".." +
           decimal_text(k.hi, 6) + " with at most 6 decimals";
  case key_kind::seconds:
    return "must be a number of seconds in " + decimal_text(k.lo, 3) + ".." +
           decimal_text(k.hi, 3) + " with at most 3 decimals";
  case key_kind::boolean:
    return "must be true or false";
  case key_kind::size:
    return std::string{"must be a decimal amount "} +
           (k.lo > 0 ? "above 0" : "of at least 0") +
           " with at most 9 decimals, as a string (\"0.001\") or a number";
  case key_kind::source:
    return "must be one of \"filled_price\", \"market_mid\", "
           "\"mark_price\", \"last_price\"";
  }
  return {};
}

std::string_view closest_key(std::string_view word,
                             const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t best_d = SIZE_MAX;
  for (auto c : candidates) {
    size_t d = edit_distance(word, c);
    // A key written without its unit suffix ("min_spacing" for
    // "min_spacing_pct") is a prefix of the real one.
    if (word.size() >= 4 && c.substr(0, word.size()) == word)
      d = std::min<size_t>(d, 1);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  size_t limit = std::max<size_t>(2, word.size() / 3);
  return best_d <= limit ? best : std::string_view{};
}

} // namespace trailgrid::runtime
