#pragma once

// One unsigned transaction of ours, from the reset's plan to the signer: the
// one tx vocabulary of the execution path. messages/signing.hpp gives it its
// wire form (CAF inspect) and its name in messages::.

#include "lighter/codec/tx_type.hpp"
#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// Which transaction an intent is: the Lighter tx types the bot sends, with
/// their wire ids.
enum class tx_kind : uint8_t {
  create_order = static_cast<uint8_t>(lighter::tx_type::create_order),
  cancel_order = static_cast<uint8_t>(lighter::tx_type::cancel_order),
  cancel_all_orders = static_cast<uint8_t>(lighter::tx_type::cancel_all_orders),
};

/// The snake_case name of a tx kind.
std::string to_string(tx_kind x);

/// One unsigned transaction: every field except the nonce, the keys and the
/// signature. A flat struct; which fields matter depends on `kind`.
struct tx_intent {
  tx_kind kind = tx_kind::create_order;
  /// Market (create, cancel; cancel-all: 255 = all markets).
  int32_t market_index = 0;
  /// create: our id for the order (1 .. 2^48-1, unique among live orders).
  int64_t client_order_index = 0;
  /// cancel: client order index (< 2^48) or exchange order index (>= 2^48).
  int64_t cancel_index = 0;
  strategy::qty_lots base_amount; ///< create: size
  strategy::price_ticks price;    ///< create: limit price
  bool is_ask = false;            ///< create
  uint8_t order_type = 0;         ///< create: 0 limit
  uint8_t time_in_force = 2;      ///< create: 2 post-only; cancel-all: 0..2
  bool reduce_only = false;       ///< create
  strategy::price_ticks trigger_price; ///< create: 0 for limit orders
  int64_t order_expiry_ms = 0;    ///< create: resting order lifetime (absolute)
  int64_t cancel_all_time_ms = 0; ///< cancel-all: 0 unless scheduled
  int64_t expired_at_ms = 0;      ///< tx deadline (absolute ms)
};

/// A post-only limit order intent.
tx_intent make_create_order(int32_t market_index, int64_t client_order_index,
                            bool is_ask, strategy::price_ticks price,
                            strategy::qty_lots size, int64_t order_expiry_ms,
                            int64_t expired_at_ms);

/// A cancel intent for one order (client or exchange order index).
tx_intent make_cancel_order(int32_t market_index, int64_t index,
                            int64_t expired_at_ms);

/// An immediate cancel-all intent; market 255 means all markets.
tx_intent make_cancel_all(int32_t market_index, int64_t expired_at_ms);

/// True for a create.
inline bool is_create(const tx_intent& t) {
  return t.kind == tx_kind::create_order;
}

/// Sets the tx deadline of every intent to `expired_at_ms` and the resting
/// lifetime of every create to `order_expiry_ms` (absolute unix ms).
void stamp_times(std::vector<tx_intent>& txs, int64_t order_expiry_ms,
                 int64_t expired_at_ms);

} // namespace trailgrid::execution
