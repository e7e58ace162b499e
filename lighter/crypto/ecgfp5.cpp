#include "lighter/crypto/ecgfp5.hpp"

#include <algorithm>
#include <vector>

namespace trailgrid::lighter::crypto {

namespace {

// Curve constants: a = 2, b = 263 X. Multiplying by b is a limb shift.
constexpr uint32_t b1 = 263;

inline fp5 mul_b(const fp5& v, uint32_t k) {
  return mul_small_x(v, k * b1);
}

// Linear combinations with small constants, one reduction per limb: f(i)
// returns limb i of the combination as a 128-bit sum below 2^96. This
// replaces chains of fp5 additions, subtractions and constant
// multiplications (each of which reduces every limb) in the formulas.
template <class F>
inline fp5 limbwise(F f) {
  fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = gl::reduce96(f(i));
  return r;
}

// k v_i as a 128-bit term.
inline uint128 k_(uint64_t k, uint64_t v) {
  return static_cast<uint128>(v) * k;
}

// Limb i of k X v (X^5 = 3): the previous limb, times 3 when it wraps.
inline uint128 kx_(uint64_t k, const fp5& v, int i) {
  return i == 0 ? k_(3 * k, v.c[4]) : k_(k, v.c[i - 1]);
}

// p - v_i: congruent to -v_i, in [1, p] so it fits any sum above.
inline uint64_t ng(const fp5& v, int i) {
  return gl::p - v.c[i];
}

// Limb i of k X (-v).
inline uint128 nkx_(uint64_t k, const fp5& v, int i) {
  return i == 0 ? k_(3 * k, ng(v, 4)) : k_(k, ng(v, i - 1));
}

// The tail shared by full and mixed addition (Pornin's formulas for a = 2,
// where the auxiliary constants are alpha = 2, beta = 0). In each product
// the operand that is ready later comes first: the limbs of the second
// operand are scaled by 3 before the products start (see mul_plus), which
// then happens off the critical path of a chain of additions.
inline point add_tail(const fp5& t1, const fp5& t2, const fp5& t3,
                      const fp5& t4, const fp5& t5, const fp5& t6) {
  // t7 = t1 + b t2
  fp5 t7 = limbwise([&](int i) { return t1.c[i] + kx_(b1, t2, i); });
  fp5 t8 = t7 * t4;
  // t9 = t3 (2 b t5 + 2 t7)
  fp5 t9 =
      limbwise([&](int i) { return kx_(2 * b1, t5, i) + k_(2, t7.c[i]); }) * t3;
  // t10 = (t4 + 2 t3) (t5 + t7)
  fp5 t10 =
      (t5 + t7) * limbwise([&](int i) { return t4.c[i] + k_(2, t3.c[i]); });
  point r;
  r.X = limbwise([&](int i) { return kx_(b1, t10, i) + nkx_(b1, t8, i); });
  r.Z = t8 - t9;
  // U = t6 (b t2 - t1)
  r.U = limbwise([&](int i) { return kx_(b1, t2, i) + ng(t1, i); }) * t6;
  r.T = t8 + t9;
  return r;
}

// Branch-free choice of +-row[|d| - 1] (or the neutral for d = 0) from a
// row of 16 affine multiples: every entry is read.
inline affine_point lookup_ct(const affine_point row[16], int8_t d) {
  uint32_t sign = static_cast<uint32_t>(static_cast<int32_t>(d)) >> 31;
  uint32_t abs =
      (static_cast<uint32_t>(static_cast<int32_t>(d)) ^ (0 - sign)) + sign;
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
  uint32_t abs =
      (static_cast<uint32_t>(static_cast<int32_t>(d)) ^ (0 - sign)) + sign;
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

// Converts n points to affine with one inversion (Montgomery's trick on
// Z T): x = X T / (Z T), u = U Z / (Z T). scratch holds n elements.
void to_affine(const point* in, size_t n, affine_point* out, fp5* scratch) {
  fp5 acc = fp5::one();
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = acc; // product of Z T over the points before i
    acc = acc * (in[i].Z * in[i].T);
  }
  fp5 inv = inverse(acc);
  for (size_t i = n; i-- > 0;) {
    fp5 m = inv * scratch[i]; // 1 / (Z T) of point i
    inv = inv * (in[i].Z * in[i].T);
    out[i].x = in[i].X * (in[i].T * m);
    out[i].u = in[i].U * (in[i].Z * m);
  }
}

void to_affine(const std::vector<point>& in, affine_point* out) {
  std::vector<fp5> scratch(in.size());
  to_affine(in.data(), in.size(), out, scratch.data());
}

const fixed_base_table& gen_table() {
  static const fixed_base_table table(point::generator());
  return table;
}

// wNAF width for the generator in verification: the odd multiples
// G, 3G, ..., (2^(w-1) - 1) G in affine form (2^(w-2) points, 40 KiB for
// w = 11), built once.
constexpr int gen_wnaf_width = 12;
constexpr size_t gen_odd_count = size_t{1} << (gen_wnaf_width - 2);

struct generator_odd_table {
  std::vector<affine_point> m;
  generator_odd_table() : m(gen_odd_count) {
    std::vector<point> pts(gen_odd_count);
    point g = point::generator();
    point g2 = dbl(g);
    pts[0] = g;
    for (size_t i = 1; i < gen_odd_count; ++i)
      pts[i] = add(pts[i - 1], g2);
    to_affine(pts, m.data());
  }
};

const generator_odd_table& gen_odd_table() {
  static const generator_odd_table table;
  return table;
}

// count (<= 24) bits of k starting at bit pos; bits from 320 up are zero.
inline uint32_t bits_at(const scalar& k, int pos, int count) {
  int limb = pos >> 6, off = pos & 63;
  uint64_t w = limb < 5 ? k.v[limb] >> off : 0;
  if (off + count > 64 && limb + 1 < 5) w |= k.v[limb + 1] << (64 - off);
  return static_cast<uint32_t>(w) & ((uint32_t{1} << count) - 1);
}

// Width-w NAF of k (variable time): digits[i] odd in (-2^(w-1), 2^(w-1))
// or zero, at most one non-zero digit in any w consecutive positions.
// Returns the number of digits (index of the top one + 1). Scans for set
// bits and reads a whole window at a time, carrying into the next window.
int wnaf(const scalar& k, int w, int16_t digits[322]) {
  constexpr int max_digits = 322;
  for (int i = 0; i < max_digits; ++i)
    digits[i] = 0;
  int len = 0;
  uint32_t carry = 0;
  for (int bit = 0; bit < max_digits;) {
    if (bits_at(k, bit, 1) == carry) {
      ++bit;
      continue;
    }
    int now = std::min(w, max_digits - bit);
    int32_t word = static_cast<int32_t>(bits_at(k, bit, now) + carry);
    carry = static_cast<uint32_t>(word >> (w - 1)) & 1;
    word -= static_cast<int32_t>(carry << w);
    digits[bit] = static_cast<int16_t>(word);
    len = bit + 1;
    bit += now;
  }
  return len;
}

// Adds the G part s G from the fixed-base generator table.
point add_fixed_part_vartime(point acc, const fixed_base_table& tab,
                             const scalar& s) {
  int8_t ds[64];
  recode_signed5(s, ds);
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
  // The affine (table) operand second: its wrap-around limbs are scaled by
  // 3 before the product, off the critical path of a chain of additions.
  fp5 t5 = mul_add(p.Z, q.x, p.X);
  fp5 t6 = mul_add(p.T, q.u, p.U);
  return add_tail(t1, p.Z, t3, p.T, t5, t6);
}

point negate(const point& p) {
  return point{p.X, p.Z, -p.U, p.T};
}

// The start of a doubling shared by dbl and mdouble (Pornin, a = 2):
// with t1 = Z T, t2 = t1 T: x1 = t2^2, z1 = t1 U and
// w1 = t2 - 2 (X + Z) U^2.
struct dbl_start {
  fp5 x1, z1, w1;
  explicit dbl_start(const point& p) {
    fp5 t1 = p.Z * p.T;
    fp5 t2 = t1 * p.T;
    x1 = square(t2);
    z1 = t1 * p.U;
    fp5 m2s =
        limbwise([&](int i) { return k_(2, ng(p.X, i)) + k_(2, ng(p.Z, i)); });
    w1 = mul_add(m2s, square(p.U), t2);
  }
};

point dbl(const point& p) {
  dbl_start d(p);
  fp5 t4 = square(d.z1);
  point r;
  r.X = limbwise([&](int i) { return kx_(4 * b1, t4, i); });
  r.Z = square(d.w1);
  r.U = dbl(d.w1 * d.z1); // (w1 + z1)^2 - t4 - Z
  // T = 2 x1 - 4 t4 - Z
  r.T = limbwise(
      [&](int i) { return k_(2, d.x1.c[i]) + k_(4, ng(t4, i)) + ng(r.Z, i); });
  return r;
}

point mdouble(const point& p, int n) {
  if (n <= 0) return p;
  if (n == 1) return dbl(p);
  // First doubling into the (X, W, Z) intermediate representation.
  dbl_start d(p);
  fp5 t4 = square(d.w1);
  fp5 t5 = square(d.z1);
  fp5 t5s = square(t5);
  fp5 X = limbwise([&](int i) { return kx_(16 * b1, t5s, i); });
  // W = 2 x1 - 4 t5 - t4, Z = (w1 + z1)^2 - t4 - t5 = 2 w1 z1.
  fp5 W = limbwise(
      [&](int i) { return k_(2, d.x1.c[i]) + k_(4, ng(t5, i)) + ng(t4, i); });
  fp5 Z = dbl(d.w1 * d.z1);
  for (int i = 2; i < n; ++i) {
    fp5 t1 = square(Z);
    fp5 t2 = square(t1);
    fp5 t3 = square(W);
    fp5 t4b = square(t3);
    // Z' = t5 (2 (X + t1) - t3) with t5 = (W + Z)^2 - t1 - t3 = 2 W Z.
    fp5 m = limbwise([&](int j) {
      return k_(4, X.c[j]) + k_(4, t1.c[j]) + k_(2, ng(t3, j));
    });
    Z = (W * Z) * m;
    fp5 t24 = t2 * t4b;
    X = limbwise([&](int j) { return kx_(16 * b1, t24, j); });
    // W' = 4 t2 - t4 - 4 b t2
    W = limbwise([&](int j) {
      return k_(4, t2.c[j]) + ng(t4b, j) + nkx_(4 * b1, t2, j);
    });
  }
  // Last doubling back to (X:Z:U:T).
  fp5 t1 = square(W);
  fp5 t2 = square(Z);
  fp5 t3 = dbl(W * Z); // (W + Z)^2 - t1 - t2
  fp5 w1 = limbwise(
      [&](int i) { return t1.c[i] + k_(2, ng(X, i)) + k_(2, ng(t2, i)); });
  point r;
  r.X = mul_b(square(t3), 1);
  r.Z = square(w1);
  r.U = t3 * w1;
  // T = 2 t1 (t1 - 2 t2) - Z
  r.T =
      mul_sub(dbl(t1),
              limbwise([&](int i) { return t1.c[i] + k_(2, ng(t2, i)); }), r.Z);
  return r;
}

bool equals(const point& p, const point& q) {
  return p.U * q.T == q.U * p.T;
}

fp5 encode(const point& p) {
  return p.T * inverse(p.U);
}

std::optional<point> decode(const fp5& w) {
  // With w = y/x the curve equation becomes x^2 - (w^2 - a) x + b = 0;
  // when the discriminant is a square exactly one root is a square. The
  // group elements are the points whose x is NOT a square (the points with
  // square x are the n-torsion representatives the Weierstrass route uses).
  fp5 e = square(w) - fp5::from_u64(2);
  fp5 delta = square(e) - mul_b(fp5::one(), 4);
  auto r = sqrt(delta);
  if (!r) {
    if (is_zero_mask(w)) return point::neutral();
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

fixed_base_table::fixed_base_table(const point& p) {
  std::vector<point> all;
  all.reserve(64 * 16);
  point base = p;
  point win[16];
  for (int i = 0; i < 64; ++i) {
    fill_window(win, base);
    all.insert(all.end(), win, win + 16);
    base = dbl(win[15]);
  }
  to_affine(all, &t[0][0]);
}

point mul_fixed(const fixed_base_table& p, const scalar& k) {
  int8_t d[64];
  recode_signed5(k, d);
  point acc;
  for (int i = 0; i < 64; ++i)
    acc = add(acc, lookup_ct(p.t[i], d[i]));
  return acc;
}

point mul_generator(const scalar& k) {
  return mul_fixed(gen_table(), k);
}

point_window::point_window(const point& p) {
  point pts[8];
  point p2 = dbl(p);
  pts[0] = p;
  for (int i = 1; i < 8; ++i)
    pts[i] = add(pts[i - 1], p2);
  fp5 scratch[8];
  to_affine(pts, 8, m, scratch);
}

namespace {

// acc + d P for an odd wNAF digit d != 0 from a table of odd multiples.
inline point add_digit(const point& acc, const affine_point* odd, int d) {
  if (d > 0) return add(acc, odd[d >> 1]);
  const auto& t = odd[(-d) >> 1];
  return add(acc, affine_point{t.x, -t.u});
}

} // namespace

point mul_add_vartime(const point_window& q, const scalar& s, const scalar& e) {
  // One shared doubling chain (Straus): runs of doublings between
  // non-zero digits use the cheaper multi-doubling formulas.
  int16_t de[322], ds[322];
  int top = std::max(wnaf(e, 5, de), wnaf(s, gen_wnaf_width, ds));
  const affine_point* godd = gen_odd_table().m.data();
  point acc;
  bool started = false;
  int pending = 0;
  for (int i = top - 1; i >= 0; --i) {
    if (started) ++pending;
    if (de[i] == 0 && ds[i] == 0) continue;
    if (pending != 0) {
      acc = mdouble(acc, pending);
      pending = 0;
    }
    if (de[i] != 0) acc = add_digit(acc, q.m, de[i]);
    if (ds[i] != 0) acc = add_digit(acc, godd, ds[i]);
    started = true;
  }
  if (pending != 0) acc = mdouble(acc, pending);
  return acc;
}

point mul_add_vartime(const fixed_base_table& q, const scalar& s,
                      const scalar& e) {
  return add_fixed_part_vartime(add_fixed_part_vartime(point{}, q, e),
                                gen_table(), s);
}

point mul_add_vartime(const point& q, const scalar& s, const scalar& e) {
  return mul_add_vartime(point_window(q), s, e);
}

} // namespace trailgrid::lighter::crypto
