#include "lighter/crypto/poseidon2.hpp"

namespace trailgrid::lighter::crypto {

namespace {

namespace pc = poseidon2_constants;

// The permutation keeps every lane "lazy": any uint64_t congruent to the
// field element, not necessarily below p (gl::mul_lazy, gl::reduce*_lazy,
// gl::add_lazy). Every helper below accepts lazy inputs and returns a lazy
// output, so the only canonicalisation is the one per lane at the end. None
// of them branches on its inputs.

using gl::mul_lazy;
using gl::reduce96_lazy;

/// x^7 with four products (x^2, x^3, x^4, x^3 x^4), for lazy x.
inline uint64_t sbox(uint64_t x) {
  uint64_t x2 = mul_lazy(x, x);
  uint64_t x3 = mul_lazy(x2, x);
  uint64_t x4 = mul_lazy(x2, x2);
  return mul_lazy(x3, x4);
}

/// out <- M4 z reduced, M4 = circ(2, 3, 1, 1): row i is
/// sum + z_i + 2 z_(i+1) = (z_i + z_(i+1)) + (z_0 + .. + z_3) + z_(i+1),
/// 13 additions with the neighbour sums shared and no doubling. Inputs are
/// below 4 2^64, so the outputs (row sums of M4 are 7) stay below
/// 28 2^64 < 2^69 < 2^96.
inline void m4_reduce(const uint128 z[4], uint64_t* out) {
  uint128 a01 = z[0] + z[1], a12 = z[1] + z[2];
  uint128 a23 = z[2] + z[3], a30 = z[3] + z[0];
  uint128 sum = a01 + a23;
  out[0] = reduce96_lazy(sum + a01 + z[1]);
  out[1] = reduce96_lazy(sum + a12 + z[2]);
  out[2] = reduce96_lazy(sum + a23 + z[3]);
  out[3] = reduce96_lazy(sum + a30 + z[0]);
}

/// External layer M_E = circ(2 M4, M4, M4): block j of the output is
/// M4 (x_j + c) with c the sum of the three input blocks. Summing first keeps
/// only c and one block live (no 12 wide intermediates); lazy inputs are
/// below 2^64, so x_j + c < 4 2^64 (see m4_reduce).
inline void external_linear(poseidon2_state& s) {
  uint128 c[4];
  for (int k = 0; k < 4; ++k)
    c[k] = static_cast<uint128>(s[k]) + s[k + 4] + s[k + 8];
  for (int b = 0; b < 12; b += 4) {
    uint128 z[4];
    for (int k = 0; k < 4; ++k)
      z[k] = c[k] + s[b + k];
    m4_reduce(z, &s[b]);
  }
}

/// Internal layer M_I = J + diag(D): s[i] <- sum(s) + D[i] s[i]. With lazy
/// lanes (< 2^64) and D[i] < p the product is at most
/// (p - 1)(2^64 - 1) < 2^128 - 2^96 and the sum below 12 2^64, so one
/// 128-bit reduction per lane suffices.
inline void internal_linear(poseidon2_state& s) {
  // The sum as a 64-bit word plus a carry count: GCC turns this into add and
  // adc $0, where a uint128 accumulator of zero-extended lanes went through
  // the stack.
  // Lane 0 (the S-box output, the critical path) comes last so the other
  // eleven additions overlap with the S-box.
  uint64_t lo = s[1], hi = 0;
  for (int i = 2; i < 12; ++i)
    hi += __builtin_add_overflow(lo, s[i], &lo);
  hi += __builtin_add_overflow(lo, s[0], &lo);
  uint128 sum = (static_cast<uint128>(hi) << 64) | lo;
  for (int i = 0; i < 12; ++i)
    s[i] = gl::mul_add_lazy(s[i], pc::internal_diag[i], sum);
}

/// Adds a round constant rc < p to a lazy lane (gl::add_lazy's bound).
inline uint64_t add_rc(uint64_t x, uint64_t rc) {
  return gl::add_lazy(x, rc);
}

inline void full_round(poseidon2_state& s, const uint64_t* rc) {
  for (int i = 0; i < 12; ++i)
    s[i] = sbox(add_rc(s[i], rc[i]));
  external_linear(s);
}

inline void partial_round(poseidon2_state& s, uint64_t rc) {
  s[0] = sbox(add_rc(s[0], rc));
  internal_linear(s);
}

} // namespace

void poseidon2_permute(poseidon2_state& s) {
  external_linear(s);
  for (int r = 0; r < 4; ++r)
    full_round(s, pc::external_rc[r]);
  for (int r = 0; r < 22; ++r)
    partial_round(s, pc::internal_rc[r]);
  for (int r = 4; r < 8; ++r)
    full_round(s, pc::external_rc[r]);
  for (auto& x : s)
    x = gl::canon(x);
}

void hash_no_pad(const uint64_t* in, size_t n, uint64_t* out, size_t out_len) {
  poseidon2_state s{};
  for (size_t off = 0; off < n; off += 8) {
    size_t len = n - off < 8 ? n - off : 8;
    for (size_t i = 0; i < len; ++i)
      s[i] = gl::canon(in[off + i]);
    poseidon2_permute(s);
  }
  size_t pos = 0;
  for (size_t i = 0; i < out_len; ++i) {
    if (pos == 8) {
      poseidon2_permute(s);
      pos = 0;
    }
    out[i] = s[pos++];
  }
}

fp5 hash_to_fp5(const uint64_t* in, size_t n) {
  fp5 r;
  hash_no_pad(in, n, r.c.data(), 5);
  return r;
}

fp5 hash_to_fp5(const fp5& a, const fp5& b) {
  uint64_t in[10];
  for (int i = 0; i < 5; ++i) {
    in[i] = a.c[i];
    in[5 + i] = b.c[i];
  }
  return hash_to_fp5(in, 10);
}

} // namespace trailgrid::lighter::crypto
