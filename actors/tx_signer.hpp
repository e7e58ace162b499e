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
};

} // namespace trailgrid::actors
