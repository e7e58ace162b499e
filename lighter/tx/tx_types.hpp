#pragma once

// The Lighter L2 transactions a market maker signs: CreateOrder (14),
// CancelOrder (15), CancelAllOrders (16) and ModifyOrder (17), with their
// optional L2TxAttributes. Field names and widths follow lighter-go
// (types/txtypes) so that tx_info JSON and hashes match byte for byte.

#include "lighter/codec/tx_type.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <variant>

namespace trailgrid::lighter {

/// Attribute type ids of L2TxAttributes.
namespace attribute {
inline constexpr uint8_t integrator_account_index = 1;
inline constexpr uint8_t integrator_taker_fee = 2;
inline constexpr uint8_t integrator_maker_fee = 3;
inline constexpr uint8_t skip_nonce = 4;
inline constexpr uint8_t cancel_all_market_index = 5;
inline constexpr uint8_t self_trade_behavior = 6;
inline constexpr uint8_t self_trade_equality = 7;
} // namespace attribute

/// L2TxAttributes: type -> value as given (entries equal to their type's
/// nil value are kept for the JSON but ignored by the hash).
using tx_attributes = std::map<uint8_t, int64_t>;

/// CreateOrder (type 14).
struct create_order_tx {
  int64_t account_index = 0;
  uint8_t api_key_index = 0;
  int16_t market_index = 0;
  int64_t client_order_index = 0;
  int64_t base_amount = 0;
  uint32_t price = 0;
  uint8_t is_ask = 0;
  uint8_t type = 0;
  uint8_t time_in_force = 0;
  uint8_t reduce_only = 0;
  uint32_t trigger_price = 0;
  int64_t order_expiry = 0;
  int64_t expired_at = 0;
  int64_t nonce = 0;
  tx_attributes attributes;

  /// Calls f(JSON key, field) for s (const or not) in tx_info order.
  template <class Self, class F>
  static void visit_fields(Self& s, F&& f) {
    f("AccountIndex", s.account_index);
    f("ApiKeyIndex", s.api_key_index);
    f("MarketIndex", s.market_index);
    f("ClientOrderIndex", s.client_order_index);
    f("BaseAmount", s.base_amount);
    f("Price", s.price);
    f("IsAsk", s.is_ask);
    f("Type", s.type);
    f("TimeInForce", s.time_in_force);
    f("ReduceOnly", s.reduce_only);
    f("TriggerPrice", s.trigger_price);
    f("OrderExpiry", s.order_expiry);
    f("ExpiredAt", s.expired_at);
    f("Nonce", s.nonce);
  }
};

/// CancelOrder (type 15); Index is a client order index (< 2^48) or an
/// exchange order index (>= 2^48).
struct cancel_order_tx {
  int64_t account_index = 0;
  uint8_t api_key_index = 0;
  int16_t market_index = 0;
  int64_t index = 0;
  int64_t expired_at = 0;
  int64_t nonce = 0;
  tx_attributes attributes;

  /// Calls f(JSON key, field) for s (const or not) in tx_info order.
  template <class Self, class F>
  static void visit_fields(Self& s, F&& f) {
    f("AccountIndex", s.account_index);
    f("ApiKeyIndex", s.api_key_index);
    f("MarketIndex", s.market_index);
    f("Index", s.index);
    f("ExpiredAt", s.expired_at);
    f("Nonce", s.nonce);
  }
};

/// CancelAllOrders (type 16): TimeInForce 0 immediate, 1 scheduled (Time =
/// unix ms), 2 abort scheduled.
struct cancel_all_orders_tx {
  int64_t account_index = 0;
  uint8_t api_key_index = 0;
  uint8_t time_in_force = 0;
  int64_t time = 0;
  int64_t expired_at = 0;
  int64_t nonce = 0;
  tx_attributes attributes;

  /// Calls f(JSON key, field) for s (const or not) in tx_info order.
  template <class Self, class F>
  static void visit_fields(Self& s, F&& f) {
    f("AccountIndex", s.account_index);
    f("ApiKeyIndex", s.api_key_index);
    f("TimeInForce", s.time_in_force);
    f("Time", s.time);
    f("ExpiredAt", s.expired_at);
    f("Nonce", s.nonce);
  }
};

/// ModifyOrder (type 17), as in lighter-go 17f2d60 (no order_version).
struct modify_order_tx {
  int64_t account_index = 0;
  uint8_t api_key_index = 0;
  int16_t market_index = 0;
  int64_t index = 0;
  int64_t base_amount = 0;
  uint32_t price = 0;
  uint32_t trigger_price = 0;
  int64_t expired_at = 0;
  int64_t nonce = 0;
  tx_attributes attributes;

  /// Calls f(JSON key, field) for s (const or not) in tx_info order.
  template <class Self, class F>
  static void visit_fields(Self& s, F&& f) {
    f("AccountIndex", s.account_index);
    f("ApiKeyIndex", s.api_key_index);
    f("MarketIndex", s.market_index);
    f("Index", s.index);
    f("BaseAmount", s.base_amount);
    f("Price", s.price);
    f("TriggerPrice", s.trigger_price);
    f("ExpiredAt", s.expired_at);
    f("Nonce", s.nonce);
  }
};

/// Any of the supported transactions.
using any_tx = std::variant<create_order_tx, cancel_order_tx,
                            cancel_all_orders_tx, modify_order_tx>;

/// The type id of a transaction.
tx_type type_of(const any_tx& tx);

/// Maps a wire type id to tx_type; false for unsupported ids.
bool to_tx_type(int64_t id, tx_type& out);

/// An empty transaction of the given type.
any_tx make_tx(tx_type t);

/// The transaction's attributes.
const tx_attributes& attributes_of(const any_tx& tx);

} // namespace trailgrid::lighter
