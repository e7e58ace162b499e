#include "lighter/crypto/fp5.hpp"

namespace trailgrid::lighter::crypto {

namespace {

// w = 3^((p-1)/5), a primitive fifth root of unity in GF(p).
constexpr uint64_t frob_root = 1041288259238279555ULL;

struct frob_table {
  uint64_t pw[5]; // w^0 .. w^4
  frob_table() {
    pw[0] = 1;
    for (int i = 1; i < 5; ++i)
      pw[i] = gl::mul(pw[i - 1], frob_root);
  }
};

const frob_table& frob() {
  static const frob_table t;
  return t;
}

// Only limb 0 of a * b (the other limbs are known to vanish for norms).
uint64_t mul_limb0(const fp5& a, const fp5& b) {
  detail::acc192 s;
  s.add(a.c[0], b.c[0]);
  s.add(a.c[1], gl::scale_lazy(b.c[4], 3));
  s.add(a.c[2], gl::scale_lazy(b.c[3], 3));
  s.add(a.c[3], gl::scale_lazy(b.c[2], 3));
  s.add(a.c[4], gl::scale_lazy(b.c[1], 3));
  return s.reduce();
}

// a^(p + p^2 + p^3 + p^4) = norm(a) / a, from 2 products and 3 Frobenius
// maps: t = a^(p + p^2), then t * t^(p^2).
fp5 norm_cofactor(const fp5& a) {
  fp5 t = frobenius(a, 1) * frobenius(a, 2);
  return t * frobenius(t, 2);
}

} // namespace

fp5 frobenius(const fp5& a, int k) {
  const auto& t = frob();
  fp5 r;
  r.c[0] = a.c[0];
  for (int i = 1; i < 5; ++i)
    r.c[i] = gl::mul(a.c[i], t.pw[(i * k) % 5]);
  return r;
}

fp5 square_n(fp5 a, int n) {
  for (int i = 0; i < n; ++i)
    a = square(a);
  return a;
}

uint64_t norm(const fp5& a) {
  return mul_limb0(a, norm_cofactor(a));
}

fp5 inverse(const fp5& a) {
  fp5 y = norm_cofactor(a);
  uint64_t n_inv = gl::inv(mul_limb0(a, y));
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::mul(y.c[i], n_inv);
  return r;
}

uint64_t legendre(const fp5& a) {
  return gl::legendre(norm(a));
}

std::optional<fp5> sqrt(const fp5& a) {
  // v = a^d with d = (p + p^2 + p^3 + p^4) / 2 = p (1+p)/2 (1+p^2), so that
  // a v^2 = norm(a). If s^2 = norm(a) in GF(p), then (a v / s)^2 = a.
  // (p - 1) / 2 = (2^32 - 1) 2^31; a^((1+p)/2) = a^((p-1)/2) * a.
  fp5 a2 = square(a) * a;            // a^(2^2-1)
  fp5 a4 = square_n(a2, 2) * a2;     // a^(2^4-1)
  fp5 a8 = square_n(a4, 4) * a4;     // a^(2^8-1)
  fp5 a16 = square_n(a8, 8) * a8;    // a^(2^16-1)
  fp5 a32 = square_n(a16, 16) * a16; // a^(2^32-1)
  fp5 y = square_n(a32, 31) * a;     // a^((p+1)/2)
  fp5 v = frobenius(y * frobenius(y, 2), 1);
  uint64_t n = mul_limb0(a, square(v));
  if (n == 0) return fp5::zero();
  auto s_inv = gl::inv_sqrt(n); // 1/s for a root s of n
  if (!s_inv) return std::nullopt;
  fp5 r = a * v;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::mul(r.c[i], *s_inv);
  return r;
}

std::optional<fp5> canonical_sqrt(const fp5& a) {
  auto r = sqrt(a);
  if (!r) return std::nullopt;
  return sgn0(*r) ? -*r : *r;
}

void to_bytes(const fp5& a, uint8_t out[40]) {
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 8; ++j)
      out[8 * i + j] = static_cast<uint8_t>(a.c[i] >> (8 * j));
}

std::optional<fp5> fp5_from_bytes(const uint8_t in[40]) {
  fp5 r;
  for (int i = 0; i < 5; ++i) {
    uint64_t v = 0;
    for (int j = 0; j < 8; ++j)
      v |= static_cast<uint64_t>(in[8 * i + j]) << (8 * j);
    if (v >= gl::p) return std::nullopt;
    r.c[i] = v;
  }
  return r;
}

} // namespace trailgrid::lighter::crypto
