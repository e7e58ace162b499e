#pragma once

// tx_info JSON: writing the exact compact form lighter-go produces
// (json.Marshal of the tx struct: PascalCase keys in struct order, `Sig` as
// padded standard base64, `L2TxAttributes` null or an object keyed by the
// decimal attribute type) and parsing it back strictly.

#include "lighter/crypto/result.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/tx_types.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::lighter {

/// The signed tx_info JSON string, byte-identical to the reference.
std::string tx_info_json(const any_tx& tx, const crypto::signature_bytes& sig);

/// Whether a parsed tx_info may or must carry `Sig`.
enum class sig_policy {
  /// `Sig` may be present (it is then checked to be 80 bytes of base64).
  optional,
  /// `Sig` must be present (incoming signed transactions).
  required,
};

/// A parsed tx_info object.
struct parsed_tx_info {
  any_tx tx;
  std::optional<crypto::signature_bytes> sig;
};

/// Parses a tx_info JSON object of the given type. Every field key is
/// required, `L2TxAttributes` is optional (null or object), any other key
/// is an error; integers must fit the field's Go type. Errors name the key.
result<parsed_tx_info> parse_tx_info(tx_type type, std::string_view json,
                                     sig_policy sig = sig_policy::optional);

} // namespace trailgrid::lighter
