#pragma once

#include "tools/lighter-sim/sim_types.hpp"

#include <cstdint>
#include <map>
#include <string_view>
#include <variant>

namespace trailgrid::sim {

/// Fields every L2 transaction has.
struct tx_common {
  int64_t account_index = 0;
  int api_key_index = 0;
  int64_t expired_at = 0;
  int64_t nonce = 0;
  /// L2TxAttributes: type -> value (values equal to their nil are dropped).
  std::map<int, int64_t> attributes;
};

/// CreateOrder (type 14).
struct create_order_tx {
  tx_common c;
  int market_index = 0;
  int64_t client_order_index = 0;
  int64_t base_amount = 0;
  int64_t price = 0;
  int is_ask = 0;
  int type = 0;
  int time_in_force = 0;
  int reduce_only = 0;
  int64_t trigger_price = 0;
  int64_t order_expiry = 0;
};

/// CancelOrder (type 15). `index` < 2^48 is a client order index.
struct cancel_order_tx {
  tx_common c;
  int market_index = 0;
  int64_t index = 0;
};

/// CancelAllOrders (type 16). `market_filter` is attribute 5 (255 = all).
struct cancel_all_tx {
  tx_common c;
  int time_in_force = 0;
  int64_t time = 0;
  int market_filter = wire::nil_market;
};

/// ModifyOrder (type 17).
struct modify_order_tx {
  tx_common c;
  int market_index = 0;
  int64_t index = 0;
  int64_t base_amount = 0;
  int64_t price = 0;
  int64_t trigger_price = 0;
};

/// Any transaction the simulator executes.
using sim_tx = std::variant<create_order_tx, cancel_order_tx, cancel_all_tx,
                            modify_order_tx>;

/// The common fields of `tx`.
const tx_common& common_of(const sim_tx& tx);
/// The wire type id of `tx`.
int type_of(const sim_tx& tx);

/// Parses a tx_info JSON object of the given type (PascalCase keys as the
/// reference signer emits them). Unknown keys are ignored; missing or
/// non-integer fields give 21501.
std::variant<sim_tx, sim_error> parse_tx_info(int tx_type,
                                              std::string_view json);

} // namespace trailgrid::sim
