#pragma once

// Orders of one market: fills, exchange order events, and the desired grid.

#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::messages {

using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;
/// Which side of the book an order or fill is on: the strategy's own type,
/// so actors convert nothing (one side type in the whole code base).
using strategy::side;
using strategy::to_string;

/// One fill of one of our orders (account stream -> grid, executor).
struct fill {
  int32_t market_index = 0;
  int64_t order_index = 0;        ///< exchange-assigned order index
  int64_t client_order_index = 0; ///< ours; 0 when unknown
  side order_side = side::bid;
  price_ticks price;
  qty_lots size;
  qty_lots remaining; ///< size left on the order; 0: it is done (not live)
  quote_units fee;    ///< signed: negative is a rebate
  bool is_maker = true;
  int64_t trade_id = 0;
  int64_t ts_ms = 0;
  /// Monotonic ns when the gateway received the frame carrying this fill;
  /// 0 when unknown. The grid copies it into replace_grid::trigger_ns.
  int64_t recv_ns = 0;
  /// `fee` is what the exchange charged (its fill report carried a rate);
  /// false: the grid charges the configured fee instead (paper, older
  /// servers).
  bool fee_reported = false;
  /// The exchange's position of the market right after this fill (its
  /// "position before" plus the fill), when the report carried it.
  bool position_known = false;
  qty_lots position_after;
};

/// Serializes a fill.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fill& x) {
  return f(caf::meta::type_name("fill"), x.market_index, x.order_index,
           x.client_order_index, x.order_side, x.price, x.size, x.remaining,
           x.fee, x.is_maker, x.trade_id, x.ts_ms, x.recv_ns, x.fee_reported,
           x.position_known, x.position_after);
}

/// Why the exchange refused a transaction, grouped by what we do about it.
enum class reject_class : uint8_t {
  invalid_nonce,       ///< nonce out of sequence: resync the signer (21104)
  post_only_cross,     ///< a post-only order would have crossed: re-quote
  insufficient_margin, ///< not enough free collateral
  invalid_amount,      ///< size/notional below minimum or malformed (21706)
  rate_limited,        ///< too many transactions: back off
  expired,             ///< the tx deadline (ExpiredAt) passed
  other,               ///< anything else; see code and message
};

/// The snake_case name of a reject class.
std::string to_string(reject_class x);

/// The exchange accepted one of our orders (account stream -> executor).
struct order_accepted {
  int32_t market_index = 0;
  int64_t client_order_index = 0;
  int64_t order_index = 0;
  int64_t ts_ms = 0;
};

/// Serializes an order_accepted.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_accepted& x) {
  return f(caf::meta::type_name("order_accepted"), x.market_index,
           x.client_order_index, x.order_index, x.ts_ms);
}

/// The exchange refused one of our transactions (WS reply -> executor).
struct order_rejected {
  int32_t market_index = 0;
  int64_t client_order_index = 0; ///< 0 for a cancel or cancel-all
  int64_t nonce = 0;              ///< nonce of the refused tx
  reject_class why = reject_class::other;
  int32_t code = 0;    ///< exchange error code, e.g. 21104
  std::string message; ///< exchange error text as received
  int64_t ts_ms = 0;
};

/// Serializes an order_rejected.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_rejected& x) {
  return f(caf::meta::type_name("order_rejected"), x.market_index,
           x.client_order_index, x.nonce, x.why, x.code, x.message, x.ts_ms);
}

/// One of our orders left the book without (fully) filling (-> executor).
struct order_cancelled {
  int32_t market_index = 0;
  int64_t client_order_index = 0;
  int64_t order_index = 0;
  qty_lots remaining; ///< unfilled size at cancel time
  int64_t ts_ms = 0;
};

/// Serializes an order_cancelled.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, order_cancelled& x) {
  return f(caf::meta::type_name("order_cancelled"), x.market_index,
           x.client_order_index, x.order_index, x.remaining, x.ts_ms);
}

/// One resting order of a desired grid.
struct grid_level {
  side level_side = side::bid;
  price_ticks price;
  qty_lots size;
};

/// Serializes a grid_level.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, grid_level& x) {
  return f(caf::meta::type_name("grid_level"), x.level_side, x.price, x.size);
}

/// The complete set of orders a market should have from now on (grid ->
/// executor). The executor cancels what is live and places these.
struct replace_grid {
  int32_t market_index = 0;
  uint64_t reset_seq = 0; ///< increasing per market; stale ones are dropped
  price_ticks centre;
  int64_t spacing_ppm = 0;
  std::vector<grid_level> levels; ///< empty: cancel everything, quote nothing
  std::string why;                ///< e.g. "fill", "trail", "breaker"
  int64_t ts_ms = 0;
  /// Monotonic ns when the event behind this grid arrived (fill::recv_ns for
  /// a fill-triggered reset); 0 when unknown. The executor passes it on in
  /// send_batch to measure fill-to-wire latency.
  int64_t trigger_ns = 0;
  /// The centre source actually used ("filled_price", "market_mid", ...;
  /// market_mid after a fallback), for the journal and its reports.
  std::string source;
  /// The sanity guard centred this grid on the market mid.
  bool guard_fallback = false;
};

/// Serializes a replace_grid.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, replace_grid& x) {
  return f(caf::meta::type_name("replace_grid"), x.market_index, x.reset_seq,
           x.centre, x.spacing_ppm, x.levels, x.why, x.ts_ms, x.trigger_ns,
           x.source, x.guard_fallback);
}

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

/// Serializes a reset_done.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reset_done& x) {
  return f(caf::meta::type_name("reset_done"), x.market_index, x.reset_seq,
           x.orders_placed, x.orders_failed, x.ts_ms);
}

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

/// What the executor found and did when it reconciled with the exchange
/// (executor -> market_supervisor, reply to reconcile_atom).
struct reconciled {
  int32_t market_index = 0;
  int32_t orphans_cancelled = 0; ///< live orders it did not know about
  int32_t live_orders = 0;       ///< orders it tracks afterwards
};

/// Serializes a reconciled.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reconciled& x) {
  return f(caf::meta::type_name("reconciled"), x.market_index,
           x.orphans_cancelled, x.live_orders);
}

} // namespace trailgrid::messages
