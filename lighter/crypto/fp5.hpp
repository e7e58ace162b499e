#pragma once

// Quintic extension GF(p^5) = GF(p)[X]/(X^5 - 3) of the Goldilocks field.
// An element c0 + c1 X + ... + c4 X^4 is stored as five canonical limbs.
// Arithmetic is branch-free (safe on secret data) except where noted.

#include "lighter/crypto/fp5_x86_64.hpp"
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

// A sum of up to ten 64x64->128 products and 64-bit addends in 192 bits:
// (lo, top).
struct acc192 {
  uint128 lo = 0;
  uint64_t top = 0;
  void add(uint64_t a, uint64_t b) {
    uint128 pr = static_cast<uint128>(a) * b;
    top += __builtin_add_overflow(lo, pr, &lo);
  }
  void add_word(uint64_t w) {
    top += __builtin_add_overflow(lo, static_cast<uint128>(w), &lo);
  }
  // x = l + 2^64 (hl + 2^32 hh) + 2^128 top with 2^64 = 2^32 - 1,
  // 2^96 = -1 and 2^128 = -2^32 (mod p): x = l - (hh + 2^32 top) + hl eps.
  // hh < 2^32 and top < 2^32, so the subtrahend is one 64-bit word.
  uint64_t reduce() const {
    uint64_t l = static_cast<uint64_t>(lo);
    uint64_t h = static_cast<uint64_t>(lo >> 64);
    uint64_t t0;
    bool borrow = __builtin_sub_overflow(l, (h >> 32) | (top << 32), &t0);
    t0 -= gl::eps & gl::mask(borrow);
    uint64_t r;
    bool carry = __builtin_add_overflow(t0, (h & gl::eps) * gl::eps, &r);
    r += gl::eps & gl::mask(carry);
    return gl::canon(r);
  }
};

// a * b + c with X^5 = 3 and one reduction per output limb; c holds any
// 64-bit addends (not necessarily canonical). The limbs of b that wrap
// around are pre-multiplied by 3 lazily (products accept any 64-bit input).
// Portable reference (the x86-64 kernel computes the same values).
inline fp5 mul_plus_portable(const fp5& a, const fp5& b,
                             const std::array<uint64_t, 5>& c) {
  const auto& x = a.c;
  const auto& y = b.c;
  auto times3 = [](uint64_t v) { return gl::add_lazy(gl::add_lazy(v, v), v); };
  uint64_t y1 = times3(y[1]), y2 = times3(y[2]);
  uint64_t y3 = times3(y[3]), y4 = times3(y[4]);
  fp5 r;
  {
    acc192 s;
    s.add(x[0], y[0]);
    s.add(x[1], y4);
    s.add(x[2], y3);
    s.add(x[3], y2);
    s.add(x[4], y1);
    s.add_word(c[0]);
    r.c[0] = s.reduce();
  }
  {
    acc192 s;
    s.add(x[0], y[1]);
    s.add(x[1], y[0]);
    s.add(x[2], y4);
    s.add(x[3], y3);
    s.add(x[4], y2);
    s.add_word(c[1]);
    r.c[1] = s.reduce();
  }
  {
    acc192 s;
    s.add(x[0], y[2]);
    s.add(x[1], y[1]);
    s.add(x[2], y[0]);
    s.add(x[3], y4);
    s.add(x[4], y3);
    s.add_word(c[2]);
    r.c[2] = s.reduce();
  }
  {
    acc192 s;
    s.add(x[0], y[3]);
    s.add(x[1], y[2]);
    s.add(x[2], y[1]);
    s.add(x[3], y[0]);
    s.add(x[4], y4);
    s.add_word(c[3]);
    r.c[3] = s.reduce();
  }
  {
    acc192 s;
    s.add(x[0], y[4]);
    s.add(x[1], y[3]);
    s.add(x[2], y[2]);
    s.add(x[3], y[1]);
    s.add(x[4], y[0]);
    s.add_word(c[4]);
    r.c[4] = s.reduce();
  }
  return r;
}

// a^2 with 15 products instead of 25. Portable reference (the x86-64
// kernel computes the same values).
inline fp5 square_portable(const fp5& a) {
  const auto& x = a.c;
  // Lazily scaled inputs (any 64-bit value is a valid product input).
  uint64_t d0 = gl::add_lazy(x[0], x[0]);
  uint64_t d1 = gl::add_lazy(x[1], x[1]);
  uint64_t d2 = gl::add_lazy(x[2], x[2]);
  uint64_t d3 = gl::add_lazy(x[3], x[3]);
  uint64_t e3 = gl::add_lazy(d3, x[3]);                       // 3 x3
  uint64_t e4 = gl::add_lazy(gl::add_lazy(x[4], x[4]), x[4]); // 3 x4
  fp5 r;
  {
    acc192 s; // x0^2 + 6 x1 x4 + 6 x2 x3
    s.add(x[0], x[0]);
    s.add(d1, e4);
    s.add(d2, e3);
    r.c[0] = s.reduce();
  }
  {
    acc192 s; // 2 x0 x1 + 6 x2 x4 + 3 x3^2
    s.add(d0, x[1]);
    s.add(d2, e4);
    s.add(x[3], e3);
    r.c[1] = s.reduce();
  }
  {
    acc192 s; // 2 x0 x2 + x1^2 + 6 x3 x4
    s.add(d0, x[2]);
    s.add(x[1], x[1]);
    s.add(d3, e4);
    r.c[2] = s.reduce();
  }
  {
    acc192 s; // 2 x0 x3 + 2 x1 x2 + 3 x4^2
    s.add(d0, x[3]);
    s.add(d1, x[2]);
    s.add(x[4], e4);
    r.c[3] = s.reduce();
  }
  {
    acc192 s; // 2 x0 x4 + 2 x1 x3 + x2^2
    s.add(d0, x[4]);
    s.add(d1, x[3]);
    s.add(x[2], x[2]);
    r.c[4] = s.reduce();
  }
  return r;
}

// 3 v lazily (any 64-bit value congruent to 3 v) for a canonical v.
inline uint64_t times3_lazy(uint64_t v) {
  return gl::add_lazy(gl::add_lazy(v, v), v);
}

// a * b (+ *c when c is not null) with the fastest kernel available.
// Always inlined, like the kernels: an out-of-line call returns the five
// limbs through memory, and the caller's wider copy loads then stall on
// store forwarding (measured: verify and sign about 1% slower).
__attribute__((always_inline)) inline fp5
mul_plus_fast(const fp5& a, const fp5& b, const std::array<uint64_t, 5>* c) {
#if defined(TRAILGRID_FP5_X86_64)
  const auto& y = b.c;
  limbs4 z = {times3_lazy(y[1]), times3_lazy(y[2]), times3_lazy(y[3]),
              times3_lazy(y[4])};
  return fp5{c ? mul_add_asm(a.c, b.c, z, *c) : mul_asm(a.c, b.c, z)};
#else
  return mul_plus_portable(a, b, c ? *c : std::array<uint64_t, 5>{});
#endif
}

// a^2 with the fastest kernel available.
__attribute__((always_inline)) inline fp5 square_fast(const fp5& a) {
#if defined(TRAILGRID_FP5_X86_64)
  const auto& x = a.c;
  uint64_t d3 = gl::add_lazy(x[3], x[3]);
  limbs6 z = {gl::add_lazy(x[0], x[0]), gl::add_lazy(x[1], x[1]),
              gl::add_lazy(x[2], x[2]), d3,
              gl::add_lazy(d3, x[3]),   times3_lazy(x[4])};
  return fp5{square_asm(a.c, z)};
#else
  return square_portable(a);
#endif
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
inline fp5 dbl(const fp5& a) {
  return a + a;
}

/// a * b with X^5 = 3; one reduction per output limb.
inline fp5 operator*(const fp5& a, const fp5& b) {
  return detail::mul_plus_fast(a, b, nullptr);
}

/// a * b + c with a single reduction per limb.
inline fp5 mul_add(const fp5& a, const fp5& b, const fp5& c) {
  return detail::mul_plus_fast(a, b, &c.c);
}

/// a * b - c with a single reduction per limb.
inline fp5 mul_sub(const fp5& a, const fp5& b, const fp5& c) {
  // p - c[i] is in [1, p]: congruent to -c[i] and fits in 64 bits.
  std::array<uint64_t, 5> neg_c = {gl::p - c.c[0], gl::p - c.c[1],
                                   gl::p - c.c[2], gl::p - c.c[3],
                                   gl::p - c.c[4]};
  return detail::mul_plus_fast(a, b, &neg_c);
}

/// a^2 (15 products instead of 25).
inline fp5 square(const fp5& a) {
  return detail::square_fast(a);
}

/// a * k for a small base-field constant k (< 2^32).
inline fp5 mul_small(const fp5& a, uint32_t k) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::reduce96(static_cast<uint128>(a.c[i]) * k);
  return r;
}

/// a * (k X) for a small k (< 2^30): a shift of the limbs with X^5 = 3.
inline fp5 mul_small_x(const fp5& a, uint32_t k) {
  fp5 r;
  r.c[0] = gl::reduce96(static_cast<uint128>(a.c[4]) * (3 * uint64_t{k}));
  for (int i = 1; i < 5; ++i)
    r.c[i] = gl::reduce96(static_cast<uint128>(a.c[i - 1]) * k);
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
inline bool sgn0(const fp5& a) {
  return (a.c[0] & 1) == 0;
}

/// The reference's canonical root: any root r, negated when sgn0(r).
std::optional<fp5> canonical_sqrt(const fp5& a);

/// Writes the 40-byte little-endian serialisation (limb 0 first).
void to_bytes(const fp5& a, uint8_t out[40]);

/// Reads 40 bytes; fails when a limb is not canonical (>= p).
std::optional<fp5> fp5_from_bytes(const uint8_t in[40]);

} // namespace trailgrid::lighter::crypto
