#include "lighter/crypto/ecgfp5.hpp"

#include <vector>

namespace trailgrid::lighter::crypto {

namespace {

// Curve constants: a = 2, b = 263 X. Multiplying by b is a limb shift.
constexpr uint32_t b1 = 263;

inline fp5 mul_b(const fp5& v, uint32_t k) { return mul_small_x(v, k * b1); }

// The tail shared by full and mixed addition (Pornin's formulas for a = 2,
// where the auxiliary constants are alpha = 2, beta = 0).
inline point add_tail(const fp5& t1, const fp5& t2, const fp5& t3,
                      const fp5& t4, const fp5& t5, const fp5& t6) {
  fp5 t7 = t1 + mul_b(t2, 1);
  fp5 t8 = t4 * t7;
  fp5 t9 = t3 * (mul_b(t5, 2) + dbl(t7));
  fp5 t10 = (t4 + dbl(t3)) * (t5 + t7);
  point r;
  r.X = mul_b(t10 - t8, 1);
  r.Z = t8 - t9;
  r.U = t6 * (mul_b(t2, 1) - t1);
  r.T = t8 + t9;
  return r;
}

// Branch-free choice of +-row[|d| - 1] (or the neutral for d = 0) from a
// row of 16 affine multiples: every entry is read.
inline affine_point lookup_ct(const affine_point row[16], int8_t d) {
  uint32_t sign = static_cast<uint32_t>(static_cast<int32_t>(d)) >> 31;
  uint32_t abs = (static_cast<uint32_t>(static_cast<int32_t>(d)) ^
                  (0 - sign)) +
                 sign;
  affine_point r;
  for (uint32_t j = 0; j < 16; ++j) {
    uint64_t m = gl::mask(j + 1 == abs);
    for (int i = 0; i < 5; ++i) {
      r.x.c[i] |= row[j].x.c[i] & m;
      r.u.c[i] |= row[j].u.c[i] & m;
    }
  }
  r.u = select(gl::mask(sign != 0), r.u, -r.u);
  return r;
}

// The same for a window of fractional points.
inline point lookup_ct(const point win[16], int8_t d) {
  uint32_t sign = static_cast<uint32_t>(static_cast<int32_t>(d)) >> 31;
  uint32_t abs = (static_cast<uint32_t>(static_cast<int32_t>(d)) ^
                  (0 - sign)) +
                 sign;
  point r; // neutral when d = 0
  for (uint32_t j = 0; j < 16; ++j) {
    uint64_t m = gl::mask(j + 1 == abs);
    r.X = select(m, r.X, win[j].X);
    r.Z = select(m, r.Z, win[j].Z);
    r.U = select(m, r.U, win[j].U);
    r.T = select(m, r.T, win[j].T);
  }
  r.U = select(gl::mask(sign != 0), r.U, -r.U);
  return r;
}

void fill_window(point out[16], const point& p) {
  out[0] = p;
  for (int i = 1; i < 16; ++i)
    out[i] = (i & 1) ? dbl(out[i >> 1]) : add(out[i - 1], p);
}

// Converts points to affine with one inversion (Montgomery's trick on
// Z T): x = X T / (Z T), u = U Z / (Z T).
void to_affine(const std::vector<point>& in, affine_point* out) {
  size_t n = in.size();
  std::vector<fp5> prefix(n);
  fp5 acc = fp5::one();
  for (size_t i = 0; i < n; ++i) {
    prefix[i] = acc;
    acc = acc * (in[i].Z * in[i].T);
  }
  fp5 inv = inverse(acc);
  for (size_t i = n; i-- > 0;) {
    fp5 zt = in[i].Z * in[i].T;
    fp5 m = inv * prefix[i]; // 1 / (Z T) of point i
    inv = inv * zt;
    out[i].x = in[i].X * in[i].T * m;
    out[i].u = in[i].U * in[i].Z * m;
  }
}

// j 32^i G for i in [0, 64), j in [1, 16], affine: 80 KiB built once.
struct generator_table {
  affine_point t[64][16];
  generator_table() {
    std::vector<point> all;
    all.reserve(64 * 16);
    point base = point::generator();
    point win[16];
    for (int i = 0; i < 64; ++i) {
      fill_window(win, base);
      all.insert(all.end(), win, win + 16);
      base = dbl(win[15]);
    }
    to_affine(all, &t[0][0]);
  }
};

const generator_table& gen_table() {
  static const generator_table table;
  return table;
}

inline point add_signed_vartime(const point& acc, const point win[16],
                                int8_t d) {
  if (d > 0)
    return add(acc, win[d - 1]);
  return add(acc, negate(win[-d - 1]));
}

point add_generator_part_vartime(point acc, const scalar& s) {
  int8_t ds[64];
  recode_signed5(s, ds);
  const auto& tab = gen_table();
  for (int i = 0; i < 64; ++i) {
    int8_t d = ds[i];
    if (d > 0)
      acc = add(acc, tab.t[i][d - 1]);
    else if (d < 0)
      acc = add(acc, affine_point{tab.t[i][-d - 1].x, -tab.t[i][-d - 1].u});
  }
  return acc;
}

} // namespace

const point& point::generator() {
  static const point g = *decode(fp5::from_u64(4));
  return g;
}

point add(const point& p, const point& q) {
  fp5 t1 = p.X * q.X;
  fp5 t2 = p.Z * q.Z;
  fp5 t3 = p.U * q.U;
  fp5 t4 = p.T * q.T;
  fp5 t5 = (p.X + p.Z) * (q.X + q.Z) - t1 - t2;
  fp5 t6 = (p.U + p.T) * (q.U + q.T) - t3 - t4;
  return add_tail(t1, t2, t3, t4, t5, t6);
}

point add(const point& p, const affine_point& q) {
  fp5 t1 = p.X * q.x;
  fp5 t3 = p.U * q.u;
  fp5 t5 = p.X + q.x * p.Z;
  fp5 t6 = p.U + q.u * p.T;
  return add_tail(t1, p.Z, t3, p.T, t5, t6);
}

point negate(const point& p) { return point{p.X, p.Z, -p.U, p.T}; }

point dbl(const point& p) {
  fp5 t1 = p.Z * p.T;
  fp5 t2 = t1 * p.T;
  fp5 x1 = square(t2);
  fp5 z1 = t1 * p.U;
  fp5 t3 = square(p.U);
  fp5 w1 = t2 - dbl(p.X + p.Z) * t3;
  fp5 t4 = square(z1);
  point r;
  r.X = mul_b(t4, 4);
  r.Z = square(w1);
  r.U = square(w1 + z1) - t4 - r.Z;
  r.T = dbl(x1) - mul_small(t4, 4) - r.Z;
  return r;
}

point mdouble(const point& p, int n) {
  if (n <= 0)
    return p;
  if (n == 1)
    return dbl(p);
  // First doubling into the (X, W, Z) intermediate representation.
  fp5 t1 = p.Z * p.T;
  fp5 t2 = t1 * p.T;
  fp5 x1 = square(t2);
  fp5 z1 = t1 * p.U;
  fp5 t3 = square(p.U);
  fp5 w1 = t2 - dbl(p.X + p.Z) * t3;
  fp5 t4 = square(w1);
  fp5 t5 = square(z1);
  fp5 X = mul_b(square(t5), 16);
  fp5 W = dbl(x1) - mul_small(t5, 4) - t4;
  fp5 Z = square(w1 + z1) - t4 - t5;
  for (int i = 2; i < n; ++i) {
    t1 = square(Z);
    t2 = square(t1);
    t3 = square(W);
    t4 = square(t3);
    t5 = square(W + Z) - t1 - t3;
    Z = t5 * (dbl(X + t1) - t3);
    X = mul_b(t2 * t4, 16);
    W = mul_small(t2, 4) - t4 - mul_b(t2, 4); // -t4 - t2 (4b - 4)
  }
  // Last doubling back to (X:Z:U:T).
  t1 = square(W);
  t2 = square(Z);
  t3 = square(W + Z) - t1 - t2;
  w1 = t1 - dbl(X + t2);
  point r;
  r.X = mul_b(square(t3), 1);
  r.Z = square(w1);
  r.U = t3 * w1;
  r.T = dbl(t1) * (t1 - dbl(t2)) - r.Z;
  return r;
}

bool equals(const point& p, const point& q) { return p.U * q.T == q.U * p.T; }

fp5 encode(const point& p) { return p.T * inverse(p.U); }

std::optional<point> decode(const fp5& w) {
  // With w = y/x the curve equation becomes x^2 - (w^2 - a) x + b = 0;
  // when the discriminant is a square exactly one root is a square. The
  // group elements are the points whose x is NOT a square (the points with
  // square x are the n-torsion representatives the Weierstrass route uses).
  fp5 e = square(w) - fp5::from_u64(2);
  fp5 delta = square(e) - mul_b(fp5::one(), 4);
  auto r = sqrt(delta);
  if (!r) {
    if (is_zero_mask(w))
      return point::neutral();
    return std::nullopt;
  }
  fp5 x1 = half(e + *r);
  fp5 x2 = half(e - *r);
  fp5 x = legendre(x1) == 1 ? x2 : x1;
  return point{x, fp5::one(), fp5::one(), w};
}

point mul(const point& p, const scalar& k) {
  point win[16];
  fill_window(win, p);
  int8_t d[64];
  recode_signed5(k, d);
  point acc = lookup_ct(win, d[63]);
  for (int i = 62; i >= 0; --i) {
    acc = mdouble(acc, 5);
    acc = add(acc, lookup_ct(win, d[i]));
  }
  return acc;
}

point mul_generator(const scalar& k) {
  int8_t d[64];
  recode_signed5(k, d);
  const auto& tab = gen_table();
  point acc;
  for (int i = 0; i < 64; ++i)
    acc = add(acc, lookup_ct(tab.t[i], d[i]));
  return acc;
}

point_window::point_window(const point& p) { fill_window(m, p); }

point mul_add_vartime(const point_window& q, const scalar& s,
                      const scalar& e) {
  int8_t de[64];
  recode_signed5(e, de);
  point acc;
  if (de[63] != 0)
    acc = add_signed_vartime(acc, q.m, de[63]);
  for (int i = 62; i >= 0; --i) {
    acc = mdouble(acc, 5);
    if (de[i] != 0)
      acc = add_signed_vartime(acc, q.m, de[i]);
  }
  return add_generator_part_vartime(acc, s);
}

point mul_add_vartime(const point& q, const scalar& s, const scalar& e) {
  return mul_add_vartime(point_window(q), s, e);
}

} // namespace trailgrid::lighter::crypto
