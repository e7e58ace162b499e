#pragma once

// Signing nonces committed ahead of time. A Schnorr signature's k G does not
// depend on the message, so it can be computed while the signer is idle:
// signing then costs a hash and two scalar operations instead of a
// fixed-base multiplication. The nonces come from OpenSSL's private DRBG
// (as the exchange's reference signer draws them at random); each is handed
// out once and wiped. A signer whose reserve is empty falls back to the
// deterministic nonce, so the reserve only ever changes how fast it signs.

#include "lighter/crypto/schnorr.hpp"

#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace trailgrid::lighter::crypto {

/// A fresh uniformly random non-zero nonce, or nothing when the system's
/// random generator fails.
std::optional<scalar> random_nonce();

/// A thread-safe store of committed random nonces, shared by the signers
/// that draw from it (a nonce is independent of the key) and the thread
/// that refills it. Its storage is allocated once, for `capacity` nonces:
/// it never reallocates, so no unwiped copy of a nonce is ever freed.
class nonce_reserve {
public:
  explicit nonce_reserve(size_t capacity);
  ~nonce_reserve();
  nonce_reserve(const nonce_reserve&) = delete;
  nonce_reserve& operator=(const nonce_reserve&) = delete;

  /// Takes one committed nonce out (never handed out again); nothing when
  /// the reserve is empty.
  std::optional<nonce_commitment> take();

  /// Commits up to `n` fresh random nonces and adds them (the k G runs
  /// outside the lock). Returns how many were added: fewer when the reserve
  /// fills up or the random generator failed.
  size_t add_fresh(size_t n);

  /// Committed nonces ready.
  size_t size() const;

  /// The most it holds.
  size_t capacity() const { return capacity_; }

  /// Nonces handed out, and signatures that found the reserve empty.
  uint64_t taken() const;
  uint64_t misses() const;

private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::vector<nonce_commitment> ready_;
  uint64_t taken_ = 0;
  uint64_t misses_ = 0;
};

} // namespace trailgrid::lighter::crypto
