#include "runtime/session_ledger.hpp"

#include "runtime/journal.hpp"

#include <variant>
#include <vector>

namespace trailgrid::runtime {

void session_ledger::add_market(const std::string& symbol,
                                const strategy::fee_params& fees) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (markets_.count(symbol) == 0) {
    market_session m;
    m.pnl = strategy::pnl_tracker{fees};
    markets_.emplace(symbol, std::move(m));
  }
}

void session_ledger::on_fill(const std::string& symbol, strategy::side side,
                             strategy::price_ticks price,
                             strategy::qty_lots size, bool maker,
                             std::optional<strategy::quote_units> fee) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = markets_.find(symbol);
  if (i == markets_.end()) return;
  i->second.pnl.on_fill(side, price, size, maker, fee);
  ++i->second.fills;
}

void session_ledger::on_risk(const journal_risk& r) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = markets_.find(r.market);
  if (i == markets_.end()) return;
  strategy::risk_state s;
  s.halted = r.halted;
  if (auto why = strategy::parse_halt_reason(r.why)) s.why = *why;
  s.peak = r.peak;
  s.breaker_tripped = r.breaker_tripped;
  i->second.risk = s;
}

void session_ledger::on_reset(const std::string& symbol) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (auto i = markets_.find(symbol); i != markets_.end()) ++i->second.resets;
}

void session_ledger::on_reject(const std::string& symbol) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (auto i = markets_.find(symbol); i != markets_.end()) ++i->second.rejects;
}

void session_ledger::set_position(const std::string& symbol,
                                  strategy::qty_lots position,
                                  strategy::quote_units cost_basis) {
  std::lock_guard<std::mutex> guard{mutex_};
  if (auto i = markets_.find(symbol); i != markets_.end())
    i->second.pnl.set_position(position, cost_basis);
}

std::optional<market_session>
session_ledger::get(const std::string& symbol) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = markets_.find(symbol);
  if (i == markets_.end()) return std::nullopt;
  return i->second;
}

expected<uint64_t, std::string>
session_ledger::replay(const std::string& path) {
  // Only the entries after the last session entry count: collect first.
  std::vector<journal_record> since;
  auto scan = replay_journal(path, [&](const journal_record& r) {
    if (std::holds_alternative<journal_session>(r.entry))
      since.clear();
    else
      since.push_back(r);
  });
  if (!scan) return scan.error();
  uint64_t applied = 0;
  for (auto& r : since) {
    if (auto* f = std::get_if<journal_fill>(&r.entry)) {
      on_fill(f->market, f->side, f->price, f->size, f->is_maker,
              f->fee_reported ? std::optional{f->fee} : std::nullopt);
      ++applied;
    } else if (auto* k = std::get_if<journal_risk>(&r.entry)) {
      on_risk(*k);
      ++applied;
    } else if (auto* x = std::get_if<journal_reset>(&r.entry)) {
      on_reset(x->market);
      ++applied;
    } else if (auto* j = std::get_if<journal_reject>(&r.entry)) {
      on_reject(j->market);
      ++applied;
    }
  }
  return applied;
}

} // namespace trailgrid::runtime
