#pragma once

// From transaction fields to the signed message (protocol notes 5.1, 5.2):
// field elements -> HashToFp5, optionally merged with the attribute hash.

#include "lighter/crypto/fp5.hpp"
#include "lighter/tx/tx_types.hpp"

#include <cstdint>
#include <vector>

namespace trailgrid::lighter {

/// The field elements hashed for tx, in order (chain id, type, nonce,
/// expiry, account, key, then the type's fields); each integer's 64-bit
/// two's-complement pattern reduced mod p.
std::vector<uint64_t> tx_elements(const any_tx& tx, uint32_t chain_id);

/// HashToFp5 of tx_elements (before attributes).
crypto::fp5 tx_base_hash(const any_tx& tx, uint32_t chain_id);

/// HashToFp5 of the non-nil attributes as (type, value) pairs sorted by
/// type, padded with (0, 0) to 4 pairs.
crypto::fp5 attributes_hash(const tx_attributes& attrs);

/// The message that is signed (and whose hex is the tx hash): the base
/// hash, merged with the attribute hash when any attribute is non-nil.
crypto::fp5 tx_signed_hash(const any_tx& tx, uint32_t chain_id);

} // namespace trailgrid::lighter
