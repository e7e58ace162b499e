#pragma once

#include "messages/signing.hpp"

#include <cstdint>
#include <string>
#include <variant>

namespace trailgrid::actors {

/// A signed transaction body as the exchange wants it.
struct signed_payload {
  std::string tx_info; ///< the signed tx JSON, as a string
  std::string tx_hash; ///< hex of the tx hash
};

/// Why an intent could not be signed (a field out of range, ...).
struct sign_failure {
  std::string reason;
};

/// The result of signing one intent.
using sign_outcome = std::variant<signed_payload, sign_failure>;

/// An auth token ("<deadline>:<account>:<key>:<signature hex>") or why
/// none could be made.
using auth_outcome = std::variant<std::string, sign_failure>;

/// Signs transactions with ONE API key (it holds that key's private key and
/// knows the account and chain). The seam where lighter/tx plugs into the
/// signer actor; tests use a fake that records calls.
class tx_signer {
public:
  virtual ~tx_signer() = default;

  /// Signs `intent` with `nonce`. Called from the signer actor only, one
  /// call at a time.
  virtual sign_outcome sign(const messages::tx_intent& intent,
                            int64_t nonce) = 0;

  /// An auth token of this key's account and key, valid until
  /// `deadline_unix_s` (private channels and REST reads). Called from the
  /// signer actor only. The default makes none (signers that only sign).
  virtual auth_outcome auth_token(int64_t deadline_unix_s) {
    (void)deadline_unix_s;
    return sign_failure{"this signer makes no auth tokens"};
  }
};

} // namespace trailgrid::actors
