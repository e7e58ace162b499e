#pragma once

// The simulator's side of incoming transactions. Parsing and field rules are
// lighter/tx's (one parser, the exchange's rules); what stays here is what
// only an exchange does: answering a failure with the exchange's error code.

#include "lighter/tx/tx_json.hpp"
#include "lighter/tx/tx_types.hpp"
#include "tools/lighter-sim/sim_types.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

namespace trailgrid::sim {

using lighter::cancel_all_orders_tx;
using lighter::cancel_order_tx;
using lighter::create_order_tx;
using lighter::modify_order_tx;

/// Any transaction the simulator accepts (the lighter/tx types).
using sim_tx = lighter::any_tx;

/// The fields every transaction has, copied out of it.
struct tx_common {
  int64_t account_index = 0;
  int api_key_index = 0;
  int64_t expired_at = 0;
  int64_t nonce = 0;
  /// The skip-nonce attribute (4) is set: the nonce may jump forward.
  bool skip_nonce = false;
};

/// The common fields of `tx`.
tx_common common_of(const sim_tx& tx);
/// The wire type id of `tx` (14..17).
int type_id_of(const sim_tx& tx);
/// The market a CancelAllOrders is limited to (attribute 5), or
/// wire::nil_market for all markets.
int market_filter_of(const cancel_all_orders_tx& tx);

/// Parses a tx_info JSON object of wire type `tx_type` with lighter/tx
/// (every field required, no unknown keys, integers must fit; `Sig`, when
/// present, must be 80 bytes of base64). Failures are 21501.
std::variant<lighter::parsed_tx_info, sim_error>
parse_tx_info(int tx_type, std::string_view json);

/// Checks `tx` against the exchange's field rules (lighter::find_violation);
/// a violation becomes the exchange's error code for its field.
std::optional<sim_error> validate_tx(const sim_tx& tx);

} // namespace trailgrid::sim
