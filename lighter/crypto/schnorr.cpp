#include "lighter/crypto/schnorr.hpp"

#include "lighter/crypto/poseidon2.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <stdexcept>

namespace trailgrid::lighter::crypto {

namespace {

constexpr char nonce_tag[] = "trailgrid/lighter-schnorr-nonce/v1";
constexpr size_t nonce_tag_len = sizeof(nonce_tag) - 1;

void hmac_block(const uint8_t key[40], const uint8_t* data, size_t len,
                uint8_t out[32]) {
  unsigned int out_len = 0;
  if (HMAC(EVP_sha256(), key, 40, data, len, out, &out_len) == nullptr ||
      out_len != 32)
    throw std::runtime_error("HMAC-SHA256 failed");
}

} // namespace

signature_bytes schnorr_signature::to_bytes() const {
  signature_bytes out;
  s.to_bytes(out.data());
  e.to_bytes(out.data() + 40);
  return out;
}

scalar schnorr_challenge(const fp5& r, const fp5& m) {
  return scalar::from_fp5(hash_to_fp5(r, m));
}

nonce_commitment commit_nonce(const scalar& k) {
  return nonce_commitment{k, encode(mul_generator(k))};
}

schnorr_signature schnorr_sign_committed(const scalar& sk, const fp5& m,
                                         const nonce_commitment& c) {
  scalar e = schnorr_challenge(c.r, m);
  return schnorr_signature{c.k - e * sk, e};
}

schnorr_signature schnorr_sign_with_nonce(const scalar& sk, const fp5& m,
                                          const scalar& k) {
  auto c = commit_nonce(k);
  auto sig = schnorr_sign_committed(sk, m, c);
  wipe(c.k);
  return sig;
}

scalar derive_nonce(const scalar& sk, const fp5& m) {
  uint8_t key[40];
  sk.to_bytes(key);
  uint8_t data[nonce_tag_len + 40 + 1];
  std::memcpy(data, nonce_tag, nonce_tag_len);
  to_bytes(m, data + nonce_tag_len);
  uint8_t wide[64];
  scalar k;
  // The loop repeats only if the 512-bit value is 0 mod n (probability
  // about 2^-319), so it leaks nothing in practice.
  for (uint8_t counter = 0;; counter += 2) {
    data[sizeof(data) - 1] = counter;
    hmac_block(key, data, sizeof(data), wide);
    data[sizeof(data) - 1] = static_cast<uint8_t>(counter + 1);
    hmac_block(key, data, sizeof(data), wide + 32);
    k = scalar::from_wide_reduce(wide);
    if (!k.is_zero()) break;
  }
  OPENSSL_cleanse(key, sizeof(key));
  OPENSSL_cleanse(wide, sizeof(wide));
  return k;
}

schnorr_signature schnorr_sign(const scalar& sk, const fp5& m) {
  scalar k = derive_nonce(sk, m);
  auto sig = schnorr_sign_with_nonce(sk, m, k);
  wipe(k);
  return sig;
}

std::optional<verifying_key> verifying_key::from_encoding(const fp5& w) {
  if (is_zero_mask(w))
    return std::nullopt; // the neutral element is never a usable key
  auto p = decode(w);
  if (!p) return std::nullopt;
  return verifying_key(w, *p);
}

std::optional<verifying_key> verifying_key::from_bytes(const uint8_t pk[40]) {
  auto w = fp5_from_bytes(pk);
  if (!w) return std::nullopt;
  return from_encoding(*w);
}

bool verifying_key::verify(const fp5& m, const uint8_t sig[80],
                           scalar_check check) const {
  scalar s, e;
  if (check == scalar_check::strict) {
    auto s0 = scalar::from_bytes_canonical(sig);
    auto e0 = scalar::from_bytes_canonical(sig + 40);
    if (!s0 || !e0) return false;
    s = *s0;
    e = *e0;
  } else {
    s = scalar::from_bytes_reduce(sig);
    e = scalar::from_bytes_reduce(sig + 40);
  }
  point rp =
      table_ ? mul_add_vartime(*table_, s, e) : mul_add_vartime(window_, s, e);
  return schnorr_challenge(encode(rp), m) == e;
}

void verifying_key::precompute() {
  if (!table_) table_ = std::make_shared<const fixed_base_table>(p_);
}

bool schnorr_verify(const uint8_t pk[40], const uint8_t m[40],
                    const uint8_t sig[80], scalar_check check) {
  auto msg = fp5_from_bytes(m);
  if (!msg) return false;
  auto key = verifying_key::from_bytes(pk);
  if (!key) return false;
  return key->verify(*msg, sig, check);
}

} // namespace trailgrid::lighter::crypto
