#pragma once

// Orders of one market: fills, exchange order events, and the desired grid.
// The values themselves are the execution path's (execution/order_events.hpp,
// execution/grid_orders.hpp); here they get their wire form (inspect, in
// execution:: for ADL) and their names in messages::.

#include "execution/grid_orders.hpp"
#include "execution/order_events.hpp"
#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// Serializes a fill.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fill& x) {
  return f(caf::meta::type_name("fill"), x.market_index, x.order_index,
           x.client_order_index, x.order_side, x.price, x.size, x.remaining,
           x.fee, x.is_maker, x.trade_id, x.ts_ms, x.recv_ns, x.fee_reported,
           x.position_known, x.position_after);
}

/// Serializes an order_accepted.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_accepted& x) {
  return f(caf::meta::type_name("order_accepted"), x.market_index,
           x.client_order_index, x.order_index, x.ts_ms);
}

/// Serializes an order_rejected.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_rejected& x) {
  return f(caf::meta::type_name("order_rejected"), x.market_index,
           x.client_order_index, x.nonce, x.why, x.code, x.message, x.ts_ms);
}

/// Serializes an order_cancelled.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_cancelled& x) {
  return f(caf::meta::type_name("order_cancelled"), x.market_index,
           x.client_order_index, x.order_index, x.remaining, x.ts_ms);
}

/// Serializes a grid_level.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, grid_level& x) {
  return f(caf::meta::type_name("grid_level"), x.level_side, x.price, x.size);
}

/// Serializes a replace_grid.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, replace_grid& x) {
  return f(caf::meta::type_name("replace_grid"), x.market_index, x.reset_seq,
           x.centre, x.spacing_ppm, x.levels, x.why, x.ts_ms, x.trigger_ns,
           x.source, x.guard_fallback);
}

/// Serializes a reset_done.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reset_done& x) {
  return f(caf::meta::type_name("reset_done"), x.market_index, x.reset_seq,
           x.orders_placed, x.orders_failed, x.ts_ms);
}

/// Serializes a reconciled.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reconciled& x) {
  return f(caf::meta::type_name("reconciled"), x.market_index,
           x.orphans_cancelled, x.live_orders);
}

} // namespace trailgrid::execution

namespace trailgrid::messages {

using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;
/// Which side of the book an order or fill is on: the strategy's own type,
/// so actors convert nothing (one side type in the whole code base).
using strategy::side;
using strategy::to_string;

using execution::fill;
using execution::grid_level;
using execution::order_accepted;
using execution::order_cancelled;
using execution::order_rejected;
using execution::reconciled;
using execution::reject_class;
using execution::replace_grid;
using execution::reset_done;
using execution::to_string;

/// Cancel every live order of the market and place nothing until the next
/// replace_grid (grid -> executor: volatility breaker, halt, pause, drain).
/// No reset_done follows.
struct cancel_grid {
  int32_t market_index = 0;
  std::string why; ///< "breaker", "halt", ...
  int64_t ts_ms = 0;
};

/// Serializes a cancel_grid.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, cancel_grid& x) {
  return f(caf::meta::type_name("cancel_grid"), x.market_index, x.why, x.ts_ms);
}

/// The grid stopped quoting until an operator resumes (halted = true), or
/// quotes again (halted = false) (grid -> executor, for its status and
/// journal; the orders themselves follow as cancel_grid / replace_grid).
struct halt_notice {
  int32_t market_index = 0;
  bool halted = true;
  std::string why; ///< "drawdown", "operator_request"; "" on resume
  int64_t ts_ms = 0;
};

/// Serializes a halt_notice.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, halt_notice& x) {
  return f(caf::meta::type_name("halt_notice"), x.market_index, x.halted, x.why,
           x.ts_ms);
}

} // namespace trailgrid::messages
