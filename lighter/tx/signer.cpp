#include "lighter/tx/signer.hpp"

#include "lighter/crypto/encoding.hpp"
#include "lighter/crypto/keys.hpp"
#include "lighter/tx/auth_token.hpp"
#include "lighter/tx/tx_hash.hpp"
#include "lighter/tx/tx_json.hpp"
#include "lighter/tx/tx_validate.hpp"

namespace trailgrid::lighter {

result<signer> signer::from_private_key_hex(std::string_view hex) {
  auto sk = crypto::parse_private_key(hex);
  if (!sk) return failure{sk.error()};
  signer s(*sk);
  crypto::wipe(*sk);
  return s;
}

signer::signer(const crypto::scalar& sk)
    : sk_(sk), public_key_hex_(crypto::fp5_to_hex(crypto::public_key(sk))) {}

signer::~signer() {
  crypto::wipe(sk_);
}

signer::signer(signer&& other) noexcept
    : sk_(other.sk_), public_key_hex_(std::move(other.public_key_hex_)),
      reserve_(std::move(other.reserve_)) {
  crypto::wipe(other.sk_);
}

signer& signer::operator=(signer&& other) noexcept {
  if (this != &other) {
    sk_ = other.sk_;
    public_key_hex_ = std::move(other.public_key_hex_);
    reserve_ = std::move(other.reserve_);
    crypto::wipe(other.sk_);
  }
  return *this;
}

void signer::draw_nonces_from(std::shared_ptr<crypto::nonce_reserve> reserve) {
  reserve_ = std::move(reserve);
}

crypto::signature_bytes signer::sign_hash(const crypto::fp5& m) const {
  if (reserve_) {
    if (auto c = reserve_->take()) {
      auto sig = crypto::schnorr_sign_committed(sk_, m, *c).to_bytes();
      crypto::wipe(c->k);
      return sig;
    }
  }
  return crypto::schnorr_sign(sk_, m).to_bytes();
}

result<signed_tx> signer::sign_impl(const any_tx& tx, uint32_t chain_id,
                                    const crypto::scalar* k) const {
  if (auto err = validate(tx)) return failure{*err};
  crypto::fp5 m = tx_signed_hash(tx, chain_id);
  auto sig =
      k ? crypto::schnorr_sign_with_nonce(sk_, m, *k).to_bytes() : sign_hash(m);
  return signed_tx{crypto::fp5_to_hex(m), tx_info_json(tx, sig)};
}

result<signed_tx> signer::sign_tx(const any_tx& tx, uint32_t chain_id) const {
  return sign_impl(tx, chain_id, nullptr);
}

result<signed_tx> signer::sign_tx_with_nonce(const any_tx& tx,
                                             uint32_t chain_id,
                                             const crypto::scalar& k) const {
  if (k.is_zero()) return failure{"nonce k must not be zero"};
  return sign_impl(tx, chain_id, &k);
}

result<std::string> signer::auth_impl(int64_t account_index,
                                      uint8_t api_key_index,
                                      int64_t deadline_unix_s,
                                      const crypto::scalar* k) const {
  if (deadline_unix_s < 0)
    return failure{"deadline " + std::to_string(deadline_unix_s) +
                   " must be a unix time in seconds >= 0"};
  std::string msg =
      auth_token_message(account_index, api_key_index, deadline_unix_s);
  crypto::fp5 m = auth_token_hash(msg);
  auto sig =
      k ? crypto::schnorr_sign_with_nonce(sk_, m, *k).to_bytes() : sign_hash(m);
  return msg + ":" + crypto::to_hex(sig.data(), sig.size());
}

result<std::string> signer::auth_token(int64_t account_index,
                                       uint8_t api_key_index,
                                       int64_t deadline_unix_s) const {
  return auth_impl(account_index, api_key_index, deadline_unix_s, nullptr);
}

result<std::string>
signer::auth_token_with_nonce(int64_t account_index, uint8_t api_key_index,
                              int64_t deadline_unix_s,
                              const crypto::scalar& k) const {
  if (k.is_zero()) return failure{"nonce k must not be zero"};
  return auth_impl(account_index, api_key_index, deadline_unix_s, &k);
}

} // namespace trailgrid::lighter
