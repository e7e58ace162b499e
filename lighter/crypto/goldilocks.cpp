#include "lighter/crypto/goldilocks.hpp"

namespace trailgrid::lighter::crypto::gl {

namespace {

// x^(2^k - 1) for k = 31 and k = 32, the building blocks of every
// exponent used below.
struct ones_powers {
  uint64_t a31;
  uint64_t a32;
};

ones_powers pow_ones(uint64_t x) {
  uint64_t a2 = mul(sqr(x), x);
  uint64_t a3 = mul(sqr(a2), x);
  uint64_t a6 = mul(sqr_n(a3, 3), a3);
  uint64_t a12 = mul(sqr_n(a6, 6), a6);
  uint64_t a24 = mul(sqr_n(a12, 12), a12);
  uint64_t a30 = mul(sqr_n(a24, 6), a6);
  uint64_t a31 = mul(sqr(a30), x);
  uint64_t a32 = mul(sqr(a31), x);
  return {a31, a32};
}

} // namespace

uint64_t pow(uint64_t a, uint64_t e) {
  uint64_t r = 1;
  while (e != 0) {
    if (e & 1)
      r = mul(r, a);
    a = sqr(a);
    e >>= 1;
  }
  return r;
}

uint64_t inv(uint64_t a) {
  // p - 2 = (2^31 - 1) * 2^33 + (2^32 - 1).
  auto o = pow_ones(a);
  return mul(sqr_n(o.a31, 33), o.a32);
}

uint64_t legendre(uint64_t a) {
  // (p - 1) / 2 = (2^32 - 1) * 2^31.
  return sqr_n(pow_ones(a).a32, 31);
}

std::optional<uint64_t> sqrt(uint64_t a) {
  if (a == 0)
    return uint64_t{0};
  if (legendre(a) != 1)
    return std::nullopt;
  // Tonelli-Shanks with p - 1 = 2^32 * q, q = 2^32 - 1; 7 generates the
  // multiplicative group, so 7^q has order exactly 2^32.
  constexpr uint64_t q = 0xFFFFFFFFULL;
  static const uint64_t root_of_unity = pow(7, q);
  int m = 32;
  uint64_t c = root_of_unity;
  uint64_t t = pow(a, q);
  uint64_t r = pow(a, (q + 1) / 2);
  while (t != 1) {
    int i = 0;
    uint64_t t2 = t;
    while (t2 != 1) {
      t2 = sqr(t2);
      ++i;
    }
    uint64_t b = sqr_n(c, m - i - 1);
    m = i;
    c = sqr(b);
    t = mul(t, c);
    r = mul(r, b);
  }
  return r;
}

} // namespace trailgrid::lighter::crypto::gl
