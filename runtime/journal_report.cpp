#include "runtime/journal_report.hpp"

#include "backtest/recorder.hpp"
#include "backtest/report_format.hpp"
#include "strategy/pnl_tracker.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <set>
#include <sstream>
#include <variant>

namespace trailgrid::runtime {

namespace {

using backtest::scaled_to_string;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;

// The market an entry is about ("" for session and config entries).
std::string market_of(const journal_entry& e) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, journal_session> ||
                      std::is_same_v<T, journal_config>)
          return {};
        else
          return x.market;
      },
      e);
}

// Index of the first record reported: the last session entry, or 0.
std::size_t span_start(const std::vector<journal_record>& rs, bool all) {
  std::size_t start = 0;
  if (all) return start;
  for (std::size_t i = 0; i < rs.size(); ++i)
    if (std::holds_alternative<journal_session>(rs[i].entry)) start = i;
  return start;
}

// When an entry happened: a book sample's own time, else the record's.
int64_t when(const journal_record& r) {
  if (auto b = std::get_if<journal_book>(&r.entry)) return b->at_ms;
  return r.ts_ms;
}

struct scale {
  int price = 0;
  int size = 0;
  bool known = false;
};

std::map<std::string, scale> scales_of(const std::vector<journal_record>& rs) {
  std::map<std::string, scale> out;
  for (const auto& r : rs)
    if (auto s = std::get_if<journal_scale>(&r.entry))
      out[s->market] = {s->price_decimals, s->size_decimals, true};
  return out;
}

journal_market_report build_market(const std::string& market,
                                   std::vector<const journal_record*> recs,
                                   const scale& sc, const std::string& path,
                                   int points) {
  journal_market_report out;
  auto& r = out.result;
  r.symbol = market;
  r.source = path;
  r.kind = backtest::tape_kind::trades;
  r.price_decimals = sc.price;
  r.size_decimals = sc.size;
  out.scale_known = sc.known;
  r.rows = static_cast<int64_t>(recs.size());
  r.events = r.rows;
  // Time order; at equal times the book first, then fills, then resets.
  auto rank = [](const journal_record* x) {
    return std::holds_alternative<journal_book>(x->entry)   ? 0
           : std::holds_alternative<journal_fill>(x->entry) ? 1
                                                            : 2;
  };
  std::stable_sort(recs.begin(), recs.end(), [&](auto* a, auto* b) {
    auto ta = when(*a), tb = when(*b);
    return ta != tb ? ta < tb : rank(a) < rank(b);
  });
  if (recs.empty()) return out;
  r.first_ts = r.trading_ts = when(*recs.front());
  r.end_ts = when(*recs.back());
  backtest::recorder rec(r.first_ts, r.end_ts + 1, points);
  strategy::pnl_tracker pnl{strategy::fee_params{}};
  quote_units fees{0}, peak{0}, max_dd{0};
  bool have_peak = false;
  std::optional<price_ticks> mark;
  std::string source;
  std::vector<backtest::mid_point> mids;
  qty_lots max_abs{0};
  auto book_equity = [&](int64_t ts) {
    if (!mark) return;
    quote_units eq = pnl.equity(*mark) - fees;
    if (!have_peak || eq > peak) peak = eq;
    have_peak = true;
    if (peak - eq > max_dd) max_dd = peak - eq;
    rec.price(ts, *mark, eq, peak - eq, pnl.position());
    auto pos = pnl.position().value;
    if (std::abs(pos) > max_abs.value) max_abs = qty_lots{std::abs(pos)};
  };
  for (const auto* x : recs) {
    const int64_t ts = when(*x);
    if (auto b = std::get_if<journal_book>(&x->entry)) {
      mids.push_back({b->at_ms, b->bid.value + b->ask.value});
      mark = price_ticks{(b->bid.value + b->ask.value) / 2};
      ++out.book_samples;
      book_equity(ts);
    } else if (auto f = std::get_if<journal_fill>(&x->entry)) {
      pnl.on_fill(f->side, f->price, f->size, f->is_maker);
      fees += f->fee;
      rec.fill(ts, f->side, f->price);
      ++r.fills;
      backtest::markout_sample s;
      s.ts_ms = ts;
      s.side = f->side;
      s.price = f->price;
      s.size = f->size;
      s.source = source.empty() ? "unknown" : source;
      out.fills.push_back(std::move(s));
      if (!mark) mark = f->price;
      book_equity(ts);
    } else if (auto g = std::get_if<journal_reset>(&x->entry)) {
      rec.reset(ts, g->centre);
      source = g->source;
      ++r.resets;
      r.counters.guard_fallbacks += g->guard_fallback ? 1 : 0;
    } else if (std::holds_alternative<journal_reject>(x->entry)) {
      ++out.rejects;
    }
  }
  r.counters.resets = r.resets;
  r.counters.fills = r.fills;
  r.volume = pnl.volume();
  r.fees = fees;
  r.realized = pnl.realised();
  r.unrealized = mark ? pnl.unrealised(*mark) : quote_units{0};
  r.net = r.realized + r.unrealized - r.fees;
  r.max_drawdown = max_dd;
  r.max_abs_position = max_abs;
  r.final_position = pnl.position();
  r.last_price = mark.value_or(price_ticks{0});
  r.series = rec.finish();
  backtest::attach_mids(out.fills, mids,
                        mids.empty() ? INT64_MIN : mids.back().ts_ms);
  r.markouts = backtest::summarize_markouts(out.fills);
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string side_text(strategy::side s) {
  return s == strategy::side::bid ? "buy" : "sell";
}

std::string fixed_bps(const std::optional<double>& v) {
  if (!v) return {};
  char b[32];
  std::snprintf(b, sizeof b, "%.3f", *v);
  return b;
}

} // namespace

journal_report build_journal_report(const std::vector<journal_record>& records,
                                    const std::string& path,
                                    const journal_report_options& options) {
  journal_report out;
  out.path = path;
  const auto start = span_start(records, options.all_sessions);
  const auto scales = scales_of(records);
  std::map<std::string, std::vector<const journal_record*>> by_market;
  for (std::size_t i = start; i < records.size(); ++i) {
    const auto& r = records[i];
    if (out.records == 0) {
      out.first_seq = r.seq;
      out.first_ts = r.ts_ms;
    }
    ++out.records;
    out.last_ts = std::max(out.last_ts, r.ts_ms);
    if (auto s = std::get_if<journal_session>(&r.entry)) out.node = s->node;
    if (auto c = std::get_if<journal_config>(&r.entry))
      out.config[c->key] = c->new_value;
    auto m = market_of(r.entry);
    if (m.empty() || (!options.market.empty() && m != options.market)) continue;
    by_market[m].push_back(&r);
  }
  for (auto& [market, recs] : by_market) {
    auto i = scales.find(market);
    out.markets.push_back(build_market(market, std::move(recs),
                                       i == scales.end() ? scale{} : i->second,
                                       path, options.series_points));
  }
  return out;
}

std::string journal_csv(const std::vector<journal_record>& records,
                        const journal_report_options& options) {
  const auto scales = scales_of(records);
  auto price = [&](const std::string& m, int64_t v) {
    auto i = scales.find(m);
    return i == scales.end()
               ? std::to_string(v)
               : scaled_to_string(v, i->second.price, i->second.price);
  };
  auto size = [&](const std::string& m, int64_t v) {
    auto i = scales.find(m);
    return i == scales.end()
               ? std::to_string(v)
               : scaled_to_string(v, i->second.size, i->second.size);
  };
  auto quote = [&](const std::string& m, int64_t v) {
    auto i = scales.find(m);
    return i == scales.end()
               ? std::to_string(v)
               : scaled_to_string(v, i->second.price + i->second.size,
                                  i->second.price + i->second.size);
  };
  static const char* columns[] = {"seq",
                                  "ts_ms",
                                  "utc",
                                  "kind",
                                  "market",
                                  "market_index",
                                  "side",
                                  "price",
                                  "size",
                                  "fee",
                                  "is_maker",
                                  "trade_id",
                                  "order_index",
                                  "client_order_index",
                                  "reset_seq",
                                  "centre",
                                  "spacing_pct",
                                  "bid_levels",
                                  "ask_levels",
                                  "source",
                                  "guard_fallback",
                                  "why",
                                  "bid",
                                  "ask",
                                  "at_ms",
                                  "code",
                                  "reason",
                                  "position",
                                  "realised",
                                  "unrealised",
                                  "fees",
                                  "volume",
                                  "price_decimals",
                                  "size_decimals",
                                  "key",
                                  "old_value",
                                  "new_value",
                                  "node",
                                  "note"};
  constexpr std::size_t n = sizeof columns / sizeof columns[0];
  std::map<std::string, std::size_t> col;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    col[columns[i]] = i;
    out += (i ? "," : "") + std::string{columns[i]};
  }
  out += "\n";
  const auto start = span_start(records, options.all_sessions);
  for (std::size_t k = start; k < records.size(); ++k) {
    const auto& r = records[k];
    auto m = market_of(r.entry);
    if (!options.market.empty() && !m.empty() && m != options.market) continue;
    std::vector<std::string> f(n);
    auto set = [&](const char* name, std::string v) {
      f[col.at(name)] = std::move(v);
    };
    set("seq", std::to_string(r.seq));
    set("ts_ms", std::to_string(r.ts_ms));
    set("utc", backtest::utc_time(r.ts_ms));
    set("market", m);
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, journal_session>) {
            set("kind", "session");
            set("node", x.node);
            set("note", x.note);
          } else if constexpr (std::is_same_v<T, journal_fill>) {
            set("kind", "fill");
            set("market_index", std::to_string(x.market_index));
            set("side", side_text(x.side));
            set("price", price(m, x.price.value));
            set("size", size(m, x.size.value));
            set("fee", quote(m, x.fee.value));
            set("is_maker", x.is_maker ? "1" : "0");
            set("trade_id", std::to_string(x.trade_id));
            set("order_index", std::to_string(x.order_index));
            set("client_order_index", std::to_string(x.client_order_index));
          } else if constexpr (std::is_same_v<T, journal_ack>) {
            set("kind", "ack");
            set("market_index", std::to_string(x.market_index));
            set("order_index", std::to_string(x.order_index));
            set("client_order_index", std::to_string(x.client_order_index));
          } else if constexpr (std::is_same_v<T, journal_reject>) {
            set("kind", "reject");
            set("market_index", std::to_string(x.market_index));
            set("client_order_index", std::to_string(x.client_order_index));
            set("code", std::to_string(x.code));
            set("reason", x.reason);
          } else if constexpr (std::is_same_v<T, journal_reset>) {
            set("kind", "reset");
            set("market_index", std::to_string(x.market_index));
            set("reset_seq", std::to_string(x.reset_seq));
            set("centre", price(m, x.centre.value));
            set("spacing_pct", scaled_to_string(x.spacing_ppm, 4));
            set("bid_levels", std::to_string(x.bid_levels));
            set("ask_levels", std::to_string(x.ask_levels));
            set("source", x.source);
            set("guard_fallback", x.guard_fallback ? "1" : "0");
            set("why", x.why);
          } else if constexpr (std::is_same_v<T, journal_pnl>) {
            set("kind", "pnl");
            set("market_index", std::to_string(x.market_index));
            set("position", size(m, x.position.value));
            set("realised", quote(m, x.realised.value));
            set("unrealised", quote(m, x.unrealised.value));
            set("fees", quote(m, x.fees.value));
            set("volume", quote(m, x.volume.value));
          } else if constexpr (std::is_same_v<T, journal_config>) {
            set("kind", "config");
            set("key", x.key);
            set("old_value", x.old_value);
            set("new_value", x.new_value);
          } else if constexpr (std::is_same_v<T, journal_book>) {
            set("kind", "book");
            set("market_index", std::to_string(x.market_index));
            set("bid", price(m, x.bid.value));
            set("ask", price(m, x.ask.value));
            set("at_ms", std::to_string(x.at_ms));
          } else if constexpr (std::is_same_v<T, journal_scale>) {
            set("kind", "scale");
            set("market_index", std::to_string(x.market_index));
            set("price_decimals", std::to_string(x.price_decimals));
            set("size_decimals", std::to_string(x.size_decimals));
          }
        },
        r.entry);
    for (std::size_t i = 0; i < n; ++i)
      out += (i ? "," : "") + csv_field(f[i]);
    out += "\n";
  }
  return out;
}

std::string fills_csv(const journal_report& r) {
  std::string out = "market,ts_ms,utc,side,price,size,source";
  for (auto h : backtest::markout_horizons_ms)
    out += ",markout_" + std::to_string(h / 1000) + "s_bps";
  out += "\n";
  for (const auto& m : r.markets) {
    for (const auto& f : m.fills) {
      out += csv_field(m.result.symbol) + "," + std::to_string(f.ts_ms) + "," +
             backtest::utc_time(f.ts_ms) + "," + side_text(f.side) + "," +
             scaled_to_string(f.price.value, m.result.price_decimals,
                              m.result.price_decimals) +
             "," +
             scaled_to_string(f.size.value, m.result.size_decimals,
                              m.result.size_decimals) +
             "," + csv_field(f.source);
      for (std::size_t i = 0; i < backtest::markout_horizons; ++i)
        out += "," + fixed_bps(backtest::markout_bps(f, i));
      out += "\n";
    }
  }
  return out;
}

std::string journal_summary_text(const journal_market_report& m) {
  const auto& r = m.result;
  auto q = [&](quote_units v) {
    return scaled_to_string(v.value, r.price_decimals + r.size_decimals);
  };
  std::ostringstream o;
  auto line = [&o](const char* k, const std::string& v) {
    o << "  " << k;
    for (std::size_t n = std::char_traits<char>::length(k); n < 18; ++n)
      o << ' ';
    o << v << '\n';
  };
  o << r.symbol << " (" << r.rows << " journal entries, "
    << backtest::utc_time(r.first_ts) << " -> " << backtest::utc_time(r.end_ts)
    << " UTC)\n";
  line("fills", std::to_string(r.fills));
  line("resets", std::to_string(r.resets) + " (" +
                     std::to_string(r.counters.guard_fallbacks) +
                     " guard fallbacks)");
  line("rejects", std::to_string(m.rejects));
  line("volume", q(r.volume));
  line("fees", q(r.fees));
  line("realized pnl", q(r.realized));
  line("unrealized pnl", q(r.unrealized));
  line("net pnl", q(r.net));
  line("max drawdown", q(r.max_drawdown));
  line("final position",
       scaled_to_string(r.final_position.value, r.size_decimals));
  line("book samples", std::to_string(m.book_samples));
  if (!m.scale_known)
    o << "  (no scale entry in the journal: prices and sizes are raw ticks "
         "and lots)\n";
  o << backtest::markout_text(r.markouts, r.price_decimals + r.size_decimals);
  return o.str();
}

} // namespace trailgrid::runtime
