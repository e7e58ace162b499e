#define CAF_SUITE ecgfp5
#include "caf/test/unit_test.hpp"

#include "lighter/crypto/ecgfp5.hpp"
#include "lighter/crypto/keys.hpp"

#include "vectors.hpp"

#include <random>
#include <vector>

using namespace trailgrid;
using namespace trailgrid::lighter::crypto;

namespace {

scalar random_scalar(std::mt19937_64& rng) {
  uint8_t b[40];
  for (auto& x : b)
    x = static_cast<uint8_t>(rng());
  return scalar::from_bytes_reduce(b);
}

} // namespace

CAF_TEST(group order matches the vector file) {
  // n as decimal from the limbs, via repeated division by 10.
  auto v = group_order;
  std::string dec;
  while (v[0] | v[1] | v[2] | v[3] | v[4]) {
    uint128 rem = 0;
    for (int i = 4; i >= 0; --i) {
      uint128 cur = (rem << 64) | v[i];
      v[i] = static_cast<uint64_t>(cur / 10);
      rem = cur % 10;
    }
    dec.insert(dec.begin(), static_cast<char>('0' + static_cast<int>(rem)));
  }
  CAF_CHECK_EQUAL(dec, test::vectors()
                           .at("curve_constants")
                           .at("group_order_n_decimal")
                           .get<std::string>());
}

CAF_TEST(k times g reproduces every vector encoding) {
  const auto& cases = test::vectors().at("ecgfp5").at("scalar_mul_generator");
  CAF_REQUIRE(!cases.empty());
  for (const auto& c : cases) {
    scalar k = test::scalar_hex(c.at("k_le_hex").get<std::string>());
    auto expect = c.at("encoded_kG_le_hex").get<std::string>();
    CAF_CHECK_EQUAL(test::hex(encode(mul_generator(k))), expect);
    CAF_CHECK_EQUAL(test::hex(encode(mul(point::generator(), k))), expect);
    CAF_CHECK(encode(mul_generator(k)) == test::fp5_of(c.at("encoded_kG")));
  }
}

CAF_TEST(decode reproduces every vector case) {
  const auto& cases = test::vectors().at("ecgfp5").at("decode");
  CAF_REQUIRE(!cases.empty());
  for (const auto& c : cases) {
    fp5 w = test::fp5_of(c.at("w"));
    auto p = decode(w);
    CAF_CHECK_EQUAL(p.has_value(), c.at("decodes").get<bool>());
    if (p) CAF_CHECK(encode(*p) == w);
  }
}

CAF_TEST(generator encodes to four and n times g is neutral) {
  CAF_CHECK(encode(point::generator()) ==
            test::fp5_of(
                test::vectors().at("curve_constants").at("generator_encoded")));
  scalar n_minus_1 = -scalar::from_u64(1);
  point p = add(mul_generator(n_minus_1), point::generator());
  CAF_CHECK(encode(p) == fp5::zero());
  CAF_CHECK(equals(mul_generator(n_minus_1), negate(point::generator())));
}

CAF_TEST(group law is consistent across formulas) {
  std::mt19937_64 rng(99);
  const point& g = point::generator();
  CAF_CHECK(equals(dbl(g), add(g, g)));
  CAF_CHECK(equals(add(g, point::neutral()), g));
  CAF_CHECK(equals(add(g, negate(g)), point::neutral()));
  CAF_CHECK(equals(dbl(point::neutral()), point::neutral()));
  for (int n = 0; n <= 7; ++n) {
    point a = g;
    for (int i = 0; i < n; ++i)
      a = dbl(a);
    CAF_CHECK(equals(mdouble(g, n), a));
  }
  CAF_CHECK(equals(mdouble(point::neutral(), 5), point::neutral()));
  for (int i = 0; i < 20; ++i) {
    scalar a = random_scalar(rng), b = random_scalar(rng);
    point pa = mul_generator(a), pb = mul_generator(b);
    CAF_REQUIRE(equals(add(pa, pb), mul_generator(a + b)));
    CAF_REQUIRE(equals(mul(pa, b), mul_generator(a * b)));
    CAF_REQUIRE(equals(mul(g, a), pa));
    // Round trip through the encoding.
    auto back = decode(encode(pa));
    CAF_REQUIRE(back.has_value());
    CAF_REQUIRE(equals(*back, pa));
    // s G + e Q with Q = b G equals (s + e b) G.
    CAF_REQUIRE(equals(mul_add_vartime(pb, a, b), mul_generator(a + b * b)));
  }
}

CAF_TEST(fixed base tables of arbitrary points agree with generic mul) {
  std::mt19937_64 rng(123);
  point q = mul_generator(random_scalar(rng));
  fixed_base_table tab(q);
  point_window win(q);
  for (int i = 0; i < 10; ++i) {
    scalar s = random_scalar(rng), e = random_scalar(rng);
    CAF_REQUIRE(equals(mul_fixed(tab, e), mul(q, e)));
    point expect = add(mul_generator(s), mul(q, e));
    CAF_REQUIRE(equals(mul_add_vartime(tab, s, e), expect));
    CAF_REQUIRE(equals(mul_add_vartime(win, s, e), expect));
  }
  // Zero and small scalars (leading zero digits, empty NAFs).
  scalar zero{}, one = scalar::from_u64(1);
  CAF_CHECK(equals(mul_add_vartime(win, zero, zero), point::neutral()));
  CAF_CHECK(equals(mul_add_vartime(tab, zero, zero), point::neutral()));
  CAF_CHECK(equals(mul_add_vartime(win, one, zero), point::generator()));
  CAF_CHECK(equals(mul_add_vartime(win, zero, one), q));
  CAF_CHECK(equals(mul_add_vartime(tab, -one, -one),
                   negate(add(q, point::generator()))));
}

CAF_TEST(scalars with extreme digits multiply correctly) {
  // All-16 digits and all-(-15) digits exercise the table edges.
  scalar one = scalar::from_u64(1);
  scalar k16 = scalar::from_u64(16);
  scalar k31 = scalar::from_u64(31);
  scalar k32 = scalar::from_u64(32);
  point g = point::generator();
  point expect = point::neutral();
  for (int i = 0; i < 32; ++i)
    expect = add(expect, g);
  CAF_CHECK(equals(mul_generator(k32), expect));
  CAF_CHECK(equals(mul_generator(k31), add(expect, negate(g))));
  CAF_CHECK(equals(mul_generator(k16), mdouble(g, 4)));
  CAF_CHECK(equals(mul_generator(one), g));
  scalar n_minus_1 = -one;
  CAF_CHECK(equals(mul(g, n_minus_1), negate(g)));
  CAF_CHECK(equals(mul_add_vartime(g, n_minus_1, one), point::neutral()));
}

CAF_TEST(verification multiplies scalars with carry heavy wnaf digits) {
  // Long runs of ones make every window carry into the next one, up to a
  // final digit above bit 318; sparse and alternating patterns leave long
  // zero runs (long multi-doublings) and single doublings.
  std::mt19937_64 rng(321);
  point q = mul_generator(random_scalar(rng));
  point_window win(q);
  std::vector<scalar> ks;
  auto from_limbs = [](uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                       uint64_t e) {
    uint8_t buf[40];
    uint64_t v[5] = {a, b, c, d, e};
    for (int i = 0; i < 40; ++i)
      buf[i] = static_cast<uint8_t>(v[i / 8] >> (8 * (i % 8)));
    return scalar::from_bytes_reduce(buf);
  };
  uint64_t ones = ~uint64_t{0};
  ks.push_back(from_limbs(ones, ones, ones, ones, ones >> 1)); // 2^319 - 1
  ks.push_back(from_limbs(ones, ones, ones, ones, ones >> 2));
  ks.push_back(from_limbs(0x5555555555555555ULL, 0xAAAAAAAAAAAAAAAAULL,
                          0x5555555555555555ULL, 0xAAAAAAAAAAAAAAAAULL,
                          0x2AAAAAAAAAAAAAAAULL));
  ks.push_back(from_limbs(1, 0, 0, 0, uint64_t{1} << 62));
  ks.push_back(from_limbs(0xFFF, 0, 0xFFF0000000000000ULL, 7, 0));
  ks.push_back(from_limbs(0x8000000000000000ULL, 1, 0, 0, 0));
  ks.push_back(-scalar::from_u64(1));
  ks.push_back(-scalar::from_u64(2048));
  ks.push_back(scalar::from_u64(2047));
  ks.push_back(scalar::from_u64(31));
  for (const auto& s : ks)
    for (const auto& e : ks) {
      point expect = add(mul_generator(s), mul(q, e));
      CAF_REQUIRE(equals(mul_add_vartime(win, s, e), expect));
    }
}
