#include "runtime/node_reconcile.hpp"

#include "runtime/journal_actor.hpp"

#include "execution/account_ledger.hpp"
#include "lighter/net/unix_time.hpp"
#include "strategy/decimal.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>

namespace trailgrid::runtime {

namespace {

using namespace std::chrono_literals;

// What the journal at `path` holds of the account's fills: since when it
// has been written (its first record) and the key of every fill in it.
messages::fills_since booked_in_journal(const std::string& path) {
  messages::fills_since out;
  bool first = true;
  auto scan = replay_journal(path, [&](const journal_record& r) {
    if (first) out.since_ms = r.ts_ms;
    first = false;
    if (auto f = std::get_if<journal_fill>(&r.entry))
      out.booked_keys.push_back(
          execution::fill_key(f->trade_id, f->side == strategy::side::ask));
  });
  if (!scan || first) out.since_ms = -1; // nothing written yet
  return out;
}

} // namespace

void book_missing_fills(caf::scoped_actor& self,
                        const messages::gateway_actor& gateway,
                        const std::string& journal_path,
                        journal_writer& journal, session_ledger& ledger,
                        const std::vector<lighter::market_info>& markets) {
  auto q = booked_in_journal(journal_path);
  if (q.since_ms < 0) return;
  std::vector<messages::fill> missing;
  std::string error;
  self->request(gateway, 20s, std::move(q))
      .receive([&](std::vector<messages::fill>& f) { missing = std::move(f); },
               [&](caf::error& e) { error = self->system().render(e); });
  if (!error.empty()) {
    spdlog::warn("could not read the account's trades ({}); fills "
                 "made while no bot ran are not in the journal",
                 error);
    return;
  }
  for (auto& f : missing) {
    std::string symbol = std::to_string(f.market_index);
    for (auto& m : markets)
      if (m.market_id == f.market_index) symbol = m.symbol;
    if (auto r =
            journal.append(journal_fill_of(f, symbol), lighter::net::unix_ms());
        !r)
      spdlog::error("journal: {}", r.error());
    ledger.on_fill(symbol, f.order_side, f.price, f.size, f.is_maker);
  }
  if (!missing.empty())
    spdlog::warn("{} fills made while no bot ran booked from the "
                 "exchange",
                 missing.size());
}

void reconcile_positions(caf::scoped_actor& self,
                         const messages::gateway_actor& gateway,
                         const std::vector<market_setup>& markets,
                         session_ledger& ledger) {
  std::optional<messages::account_snapshot> account;
  std::string error;
  self->request(gateway, 20s, messages::account_atom::value)
      .receive([&](messages::account_snapshot& a) { account = std::move(a); },
               [&](caf::error& e) { error = self->system().render(e); });
  if (!account) {
    spdlog::warn("could not read the account ({}); positions come "
                 "from the journal",
                 error);
    return;
  }
  for (auto& m : markets) {
    strategy::qty_lots pos{0};
    strategy::price_ticks entry{0};
    for (auto& p : account->positions)
      if (p.market_index == m.info.market_id) {
        pos = p.position;
        entry = p.avg_entry;
      }
    auto booked = ledger.get(m.symbol);
    auto mine = booked ? booked->pnl.position() : strategy::qty_lots{0};
    if (mine == pos) {
      spdlog::info("{}: position {} (journal and exchange agree)", m.symbol,
                   strategy::format_qty(pos, m.spec));
      continue;
    }
    spdlog::warn("{}: the journal says position {}, the exchange {}: using "
                 "the exchange's",
                 m.symbol, strategy::format_qty(mine, m.spec),
                 strategy::format_qty(pos, m.spec));
    auto abs = pos.value < 0 ? -pos.value : pos.value;
    ledger.set_position(m.symbol, pos,
                        strategy::notional(entry, strategy::qty_lots{abs}));
  }
}

} // namespace trailgrid::runtime
