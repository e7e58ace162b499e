#pragma once

// Integers modulo n, the prime order of the ECgFp5 group (n < 2^319).
// Serialised as 40 bytes little-endian (5 limbs of 64 bits, limb 0 first).
// Arithmetic is branch-free and constant-time (used on keys and nonces).

#include "lighter/crypto/fp5.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace trailgrid::lighter::crypto {

/// A scalar modulo the group order n, always canonical (< n).
struct scalar {
  std::array<uint64_t, 5> v{};

  /// The scalar with value x (x < 2^64 < n).
  static constexpr scalar from_u64(uint64_t x) { return scalar{{x, 0, 0, 0, 0}}; }

  /// Any 40-byte little-endian value, reduced mod n.
  static scalar from_bytes_reduce(const uint8_t in[40]);

  /// A 40-byte little-endian value, or nothing when it is >= n.
  static std::optional<scalar> from_bytes_canonical(const uint8_t in[40]);

  /// A 64-byte little-endian value reduced mod n (uniform nonce derivation).
  static scalar from_wide_reduce(const uint8_t in[64]);

  /// The five limbs of e read as a 320-bit integer, reduced mod n.
  static scalar from_fp5(const fp5& e);

  /// Writes the 40-byte little-endian serialisation.
  void to_bytes(uint8_t out[40]) const;

  /// True when the value is zero.
  bool is_zero() const;

  friend bool operator==(const scalar& a, const scalar& b) { return a.v == b.v; }
  friend bool operator!=(const scalar& a, const scalar& b) { return !(a == b); }
};

/// The group order n as limbs.
extern const std::array<uint64_t, 5> group_order;

/// a + b mod n.
scalar operator+(const scalar& a, const scalar& b);
/// a - b mod n.
scalar operator-(const scalar& a, const scalar& b);
/// -a mod n.
scalar operator-(const scalar& a);
/// a * b mod n (two Montgomery multiplications).
scalar operator*(const scalar& a, const scalar& b);

/// 1/a mod n (a^(n-2); fixed exponent, so constant time); inverse(0) = 0.
scalar inverse(const scalar& a);

/// Recodes k into 64 signed 5-bit digits d[i] in [-15, 16] with
/// k = sum d[i] 32^i (branch-free; n < 2^319 keeps the top digit <= 16).
void recode_signed5(const scalar& k, int8_t digits[64]);

/// Overwrites the scalar with zeros in a way the optimiser keeps.
void wipe(scalar& s);

} // namespace trailgrid::lighter::crypto
