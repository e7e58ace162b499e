#pragma once

// Between a market's grid and its executor: the desired grid, and what the
// executor did with it. Plain values; messages/orders.hpp gives them their
// wire form (CAF inspect) and their names in messages::.

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// One resting order of a desired grid.
struct grid_level {
  strategy::side level_side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots size;
};

/// The complete set of orders a market should have from now on (grid ->
/// executor). The executor cancels what is live and places these.
struct replace_grid {
  int32_t market_index = 0;
  uint64_t reset_seq = 0; ///< increasing per market; stale ones are dropped
  strategy::price_ticks centre;
  int64_t spacing_ppm = 0;
  std::vector<grid_level> levels; ///< empty: cancel everything, quote nothing
  std::string why;                ///< e.g. "fill", "trail", "breaker"
  int64_t ts_ms = 0;
  /// Monotonic ns when the event behind this grid arrived (fill::recv_ns for
  /// a fill-triggered reset); 0 when unknown. The executor passes it on with
  /// the batch to measure fill-to-wire latency.
  int64_t trigger_ns = 0;
  /// The centre source actually used ("filled_price", "market_mid", ...;
  /// market_mid after a fallback), for the journal and its reports.
  std::string source;
  /// The sanity guard centred this grid on the market mid.
  bool guard_fallback = false;
};

/// The executor finished applying replace_grid `reset_seq`: every cancel and
/// create was sent and answered, successfully or not (executor -> grid). The
/// grid sends no other replace_grid while one is unfinished.
struct reset_done {
  int32_t market_index = 0;
  uint64_t reset_seq = 0;
  int32_t orders_placed = 0; ///< creates the exchange accepted
  int32_t orders_failed = 0; ///< creates refused or not sent
  int64_t ts_ms = 0;
};

/// What the executor found and did when it reconciled with the exchange
/// (executor -> market_supervisor, reply to reconcile_atom).
struct reconciled {
  int32_t market_index = 0;
  int32_t orphans_cancelled = 0; ///< live orders it did not know about
  int32_t live_orders = 0;       ///< orders it tracks afterwards
};

} // namespace trailgrid::execution
