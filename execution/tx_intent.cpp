#include "execution/tx_intent.hpp"

namespace trailgrid::execution {

namespace {

// Lighter constants (lighter-protocol.md 4.2).
constexpr uint8_t order_type_limit = 0;
constexpr uint8_t tif_post_only = 2;
constexpr uint8_t cancel_all_immediate = 0;

} // namespace

std::string to_string(tx_kind x) {
  switch (x) {
  case tx_kind::create_order:
    return "create_order";
  case tx_kind::cancel_order:
    return "cancel_order";
  case tx_kind::cancel_all_orders:
    return "cancel_all_orders";
  }
  return "tx_kind(?)";
}

tx_intent make_create_order(int32_t market_index, int64_t client_order_index,
                            bool is_ask, strategy::price_ticks price,
                            strategy::qty_lots size, int64_t order_expiry_ms,
                            int64_t expired_at_ms) {
  tx_intent x;
  x.kind = tx_kind::create_order;
  x.market_index = market_index;
  x.client_order_index = client_order_index;
  x.is_ask = is_ask;
  x.price = price;
  x.base_amount = size;
  x.order_type = order_type_limit;
  x.time_in_force = tif_post_only;
  x.order_expiry_ms = order_expiry_ms;
  x.expired_at_ms = expired_at_ms;
  return x;
}

tx_intent make_cancel_order(int32_t market_index, int64_t index,
                            int64_t expired_at_ms) {
  tx_intent x;
  x.kind = tx_kind::cancel_order;
  x.market_index = market_index;
  x.cancel_index = index;
  x.expired_at_ms = expired_at_ms;
  return x;
}

tx_intent make_cancel_all(int32_t market_index, int64_t expired_at_ms) {
  tx_intent x;
  x.kind = tx_kind::cancel_all_orders;
  x.market_index = market_index;
  x.time_in_force = cancel_all_immediate;
  x.expired_at_ms = expired_at_ms;
  return x;
}

void stamp_times(std::vector<tx_intent>& txs, int64_t order_expiry_ms,
                 int64_t expired_at_ms) {
  for (auto& t : txs) {
    t.expired_at_ms = expired_at_ms;
    if (is_create(t)) t.order_expiry_ms = order_expiry_ms;
  }
}

} // namespace trailgrid::execution
