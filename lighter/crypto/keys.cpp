#include "lighter/crypto/keys.hpp"

#include "lighter/crypto/ecgfp5.hpp"
#include "lighter/crypto/encoding.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace trailgrid::lighter::crypto {

namespace {

void sha256(const std::vector<uint8_t>& in, uint8_t out[32]) {
  unsigned int len = 0;
  if (EVP_Digest(in.data(), in.size(), out, &len, EVP_sha256(), nullptr) !=
        1 ||
      len != 32)
    throw std::runtime_error("SHA-256 failed");
}

} // namespace

result<scalar> parse_private_key(std::string_view hex) {
  auto bytes = from_hex(hex);
  if (!bytes)
    return failure{"private key is not valid hex"};
  if (bytes->size() != 40) {
    size_t n = bytes->size();
    OPENSSL_cleanse(bytes->data(), bytes->size());
    return failure{"private key must be 40 bytes (80 hex digits), got " +
                   std::to_string(n) + " bytes"};
  }
  scalar sk = scalar::from_bytes_reduce(bytes->data());
  OPENSSL_cleanse(bytes->data(), bytes->size());
  if (sk.is_zero())
    return failure{"private key is zero modulo the group order"};
  return sk;
}

result<scalar> private_key_from_seed(const uint8_t* seed, size_t len) {
  if (len < 32)
    return failure{"seed must be at least 32 bytes"};
  std::vector<uint8_t> buf(len + 1);
  std::copy(seed, seed + len, buf.begin() + 1);
  uint8_t h1[32], h2[32];
  buf[0] = 0x01;
  sha256(buf, h1);
  buf[0] = 0x02;
  sha256(buf, h2);
  OPENSSL_cleanse(buf.data(), buf.size());
  // 40 big-endian bytes h1 || h2[0..8) -> little-endian for the scalar.
  uint8_t be[40], le[40];
  std::copy(h1, h1 + 32, be);
  std::copy(h2, h2 + 8, be + 32);
  for (int i = 0; i < 40; ++i)
    le[i] = be[39 - i];
  scalar sk = scalar::from_bytes_reduce(le);
  OPENSSL_cleanse(h1, sizeof(h1));
  OPENSSL_cleanse(h2, sizeof(h2));
  OPENSSL_cleanse(be, sizeof(be));
  OPENSSL_cleanse(le, sizeof(le));
  if (sk.is_zero())
    return failure{"seed-derived key is zero modulo the group order"};
  return sk;
}

fp5 public_key(const scalar& sk) { return encode(mul_generator(sk)); }

std::string fp5_to_hex(const fp5& v) {
  uint8_t b[40];
  to_bytes(v, b);
  return to_hex(b, 40);
}

result<fp5> fp5_from_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  if (!bytes)
    return failure{"not valid hex"};
  if (bytes->size() != 40)
    return failure{"expected 40 bytes (80 hex digits), got " +
                   std::to_string(bytes->size()) + " bytes"};
  auto v = fp5_from_bytes(bytes->data());
  if (!v)
    return failure{"a limb is not a canonical field element (>= p)"};
  return *v;
}

} // namespace trailgrid::lighter::crypto
