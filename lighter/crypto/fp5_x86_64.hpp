#pragma once

// x86-64 kernels for GF(p^5) multiplication and squaring (included by
// fp5.hpp; the portable C++ versions there are the reference and the
// fallback on other targets). The arithmetic is exactly that of the
// portable code: every output limb is a sum of 64x64->128 products
// accumulated in 192 bits, then reduced once with 2^64 = 2^32 - 1,
// 2^96 = -1, 2^128 = -2^32 (mod p) and made canonical.
//
// Why assembly: GCC's code for the portable version spends about a third
// of its instructions on register moves and stack spills (128-bit sums and
// carry words). These kernels keep each 192-bit accumulator in three
// registers, take every input limb as an "rm" operand and return the five
// limbs in registers. Measured on the 2-core x86-64 build machine (Zen):
// Schnorr verification 66.7 -> 59.3 us (about 11% fewer instructions),
// signing unchanged, square latency 11.7 -> 10.3 ns; the latency of a
// multiplication in a chain of dependent products got worse (bm_fp5_mul
// 13.9 -> 18.3 ns), throughput where products overlap (point formulas) got
// better. Results are returned in registers on purpose: a result stored
// limb by limb and then copied with 16-byte loads stalls on store
// forwarding, which made a first, memory-output version slower than the
// portable code. No branches and no secret-dependent memory access:
// constant time like the portable code.
//
// Define TRAILGRID_NO_ASM to build the portable code on x86-64 too.

#include <array>
#include <cstdint>

// Only in optimised builds: an unoptimised build cannot always find the
// registers the kernels' operands need.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__OPTIMIZE__) &&       \
    !defined(TRAILGRID_NO_ASM)
#define TRAILGRID_FP5_X86_64 1

namespace trailgrid::lighter::crypto::detail {

// Assembly fragments. Every input limb is its own named operand (%[x0],
// %[y3], ...) with an "rm" constraint, so the compiler passes whatever it
// has at hand, a register or a memory slot, without copying (a version that
// took array pointers forced every input through memory: 2% slower). The
// output limb register named by `lo` (%[r0] .. %[r4]) with %[hi] and %[top]
// holds a 192-bit accumulator; %[t] is scratch; mulq clobbers rax and rdx.

// acc = u v.
#define TG_FP5_PROD_FIRST(lo, u, v)                                            \
  "movq %[" u "], %%rax\n\t"                                                   \
  "mulq %[" v "]\n\t"                                                          \
  "movq %%rax, %[" lo "]\n\t"                                                  \
  "movq %%rdx, %[hi]\n\t"                                                      \
  "xorl %k[top], %k[top]\n\t"

// acc += u v.
#define TG_FP5_PROD(lo, u, v)                                                  \
  "movq %[" u "], %%rax\n\t"                                                   \
  "mulq %[" v "]\n\t"                                                          \
  "addq %%rax, %[" lo "]\n\t"                                                  \
  "adcq %%rdx, %[hi]\n\t"                                                      \
  "adcq $0, %[top]\n\t"

// acc += c_k.
#define TG_FP5_ADDEND(lo, k)                                                   \
  "addq %[c" k "], %[" lo "]\n\t"                                              \
  "adcq $0, %[hi]\n\t"                                                         \
  "adcq $0, %[top]\n\t"

// No addend.
#define TG_FP5_NO_ADDEND(lo, k)

// lo = acc mod p, canonical. With acc = lo + 2^64 (hl + 2^32 hh) +
// 2^128 top: acc = lo - (hh + 2^32 top) + hl eps (mod p), eps = 2^32 - 1.
// A borrow (carry) is fixed by subtracting (adding) eps = 2^64 mod p; the
// 32-bit sbb turns the flag into exactly eps or 0. The fixes cannot wrap
// again (same bounds as acc192::reduce). Finally lo >= p exactly when
// lo + eps carries, and then lo + eps (mod 2^64) = lo - p.
#define TG_FP5_REDUCE(lo)                                                      \
  "movq %[hi], %[t]\n\t"                                                       \
  "shrq $32, %[t]\n\t"                                                         \
  "shlq $32, %[top]\n\t"                                                       \
  "orq %[top], %[t]\n\t"     /* t = hh + 2^32 top */                           \
  "movl %k[hi], %k[top]\n\t" /* top = hl */                                    \
  "shlq $32, %[hi]\n\t"                                                        \
  "subq %[top], %[hi]\n\t" /* hi = hl eps */                                   \
  "subq %[t], %[" lo "]\n\t"                                                   \
  "sbbl %k[t], %k[t]\n\t"                                                      \
  "subq %[t], %[" lo "]\n\t"                                                   \
  "addq %[hi], %[" lo "]\n\t"                                                  \
  "sbbl %k[t], %k[t]\n\t"                                                      \
  "addq %[t], %[" lo "]\n\t"                                                   \
  "movl $0xffffffff, %k[t]\n\t"                                                \
  "addq %[" lo "], %[t]\n\t"                                                   \
  "cmovcq %[t], %[" lo "]\n\t"

// The five output limbs of x y with X^5 = 3, where z = (3 y1, 3 y2, 3 y3,
// 3 y4) holds the limbs of y that wrap around; ADD(lo, k) adds addend k.
// clang-format off
#define TG_FP5_MUL_BODY(ADD) \
  TG_FP5_PROD_FIRST("r0", "x0", "y0")  /* x0 y0      */ \
  TG_FP5_PROD("r0", "x1", "z3")       /* 3 x1 y4    */ \
  TG_FP5_PROD("r0", "x2", "z2")      /* 3 x2 y3    */ \
  TG_FP5_PROD("r0", "x3", "z1")       /* 3 x3 y2    */ \
  TG_FP5_PROD("r0", "x4", "z0")       /* 3 x4 y1    */ \
  ADD("r0", "0")                               /* addend c0  */ \
  TG_FP5_REDUCE("r0")                          /* limb 0     */ \
  TG_FP5_PROD_FIRST("r1", "x0", "y1")  /* x0 y1      */ \
  TG_FP5_PROD("r1", "x1", "y0")        /* x1 y0      */ \
  TG_FP5_PROD("r1", "x2", "z3")      /* 3 x2 y4    */ \
  TG_FP5_PROD("r1", "x3", "z2")      /* 3 x3 y3    */ \
  TG_FP5_PROD("r1", "x4", "z1")       /* 3 x4 y2    */ \
  ADD("r1", "1")                               /* addend c1  */ \
  TG_FP5_REDUCE("r1")                          /* limb 1     */ \
  TG_FP5_PROD_FIRST("r2", "x0", "y2") /* x0 y2      */ \
  TG_FP5_PROD("r2", "x1", "y1")        /* x1 y1      */ \
  TG_FP5_PROD("r2", "x2", "y0")       /* x2 y0      */ \
  TG_FP5_PROD("r2", "x3", "z3")      /* 3 x3 y4    */ \
  TG_FP5_PROD("r2", "x4", "z2")      /* 3 x4 y3    */ \
  ADD("r2", "2")                              /* addend c2  */ \
  TG_FP5_REDUCE("r2")                          /* limb 2     */ \
  TG_FP5_PROD_FIRST("r3", "x0", "y3") /* x0 y3      */ \
  TG_FP5_PROD("r3", "x1", "y2")       /* x1 y2      */ \
  TG_FP5_PROD("r3", "x2", "y1")       /* x2 y1      */ \
  TG_FP5_PROD("r3", "x3", "y0")       /* x3 y0      */ \
  TG_FP5_PROD("r3", "x4", "z3")      /* 3 x4 y4    */ \
  ADD("r3", "3")                              /* addend c3  */ \
  TG_FP5_REDUCE("r3")                          /* limb 3     */ \
  TG_FP5_PROD_FIRST("r4", "x0", "y4") /* x0 y4      */ \
  TG_FP5_PROD("r4", "x1", "y3")       /* x1 y3      */ \
  TG_FP5_PROD("r4", "x2", "y2")      /* x2 y2      */ \
  TG_FP5_PROD("r4", "x3", "y1")       /* x3 y1      */ \
  TG_FP5_PROD("r4", "x4", "y0")       /* x4 y0      */ \
  ADD("r4", "4")                              /* addend c4  */ \
  TG_FP5_REDUCE("r4")                          /* limb 4     */
// clang-format on

// The five output limbs of x^2 with X^5 = 3, where z = (2 x0, 2 x1, 2 x2,
// 2 x3, 3 x3, 3 x4) (see the portable square for the formulas).
#define TG_FP5_SQUARE_BODY                                                     \
  TG_FP5_PROD_FIRST("r0", "x0", "x0") /* x0^2 */                               \
  TG_FP5_PROD("r0", "z1", "z5")       /* 6 x1 x4 */                            \
  TG_FP5_PROD("r0", "z2", "z4")       /* 6 x2 x3 */                            \
  TG_FP5_REDUCE("r0")                                                          \
  TG_FP5_PROD_FIRST("r1", "z0", "x1") /* 2 x0 x1 */                            \
  TG_FP5_PROD("r1", "z2", "z5")       /* 6 x2 x4 */                            \
  TG_FP5_PROD("r1", "x3", "z4")       /* 3 x3^2 */                             \
  TG_FP5_REDUCE("r1")                                                          \
  TG_FP5_PROD_FIRST("r2", "z0", "x2") /* 2 x0 x2 */                            \
  TG_FP5_PROD("r2", "x1", "x1")       /* x1^2 */                               \
  TG_FP5_PROD("r2", "z3", "z5")       /* 6 x3 x4 */                            \
  TG_FP5_REDUCE("r2")                                                          \
  TG_FP5_PROD_FIRST("r3", "z0", "x3") /* 2 x0 x3 */                            \
  TG_FP5_PROD("r3", "z1", "x2")       /* 2 x1 x2 */                            \
  TG_FP5_PROD("r3", "x4", "z5")       /* 3 x4^2 */                             \
  TG_FP5_REDUCE("r3")                                                          \
  TG_FP5_PROD_FIRST("r4", "z0", "x4") /* 2 x0 x4 */                            \
  TG_FP5_PROD("r4", "z1", "x3")       /* 2 x1 x3 */                            \
  TG_FP5_PROD("r4", "x2", "x2")       /* x2^2 */                               \
  TG_FP5_REDUCE("r4")

using limbs5 = std::array<uint64_t, 5>;
using limbs4 = std::array<uint64_t, 4>;
using limbs6 = std::array<uint64_t, 6>;

// Outputs go to registers, not memory: a result stored limb by limb and
// then copied with wider loads would stall on store forwarding.
#define TG_FP5_OUTPUTS(o)                                                      \
  [r0] "=&r"(o[0]), [r1] "=&r"(o[1]), [r2] "=&r"(o[2]), [r3] "=&r"(o[3]),      \
      [r4] "=&r"(o[4]), [hi] "=&r"(hi), [top] "=&r"(top), [t] "=&r"(t)

// The kernels are always inlined so that their register results stay in
// registers (see mul_plus_fast in fp5.hpp).

/// x y, X^5 = 3; z = 3 y1 .. 3 y4 (any 64-bit values congruent to them).
__attribute__((always_inline)) inline limbs5
mul_asm(const limbs5& x, const limbs5& y, const limbs4& z) {
  limbs5 o;
  uint64_t hi, top, t;
  __asm__(TG_FP5_MUL_BODY(TG_FP5_NO_ADDEND)
          : TG_FP5_OUTPUTS(o)
          : [x0] "rm"(x[0]), [x1] "rm"(x[1]), [x2] "rm"(x[2]), [x3] "rm"(x[3]),
            [x4] "rm"(x[4]), [y0] "rm"(y[0]), [y1] "rm"(y[1]), [y2] "rm"(y[2]),
            [y3] "rm"(y[3]), [y4] "rm"(y[4]), [z0] "rm"(z[0]), [z1] "rm"(z[1]),
            [z2] "rm"(z[2]), [z3] "rm"(z[3])
          : "rax", "rdx", "cc");
  return o;
}

/// x y + c, X^5 = 3; z as for mul_asm, c any 64-bit addends.
__attribute__((always_inline)) inline limbs5 mul_add_asm(const limbs5& x,
                                                         const limbs5& y,
                                                         const limbs4& z,
                                                         const limbs5& c) {
  limbs5 o;
  uint64_t hi, top, t;
  __asm__(TG_FP5_MUL_BODY(TG_FP5_ADDEND)
          : TG_FP5_OUTPUTS(o)
          : [x0] "rm"(x[0]), [x1] "rm"(x[1]), [x2] "rm"(x[2]), [x3] "rm"(x[3]),
            [x4] "rm"(x[4]), [y0] "rm"(y[0]), [y1] "rm"(y[1]), [y2] "rm"(y[2]),
            [y3] "rm"(y[3]), [y4] "rm"(y[4]), [z0] "rm"(z[0]), [z1] "rm"(z[1]),
            [z2] "rm"(z[2]), [z3] "rm"(z[3]), [c0] "rm"(c[0]), [c1] "rm"(c[1]),
            [c2] "rm"(c[2]), [c3] "rm"(c[3]), [c4] "rm"(c[4])
          : "rax", "rdx", "cc");
  return o;
}

/// x^2, X^5 = 3; z = (2 x0, 2 x1, 2 x2, 2 x3, 3 x3, 3 x4) (any 64-bit
/// values congruent to them).
__attribute__((always_inline)) inline limbs5 square_asm(const limbs5& x,
                                                        const limbs6& z) {
  limbs5 o;
  uint64_t hi, top, t;
  __asm__(TG_FP5_SQUARE_BODY
          : TG_FP5_OUTPUTS(o)
          : [x0] "rm"(x[0]), [x1] "rm"(x[1]), [x2] "rm"(x[2]), [x3] "rm"(x[3]),
            [x4] "rm"(x[4]), [z0] "rm"(z[0]), [z1] "rm"(z[1]), [z2] "rm"(z[2]),
            [z3] "rm"(z[3]), [z4] "rm"(z[4]), [z5] "rm"(z[5])
          : "rax", "rdx", "cc");
  return o;
}

#undef TG_FP5_PROD_FIRST
#undef TG_FP5_PROD
#undef TG_FP5_ADDEND
#undef TG_FP5_NO_ADDEND
#undef TG_FP5_REDUCE
#undef TG_FP5_MUL_BODY
#undef TG_FP5_SQUARE_BODY
#undef TG_FP5_OUTPUTS

} // namespace trailgrid::lighter::crypto::detail

#endif
