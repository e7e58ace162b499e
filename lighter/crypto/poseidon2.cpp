#include "lighter/crypto/poseidon2.hpp"

namespace trailgrid::lighter::crypto {

namespace {

namespace pc = poseidon2_constants;

inline uint64_t sbox(uint64_t x) {
  uint64_t x2 = gl::sqr(x);
  uint64_t x3 = gl::mul(x2, x);
  uint64_t x4 = gl::sqr(x2);
  return gl::mul(x3, x4);
}

// M_E = circ(2 M4, M4, M4) with M4 = circ(2, 3, 1, 1); sums stay below
// 28 p < 2^69, so one reduction per element suffices.
inline void external_linear(poseidon2_state& s) {
  uint128 y[12];
  for (int b = 0; b < 12; b += 4) {
    uint128 a0 = s[b], a1 = s[b + 1], a2 = s[b + 2], a3 = s[b + 3];
    uint128 sum = a0 + a1 + a2 + a3;
    y[b] = sum + a0 + 2 * a1;
    y[b + 1] = sum + a1 + 2 * a2;
    y[b + 2] = sum + a2 + 2 * a3;
    y[b + 3] = sum + a3 + 2 * a0;
  }
  for (int k = 0; k < 4; ++k) {
    uint128 col = y[k] + y[k + 4] + y[k + 8];
    s[k] = gl::reduce128(y[k] + col);
    s[k + 4] = gl::reduce128(y[k + 4] + col);
    s[k + 8] = gl::reduce128(y[k + 8] + col);
  }
}

// M_I: s[i] = sum(s) + D[i] s[i]; D[i] s[i] <= (p-1)^2 leaves room for the
// sum (< 12 p) below 2^128.
inline void internal_linear(poseidon2_state& s) {
  uint128 sum = 0;
  for (int i = 0; i < 12; ++i)
    sum += s[i];
  for (int i = 0; i < 12; ++i)
    s[i] = gl::reduce128(sum + static_cast<uint128>(pc::internal_diag[i]) *
                                   s[i]);
}

inline void full_round(poseidon2_state& s, const uint64_t* rc) {
  for (int i = 0; i < 12; ++i)
    s[i] = sbox(gl::add(s[i], rc[i]));
  external_linear(s);
}

} // namespace

void poseidon2_permute(poseidon2_state& s) {
  external_linear(s);
  for (int r = 0; r < 4; ++r)
    full_round(s, pc::external_rc[r]);
  for (int r = 0; r < 22; ++r) {
    s[0] = sbox(gl::add(s[0], pc::internal_rc[r]));
    internal_linear(s);
  }
  for (int r = 4; r < 8; ++r)
    full_round(s, pc::external_rc[r]);
}

void hash_no_pad(const uint64_t* in, size_t n, uint64_t* out,
                 size_t out_len) {
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
