#pragma once

// Poseidon2 over Goldilocks, width 12 (rate 8, capacity 4), x^7 S-box,
// 4 + 4 full rounds and 22 partial rounds, as used by Lighter (poseidon_crypto
// hash/poseidon2_goldilocks_plonky2). Also the "hash no pad" sponge.

#include "lighter/crypto/fp5.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace trailgrid::lighter::crypto {

namespace poseidon2_constants {
/// External (full) round constants, rounds 0..3 then 4..7.
extern const uint64_t external_rc[8][12];
/// Internal (partial) round constants, added to state[0].
extern const uint64_t internal_rc[22];
/// Diagonal of the internal matrix M_I = 1 + diag(D).
extern const uint64_t internal_diag[12];
} // namespace poseidon2_constants

/// The 12-element Poseidon2 state.
using poseidon2_state = std::array<uint64_t, 12>;

/// Applies the Poseidon2 permutation in place (inputs must be canonical).
void poseidon2_permute(poseidon2_state& s);

/// Sponge without padding: overwrite up to 8 inputs per permutation (no
/// permutation at all for an empty input), then squeeze out_len values.
/// Inputs are reduced mod p first.
void hash_no_pad(const uint64_t* in, size_t n, uint64_t* out, size_t out_len);

/// HashToQuinticExtension: the first 5 squeezed values as an fp5.
fp5 hash_to_fp5(const uint64_t* in, size_t n);

/// hash_to_fp5 of the 10 limbs a || b (Schnorr challenge, attribute merge).
fp5 hash_to_fp5(const fp5& a, const fp5& b);

} // namespace trailgrid::lighter::crypto
