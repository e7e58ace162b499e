#pragma once

#include "execution/grid_orders.hpp"
#include "execution/tx_intent.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// One create of a reset: a level of the desired grid and its fresh client
/// order index.
struct planned_create {
  int64_t client_order_index = 0;
  grid_level level;
};

/// The transactions of one market reset in send order, grouped into
/// batches, or why there are none.
struct reset_batches {
  std::vector<std::vector<tx_intent>> batches;
  std::optional<std::string> error;
};

/// Plans a market-scoped reset: a cancel (by client order index) of every
/// order in `cancels` (each index once), then a post-only limit create of
/// every level in `creates`, cancels first, in the fewest batches of at most
/// `max_batch` (clamped to 1..50: 15 per WebSocket frame, 50 per REST
/// sendTxBatch). Never the account-wide cancel-all: that would cancel the
/// other markets' grids too. Fails (and plans nothing) when two creates
/// share a client order index or a create has a non-positive price or size.
/// The intents carry no times yet: the executor stamps order expiry and tx
/// deadline when it sends (stamp_times), so a resend after a backoff gets
/// fresh ones.
reset_batches plan_reset_batches(int32_t market_index,
                                 const std::vector<int64_t>& cancels,
                                 const std::vector<planned_create>& creates,
                                 size_t max_batch);

} // namespace trailgrid::execution
