#include "lighter/tx/verify_tx.hpp"

#include "lighter/crypto/keys.hpp"
#include "lighter/tx/tx_hash.hpp"
#include "lighter/tx/tx_json.hpp"
#include "lighter/tx/tx_validate.hpp"

namespace trailgrid::lighter {

result<verified_tx> verify_tx_info(tx_type type, std::string_view json,
                                   uint32_t chain_id,
                                   const crypto::verifying_key& key) {
  auto parsed = parse_tx_info(type, json, sig_policy::required);
  if (!parsed) return failure{"invalid tx_info: " + parsed.error().message};
  if (auto err = validate(parsed->tx))
    return failure{"invalid tx fields: " + *err};
  crypto::fp5 m = tx_signed_hash(parsed->tx, chain_id);
  if (!key.verify(m, parsed->sig->data())) return failure{"invalid signature"};
  return verified_tx{std::move(parsed->tx), crypto::fp5_to_hex(m)};
}

result<verified_tx> verify_tx_info(tx_type type, std::string_view json,
                                   uint32_t chain_id,
                                   std::string_view public_key_hex) {
  auto w = crypto::fp5_from_hex(public_key_hex);
  if (!w) return failure{"invalid public key: " + w.error().message};
  auto key = crypto::verifying_key::from_encoding(*w);
  if (!key)
    return failure{"invalid public key: not a valid curve point encoding"};
  return verify_tx_info(type, json, chain_id, *key);
}

} // namespace trailgrid::lighter
