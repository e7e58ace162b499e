#pragma once

#include "actors/tx_signer.hpp"
#include "lighter/crypto/result.hpp"
#include "lighter/tx/signer.hpp"
#include "lighter/tx/tx_types.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace trailgrid::actors {

/// Which account and key a lighter_tx_signer signs for, and on which chain.
struct lighter_account {
  int64_t account_index = 0;
  uint8_t api_key_index = 0;
  /// 304 mainnet, 300 testnet (lighter-protocol.md 1); the chain id is
  /// hashed into every tx, so a wrong one gives "invalid signature".
  uint32_t chain_id = 304;
};

/// The real tx_signer: turns a tx_intent + nonce into a Lighter tx struct
/// (lighter/tx) for one account and API key, validates it and signs it.
/// Holds the private key inside lighter::signer; never prints or returns
/// it, and no error message contains it.
class lighter_tx_signer : public tx_signer {
public:
  /// Parses the private key (80 hex digits, optional 0x).
  static lighter::result<std::shared_ptr<lighter_tx_signer>>
  from_private_key_hex(std::string_view hex, lighter_account account);

  /// Takes over `key`.
  lighter_tx_signer(lighter::signer key, lighter_account account);

  /// Signs `intent` with `nonce`; a field out of the exchange's range (or a
  /// failed validation) comes back as sign_failure.
  sign_outcome sign(const messages::tx_intent& intent, int64_t nonce) override;

  /// Signs with nonces committed ahead in `reserve` while it has any.
  void draw_nonces_from(std::shared_ptr<lighter::crypto::nonce_reserve> r) {
    key_.draw_nonces_from(std::move(r));
  }

  /// The auth token of this account and key until `deadline_unix_s`.
  auth_outcome auth_token(int64_t deadline_unix_s) override;

  /// The public key (80 lowercase hex), e.g. to check against the
  /// exchange's apikeys answer.
  const std::string& public_key() const { return key_.public_key(); }

  /// The account and key this signer signs for.
  const lighter_account& account() const { return account_; }

private:
  lighter::signer key_;
  lighter_account account_;
};

/// The Lighter tx of `intent` for `account` with `nonce`, or why it cannot
/// be expressed (a value outside its wire field). Pure; sign() uses it.
lighter::result<lighter::any_tx>
to_lighter_tx(const messages::tx_intent& intent, int64_t nonce,
              const lighter_account& account);

} // namespace trailgrid::actors
