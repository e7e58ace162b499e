#include "lighter/crypto/scalar.hpp"

#include <cstring>

namespace trailgrid::lighter::crypto {

// n = 1067993516717146951041484916571792702745057740581727230159139685185
//     762082554198619328292418486241 (checked against the vector file).
const std::array<uint64_t, 5> group_order = {
  0xE80FD996948BFFE1ULL, 0xE8885C39D724A09CULL, 0x7FFFFFE6CFB80639ULL,
  0x7FFFFFF100000016ULL, 0x7FFFFFFD80000007ULL};

namespace {

using limbs = std::array<uint64_t, 5>;

// 2^640 mod n, for converting into and out of Montgomery form.
constexpr limbs r2 = {0xA01001DCE33DC739ULL, 0x6C3228D33F62ACCFULL,
                      0xD1D796CC91CF8525ULL, 0xAADFFF5D1574C1D8ULL,
                      0x4ACA13B28CA251F5ULL};
// -1/n mod 2^64.
constexpr uint64_t n0inv = 0xD78BEF72057B7BDFULL;

inline uint64_t mask(bool b) { return 0 - static_cast<uint64_t>(b); }

// r = a - b (5 limbs); returns the final borrow (0 or 1).
inline uint64_t sub5(limbs& r, const limbs& a, const limbs& b) {
  uint64_t borrow = 0;
  for (int i = 0; i < 5; ++i) {
    uint128 d = static_cast<uint128>(a[i]) - b[i] - borrow;
    r[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

// Subtracts n when a (plus an extra high bit `hi`) is >= n.
inline limbs cond_sub_n(const limbs& a, uint64_t hi) {
  limbs d;
  uint64_t borrow = sub5(d, a, group_order);
  uint64_t take = mask((hi != 0) | (borrow == 0));
  limbs r;
  for (int i = 0; i < 5; ++i)
    r[i] = a[i] ^ (take & (a[i] ^ d[i]));
  return r;
}

// Montgomery product a b 2^-320 mod n for a, b < n (CIOS, constant time).
limbs mont_mul(const limbs& a, const limbs& b) {
  uint64_t t[7] = {0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    uint64_t c = 0;
    for (int j = 0; j < 5; ++j) {
      uint128 x = static_cast<uint128>(a[j]) * b[i] + t[j] + c;
      t[j] = static_cast<uint64_t>(x);
      c = static_cast<uint64_t>(x >> 64);
    }
    uint128 x = static_cast<uint128>(t[5]) + c;
    t[5] = static_cast<uint64_t>(x);
    t[6] = static_cast<uint64_t>(x >> 64);
    uint64_t m = t[0] * n0inv;
    x = static_cast<uint128>(m) * group_order[0] + t[0];
    c = static_cast<uint64_t>(x >> 64);
    for (int j = 1; j < 5; ++j) {
      x = static_cast<uint128>(m) * group_order[j] + t[j] + c;
      t[j - 1] = static_cast<uint64_t>(x);
      c = static_cast<uint64_t>(x >> 64);
    }
    x = static_cast<uint128>(t[5]) + c;
    t[4] = static_cast<uint64_t>(x);
    t[5] = t[6] + static_cast<uint64_t>(x >> 64);
  }
  return cond_sub_n({t[0], t[1], t[2], t[3], t[4]}, t[5]);
}

limbs load40(const uint8_t in[40]) {
  limbs r{};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 8; ++j)
      r[i] |= static_cast<uint64_t>(in[8 * i + j]) << (8 * j);
  return r;
}

// Reduces any value < 2^320 (< 3n since n > 2^318.99).
limbs reduce320(const limbs& a) { return cond_sub_n(cond_sub_n(a, 0), 0); }

} // namespace

scalar scalar::from_bytes_reduce(const uint8_t in[40]) {
  return scalar{reduce320(load40(in))};
}

std::optional<scalar> scalar::from_bytes_canonical(const uint8_t in[40]) {
  limbs a = load40(in);
  limbs d;
  if (sub5(d, a, group_order) == 0)
    return std::nullopt;
  return scalar{a};
}

scalar scalar::from_wide_reduce(const uint8_t in[64]) {
  // in = lo + 2^320 hi with hi < 2^192 < n; hi 2^320 = mont_mul(hi, 2^640).
  uint8_t hi_bytes[40] = {};
  std::memcpy(hi_bytes, in + 40, 24);
  scalar lo{reduce320(load40(in))};
  scalar hi{mont_mul(load40(hi_bytes), r2)};
  return lo + hi;
}

scalar scalar::from_fp5(const fp5& e) { return scalar{reduce320(e.c)}; }

void scalar::to_bytes(uint8_t out[40]) const {
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 8; ++j)
      out[8 * i + j] = static_cast<uint8_t>(v[i] >> (8 * j));
}

bool scalar::is_zero() const {
  return (v[0] | v[1] | v[2] | v[3] | v[4]) == 0;
}

scalar operator+(const scalar& a, const scalar& b) {
  limbs s;
  uint64_t carry = 0;
  for (int i = 0; i < 5; ++i) {
    uint128 x = static_cast<uint128>(a.v[i]) + b.v[i] + carry;
    s[i] = static_cast<uint64_t>(x);
    carry = static_cast<uint64_t>(x >> 64);
  }
  return scalar{cond_sub_n(s, carry)};
}

scalar operator-(const scalar& a, const scalar& b) {
  limbs d;
  uint64_t borrow = sub5(d, a.v, b.v);
  // On borrow add n back.
  uint64_t m = mask(borrow != 0);
  uint64_t carry = 0;
  for (int i = 0; i < 5; ++i) {
    uint128 x = static_cast<uint128>(d[i]) + (group_order[i] & m) + carry;
    d[i] = static_cast<uint64_t>(x);
    carry = static_cast<uint64_t>(x >> 64);
  }
  return scalar{d};
}

scalar operator-(const scalar& a) { return scalar{} - a; }

scalar operator*(const scalar& a, const scalar& b) {
  return scalar{mont_mul(mont_mul(a.v, b.v), r2)};
}

scalar inverse(const scalar& a) {
  // Square-and-multiply in Montgomery form over the public exponent n - 2.
  limbs e = group_order;
  e[0] -= 2; // n is odd and its low limb is > 2
  limbs one_m = mont_mul({1, 0, 0, 0, 0}, r2); // 2^320 mod n
  limbs am = mont_mul(a.v, r2);
  limbs acc = one_m;
  for (int i = 319; i >= 0; --i) {
    acc = mont_mul(acc, acc);
    if ((e[i / 64] >> (i % 64)) & 1)
      acc = mont_mul(acc, am);
  }
  return scalar{mont_mul(acc, {1, 0, 0, 0, 0})};
}

void recode_signed5(const scalar& k, int8_t digits[64]) {
  uint32_t carry = 0;
  for (int i = 0; i < 64; ++i) {
    int bit = 5 * i;
    int limb = bit >> 6;
    int off = bit & 63;
    uint64_t w = k.v[limb] >> off;
    if (off > 59 && limb < 4)
      w |= k.v[limb + 1] << (64 - off); // public loop indices only
    uint32_t x = static_cast<uint32_t>(w & 31) + carry;
    // x in [0, 32]; digits above 16 become x - 32 with a carry.
    carry = (16 - x) >> 31;
    digits[i] = static_cast<int8_t>(static_cast<int32_t>(x) -
                                    static_cast<int32_t>(carry << 5));
  }
}

void wipe(scalar& s) {
  volatile uint64_t* p = s.v.data();
  for (int i = 0; i < 5; ++i)
    p[i] = 0;
}

} // namespace trailgrid::lighter::crypto
