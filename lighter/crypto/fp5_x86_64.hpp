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
// carry words). These kernels read operands straight from memory, keep each
// 192-bit accumulator in three registers and return the five limbs in
// registers; verification got about 9% faster (fp5 mul 13.8 -> 12.6 ns,
// square 11.5 -> 10.2 ns). Results are returned in registers on purpose: a
// result stored limb by limb and then copied with 16-byte loads stalls on
// store forwarding, which made a first, memory-output version slower than
// the portable code. No branches and no secret-dependent memory access:
// constant time like the portable code.
//
// Define TRAILGRID_NO_ASM to build the portable code on x86-64 too.

#include <array>
#include <cstdint>

// Only in optimised builds: the kernels need 14 general registers, more
// than an unoptimised build (frame pointer, operands on the stack) leaves.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__OPTIMIZE__) &&       \
    !defined(TRAILGRID_NO_ASM)
#define TRAILGRID_FP5_X86_64 1

namespace trailgrid::lighter::crypto::detail {

// Assembly fragments. Named operands: %[x], %[y], %[z], %[c] point at arrays
// of 64-bit words (offsets below are in bytes); the output limb register
// named by `lo` (%[r0] .. %[r4]) with %[hi] and %[top] holds a 192-bit
// accumulator; %[t] is scratch; mulq clobbers rax and rdx.

// acc = u[i] v[j].
#define TG_FP5_PROD_FIRST(lo, u, i, v, j)                                      \
  "movq " i "(%[" u "]), %%rax\n\t"                                            \
  "mulq " j "(%[" v "])\n\t"                                                   \
  "movq %%rax, %[" lo "]\n\t"                                                  \
  "movq %%rdx, %[hi]\n\t"                                                      \
  "xorl %k[top], %k[top]\n\t"

// acc += u[i] v[j].
#define TG_FP5_PROD(lo, u, i, v, j)                                            \
  "movq " i "(%[" u "]), %%rax\n\t"                                            \
  "mulq " j "(%[" v "])\n\t"                                                   \
  "addq %%rax, %[" lo "]\n\t"                                                  \
  "adcq %%rdx, %[hi]\n\t"                                                      \
  "adcq $0, %[top]\n\t"

// acc += c[k].
#define TG_FP5_ADDEND(lo, k)                                                   \
  "addq " k "(%[c]), %[" lo "]\n\t"                                            \
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
  TG_FP5_PROD_FIRST("r0", "x", "0", "y", "0")  /* x0 y0      */ \
  TG_FP5_PROD("r0", "x", "8", "z", "24")       /* 3 x1 y4    */ \
  TG_FP5_PROD("r0", "x", "16", "z", "16")      /* 3 x2 y3    */ \
  TG_FP5_PROD("r0", "x", "24", "z", "8")       /* 3 x3 y2    */ \
  TG_FP5_PROD("r0", "x", "32", "z", "0")       /* 3 x4 y1    */ \
  ADD("r0", "0")                               /* addend c0  */ \
  TG_FP5_REDUCE("r0")                          /* limb 0     */ \
  TG_FP5_PROD_FIRST("r1", "x", "0", "y", "8")  /* x0 y1      */ \
  TG_FP5_PROD("r1", "x", "8", "y", "0")        /* x1 y0      */ \
  TG_FP5_PROD("r1", "x", "16", "z", "24")      /* 3 x2 y4    */ \
  TG_FP5_PROD("r1", "x", "24", "z", "16")      /* 3 x3 y3    */ \
  TG_FP5_PROD("r1", "x", "32", "z", "8")       /* 3 x4 y2    */ \
  ADD("r1", "8")                               /* addend c1  */ \
  TG_FP5_REDUCE("r1")                          /* limb 1     */ \
  TG_FP5_PROD_FIRST("r2", "x", "0", "y", "16") /* x0 y2      */ \
  TG_FP5_PROD("r2", "x", "8", "y", "8")        /* x1 y1      */ \
  TG_FP5_PROD("r2", "x", "16", "y", "0")       /* x2 y0      */ \
  TG_FP5_PROD("r2", "x", "24", "z", "24")      /* 3 x3 y4    */ \
  TG_FP5_PROD("r2", "x", "32", "z", "16")      /* 3 x4 y3    */ \
  ADD("r2", "16")                              /* addend c2  */ \
  TG_FP5_REDUCE("r2")                          /* limb 2     */ \
  TG_FP5_PROD_FIRST("r3", "x", "0", "y", "24") /* x0 y3      */ \
  TG_FP5_PROD("r3", "x", "8", "y", "16")       /* x1 y2      */ \
  TG_FP5_PROD("r3", "x", "16", "y", "8")       /* x2 y1      */ \
  TG_FP5_PROD("r3", "x", "24", "y", "0")       /* x3 y0      */ \
  TG_FP5_PROD("r3", "x", "32", "z", "24")      /* 3 x4 y4    */ \
  ADD("r3", "24")                              /* addend c3  */ \
  TG_FP5_REDUCE("r3")                          /* limb 3     */ \
  TG_FP5_PROD_FIRST("r4", "x", "0", "y", "32") /* x0 y4      */ \
  TG_FP5_PROD("r4", "x", "8", "y", "24")       /* x1 y3      */ \
  TG_FP5_PROD("r4", "x", "16", "y", "16")      /* x2 y2      */ \
  TG_FP5_PROD("r4", "x", "24", "y", "8")       /* x3 y1      */ \
  TG_FP5_PROD("r4", "x", "32", "y", "0")       /* x4 y0      */ \
  ADD("r4", "32")                              /* addend c4  */ \
  TG_FP5_REDUCE("r4")                          /* limb 4     */
// clang-format on

// The five output limbs of x^2 with X^5 = 3, where z = (2 x0, 2 x1, 2 x2,
// 2 x3, 3 x3, 3 x4) (see the portable square for the formulas).
#define TG_FP5_SQUARE_BODY                                                     \
  TG_FP5_PROD_FIRST("r0", "x", "0", "x", "0") /* x0^2 */                       \
  TG_FP5_PROD("r0", "z", "8", "z", "40")      /* 6 x1 x4 */                    \
  TG_FP5_PROD("r0", "z", "16", "z", "32")     /* 6 x2 x3 */                    \
  TG_FP5_REDUCE("r0")                                                          \
  TG_FP5_PROD_FIRST("r1", "z", "0", "x", "8") /* 2 x0 x1 */                    \
  TG_FP5_PROD("r1", "z", "16", "z", "40")     /* 6 x2 x4 */                    \
  TG_FP5_PROD("r1", "x", "24", "z", "32")     /* 3 x3^2 */                     \
  TG_FP5_REDUCE("r1")                                                          \
  TG_FP5_PROD_FIRST("r2", "z", "0", "x", "16") /* 2 x0 x2 */                   \
  TG_FP5_PROD("r2", "x", "8", "x", "8")        /* x1^2 */                      \
  TG_FP5_PROD("r2", "z", "24", "z", "40")      /* 6 x3 x4 */                   \
  TG_FP5_REDUCE("r2")                                                          \
  TG_FP5_PROD_FIRST("r3", "z", "0", "x", "24") /* 2 x0 x3 */                   \
  TG_FP5_PROD("r3", "z", "8", "x", "16")       /* 2 x1 x2 */                   \
  TG_FP5_PROD("r3", "x", "32", "z", "40")      /* 3 x4^2 */                    \
  TG_FP5_REDUCE("r3")                                                          \
  TG_FP5_PROD_FIRST("r4", "z", "0", "x", "32") /* 2 x0 x4 */                   \
  TG_FP5_PROD("r4", "z", "8", "x", "24")       /* 2 x1 x3 */                   \
  TG_FP5_PROD("r4", "x", "16", "x", "16")      /* x2^2 */                      \
  TG_FP5_REDUCE("r4")

using limbs5 = std::array<uint64_t, 5>;
using limbs4 = std::array<uint64_t, 4>;
using limbs6 = std::array<uint64_t, 6>;

// Outputs go to registers, not memory: a result stored limb by limb and
// then copied with wider loads would stall on store forwarding.
#define TG_FP5_OUTPUTS(o)                                                      \
  [r0] "=&r"(o[0]), [r1] "=&r"(o[1]), [r2] "=&r"(o[2]), [r3] "=&r"(o[3]),      \
      [r4] "=&r"(o[4]), [hi] "=&r"(hi), [top] "=&r"(top), [t] "=&r"(t)

/// x y, X^5 = 3; z = 3 y1 .. 3 y4 (any 64-bit values congruent to them).
inline limbs5 mul_asm(const limbs5& x, const limbs5& y, const limbs4& z) {
  limbs5 o;
  uint64_t hi, top, t;
  __asm__(TG_FP5_MUL_BODY(TG_FP5_NO_ADDEND)
          : TG_FP5_OUTPUTS(o)
          : [x] "r"(x.data()), [y] "r"(y.data()), [z] "r"(z.data()), "m"(x),
            "m"(y), "m"(z)
          : "rax", "rdx", "cc");
  return o;
}

/// x y + c, X^5 = 3; z as for mul_asm, c any 64-bit addends.
inline limbs5 mul_add_asm(const limbs5& x, const limbs5& y, const limbs4& z,
                          const limbs5& c) {
  limbs5 o;
  uint64_t hi, top, t;
  __asm__(TG_FP5_MUL_BODY(TG_FP5_ADDEND)
          : TG_FP5_OUTPUTS(o)
          : [x] "r"(x.data()), [y] "r"(y.data()), [z] "r"(z.data()),
            [c] "r"(c.data()), "m"(x), "m"(y), "m"(z), "m"(c)
          : "rax", "rdx", "cc");
  return o;
}

/// x^2, X^5 = 3; z = (2 x0, 2 x1, 2 x2, 2 x3, 3 x3, 3 x4) (any 64-bit
/// values congruent to them).
inline limbs5 square_asm(const limbs5& x, const limbs6& z) {
  limbs5 o;
  uint64_t hi, top, t;
  __asm__(TG_FP5_SQUARE_BODY
          : TG_FP5_OUTPUTS(o)
          : [x] "r"(x.data()), [z] "r"(z.data()), "m"(x), "m"(z)
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
