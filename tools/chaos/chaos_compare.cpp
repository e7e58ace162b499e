#include "tools/chaos/chaos_compare.hpp"

#include "strategy/decimal.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace trailgrid::chaos {

namespace {

constexpr int invalid_nonce_code = 21104;
/// Trade ids listed in one difference line at most.
constexpr size_t ids_shown = 8;

std::string lots(int64_t v, int decimals) {
  return strategy::format_scaled(v, decimals);
}

std::string id_list(const std::vector<int64_t>& ids) {
  std::ostringstream out;
  for (size_t i = 0; i < ids.size() && i < ids_shown; ++i)
    out << (i ? "," : "") << ids[i];
  if (ids.size() > ids_shown) out << ",... (" << ids.size() << ")";
  return out.str();
}

// Trade ids (with multiplicity) of one side missing from the other.
std::vector<int64_t> missing_from(const std::multiset<int64_t>& have,
                                  std::multiset<int64_t> other) {
  std::vector<int64_t> out;
  for (int64_t id : have) {
    auto it = other.find(id);
    if (it == other.end())
      out.push_back(id);
    else
      other.erase(it);
  }
  return out;
}

void compare_market(const market_info& m, const exchange_view& ex,
                    const bot_view& bot, report& r) {
  market_figures f;
  f.symbol = m.symbol;
  f.market_id = m.market_id;
  f.size_decimals = m.size_decimals;
  std::multiset<int64_t> ex_ids, bot_ids;
  for (const auto& x : ex.fills)
    if (x.market_id == m.market_id) {
      ++f.exchange_fills;
      ex_ids.insert(x.trade_id);
    }
  auto pos = ex.positions.find(m.market_id);
  f.exchange_position = pos == ex.positions.end() ? 0 : pos->second;
  auto jf = bot.journal_fills.find(m.symbol);
  if (jf != bot.journal_fills.end())
    for (const auto& x : jf->second) {
      ++f.journal_fills;
      f.journal_position += x.signed_size;
      if (x.trade_id != 0) bot_ids.insert(x.trade_id);
    }
  const summary_market* sm = nullptr;
  if (bot.summary)
    for (const auto& s : *bot.summary)
      if (s.symbol == m.symbol) sm = &s;
  if (sm) {
    if (!bot.summary_is_last_process_only) f.summary_fills = sm->fills;
    f.summary_position = strategy::parse_scaled(sm->position, m.size_decimals);
  }
  for (const auto& o : ex.resting)
    if (o.market_id == m.market_id) ++f.resting;

  // A market the bot never traded nor quoted is not ours to judge.
  const bool involved = sm || f.exchange_fills > 0 || f.journal_fills > 0 ||
                        f.exchange_position != 0 || f.resting > 0;
  if (!involved) return;
  auto diff = [&](const std::string& what) {
    r.differences.push_back(m.symbol + ": " + what);
  };
  if (f.journal_fills != f.exchange_fills)
    diff("fills journal=" + std::to_string(f.journal_fills) +
         " exchange=" + std::to_string(f.exchange_fills));
  if (f.summary_fills && *f.summary_fills != f.exchange_fills)
    diff("fills summary=" + std::to_string(*f.summary_fills) +
         " exchange=" + std::to_string(f.exchange_fills));
  if (!bot_ids.empty() || f.journal_fills == 0) {
    auto lost = missing_from(ex_ids, bot_ids);
    auto extra = missing_from(bot_ids, ex_ids);
    if (!lost.empty())
      diff(std::to_string(lost.size()) +
           " exchange trade ids not in the journal: " + id_list(lost));
    if (!extra.empty())
      diff(std::to_string(extra.size()) +
           " journal trade ids the exchange does not have (or has fewer "
           "times): " +
           id_list(extra));
  }
  if (f.journal_position != f.exchange_position)
    diff("position journal=" + lots(f.journal_position, m.size_decimals) +
         " exchange=" + lots(f.exchange_position, m.size_decimals));
  if (sm && !f.summary_position)
    diff("summary position '" + sm->position + "' is not a decimal with " +
         std::to_string(m.size_decimals) + " decimals");
  if (f.summary_position && *f.summary_position != f.exchange_position)
    diff("position summary=" + lots(*f.summary_position, m.size_decimals) +
         " exchange=" + lots(f.exchange_position, m.size_decimals));
  r.markets.push_back(f);
}

} // namespace

report compare(const exchange_view& ex, const bot_view& bot) {
  report r;
  if (bot.exit_code != 0)
    r.differences.push_back("gridbot exit code " +
                            std::to_string(bot.exit_code) + " (want 0)");
  if (!bot.summary)
    r.differences.push_back("no run summary (--summary-json) to compare");
  for (const auto& m : ex.markets)
    compare_market(m, ex, bot, r);
  if (bot.summary)
    for (const auto& s : *bot.summary) {
      bool known = false;
      for (const auto& m : ex.markets)
        known |= m.symbol == s.symbol;
      if (!known)
        r.differences.push_back(s.symbol +
                                ": in the summary but not on the exchange");
    }
  for (const auto& o : ex.resting) {
    std::string symbol = std::to_string(o.market_id);
    for (const auto& m : ex.markets)
      if (m.market_id == o.market_id) symbol = m.symbol;
    r.differences.push_back(
        symbol + ": order " + std::to_string(o.order_index) + " (client " +
        std::to_string(o.client_order_index) + ", " +
        (o.is_ask ? "ask" : "bid") + " at " + std::to_string(o.price) +
        " ticks, " + std::to_string(o.remaining) +
        " lots) still rests on the exchange");
  }
  r.resting = static_cast<int64_t>(ex.resting.size());

  std::map<std::pair<int, int64_t>, int64_t> uses;
  for (const auto& n : ex.accepted_nonces)
    ++uses[n];
  for (const auto& [n, count] : uses)
    if (count > 1) {
      ++r.nonces_accepted_twice;
      r.differences.push_back("nonce " + std::to_string(n.second) +
                              " of api key " + std::to_string(n.first) +
                              " accepted " + std::to_string(count) + " times");
    }
  r.accepted_txs = static_cast<int64_t>(ex.accepted_nonces.size());
  auto ne = ex.rejects_by_code.find(invalid_nonce_code);
  r.nonce_errors = ne == ex.rejects_by_code.end() ? 0 : ne->second;
  r.injected_desyncs = ex.injected_desyncs;
  if (r.nonce_errors > r.injected_desyncs)
    r.differences.push_back(
        "invalid-nonce rejections (21104) " + std::to_string(r.nonce_errors) +
        " > injected nonce desyncs " + std::to_string(r.injected_desyncs));
  return r;
}

std::string figures_table(const report& r, const exchange_view& ex) {
  std::ostringstream out;
  auto cell = [&](const std::string& s, size_t w) {
    out << s << std::string(s.size() < w ? w - s.size() : 1, ' ');
  };
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? std::to_string(*v) : std::string("-");
  };
  for (const char* h : {"market", "fills:exch", "journal", "summary",
                        "pos:exch", "journal", "summary", "resting"})
    cell(h, 12);
  out << "\n";
  for (const auto& m : r.markets) {
    cell(m.symbol, 12);
    cell(std::to_string(m.exchange_fills), 12);
    cell(std::to_string(m.journal_fills), 12);
    cell(opt(m.summary_fills), 12);
    cell(lots(m.exchange_position, m.size_decimals), 12);
    cell(lots(m.journal_position, m.size_decimals), 12);
    cell(m.summary_position ? lots(*m.summary_position, m.size_decimals)
                            : std::string("-"),
         12);
    out << m.resting << "\n";
  }
  out << "txs accepted " << r.accepted_txs << ", nonce errors (21104) "
      << r.nonce_errors << ", injected desyncs " << r.injected_desyncs
      << ", nonces accepted twice " << r.nonces_accepted_twice
      << ", orders resting " << r.resting << "\n";
  out << "rejects by code:";
  if (ex.rejects_by_code.empty()) out << " none";
  for (const auto& [code, n] : ex.rejects_by_code)
    out << " " << code << "x" << n;
  out << "\nfaults injected:";
  bool any = false;
  for (const auto& [name, n] : ex.faults)
    if (n > 0) {
      out << " " << name << "=" << n;
      any = true;
    }
  out << (any ? "" : " none") << "\n";
  return out.str();
}

} // namespace trailgrid::chaos
