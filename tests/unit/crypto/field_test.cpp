#define CAF_SUITE field
#include "caf/test/unit_test.hpp"

#include "lighter/crypto/fp5.hpp"
#include "lighter/crypto/goldilocks.hpp"

#include "vectors.hpp"

#include <random>

using namespace trailgrid;
using namespace trailgrid::lighter::crypto;

namespace {

constexpr uint64_t p = gl::p;

// Slow reference: (a * b) mod p through 128-bit division.
uint64_t ref_mul(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<uint128>(a) * b % p);
}

fp5 random_fp5(std::mt19937_64& rng) {
  fp5 r;
  for (auto& c : r.c)
    c = rng() % p;
  return r;
}

} // namespace

CAF_TEST(goldilocks reduction handles the extreme inputs) {
  CAF_CHECK_EQUAL(gl::canon(p), 0u);
  CAF_CHECK_EQUAL(gl::canon(p - 1), p - 1);
  CAF_CHECK_EQUAL(gl::canon(~uint64_t{0}), ~uint64_t{0} - p);
  CAF_CHECK_EQUAL(gl::reduce128(static_cast<uint128>(~uint64_t{0})),
                  ~uint64_t{0} - p);
  uint128 all_ones = ~static_cast<uint128>(0);
  CAF_CHECK_EQUAL(gl::reduce128(all_ones), static_cast<uint64_t>(all_ones % p));
  CAF_CHECK_EQUAL(gl::mul(p - 1, p - 1), 1u);
  CAF_CHECK_EQUAL(gl::add(p - 1, 1), 0u);
  CAF_CHECK_EQUAL(gl::add(p - 1, p - 1), p - 2);
  CAF_CHECK_EQUAL(gl::sub(0, 1), p - 1);
  CAF_CHECK_EQUAL(gl::neg(0), 0u);
  CAF_CHECK_EQUAL(gl::neg(1), p - 1);
  // 2^64 = 2^32 - 1 and 2^96 = -1 modulo p.
  CAF_CHECK_EQUAL(gl::reduce128(static_cast<uint128>(1) << 64), gl::eps);
  CAF_CHECK_EQUAL(gl::reduce128(static_cast<uint128>(1) << 96), p - 1);
}

CAF_TEST(goldilocks multiplication matches a slow reference) {
  std::mt19937_64 rng(7);
  uint64_t edge[] = {0,
                     1,
                     2,
                     gl::eps,
                     gl::eps + 1,
                     p - 2,
                     p - 1,
                     uint64_t{1} << 63,
                     (uint64_t{1} << 32) + 1};
  for (uint64_t a : edge)
    for (uint64_t b : edge)
      CAF_CHECK_EQUAL(gl::mul(a, b), ref_mul(a, b));
  for (int i = 0; i < 2000; ++i) {
    uint64_t a = rng() % p, b = rng() % p;
    CAF_REQUIRE_EQUAL(gl::mul(a, b), ref_mul(a, b));
    CAF_REQUIRE_EQUAL(gl::add(a, b),
                      static_cast<uint64_t>((uint128{a} + b) % p));
    CAF_REQUIRE_EQUAL(gl::sub(a, b),
                      static_cast<uint64_t>((uint128{a} + p - b) % p));
  }
}

CAF_TEST(goldilocks inversion legendre and sqrt agree) {
  std::mt19937_64 rng(11);
  CAF_CHECK_EQUAL(gl::inv(0), 0u);
  CAF_CHECK_EQUAL(gl::inv(1), 1u);
  CAF_CHECK_EQUAL(gl::mul(gl::inv(p - 1), p - 1), 1u);
  CAF_CHECK_EQUAL(gl::legendre(7), p - 1); // 7 generates GF(p)*
  for (int i = 0; i < 200; ++i) {
    uint64_t a = rng() % (p - 1) + 1;
    CAF_REQUIRE_EQUAL(gl::mul(a, gl::inv(a)), 1u);
    uint64_t sq = gl::sqr(a);
    CAF_REQUIRE_EQUAL(gl::legendre(sq), 1u);
    auto r = gl::sqrt(sq);
    CAF_REQUIRE(r.has_value());
    CAF_REQUIRE_EQUAL(gl::sqr(*r), sq);
    CAF_REQUIRE(!gl::sqrt(gl::mul(sq, 7)).has_value());
  }
}

CAF_TEST(goldilocks inverse square roots square back to inverses) {
  // z = inv_sqrt(a) must satisfy z^2 a = 1 exactly when a is a non-zero
  // square; it agrees with the legendre symbol on every input.
  auto check = [](uint64_t a) {
    auto z = gl::inv_sqrt(a);
    bool square = a != 0 && gl::legendre(a) == 1;
    CAF_REQUIRE_EQUAL(z.has_value(), square);
    if (z) CAF_REQUIRE_EQUAL(gl::mul(gl::sqr(*z), a), 1u);
  };
  // Edges, and roots of unity of every 2-power order (their discrete
  // logarithms exercise every digit of the table-driven search).
  for (uint64_t a : {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{7}, p - 1,
                     p - 2, uint64_t{1} << 32, (uint64_t{1} << 32) - 1})
    check(a);
  uint64_t g = gl::pow(7, 0xFFFFFFFFULL); // order 2^32
  for (int k = 0; k <= 32; ++k) {
    uint64_t root = gl::sqr_n(g, k); // order 2^(32-k)
    check(root);
    check(gl::mul(root, 7));
    check(gl::mul(root, 49));
  }
  std::mt19937_64 rng(12);
  for (int i = 0; i < 300; ++i) {
    uint64_t a = rng() % p;
    check(a);
    check(gl::sqr(a));
  }
}

CAF_TEST(fp5 multiplication reduces with x5 equal to three) {
  fp5 x{{0, 1, 0, 0, 0}};
  fp5 x4{{0, 0, 0, 0, 1}};
  CAF_CHECK(x * x4 == fp5::from_u64(3));
  fp5 big{{p - 1, p - 1, p - 1, p - 1, p - 1}};
  // (-1 - X - X^2 - X^3 - X^4)^2 computed by schoolbook in 128-bit
  // integers: coefficient k is #(i+j=k) + 3 #(i+j=k+5).
  fp5 expect{{1 + 3 * 4, 2 + 3 * 3, 3 + 3 * 2, 4 + 3 * 1, 5}};
  CAF_CHECK(big * big == expect);
  CAF_CHECK(square(big) == expect);
}

CAF_TEST(fp5 squaring inversion and frobenius are consistent) {
  std::mt19937_64 rng(3);
  CAF_CHECK(inverse(fp5::zero()) == fp5::zero());
  for (int i = 0; i < 100; ++i) {
    fp5 a = random_fp5(rng), b = random_fp5(rng), c = random_fp5(rng);
    CAF_REQUIRE(square(a) == a * a);
    CAF_REQUIRE((a * b) * c == a * (b * c));
    CAF_REQUIRE(a * (b + c) == a * b + a * c);
    CAF_REQUIRE(a * inverse(a) == fp5::one());
    CAF_REQUIRE(half(a) + half(a) == a);
    CAF_REQUIRE(frobenius(frobenius(a, 1), 1) == frobenius(a, 2));
    CAF_REQUIRE(frobenius(a * b, 1) == frobenius(a, 1) * frobenius(b, 1));
    CAF_REQUIRE(mul_small_x(a, 5) == a * fp5{{0, 5, 0, 0, 0}});
  }
}

CAF_TEST(fp5 kernels agree with the portable reference) {
  // operator*, mul_add, mul_sub and square use the x86-64 kernels where
  // available; they must match the portable code limb for limb and stay
  // canonical, on random inputs and on extreme limbs (0, 1, p - 1, ...).
  std::mt19937_64 rng(21);
  const uint64_t edge[] = {0,     1,       2,           p - 1,
                           p - 2, gl::eps, gl::eps + 1, uint64_t{1} << 63};
  auto pick = [&](int mode) {
    fp5 r;
    for (auto& c : r.c)
      c = mode == 0 ? rng() % p : edge[rng() % 8];
    return r;
  };
  auto canonical = [](const fp5& r) {
    for (auto c : r.c)
      if (c >= p) return false;
    return true;
  };
  for (int i = 0; i < 3000; ++i) {
    fp5 a = pick(i % 3 == 0), b = pick(i % 5 == 0), c = pick(i % 2);
    std::array<uint64_t, 5> any; // arbitrary 64-bit addends
    for (auto& w : any)
      w = i % 7 == 0 ? ~uint64_t{0} - (rng() & 3) : rng();
    fp5 prod = a * b;
    CAF_REQUIRE(prod == detail::mul_plus_portable(a, b, {}));
    CAF_REQUIRE(canonical(prod));
    CAF_REQUIRE(mul_add(a, b, c) == detail::mul_plus_portable(a, b, c.c));
    CAF_REQUIRE(mul_sub(a, b, c) == prod - c);
    CAF_REQUIRE(detail::mul_plus_fast(a, b, &any) ==
                detail::mul_plus_portable(a, b, any));
    fp5 sq = square(a);
    CAF_REQUIRE(sq == detail::square_portable(a));
    CAF_REQUIRE(canonical(sq));
  }
  fp5 all_max{{p - 1, p - 1, p - 1, p - 1, p - 1}};
  CAF_CHECK(square(all_max) == detail::square_portable(all_max));
  CAF_CHECK(all_max * all_max ==
            detail::mul_plus_portable(all_max, all_max, {}));
  CAF_CHECK(fp5::zero() * all_max == fp5::zero());
  CAF_CHECK(fp5::one() * all_max == all_max);
}

CAF_TEST(fp5 square roots exist exactly for squares) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 40; ++i) {
    fp5 a = random_fp5(rng);
    fp5 sq = square(a);
    CAF_REQUIRE_EQUAL(legendre(sq), 1u);
    auto r = sqrt(sq);
    CAF_REQUIRE(r.has_value());
    CAF_REQUIRE(square(*r) == sq);
    auto cr = canonical_sqrt(sq);
    CAF_REQUIRE(cr.has_value());
    CAF_REQUIRE(square(*cr) == sq);
    // The canonical root is the one whose limb 0 is odd (sgn0 false).
    CAF_REQUIRE(!sgn0(*cr) || cr->c[0] == 0);
    // A non-square: multiply by a non-residue of GF(p) (7).
    fp5 ns = mul_small(sq, 7);
    CAF_REQUIRE_EQUAL(legendre(ns), p - 1);
    CAF_REQUIRE(!sqrt(ns).has_value());
  }
  CAF_CHECK(sqrt(fp5::zero()) == fp5::zero());
  CAF_CHECK_EQUAL(legendre(fp5::zero()), 0u);
}

CAF_TEST(fp5 serialisation rejects non canonical limbs) {
  uint8_t b[40] = {};
  CAF_CHECK(fp5_from_bytes(b).has_value());
  for (int i = 0; i < 8; ++i)
    b[8 + i] = static_cast<uint8_t>(p >> (8 * i)); // limb 1 = p
  CAF_CHECK(!fp5_from_bytes(b).has_value());
}

CAF_TEST(frobenius root matches the vector file) {
  const auto& cc = test::vectors().at("curve_constants");
  CAF_CHECK_EQUAL(test::dec(cc.at("fp5_frobenius_dth_root")),
                  1041288259238279555ULL);
  CAF_CHECK_EQUAL(cc.at("fp5_modulus_poly").get<std::string>(), "X^5 - 3");
  CAF_CHECK_EQUAL(test::vectors()
                      .at("poseidon2_constants")
                      .at("field_modulus")
                      .get<std::string>(),
                  std::to_string(p));
}

CAF_TEST(lazy goldilocks helpers stay congruent at the extremes) {
  std::mt19937_64 rng(17);
  uint64_t any_edge[] = {0,
                         1,
                         gl::eps,
                         p - 1,
                         p,
                         p + 5,
                         ~uint64_t{0},
                         ~uint64_t{0} - 1,
                         uint64_t{1} << 63};
  uint64_t canon_edge[] = {0,     1,     gl::eps,          gl::eps + 1,
                           p - 2, p - 1, uint64_t{1} << 63};
  auto mod = [](uint128 v) { return static_cast<uint64_t>(v % p); };
  for (uint64_t a : any_edge) {
    for (uint64_t b : canon_edge)
      CAF_CHECK_EQUAL(gl::canon(gl::add_lazy(a, b)), mod(uint128{a} + b));
    for (uint32_t k : {0u, 1u, 2u, 3u, 6u, 12624u, 0xFFFFFFFFu})
      CAF_CHECK_EQUAL(gl::canon(gl::scale_lazy(a, k)), mod(uint128{a} * k));
  }
  uint128 top96 = (static_cast<uint128>(1) << 96) - 1;
  CAF_CHECK_EQUAL(gl::reduce96(top96), mod(top96));
  CAF_CHECK_EQUAL(gl::reduce96(p), 0u);
  CAF_CHECK_EQUAL(gl::reduce96(uint128{p} * 0xFFFFFFFFu), 0u);
  for (int i = 0; i < 2000; ++i) {
    uint128 v = (static_cast<uint128>(rng() >> 32) << 64) | rng();
    CAF_REQUIRE_EQUAL(gl::reduce96(v), mod(v));
  }
}

CAF_TEST(lazy reductions and products are congruent on every path) {
  auto mod = [](uint128 v) { return static_cast<uint64_t>(v % p); };
  auto wide = [](uint64_t hi, uint64_t lo) {
    return (static_cast<uint128>(hi) << 64) | lo;
  };
  // Each branch-free correction: the borrow (lo < hi >> 32, e.g. 2^96), the
  // carry (large lo plus large (hi mod 2^32) eps), both, and the extremes.
  uint128 cases128[] = {0,
                        1,
                        wide(uint64_t{1} << 32, 0),
                        wide(~uint64_t{0}, 0),
                        wide(~uint64_t{0}, ~uint64_t{0}),
                        wide(gl::eps, ~uint64_t{0}),
                        wide(0xFFFFFFFF00000000ULL, 0),
                        wide(0xFFFFFFFF00000000ULL, 1),
                        wide(gl::eps - 1, ~uint64_t{0} - 5),
                        static_cast<uint128>(p - 1) * (p - 1),
                        static_cast<uint128>(p) * p};
  for (uint128 v : cases128) {
    CAF_CHECK_EQUAL(gl::canon(gl::reduce128_lazy(v)), mod(v));
    CAF_CHECK_EQUAL(gl::canon(gl::reduce128_lazy_portable(v)), mod(v));
  }
  uint128 cases96[] = {0,
                       wide(gl::eps, ~uint64_t{0}),
                       wide(4, ~uint64_t{0} - 1),
                       wide(27, 0xFFFFFFE400000000ULL),
                       wide(1, 0),
                       p};
  for (uint128 v : cases96) {
    CAF_CHECK_EQUAL(gl::canon(gl::reduce96_lazy(v)), mod(v));
    CAF_CHECK_EQUAL(gl::canon(gl::reduce96_lazy_portable(v)), mod(v));
  }
  uint64_t any_edge[] = {0,          1,          gl::eps,         gl::eps + 1,
                         p - 1,      p,          p + 1,           ~uint64_t{0},
                         1ULL << 48, 1ULL << 63, (1ULL << 48) + 1};
  uint128 addends[] = {0, 1, wide(11, ~uint64_t{0}), wide(gl::eps, 0),
                       wide(gl::eps, ~uint64_t{0})};
  for (uint64_t a : any_edge)
    for (uint64_t b : any_edge) {
      CAF_CHECK_EQUAL(gl::canon(gl::mul_lazy(a, b)), mod(uint128{a} * b));
      CAF_CHECK_EQUAL(gl::canon(gl::mul_lazy_portable(a, b)),
                      mod(uint128{a} * b));
      if (b >= p) continue; // a b + c < 2^128 needs b < p here
      for (uint128 c : addends) {
        CAF_CHECK_EQUAL(gl::canon(gl::mul_add_lazy(a, b, c)),
                        mod(uint128{a} * b % p + c % p));
        CAF_CHECK_EQUAL(gl::canon(gl::mul_add_lazy_portable(a, b, c)),
                        mod(uint128{a} * b % p + c % p));
      }
    }
  std::mt19937_64 rng(23);
  for (int i = 0; i < 2000; ++i) {
    uint128 v = wide(rng(), rng());
    CAF_REQUIRE_EQUAL(gl::canon(gl::reduce128_lazy(v)), mod(v));
    CAF_REQUIRE_EQUAL(gl::reduce128_lazy_portable(v), gl::reduce128_lazy(v));
    uint128 w = wide(rng() >> 32, rng());
    CAF_REQUIRE_EQUAL(gl::canon(gl::reduce96_lazy(w)), mod(w));
    CAF_REQUIRE_EQUAL(gl::reduce96_lazy_portable(w), gl::reduce96_lazy(w));
    uint64_t a = rng(), b = rng() % p;
    CAF_REQUIRE_EQUAL(gl::mul_lazy(a, b), gl::mul_lazy_portable(a, b));
    CAF_REQUIRE_EQUAL(gl::mul_add_lazy(a, b, w),
                      gl::mul_add_lazy_portable(a, b, w));
  }
}

CAF_TEST(fp5 products match a schoolbook reference with fused addends) {
  std::mt19937_64 rng(19);
  // Schoolbook product in exact integers, reduced limb by limb.
  auto ref_mul5 = [](const fp5& a, const fp5& b) {
    fp5 r;
    for (int k = 0; k < 5; ++k) {
      uint64_t acc = 0;
      for (int i = 0; i < 5; ++i) {
        int j = (k - i + 5) % 5;
        uint64_t t = ref_mul(a.c[i], b.c[j]);
        if (i + j >= 5) t = ref_mul(t, 3);
        acc = static_cast<uint64_t>((uint128{acc} + t) % p);
      }
      r.c[k] = acc;
    }
    return r;
  };
  fp5 edge[] = {fp5::zero(), fp5::one(),
                fp5{{p - 1, p - 1, p - 1, p - 1, p - 1}},
                fp5{{0, 0, 0, 0, p - 1}}, fp5{{p - 1, 0, p - 1, 0, 1}}};
  for (const auto& a : edge)
    for (const auto& b : edge) {
      CAF_CHECK(a * b == ref_mul5(a, b));
      CAF_CHECK(square(a) == ref_mul5(a, a));
      CAF_CHECK(mul_add(a, b, a) == ref_mul5(a, b) + a);
      CAF_CHECK(mul_sub(a, b, b) == ref_mul5(a, b) - b);
    }
  for (int i = 0; i < 300; ++i) {
    fp5 a = random_fp5(rng), b = random_fp5(rng), c = random_fp5(rng);
    fp5 ab = ref_mul5(a, b);
    CAF_REQUIRE(a * b == ab);
    CAF_REQUIRE(square(a) == ref_mul5(a, a));
    CAF_REQUIRE(mul_add(a, b, c) == ab + c);
    CAF_REQUIRE(mul_sub(a, b, c) == ab - c);
    CAF_REQUIRE(mul_small(a, 0xFFFFFFFFu) == a * fp5::from_u64(0xFFFFFFFFu));
    CAF_REQUIRE(mul_small_x(a, (1u << 30) - 1) ==
                a * fp5{{0, (1u << 30) - 1, 0, 0, 0}});
  }
}
