#include "tools/lighter-sim/verify.hpp"

#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/auth_token.hpp"
#include "lighter/tx/tx_hash.hpp"
#include "lighter/tx/tx_json.hpp"

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
    it = cache.emplace(hex, std::move(k)).first;
  }
  return it->second ? &*it->second : nullptr;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace

verifiers schnorr_verifiers(uint32_t chain_id) {
  // Shared by both callbacks; all calls come from the one io thread.
  auto cache = std::make_shared<key_cache>();
  verifiers v;
  v.tx = [cache, chain_id](int type, const std::string& info,
                           const std::string& pk, std::string& hash) {
    // Field rules are the exchange's job (with its own codes); only parse,
    // hash and check the signature here.
    auto parsed = lighter::parse_tx_info(static_cast<lighter::tx_type>(type),
                                         info, lighter::sig_policy::required);
    if (!parsed || !parsed->sig) return false;
    const auto* key = key_of(*cache, pk);
    if (!key) return false;
    const auto m = lighter::tx_signed_hash(parsed->tx, chain_id);
    if (!key->verify(m, parsed->sig->data())) return false;
    hash = lighter::crypto::fp5_to_hex(m);
    return true;
  };
  v.auth = [cache](const std::string& message, const std::string& sig_hex,
                   const std::string& pk) {
    if (sig_hex.size() != 160) return false;
    uint8_t sig[80];
    for (size_t i = 0; i < 80; ++i) {
      const int hi = hex_digit(sig_hex[2 * i]);
      const int lo = hex_digit(sig_hex[2 * i + 1]);
      if (hi < 0 || lo < 0) return false;
      sig[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    const auto* key = key_of(*cache, pk);
    return key && key->verify(lighter::auth_token_hash(message), sig);
  };
  return v;
}

} // namespace trailgrid::sim
