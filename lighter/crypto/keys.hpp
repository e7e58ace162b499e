#pragma once

// Lighter API keys: a private key is a scalar mod n written as 40 bytes
// little-endian hex (0x optional); the public key is encode(sk G), 80 hex.

#include "lighter/crypto/fp5.hpp"
#include "lighter/crypto/result.hpp"
#include "lighter/crypto/scalar.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace trailgrid::lighter::crypto {

/// Parses a private key: exactly 80 hex digits (optional 0x), read as a
/// little-endian integer and reduced mod n; a key that is 0 mod n is
/// rejected. The error message never contains the input.
result<scalar> parse_private_key(std::string_view hex);

/// The seed-derived key of lighter-go's NewSeedKeyManager: for a seed of at
/// least 32 bytes, SHA-256(0x01 || seed) || SHA-256(0x02 || seed)[0..8) read
/// as a big-endian integer mod n.
result<scalar> private_key_from_seed(const uint8_t* seed, size_t len);

/// The encoded public key encode(sk G).
fp5 public_key(const scalar& sk);

/// Lowercase hex (80 characters) of a 40-byte field element.
std::string fp5_to_hex(const fp5& v);

/// Parses 80 hex digits (optional 0x) into an fp5 with canonical limbs.
result<fp5> fp5_from_hex(std::string_view hex);

} // namespace trailgrid::lighter::crypto
