#pragma once

// The signing facade an actor holds: one API private key, never printable
// (no stream operator, no accessor, zeroed on destruction).

#include "lighter/crypto/fp5.hpp"
#include "lighter/crypto/nonce_reserve.hpp"
#include "lighter/crypto/result.hpp"
#include "lighter/crypto/scalar.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/tx_types.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace trailgrid::lighter {

/// A signed transaction ready to send.
struct signed_tx {
  /// Lowercase hex (80 characters) of the signed hash; the exchange
  /// reports the same value as tx_hash.
  std::string tx_hash_hex;
  /// The tx_info JSON (compact, byte-identical to lighter-go).
  std::string tx_info_json;
};

/// Signs transactions and auth tokens with one API key.
class signer {
public:
  /// Parses the key (80 hex digits, optional 0x); the error never
  /// contains the key.
  static result<signer> from_private_key_hex(std::string_view hex);

  /// Takes a copy of the private scalar. @pre sk != 0.
  explicit signer(const crypto::scalar& sk);
  ~signer();
  signer(signer&& other) noexcept;
  signer& operator=(signer&& other) noexcept;
  signer(const signer&) = delete;
  signer& operator=(const signer&) = delete;

  /// The public key as 80 lowercase hex characters.
  const std::string& public_key() const { return public_key_hex_; }

  /// From now on, signs with nonces committed ahead in `reserve` while it
  /// has any (the deterministic nonce when it is empty); null: always the
  /// deterministic nonce.
  void draw_nonces_from(std::shared_ptr<crypto::nonce_reserve> reserve);

  /// Validates tx and signs it for chain_id: with a nonce of the reserve,
  /// else the deterministic nonce.
  result<signed_tx> sign_tx(const any_tx& tx, uint32_t chain_id) const;

  /// The same with an injected nonce k (tests and reference vectors only).
  result<signed_tx> sign_tx_with_nonce(const any_tx& tx, uint32_t chain_id,
                                       const crypto::scalar& k) const;

  /// The auth token "<deadline_s>:<account>:<api_key>:<sig hex>".
  result<std::string> auth_token(int64_t account_index, uint8_t api_key_index,
                                 int64_t deadline_unix_s) const;

  /// The same with an injected nonce k (tests and reference vectors only).
  result<std::string> auth_token_with_nonce(int64_t account_index,
                                            uint8_t api_key_index,
                                            int64_t deadline_unix_s,
                                            const crypto::scalar& k) const;

  /// Signs an already hashed 40-byte message (reserve, else deterministic).
  crypto::signature_bytes sign_hash(const crypto::fp5& m) const;

private:
  result<signed_tx> sign_impl(const any_tx& tx, uint32_t chain_id,
                              const crypto::scalar* k) const;
  result<std::string> auth_impl(int64_t account_index, uint8_t api_key_index,
                                int64_t deadline_unix_s,
                                const crypto::scalar* k) const;

  crypto::scalar sk_;
  std::string public_key_hex_;
  std::shared_ptr<crypto::nonce_reserve> reserve_;
};

} // namespace trailgrid::lighter
