#include "runtime/run_summary.hpp"

#include "multi_market/status_figures.hpp"
#include "strategy/decimal.hpp"

#include <sstream>

namespace trailgrid::runtime {

using messages::actor_status;
using strategy::quote_units;

namespace {

std::string money(quote_units q, const strategy::market_spec& s) {
  return strategy::format_scaled(q.value, s.quote_decimals());
}

std::string milli(int64_t x) {
  return strategy::format_scaled(x, 3);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string json_number_or_null(const std::string& s) {
  return s.empty() ? "null" : s;
}

} // namespace

void summary_tracker::add_market(const std::string& symbol,
                                 const strategy::market_spec& s) {
  auto& m = markets_[symbol];
  m.spec = s;
  m.last.symbol = symbol;
  m.last.spec = s;
}

void summary_tracker::sample(const actor_status& root) {
  if (auto gw = multi_market::find_status(root, "gateway"))
    gateway_reconnects_ = gw->facts.reconnects;
  for (auto& [symbol, m] : markets_) {
    auto* grid = multi_market::find_status(root, symbol + "/grid");
    auto* exec = multi_market::find_status(root, symbol + "/executor");
    auto* feed = multi_market::find_status(root, symbol + "/feed");
    if (grid == nullptr) continue; // not running right now
    auto& g = grid->facts;
    auto& s = m.last;
    if (!m.fills0) m.fills0 = g.fills;
    if (!m.resets0) m.resets0 = g.resets;
    if (!m.coalesced0) m.coalesced0 = g.coalesced_fills;
    s.coalesced_fills = g.coalesced_fills - *m.coalesced0;
    s.fills = g.fills - *m.fills0;
    s.resets = g.resets - *m.resets0;
    s.volume = quote_units{g.volume};
    s.fees = quote_units{g.fees};
    s.realized = quote_units{g.realised_pnl};
    s.unrealized = quote_units{g.unrealised_pnl};
    s.net = s.realized + s.unrealized - s.fees;
    s.position = strategy::qty_lots{g.position};
    if (!m.peak || s.net > *m.peak) m.peak = s.net;
    if (*m.peak - s.net > m.max_drawdown) m.max_drawdown = *m.peak - s.net;
    s.max_drawdown = m.max_drawdown;
    if (exec != nullptr) {
      s.nonce_errors = exec->facts.nonce_errors;
      s.latency_p50_us = multi_market::figure_text(*exec, "latency_p50_us");
      s.latency_p99_us = multi_market::figure_text(*exec, "latency_p99_us");
      s.latency_samples = exec->facts.latency_samples;
    }
    if (feed != nullptr) s.reconnects = feed->facts.reconnects;
  }
}

run_summary summary_tracker::summary(int64_t duration_ms, bool dry_run) const {
  run_summary out;
  out.duration_ms = duration_ms;
  out.dry_run = dry_run;
  out.gateway_reconnects = gateway_reconnects_;
  for (auto& [symbol, m] : markets_) {
    auto s = m.last;
    s.resets_per_hour_milli =
        duration_ms > 0 ? s.resets * 3'600'000'000 / duration_ms : 0;
    out.markets.push_back(std::move(s));
  }
  return out;
}

std::string to_text(const run_summary& s) {
  std::ostringstream out;
  out << "summary: " << milli(s.duration_ms) << " s"
      << (s.dry_run ? " (dry run: paper trading)" : "")
      << ", gateway reconnects " << s.gateway_reconnects << "\n";
  if (!s.orders_confirmed_gone) {
    out << "  ORDERS LEFT ON THE EXCHANGE (" << s.orders_left.size() << ")"
        << (s.orders_left.empty() ? ": the exchange could not be asked" : ":")
        << "\n";
    for (auto& o : s.orders_left)
      out << "    " << o << "\n";
  }
  for (auto& m : s.markets) {
    out << "  " << m.symbol << ": fills " << m.fills << ", resets " << m.resets
        << " (" << milli(m.resets_per_hour_milli) << "/h), volume "
        << money(m.volume, m.spec) << ", fees " << money(m.fees, m.spec)
        << "\n      realized " << money(m.realized, m.spec) << ", unrealized "
        << money(m.unrealized, m.spec) << ", net " << money(m.net, m.spec)
        << ", max drawdown " << money(m.max_drawdown, m.spec)
        << "\n      position "
        << strategy::format_scaled(m.position.value, m.spec.size_decimals)
        << ", nonce errors " << m.nonce_errors << ", reconnects "
        << m.reconnects << ", fill-to-wire p50 "
        << (m.latency_p50_us.empty() ? "-" : m.latency_p50_us) << " us, p99 "
        << (m.latency_p99_us.empty() ? "-" : m.latency_p99_us) << " us ("
        << m.latency_samples << " samples)\n";
  }
  return out.str();
}

std::string to_json(const run_summary& s) {
  std::ostringstream out;
  out << "{\"duration_s\":" << milli(s.duration_ms)
      << ",\"dry_run\":" << (s.dry_run ? "true" : "false")
      << ",\"gateway_reconnects\":" << s.gateway_reconnects
      << ",\"orders_confirmed_gone\":"
      << (s.orders_confirmed_gone ? "true" : "false") << ",\"orders_left\":[";
  for (size_t i = 0; i < s.orders_left.size(); ++i)
    out << (i ? "," : "") << json_string(s.orders_left[i]);
  out << "],\"markets\":[";
  bool first = true;
  for (auto& m : s.markets) {
    out << (first ? "" : ",") << "{\"symbol\":" << json_string(m.symbol)
        << ",\"fills\":" << m.fills << ",\"resets\":" << m.resets
        << ",\"coalesced_fills\":" << m.coalesced_fills
        << ",\"resets_per_hour\":" << milli(m.resets_per_hour_milli)
        << ",\"volume_quote\":" << money(m.volume, m.spec)
        << ",\"fees_quote\":" << money(m.fees, m.spec)
        << ",\"realized_pnl\":" << money(m.realized, m.spec)
        << ",\"unrealized_pnl\":" << money(m.unrealized, m.spec)
        << ",\"net_pnl\":" << money(m.net, m.spec) << ",\"position\":"
        << strategy::format_scaled(m.position.value, m.spec.size_decimals)
        << ",\"max_drawdown\":" << money(m.max_drawdown, m.spec)
        << ",\"nonce_errors\":" << m.nonce_errors
        << ",\"reconnects\":" << m.reconnects
        << ",\"latency_p50_us\":" << json_number_or_null(m.latency_p50_us)
        << ",\"latency_p99_us\":" << json_number_or_null(m.latency_p99_us)
        << ",\"latency_samples\":" << m.latency_samples << "}";
    first = false;
  }
  out << "]}\n";
  return out.str();
}

} // namespace trailgrid::runtime
