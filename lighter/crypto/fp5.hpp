#pragma once

// Quintic extension GF(p^5) = GF(p)[X]/(X^5 - 3) of the Goldilocks field.
// An element c0 + c1 X + ... + c4 X^4 is stored as five canonical limbs.
// Arithmetic is branch-free (safe on secret data) except where noted.

#include "lighter/crypto/goldilocks.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace trailgrid::lighter::crypto {

/// An element of GF(p^5); limbs c[0..5) are canonical Goldilocks values.
struct fp5 {
  std::array<uint64_t, 5> c{};

  /// The additive identity.
  static constexpr fp5 zero() { return fp5{}; }
  /// The multiplicative identity.
  static constexpr fp5 one() { return fp5{{1, 0, 0, 0, 0}}; }
  /// The base-field element v (reduced mod p) embedded in GF(p^5).
  static constexpr fp5 from_u64(uint64_t v) {
    return fp5{{v >= gl::p ? v - gl::p : v, 0, 0, 0, 0}};
  }

  /// Exact limb equality (limbs are canonical, so this is field equality).
  friend bool operator==(const fp5& a, const fp5& b) { return a.c == b.c; }
  friend bool operator!=(const fp5& a, const fp5& b) { return !(a == b); }
};

namespace detail {

// Sums of 64x64->128 products split in low and high 64-bit halves, so the
// running sums fit in 128 bits without carry handling.
struct split_acc {
  uint128 lo = 0;
  uint128 hi = 0;
  void add(uint64_t a, uint64_t b) {
    uint128 pr = static_cast<uint128>(a) * b;
    lo += static_cast<uint64_t>(pr);
    hi += static_cast<uint64_t>(pr >> 64);
  }
};

// Reduces direct + 3 * wrapped, where both hold at most 5 products in
// total; 2^64 = 2^32 - 1 (mod p) folds the high half into < 2^101.
inline uint64_t fold(const split_acc& direct, const split_acc& wrapped) {
  uint128 lo = direct.lo + 3 * wrapped.lo;
  uint128 hi = direct.hi + 3 * wrapped.hi;
  return gl::reduce128(lo + (hi << 32) - hi);
}

} // namespace detail

/// a + b.
inline fp5 operator+(const fp5& a, const fp5& b) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::add(a.c[i], b.c[i]);
  return r;
}

/// a - b.
inline fp5 operator-(const fp5& a, const fp5& b) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::sub(a.c[i], b.c[i]);
  return r;
}

/// -a.
inline fp5 operator-(const fp5& a) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::neg(a.c[i]);
  return r;
}

/// 2a.
inline fp5 dbl(const fp5& a) { return a + a; }

/// a * b with X^5 = 3; one reduction per output limb.
inline fp5 operator*(const fp5& a, const fp5& b) {
  using detail::split_acc;
  const auto& x = a.c;
  const auto& y = b.c;
  fp5 r;
  {
    split_acc d, w;
    d.add(x[0], y[0]);
    w.add(x[1], y[4]);
    w.add(x[2], y[3]);
    w.add(x[3], y[2]);
    w.add(x[4], y[1]);
    r.c[0] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(x[0], y[1]);
    d.add(x[1], y[0]);
    w.add(x[2], y[4]);
    w.add(x[3], y[3]);
    w.add(x[4], y[2]);
    r.c[1] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(x[0], y[2]);
    d.add(x[1], y[1]);
    d.add(x[2], y[0]);
    w.add(x[3], y[4]);
    w.add(x[4], y[3]);
    r.c[2] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(x[0], y[3]);
    d.add(x[1], y[2]);
    d.add(x[2], y[1]);
    d.add(x[3], y[0]);
    w.add(x[4], y[4]);
    r.c[3] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(x[0], y[4]);
    d.add(x[1], y[3]);
    d.add(x[2], y[2]);
    d.add(x[3], y[1]);
    d.add(x[4], y[0]);
    r.c[4] = detail::fold(d, w);
  }
  return r;
}

/// a^2 (15 products instead of 25).
inline fp5 square(const fp5& a) {
  using detail::split_acc;
  const auto& x = a.c;
  uint64_t t0 = gl::add(x[0], x[0]);
  uint64_t t1 = gl::add(x[1], x[1]);
  uint64_t t2 = gl::add(x[2], x[2]);
  uint64_t t3 = gl::add(x[3], x[3]);
  fp5 r;
  {
    split_acc d, w;
    d.add(x[0], x[0]);
    w.add(t1, x[4]);
    w.add(t2, x[3]);
    r.c[0] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(t0, x[1]);
    w.add(t2, x[4]);
    w.add(x[3], x[3]);
    r.c[1] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(t0, x[2]);
    d.add(x[1], x[1]);
    w.add(t3, x[4]);
    r.c[2] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(t0, x[3]);
    d.add(t1, x[2]);
    w.add(x[4], x[4]);
    r.c[3] = detail::fold(d, w);
  }
  {
    split_acc d, w;
    d.add(t0, x[4]);
    d.add(t1, x[3]);
    d.add(x[2], x[2]);
    r.c[4] = detail::fold(d, w);
  }
  return r;
}

/// a * k for a small base-field constant k (< 2^32).
inline fp5 mul_small(const fp5& a, uint32_t k) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::reduce128(static_cast<uint128>(a.c[i]) * k);
  return r;
}

/// a * (k X) for a small k (< 2^30): a shift of the limbs with X^5 = 3.
inline fp5 mul_small_x(const fp5& a, uint32_t k) {
  fp5 r;
  r.c[0] = gl::reduce128(static_cast<uint128>(a.c[4]) * (3 * uint64_t{k}));
  for (int i = 1; i < 5; ++i)
    r.c[i] = gl::reduce128(static_cast<uint128>(a.c[i - 1]) * k);
  return r;
}

/// a / 2.
inline fp5 half(const fp5& a) {
  // For odd x, (x + p) / 2 = (x >> 1) + (p + 1) / 2, which stays below p.
  constexpr uint64_t half_p_plus_one = (gl::p >> 1) + 1;
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = (a.c[i] >> 1) + (half_p_plus_one & gl::mask(a.c[i] & 1));
  return r;
}

/// Branch-free select: b when m is all-ones, a when m is zero.
inline fp5 select(uint64_t m, const fp5& a, const fp5& b) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = a.c[i] ^ (m & (a.c[i] ^ b.c[i]));
  return r;
}

/// All-ones when a == 0, zero otherwise (branch-free).
inline uint64_t is_zero_mask(const fp5& a) {
  uint64_t t = a.c[0] | a.c[1] | a.c[2] | a.c[3] | a.c[4];
  return gl::mask(t == 0);
}

/// a^(p^k) for k = 1 or 2: limb i is multiplied by w^(i k), w = 3^((p-1)/5).
fp5 frobenius(const fp5& a, int k);

/// a^(2^n): n successive squarings.
fp5 square_n(fp5 a, int n);

/// The norm a^(1 + p + p^2 + p^3 + p^4), an element of the base field.
uint64_t norm(const fp5& a);

/// 1/a via the Frobenius trick; inverse(0) = 0.
fp5 inverse(const fp5& a);

/// Legendre symbol of a as a base-field value: 1, p-1 (non-square) or 0.
uint64_t legendre(const fp5& a);

/// A square root of a, or nothing when a is not a square (variable time).
std::optional<fp5> sqrt(const fp5& a);

/// sgn0 as the reference defines it: true when limb c0 is even.
inline bool sgn0(const fp5& a) { return (a.c[0] & 1) == 0; }

/// The reference's canonical root: any root r, negated when sgn0(r).
std::optional<fp5> canonical_sqrt(const fp5& a);

/// Writes the 40-byte little-endian serialisation (limb 0 first).
void to_bytes(const fp5& a, uint8_t out[40]);

/// Reads 40 bytes; fails when a limb is not canonical (>= p).
std::optional<fp5> fp5_from_bytes(const uint8_t in[40]);

} // namespace trailgrid::lighter::crypto
