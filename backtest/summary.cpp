#include "backtest/summary.hpp"

#include "backtest/report_format.hpp"

#include <sstream>

namespace trailgrid::backtest {

namespace {

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string ppm_pct(strategy::ppm v) {
  return scaled_to_string(v, 4);
}

// A flat JSON object writer: key order is insertion order.
class object {
public:
  explicit object(int indent) : pad_(static_cast<std::size_t>(indent), ' ') {}
  object& raw(const char* key, const std::string& value) {
    out_ += first_ ? "{\n" : ",\n";
    first_ = false;
    out_ += pad_ + "  " + json_string(key) + ": " + value;
    return *this;
  }
  object& str(const char* key, const std::string& v) {
    return raw(key, json_string(v));
  }
  object& num(const char* key, int64_t v) {
    return raw(key, std::to_string(v));
  }
  object& boolean(const char* key, bool v) {
    return raw(key, v ? "true" : "false");
  }
  std::string done() { return (first_ ? "{" : out_ + "\n" + pad_) + "}"; }

private:
  std::string pad_;
  std::string out_;
  bool first_ = true;
};

std::string config_json(const run_config& c) {
  const auto& p = c.params;
  const auto& s = c.spec;
  const auto& o = c.options;
  const int qd = s.quote_decimals();
  auto market =
      object(4)
          .str("symbol", s.symbol)
          .num("price_decimals", s.price_decimals)
          .num("size_decimals", s.size_decimals)
          .num("tick", s.tick)
          .num("lot", s.lot)
          .raw("min_base", scaled_to_string(s.min_base.value, s.size_decimals))
          .raw("min_quote", scaled_to_string(s.min_quote.value, qd))
          .done();
  auto strat =
      object(4)
          .num("atr_period", p.atr.period)
          .raw("bar_interval_s", scaled_to_string(p.atr.bar_interval_ms, 3))
          .num("levels", p.grid.levels_per_side)
          .raw("atr_multiplier", number_to_string(p.grid.atr_multiplier, 9))
          .raw("min_spacing_pct", ppm_pct(p.grid.min_spacing))
          .raw("max_spacing_pct", ppm_pct(p.grid.max_spacing))
          .raw("order_size",
               scaled_to_string(p.grid.order_size.value, s.size_decimals))
          .str("mid_price_source",
               std::string(strategy::to_string(p.grid.centre_source)))
          .boolean("sanity_guard", p.grid.sanity_guard)
          .boolean("trailing", p.trailing.enabled)
          .num("trailing_trigger_levels", p.trailing.trigger_levels)
          .raw("trailing_dwell_s", scaled_to_string(p.trailing.dwell_ms, 3))
          .boolean("skew", p.skew.enabled)
          .raw("size_skew_per_inventory_pct",
               ppm_pct(p.skew.size_skew_per_inventory))
          .raw("max_size_skew_pct", ppm_pct(p.skew.max_size_skew))
          .raw("price_skew_spacings",
               scaled_to_string(p.skew.price_skew_spacings, 6))
          .raw("max_position",
               scaled_to_string(p.risk.max_position.value, s.size_decimals))
          .raw("breaker_trip_atr_pct", ppm_pct(p.risk.breaker_trip_atr))
          .raw("breaker_resume_atr_pct", ppm_pct(p.risk.breaker_resume_atr))
          .num("tx_bucket_capacity", p.risk.tx_bucket_capacity)
          .num("tx_refill_per_minute", p.risk.tx_refill_per_minute)
          .raw("max_drawdown_quote",
               scaled_to_string(p.risk.max_drawdown.value, qd))
          .boolean("balance_check", p.risk.balance_check)
          .raw("leverage", scaled_to_string(p.risk.margin_leverage, 6))
          .raw("maker_fee_pct", ppm_pct(p.fees.maker))
          .raw("taker_fee_pct", ppm_pct(p.fees.taker))
          .done();
  auto engine =
      object(4)
          .str("tier", c.tier)
          .num("fill_notify_ms", o.latency.fill_notify_ms)
          .num("reset_rtt_ms", o.latency.reset_rtt_ms)
          .num("maker_delay_ms", o.latency.maker_delay_ms)
          .num("cancel_delay_ms", o.latency.cancel_delay_ms)
          .str("fill", std::string(to_string(o.fill)))
          .boolean("queue_position", o.queue_position)
          .num("spread_ticks", o.spread_ticks)
          .raw("funding_pct_8h", ppm_pct(o.funding_ppm_8h))
          .raw("collateral_quote", scaled_to_string(o.collateral.value, qd))
          .num("warmup_bars", o.warmup_bars)
          .done();
  return object(2)
      .str("config_file", c.config_file)
      .raw("market", market)
      .raw("strategy", strat)
      .raw("engine", engine)
      .done();
}

} // namespace

std::string quote_text(const backtest_result& r, strategy::quote_units q) {
  return scaled_to_string(q.value, r.price_decimals + r.size_decimals);
}

std::string qty_text(const backtest_result& r, strategy::qty_lots q) {
  return scaled_to_string(q.value, r.size_decimals);
}

std::string price_text(const backtest_result& r, strategy::price_ticks p) {
  return scaled_to_string(p.value, r.price_decimals);
}

std::string summary_text(const backtest_result& r) {
  std::ostringstream o;
  auto line = [&o](const char* k, const std::string& v) {
    o << "  " << k;
    for (std::size_t n = std::char_traits<char>::length(k); n < 24; ++n)
      o << ' ';
    o << v << '\n';
  };
  const auto& c = r.counters;
  o << "backtest " << r.symbol << " on " << r.source << "\n";
  line("data", std::string(to_string(r.kind)) + ", " + std::to_string(r.rows) +
                   " rows, " + utc_time(r.first_ts) + " -> " +
                   utc_time(r.end_ts) + " UTC");
  line("traded", number_to_string(r.trading_hours(), 6) + " h from " +
                     utc_time(r.trading_ts));
  line("events",
       std::to_string(r.events) + " in " + number_to_string(r.wall_s, 3) +
           " s (" +
           number_to_string(r.wall_s > 0 ? r.events / r.wall_s : 0, 4) +
           " /s)");
  line("fills", std::to_string(r.fills) + " (" +
                    std::to_string(r.partial_fills) + " partial)");
  line("resets", std::to_string(r.resets) + " (" +
                     number_to_string(r.resets_per_hour(), 4) + " /h)");
  line("volume", quote_text(r, r.volume));
  line("fees", quote_text(r, r.fees));
  line("realized pnl", quote_text(r, r.realized));
  line("unrealized pnl", quote_text(r, r.unrealized));
  if (r.funding.value != 0) line("funding", quote_text(r, r.funding));
  line("net pnl", quote_text(r, r.net));
  line("max drawdown", quote_text(r, r.max_drawdown));
  line("max |position|", qty_text(r, r.max_abs_position));
  line("final position",
       qty_text(r, r.final_position) + " at " + price_text(r, r.last_price));
  line("guard fallbacks", std::to_string(c.guard_fallbacks));
  line("source fallbacks", std::to_string(c.source_fallbacks));
  line("trailing shifts", std::to_string(c.trailing_shifts));
  line("deferred resets", std::to_string(c.deferred_resets));
  line("coalesced fills", std::to_string(c.coalesced_fills));
  line("breaker trips", std::to_string(c.breaker_trips));
  line("drawdown stops", std::to_string(c.drawdown_stops));
  line("post-only rejects", std::to_string(r.post_only_rejects));
  if (!r.error.empty()) line("ERROR", r.error);
  if (!r.markouts.empty())
    o << markout_text(r.markouts, r.price_decimals + r.size_decimals);
  return o.str();
}

std::string result_json(const backtest_result& r, const run_config& cfg,
                        bool timing) {
  const auto& c = r.counters;
  const double wall = timing ? r.wall_s : 0.0;
  const double eps = wall > 0 ? static_cast<double>(r.events) / wall : 0.0;
  object o(0);
  if (!r.error.empty()) o.str("error", r.error);
  o.raw("duration_s", number_to_string(wall, 6))
      .num("events", r.events)
      .raw("events_per_second", number_to_string(eps, 6))
      .str("data", r.source)
      .str("data_kind", std::string(to_string(r.kind)))
      .num("rows", r.rows)
      .num("first_ts_ms", r.first_ts)
      .num("trading_ts_ms", r.trading_ts)
      .num("end_ts_ms", r.end_ts)
      .raw("trading_hours", number_to_string(r.trading_hours(), 9))
      .num("fills", r.fills)
      .num("partial_fills", r.partial_fills)
      .num("resets", r.resets)
      .raw("resets_per_hour", number_to_string(r.resets_per_hour(), 9))
      .raw("volume_quote", quote_text(r, r.volume))
      .raw("fees_quote", quote_text(r, r.fees))
      .raw("realized_pnl", quote_text(r, r.realized))
      .raw("unrealized_pnl", quote_text(r, r.unrealized))
      .raw("funding_quote", quote_text(r, r.funding))
      .raw("net_pnl", quote_text(r, r.net))
      .raw("max_drawdown", quote_text(r, r.max_drawdown))
      .raw("max_abs_position", qty_text(r, r.max_abs_position))
      .raw("final_position", qty_text(r, r.final_position))
      .raw("last_price", price_text(r, r.last_price))
      .num("sanity_guard_fallbacks", c.guard_fallbacks)
      .num("source_fallbacks", c.source_fallbacks)
      .num("breaker_trips", c.breaker_trips)
      .num("drawdown_stops", c.drawdown_stops)
      .num("halts", r.halts)
      .num("trailing_shifts", c.trailing_shifts)
      .num("deferred_resets", c.deferred_resets)
      .num("coalesced_fills", c.coalesced_fills)
      .num("limited_resets", c.limited_resets)
      .num("levels_trimmed", c.levels_trimmed)
      .num("post_only_rejects", r.post_only_rejects)
      .raw("markouts",
           markout_json(r.markouts, r.price_decimals + r.size_decimals))
      .raw("config", config_json(cfg));
  return o.done() + "\n";
}

} // namespace trailgrid::backtest
