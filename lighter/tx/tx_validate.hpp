#pragma once

// Local validation before signing, with the rules of lighter-go 17f2d60
// (types/txtypes/*.go Validate). Errors name the field, the offending value
// and the allowed range.

#include "lighter/tx/tx_types.hpp"

#include <optional>
#include <string>

namespace trailgrid::lighter {

/// Limits from lighter-go types/txtypes/constants.go.
namespace limits {
inline constexpr int64_t min_account_index = -1;
inline constexpr int64_t max_account_index = (int64_t{1} << 48) - 2;
inline constexpr int64_t max_api_key_index = 254;
inline constexpr int64_t nil_api_key_index = 255;
inline constexpr int64_t max_perps_market_index = 254;
inline constexpr int64_t nil_market_index = 255;
inline constexpr int64_t min_spot_market_index = 2048;
inline constexpr int64_t max_spot_market_index = 4094;
inline constexpr int64_t max_client_order_index = (int64_t{1} << 48) - 1;
inline constexpr int64_t max_order_index = (int64_t{1} << 60) - 1;
inline constexpr int64_t max_base_amount = (int64_t{1} << 48) - 1;
inline constexpr int64_t max_timestamp = (int64_t{1} << 48) - 1;
inline constexpr int64_t fee_tick = 1'000'000;
inline constexpr size_t max_attributes = 4;
} // namespace limits

/// What a violated rule is about: the field whose value is wrong (for a rule
/// between fields, the field the message names first).
enum class tx_field {
  attributes,
  account_index,
  api_key_index,
  market_index,
  client_order_index,
  index,
  base_amount,
  price,
  is_ask,
  type,
  time_in_force,
  reduce_only,
  trigger_price,
  order_expiry,
  time,
  nonce,
  expired_at,
};

/// A violated rule: its field (so that a caller can map it to an error code)
/// and a message naming the value and the allowed range.
struct tx_violation {
  tx_field field = tx_field::attributes;
  std::string message;
};

/// The first violated rule, or nothing when tx is valid.
std::optional<tx_violation> find_violation(const any_tx& tx);

/// The message of the first violated rule, or nothing when tx is valid.
std::optional<std::string> validate(const any_tx& tx);

/// The same for the attributes alone.
std::optional<std::string> validate_attributes(const tx_attributes& attrs);

/// True when value is the nil (ignored) value of attribute type.
bool attribute_is_nil(uint8_t type, int64_t value);

} // namespace trailgrid::lighter
