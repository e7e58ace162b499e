#pragma once

#include "lighter/client/fwd.hpp"
#include "runtime/config.hpp"
#include "runtime/market_setup.hpp"
#include "runtime/session_ledger.hpp"

#include "multi_market/market_plan.hpp"

#include <memory>
#include <string>

namespace trailgrid::runtime {

/// What every market of a `gridbot run` node shares.
struct node_context {
  lighter::net::io_runner* runner = nullptr; ///< required
  /// The account's REST budget every market's feed spends (optional).
  std::shared_ptr<lighter::rest_gate> rest_gate;
  exchange_config exchange;
  /// Gets copies of fills, resets and rejects (optional).
  messages::journal_actor journal;
  /// Sessions to continue when a grid (re)starts (optional).
  std::shared_ptr<session_ledger> ledger;
  /// 1-minute candles fetched for the ATR warm-up (0 = none).
  bool warm_up_atr = true;
};

/// The plan of one market with the real children: feed (live market
/// data), atr (Wilder ATR over trade bars, warmed up by the feed's
/// candles), grid (grid_strategy; continues the ledger's session) and
/// executor (batches through the node's signer and gateway).
multi_market::market_plan make_market_plan(const market_setup& m,
                                           const node_context& ctx);

} // namespace trailgrid::runtime
