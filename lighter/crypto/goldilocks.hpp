#pragma once

// Goldilocks prime field GF(p), p = 2^64 - 2^32 + 1. Elements are plain
// uint64_t values kept canonical (< p) by every function here. All inline
// functions are branch-free so they are safe on secret data.

#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <optional>

namespace trailgrid::lighter::crypto::gl {

/// The Goldilocks prime p = 2^64 - 2^32 + 1.
inline constexpr uint64_t p = 0xFFFFFFFF00000001ULL;

/// 2^64 mod p = 2^32 - 1 (also -p mod 2^64).
inline constexpr uint64_t eps = 0xFFFFFFFFULL;

/// All-ones when b is true, zero otherwise (no branch).
inline uint64_t mask(bool b) {
  return 0 - static_cast<uint64_t>(b);
}

/// Reduces any 64-bit value to its canonical representative.
inline uint64_t canon(uint64_t x) {
  return x - (p & mask(x >= p));
}

/// a + b mod p for canonical a, b.
inline uint64_t add(uint64_t a, uint64_t b) {
  uint64_t s;
  bool carry = __builtin_add_overflow(a, b, &s);
  // A carry means s = a + b - 2^64; adding 2^64 mod p (= eps) cannot
  // overflow again because a + b < 2p.
  s += eps & mask(carry);
  return canon(s);
}

/// a - b mod p for canonical a, b.
inline uint64_t sub(uint64_t a, uint64_t b) {
  uint64_t d;
  bool borrow = __builtin_sub_overflow(a, b, &d);
  // A borrow means d = a - b + 2^64; subtracting eps gives a - b + p.
  return d - (eps & mask(borrow));
}

/// -a mod p for canonical a.
inline uint64_t neg(uint64_t a) {
  return (p - a) & mask(a != 0);
}

/// A value congruent to x (mod p) in [0, 2^64), not necessarily below p,
/// for any 128-bit x: the core of reduce128 and the portable reference of
/// reduce128_lazy.
inline uint64_t reduce128_lazy_portable(uint128 x) {
  uint64_t lo = static_cast<uint64_t>(x);
  uint64_t hi = static_cast<uint64_t>(x >> 64);
  uint64_t hi_hi = hi >> 32;
  uint64_t hi_lo = hi & eps;
  // x = lo + hi_lo eps - hi_hi (mod p), from 2^64 = eps and 2^96 = -1.
  uint64_t t0;
  // A borrow leaves t0 = lo - hi_hi + 2^64 >= 2^64 - 2^32 + 1 > eps, so
  // taking eps (2^64 mod p) off cannot wrap again.
  bool borrow = __builtin_sub_overflow(lo, hi_hi, &t0);
  t0 -= eps & mask(borrow);
  uint64_t t1 = (hi_lo << 32) - hi_lo; // hi_lo eps < 2^64
  uint64_t r;
  // A carry leaves r = t0 + t1 - 2^64 < t1 <= 2^64 - 2^33 + 1, so adding
  // eps cannot overflow again.
  bool carry = __builtin_add_overflow(t0, t1, &r);
  return r + (eps & mask(carry));
}

/// The same for x < 2^96: the core of reduce96 and scale_lazy and the
/// portable reference of reduce96_lazy.
inline uint64_t reduce96_lazy_portable(uint128 x) {
  uint64_t lo = static_cast<uint64_t>(x);
  uint64_t hi = static_cast<uint64_t>(x >> 64); // < 2^32
  uint64_t r;
  // hi eps < 2^64; a carry leaves r < hi eps <= 2^64 - 2^33 + 1, so adding
  // eps cannot overflow again.
  bool carry = __builtin_add_overflow(lo, (hi << 32) - hi, &r);
  return r + (eps & mask(carry));
}

/// x mod p for any 128-bit x, using 2^64 = 2^32 - 1 and 2^96 = -1 (mod p).
inline uint64_t reduce128(uint128 x) {
  return canon(reduce128_lazy_portable(x));
}

/// x mod p for x < 2^96: cheaper than reduce128 for sums of limbs times
/// small constants. Uses 2^64 = 2^32 - 1 (mod p).
inline uint64_t reduce96(uint128 x) {
  return canon(reduce96_lazy_portable(x));
}

/// A value congruent to k x (mod p) in [0, 2^64), NOT necessarily below p:
/// a cheap pre-scaling of an input of a product that is reduced later.
inline uint64_t scale_lazy(uint64_t x, uint32_t k) {
  return reduce96_lazy_portable(static_cast<uint128>(x) * k);
}

/// A value congruent to a + b (mod p) in [0, 2^64), NOT necessarily below
/// p, for any 64-bit a and a canonical b: a cheap pre-scaling of an input of
/// a product that is reduced later.
inline uint64_t add_lazy(uint64_t a, uint64_t b) {
  uint64_t r;
  // A carry means r = a + b - 2^64 <= 2^64 - 2^32 - 1, so adding eps
  // cannot overflow again.
  bool carry = __builtin_add_overflow(a, b, &r);
  return r + (eps & mask(carry));
}

// x86-64: the same steps in assembly. The one trick GCC does not find: the
// "eps if borrow/carry" mask is `sbb r32, r32`, which writes 0 or 2^32 - 1
// zero-extended, where GCC emits a 64-bit sbb plus a zero-extending mov
// (two fewer instructions per reduction; the permutation does ~740 of
// them). Only in optimised builds, like the fp5 kernels; TRAILGRID_NO_ASM
// selects the portable code.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__OPTIMIZE__) &&       \
    !defined(TRAILGRID_NO_ASM)
#define TRAILGRID_GL_X86_64 1
#endif

#ifdef TRAILGRID_GL_X86_64
// Reduces the 128-bit value in %[hi]:%[lo] into %[lo] (the steps of
// reduce128_lazy_portable); %[hh] and %[hl] are scratch.
#define TG_GL_REDUCE128_LAZY                                                   \
  "movq %[hi], %[hh]\n\t"                                                      \
  "shrq $32, %[hh]\n\t"     /* hh = hi >> 32 */                                \
  "movl %k[hi], %k[hl]\n\t" /* hl = hi mod 2^32 */                             \
  "shlq $32, %[hi]\n\t"                                                        \
  "subq %[hl], %[hi]\n\t" /* hi = hl eps */                                    \
  "subq %[hh], %[lo]\n\t" /* lo - hh */                                        \
  "sbbl %k[hh], %k[hh]\n\t"                                                    \
  "subq %[hh], %[lo]\n\t" /* borrow: - eps */                                  \
  "addq %[hi], %[lo]\n\t" /* + hl eps */                                       \
  "sbbl %k[hh], %k[hh]\n\t"                                                    \
  "addq %[hh], %[lo]" /* carry: + eps */
#endif

/// A value congruent to x (mod p) in [0, 2^64), NOT necessarily below p,
/// for any 128-bit x: reduce128 without the final canonicalisation, for
/// chains of products that are made canonical once at the end.
inline uint64_t reduce128_lazy(uint128 x) {
#ifdef TRAILGRID_GL_X86_64
  uint64_t lo = static_cast<uint64_t>(x);
  uint64_t hi = static_cast<uint64_t>(x >> 64);
  uint64_t hh, hl;
  asm(TG_GL_REDUCE128_LAZY
      : [lo] "+r"(lo), [hi] "+r"(hi), [hh] "=&r"(hh), [hl] "=&r"(hl)
      :
      : "cc");
  return lo;
#else
  return reduce128_lazy_portable(x);
#endif
}

/// A value congruent to x (mod p) in [0, 2^64), NOT necessarily below p,
/// for x < 2^96: reduce96 without the final canonicalisation.
inline uint64_t reduce96_lazy(uint128 x) {
#ifdef TRAILGRID_GL_X86_64
  uint64_t lo = static_cast<uint64_t>(x);
  uint64_t hi = static_cast<uint64_t>(x >> 64);
  uint64_t t;
  asm("movq %[hi], %[t]\n\t"
      "shlq $32, %[t]\n\t"
      "subq %[hi], %[t]\n\t" // t = hi eps
      "addq %[t], %[lo]\n\t"
      "sbbl %k[hi], %k[hi]\n\t"
      "addq %[hi], %[lo]" // carry: + eps
      : [lo] "+r"(lo), [hi] "+r"(hi), [t] "=&r"(t)
      :
      : "cc");
  return lo;
#else
  return reduce96_lazy_portable(x);
#endif
}

/// mul_lazy in portable C++ (the reference for the x86-64 version).
inline uint64_t mul_lazy_portable(uint64_t a, uint64_t b) {
  return reduce128_lazy_portable(static_cast<uint128>(a) * b);
}

/// mul_add_lazy in portable C++ (the reference for the x86-64 version).
inline uint64_t mul_add_lazy_portable(uint64_t a, uint64_t b, uint128 c) {
  return reduce128_lazy_portable(static_cast<uint128>(a) * b + c);
}

/// A value congruent to a b (mod p) in [0, 2^64), NOT necessarily below p,
/// for any 64-bit a and b (the product is below 2^128).
inline uint64_t mul_lazy(uint64_t a, uint64_t b) {
#ifdef TRAILGRID_GL_X86_64
  // One block with the product: GCC otherwise shuffles rdx:rax through
  // three extra movs to feed the reduction.
  uint64_t lo = a, hi, hh, hl;
  asm("mulq %[b]\n\t" TG_GL_REDUCE128_LAZY
      : [lo] "+a"(lo), [hi] "=&d"(hi), [hh] "=&r"(hh), [hl] "=&r"(hl)
      : [b] "rm"(b)
      : "cc");
  return lo;
#else
  return mul_lazy_portable(a, b);
#endif
}

/// A value congruent to a b + c (mod p) in [0, 2^64), NOT necessarily below
/// p; the caller guarantees a b + c < 2^128 (e.g. b < p and c < 2^96).
inline uint64_t mul_add_lazy(uint64_t a, uint64_t b, uint128 c) {
#ifdef TRAILGRID_GL_X86_64
  uint64_t lo = a, hi, hh, hl;
  uint64_t c_lo = static_cast<uint64_t>(c);
  uint64_t c_hi = static_cast<uint64_t>(c >> 64);
  asm("mulq %[b]\n\t"
      "addq %[c_lo], %[lo]\n\t"
      "adcq %[c_hi], %[hi]\n\t" TG_GL_REDUCE128_LAZY
      : [lo] "+a"(lo), [hi] "=&d"(hi), [hh] "=&r"(hh), [hl] "=&r"(hl)
      : [b] "rm"(b), [c_lo] "rm"(c_lo), [c_hi] "rm"(c_hi)
      : "cc");
  return lo;
#else
  return mul_add_lazy_portable(a, b, c);
#endif
}

/// a * b mod p.
inline uint64_t mul(uint64_t a, uint64_t b) {
  return reduce128(static_cast<uint128>(a) * b);
}

/// a^2 mod p.
inline uint64_t sqr(uint64_t a) {
  return mul(a, a);
}

/// a^(2^n): n successive squarings.
inline uint64_t sqr_n(uint64_t a, int n) {
  for (int i = 0; i < n; ++i)
    a = sqr(a);
  return a;
}

/// a^e mod p (square and multiply; the exponent is public).
uint64_t pow(uint64_t a, uint64_t e);

/// 1/a mod p (a^(p-2) by a fixed addition chain); inv(0) = 0.
uint64_t inv(uint64_t a);

/// Legendre symbol as a field element: 1 (square), p-1 (non-square), 0.
uint64_t legendre(uint64_t a);

/// A square root of a, or nothing when a is not a square (variable time:
/// only for public data).
std::optional<uint64_t> sqrt(uint64_t a);

/// 1/sqrt(a): some z with z^2 a = 1, or nothing when a is zero or not a
/// square (variable time: only for public data). Cheaper than sqrt and inv
/// together: one exponentiation and a table-driven discrete logarithm.
std::optional<uint64_t> inv_sqrt(uint64_t a);

} // namespace trailgrid::lighter::crypto::gl
