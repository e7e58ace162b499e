#pragma once

#include <string>

namespace trailgrid::lighter {

/// Transaction type ids the bot sends (protocol notes 4.1).
namespace tx_type_id {
constexpr int create_order = 14;
constexpr int cancel_order = 15;
constexpr int cancel_all_orders = 16;
constexpr int modify_order = 17;
constexpr int create_grouped_orders = 28;
} // namespace tx_type_id

/// A signed transaction ready to send: its type id and its tx_info JSON
/// object text exactly as the signer produced it (compact, PascalCase keys).
/// (Not named signed_tx: lighter/tx/signer.hpp owns that name in this
/// namespace, and two different classes of one name break the ODR in any
/// program linking both libraries.)
struct wire_tx {
  int tx_type = 0;
  std::string tx_info;
};

} // namespace trailgrid::lighter
