#pragma once

#include <cstdint>

namespace trailgrid::lighter {

/// Transaction type ids as used on the wire (`tx_type`, protocol notes 4.1):
/// the one table of them. lighter/tx signs 14 to 17; execution::tx_kind
/// names the three the bot sends.
enum class tx_type : uint8_t {
  create_order = 14,
  cancel_order = 15,
  cancel_all_orders = 16,
  modify_order = 17,
  create_grouped_orders = 28,
};

/// The wire id of `t`.
constexpr int id_of(tx_type t) {
  return static_cast<int>(t);
}

} // namespace trailgrid::lighter
