#pragma once

// Schnorr signatures over ECgFp5 with the Poseidon2 challenge, as Lighter
// uses them (poseidon_crypto signature/schnorr): for a hashed message m (an
// fp5), r = encode(k G), e = HashToFp5(r || m) mod n, s = k - e sk mod n;
// the signature is s || e (80 bytes).

#include "lighter/crypto/ecgfp5.hpp"
#include "lighter/crypto/fp5.hpp"
#include "lighter/crypto/scalar.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

namespace trailgrid::lighter::crypto {

/// The 80-byte wire form of a signature: s (40 bytes LE) || e (40 bytes LE).
using signature_bytes = std::array<uint8_t, 80>;

/// A Schnorr signature as two scalars.
struct schnorr_signature {
  scalar s;
  scalar e;
  /// The 80-byte wire form.
  signature_bytes to_bytes() const;
};

/// How a verifier reads the s and e halves of a signature.
enum class scalar_check {
  /// Ours: s >= n or e >= n makes the signature invalid (no malleability).
  strict,
  /// The reference's behaviour: values >= n are silently reduced mod n.
  reduce,
};

/// The challenge e = HashToFp5(r || m) read as a scalar.
scalar schnorr_challenge(const fp5& r, const fp5& m);

/// Signs m with the given nonce k (the reference's "sign with given k").
/// @pre k is secret, uniformly distributed and never reused; k != 0.
schnorr_signature schnorr_sign_with_nonce(const scalar& sk, const fp5& m,
                                          const scalar& k);

/// A nonce with its commitment r = encode(k G) computed ahead: k G is about
/// three quarters of a signature's time, and only it does not need m.
struct nonce_commitment {
  scalar k;
  fp5 r;
};

/// k with its commitment. @pre as for schnorr_sign_with_nonce.
nonce_commitment commit_nonce(const scalar& k);

/// Signs m with a committed nonce: the same signature as
/// schnorr_sign_with_nonce(sk, m, c.k), without the k G. @pre c is used for
/// no other signature.
schnorr_signature schnorr_sign_committed(const scalar& sk, const fp5& m,
                                         const nonce_commitment& c);

/// The deterministic nonce for (sk, m): HMAC-SHA256 keyed with sk over a
/// domain tag, m and a block counter, 64 output bytes reduced mod n
/// (bias < 2^-190), never zero.
scalar derive_nonce(const scalar& sk, const fp5& m);

/// Signs m with the deterministic nonce.
schnorr_signature schnorr_sign(const scalar& sk, const fp5& m);

/// A decoded public key, ready for repeated verification.
class verifying_key {
public:
  /// Decodes an encoded public key; nothing when w is not a valid encoding
  /// or is the neutral element.
  static std::optional<verifying_key> from_encoding(const fp5& w);
  /// The same from 40 bytes; limbs must be canonical.
  static std::optional<verifying_key> from_bytes(const uint8_t pk[40]);

  /// True when sig is a valid signature of m under this key.
  bool verify(const fp5& m, const uint8_t sig[80],
              scalar_check check = scalar_check::strict) const;

  /// The encoded public key.
  const fp5& encoding() const { return w_; }

  /// Builds the key's 80 KiB fixed-base table (about 0.5 ms) so that each
  /// later verify needs no doublings (about 3x faster); worth it for a key
  /// that verifies many signatures (the exchange simulator). Copies share
  /// the table.
  void precompute();

  /// True once precompute() has run.
  bool precomputed() const { return table_ != nullptr; }

private:
  verifying_key(const fp5& w, const point& p) : w_(w), p_(p), window_(p) {}
  fp5 w_;
  point p_;
  point_window window_;
  std::shared_ptr<const fixed_base_table> table_;
};

/// One-shot check of an 80-byte signature of the 40-byte message m under
/// the 40-byte public key; false for any malformed or non-canonical input.
bool schnorr_verify(const uint8_t pk[40], const uint8_t m[40],
                    const uint8_t sig[80],
                    scalar_check check = scalar_check::strict);

} // namespace trailgrid::lighter::crypto
