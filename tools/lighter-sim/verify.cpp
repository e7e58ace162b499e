#include "tools/lighter-sim/verify.hpp"

#include "lighter/crypto/encoding.hpp"
#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/auth_token.hpp"
#include "lighter/tx/tx_hash.hpp"

#include <map>
#include <memory>
#include <optional>

namespace trailgrid::sim {

namespace {

using key_cache =
    std::map<std::string, std::optional<lighter::crypto::verifying_key>>;

const lighter::crypto::verifying_key* key_of(key_cache& cache,
                                             const std::string& hex) {
  auto it = cache.find(hex);
  if (it == cache.end()) {
    std::optional<lighter::crypto::verifying_key> k;
    if (auto w = lighter::crypto::fp5_from_hex(hex))
      k = lighter::crypto::verifying_key::from_encoding(*w);
    // A key verifies every tx of its account: its fixed-base table (about
    // 0.5 ms, once) makes each check some 2x cheaper, same verdicts.
    if (k) k->precompute();
    it = cache.emplace(hex, std::move(k)).first;
  }
  return it->second ? &*it->second : nullptr;
}

} // namespace

verifiers schnorr_verifiers(uint32_t chain_id) {
  // Shared by both callbacks; all calls come from the one io thread.
  auto cache = std::make_shared<key_cache>();
  verifiers v;
  v.tx = [cache,
          chain_id](const sim_tx& tx,
                    const std::optional<lighter::crypto::signature_bytes>& sig,
                    const std::string& pk, std::string& hash) {
    // The tx was parsed (and its fields checked) once, by the exchange;
    // here only its signed hash is derived and checked.
    if (!sig) return false;
    const auto* key = key_of(*cache, pk);
    if (!key) return false;
    const auto m = lighter::tx_signed_hash(tx, chain_id);
    if (!key->verify(m, sig->data())) return false;
    hash = lighter::crypto::fp5_to_hex(m);
    return true;
  };
  v.auth = [cache](const std::string& message, const std::string& sig_hex,
                   const std::string& pk) {
    if (sig_hex.size() != 160) return false;
    const auto sig = lighter::crypto::from_hex(sig_hex);
    if (!sig || sig->size() != 80) return false;
    const auto* key = key_of(*cache, pk);
    return key && key->verify(lighter::auth_token_hash(message), sig->data());
  };
  return v;
}

} // namespace trailgrid::sim
