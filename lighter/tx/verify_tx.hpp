#pragma once

// Checking an incoming signed tx_info (for the exchange simulator): parse,
// validate, re-derive the hash and verify the signature.

#include "lighter/crypto/result.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/tx_types.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace trailgrid::lighter {

/// A transaction whose signature checked out.
struct verified_tx {
  any_tx tx;
  /// Lowercase hex of the signed hash (the exchange's tx_hash).
  std::string tx_hash_hex;
};

/// Parses tx_info of the given type (Sig required), validates the fields,
/// and verifies the signature under public_key_hex (80 hex) for chain_id.
/// The failure message says which step failed.
result<verified_tx> verify_tx_info(tx_type type, std::string_view json,
                                   uint32_t chain_id,
                                   std::string_view public_key_hex);

/// The same with an already decoded key (cheaper for repeated checks).
result<verified_tx> verify_tx_info(tx_type type, std::string_view json,
                                   uint32_t chain_id,
                                   const crypto::verifying_key& key);

} // namespace trailgrid::lighter
