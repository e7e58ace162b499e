#pragma once

// The ECgFp5 group (Pornin): curve y^2 = x (x^2 + 2 x + 263 X) over GF(p^5),
// a prime-order group of order n. Points use fractional (x, u = x/y)
// coordinates (X:Z:U:T) with complete formulas, so no input needs a special
// case. A point is encoded as the single field element w = 1/u (0 for the
// neutral); the generator encodes to w = 4.

#include "lighter/crypto/fp5.hpp"
#include "lighter/crypto/scalar.hpp"

#include <optional>

namespace trailgrid::lighter::crypto {

/// A group element in fractional coordinates: x = X/Z, u = U/T.
struct point {
  fp5 X = fp5::zero();
  fp5 Z = fp5::one();
  fp5 U = fp5::zero();
  fp5 T = fp5::one();

  /// The neutral element (x, u) = (0, 0).
  static point neutral() { return point{}; }
  /// The conventional generator (encoding w = 4).
  static const point& generator();
};

/// A group element in affine (x, u) coordinates (neutral = (0, 0)).
struct affine_point {
  fp5 x = fp5::zero();
  fp5 u = fp5::zero();
};

/// P + Q (complete, 10 multiplications).
point add(const point& p, const point& q);
/// P + Q for an affine Q (complete, 8 multiplications).
point add(const point& p, const affine_point& q);
/// -P.
point negate(const point& p);
/// 2P.
point dbl(const point& p);
/// 2^n P; cheaper per doubling than n calls of dbl.
point mdouble(const point& p, int n);
/// True when P and Q are the same group element.
bool equals(const point& p, const point& q);

/// The encoding w = 1/u of P (0 for the neutral).
fp5 encode(const point& p);
/// Decodes w; nothing when w is not a valid encoding (variable time).
std::optional<point> decode(const fp5& w);

/// k P, constant time in k (5-bit signed windows).
point mul(const point& p, const scalar& k);
/// k G with the precomputed generator table, constant time in k.
point mul_generator(const scalar& k);
/// s G + e Q for public s, e and Q (variable time; signature checks).
point mul_add_vartime(const point& q, const scalar& s, const scalar& e);

/// The odd multiples P, 3P, ..., 15P of a point in affine form (one shared
/// inversion), for variable-time wNAF multiplication (signature checks).
struct point_window {
  affine_point m[8];
  /// Builds the window for P.
  explicit point_window(const point& p);
};

/// s G + e Q with a precomputed window of Q (variable time; interleaved
/// width-5 wNAF for Q and a wider wNAF over a static affine table for G,
/// sharing one chain of doublings).
point mul_add_vartime(const point_window& q, const scalar& s, const scalar& e);

/// All multiples j 32^i P (i < 64, 1 <= j <= 16) of a fixed point in affine
/// form (80 KiB): a multiplication is 64 mixed additions and no doubling.
struct fixed_base_table {
  affine_point t[64][16];
  /// Builds the table for P (about 1000 additions and one inversion).
  explicit fixed_base_table(const point& p);
};

/// k P from P's fixed-base table, constant time in k.
point mul_fixed(const fixed_base_table& p, const scalar& k);

/// s G + e Q from Q's fixed-base table (variable time, no doublings).
point mul_add_vartime(const fixed_base_table& q, const scalar& s,
                      const scalar& e);

} // namespace trailgrid::lighter::crypto
