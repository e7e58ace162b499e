#pragma once

// The account as the exchange reports it: a market's position, the whole
// account's collateral and positions, and the free collateral one market's
// grid checks its margin against. Plain values; messages/gateway.hpp and
// messages/account.hpp give them their wire form.

#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <vector>

namespace trailgrid::execution {

/// One market's position as the exchange reports it.
struct position_report {
  int32_t market_index = 0;
  strategy::qty_lots position;     ///< signed: negative is short
  strategy::price_ticks avg_entry; ///< 0 when flat
};

/// The account as the exchange reports it (REST account or the account
/// stream). Amounts in micro-USDC (1e-6), the exchange's collateral unit.
struct account_snapshot {
  int64_t collateral_micro = 0;
  int64_t available_micro = 0;
  std::vector<position_report> positions;
  int64_t ts_ms = 0;
};

/// Free collateral of the account, available for new orders' margin
/// (account stream -> grid). The sender scales it to this market's
/// quote_units (price_decimals + size_decimals), so the grid compares it
/// with its own notionals exactly.
struct balance_update {
  int32_t market_index = 0;
  strategy::quote_units available;
  int64_t ts_ms = 0;
};

} // namespace trailgrid::execution
