#pragma once

// Startup reconciliation of `gridbot run`: the journal and the ledger are
// brought in line with the exchange's account before anything quotes.

#include "runtime/journal.hpp"
#include "runtime/market_setup.hpp"
#include "runtime/session_ledger.hpp"

#include "lighter/codec/market.hpp"
#include "messages/interfaces.hpp"

#include "caf/fwd.hpp"

#include <string>
#include <vector>

namespace trailgrid::runtime {

/// Fills made while no bot of ours ran (or that a kill -9 cut off before
/// the journal got them) are on the exchange but not in the journal: books
/// them now, before positions are compared, so journal, ledger and
/// exchange agree.
void book_missing_fills(caf::scoped_actor& self,
                        const messages::gateway_actor& gateway,
                        const std::string& journal_path,
                        journal_writer& journal, session_ledger& ledger,
                        const std::vector<lighter::market_info>& markets);

/// The exchange's account wins over the journal: positions that differ are
/// taken from the exchange (cost basis at its average entry).
void reconcile_positions(caf::scoped_actor& self,
                         const messages::gateway_actor& gateway,
                         const std::vector<market_setup>& markets,
                         session_ledger& ledger);

} // namespace trailgrid::runtime
