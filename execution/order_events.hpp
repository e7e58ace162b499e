#pragma once

// What the exchange tells us about our orders and transactions: fills and
// order events from the account stream, verdicts on sent batches, and the
// orders it lists as live. Plain values; messages/orders.hpp and
// messages/gateway.hpp give them their wire form (CAF inspect) and their
// names in messages::.

#include "lighter/codec/error_codes.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// One fill of one of our orders (account stream -> grid, executor).
struct fill {
  int32_t market_index = 0;
  int64_t order_index = 0;        ///< exchange-assigned order index
  int64_t client_order_index = 0; ///< ours; 0 when unknown
  strategy::side order_side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots size;
  strategy::qty_lots remaining; ///< size left on the order; 0: it is done
  strategy::quote_units fee;    ///< signed: negative is a rebate
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
  strategy::qty_lots position_after;
};

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

/// The reject class of the exchange's code and text (lighter's one code
/// table, lighter/codec/error_classifier.hpp).
reject_class reject_class_of(int32_t code, const std::string& message);

/// The exchange accepted one of our orders (account stream -> executor).
struct order_accepted {
  int32_t market_index = 0;
  int64_t client_order_index = 0;
  int64_t order_index = 0;
  int64_t ts_ms = 0;
};

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

/// One of our orders left the book without (fully) filling (-> executor).
struct order_cancelled {
  int32_t market_index = 0;
  int64_t client_order_index = 0;
  int64_t order_index = 0;
  strategy::qty_lots remaining; ///< unfilled size at cancel time
  int64_t ts_ms = 0;
};

/// What the sender of a batch should do about the exchange's answer
/// (mirrors lighter::error_class so it can cross hosts without the lighter
/// library).
enum class exchange_verdict : uint8_t {
  accepted,     ///< the exchange took it into its queue
  retry_later,  ///< rate limited or busy: back off, then resend
  resync_nonce, ///< invalid nonce: resync the signer, re-sign, resend
  drop_order,   ///< this order cannot be placed (post-only cross, size ...)
  already_gone, ///< cancel of an order that is not live: treat as done
  fatal,        ///< bad key, margin, market closed: stop quoting and alert
  unknown,      ///< no answer (timeout, disconnect): reconcile
};

/// The snake_case name of a verdict.
std::string to_string(exchange_verdict x);

/// What the sender does about the exchange's error class (lighter's one code
/// table, lighter/codec/error_codes.hpp): ok -> accepted; retry_later and
/// reauth -> retry_later; resync_nonce; drop_order and resync_state ->
/// drop_order; already_gone; fatal; a duplicate client index, not_found and
/// unknown (no answer, or a code we cannot place) -> unknown, so the
/// executor reads the live orders.
exchange_verdict verdict_of(lighter::error_class c);

/// The exchange's answer to one batch (gateway -> executor).
struct batch_reply {
  uint64_t batch_id = 0;
  exchange_verdict verdict = exchange_verdict::unknown;
  int32_t code = 0;    ///< the exchange's code (200 when accepted)
  std::string message; ///< the exchange's text, for logs
  std::vector<std::string> tx_hashes; ///< in order, when accepted
  int64_t trigger_ns = 0;             ///< echoed from the request
  int64_t written_ns = 0; ///< monotonic ns when the frame was written
};

/// One order the exchange reports as live (reconciliation).
struct live_order {
  int32_t market_index = 0;
  int64_t order_index = 0;        ///< exchange-assigned
  int64_t client_order_index = 0; ///< 0 when the order has none
  bool is_ask = false;
  strategy::price_ticks price;
  strategy::qty_lots remaining;
};

} // namespace trailgrid::execution
