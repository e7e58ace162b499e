#define CAF_SUITE poseidon2
#include "caf/test/unit_test.hpp"

#include "lighter/crypto/poseidon2.hpp"

#include "vectors.hpp"

#include <random>

using namespace trailgrid;
using namespace trailgrid::lighter::crypto;

CAF_TEST(poseidon2 constants match the vector file) {
  const auto& pc = test::vectors().at("poseidon2_constants");
  CAF_CHECK_EQUAL(pc.at("width").get<int>(), 12);
  CAF_CHECK_EQUAL(pc.at("rate").get<int>(), 8);
  CAF_CHECK_EQUAL(pc.at("rounds_full").get<int>(), 8);
  CAF_CHECK_EQUAL(pc.at("rounds_partial").get<int>(), 22);
  CAF_CHECK_EQUAL(pc.at("sbox_degree").get<int>(), 7);
  for (int r = 0; r < 8; ++r)
    for (int i = 0; i < 12; ++i)
      CAF_CHECK_EQUAL(poseidon2_constants::external_rc[r][i],
                      test::dec(pc.at("external_round_constants")[r][i]));
  for (int r = 0; r < 22; ++r)
    CAF_CHECK_EQUAL(poseidon2_constants::internal_rc[r],
                    test::dec(pc.at("internal_round_constants")[r]));
  for (int i = 0; i < 12; ++i) {
    CAF_CHECK_EQUAL(poseidon2_constants::internal_diag[i],
                    test::dec(pc.at("internal_matrix_diag")[i]));
    CAF_CHECK_LESS(poseidon2_constants::internal_diag[i], gl::p);
  }
}

CAF_TEST(poseidon2 permutation reproduces every vector) {
  const auto& cases = test::vectors().at("poseidon2").at("permutation");
  CAF_REQUIRE(!cases.empty());
  for (const auto& c : cases) {
    poseidon2_state s;
    for (int i = 0; i < 12; ++i)
      s[i] = test::dec(c.at("input")[i]);
    poseidon2_permute(s);
    for (int i = 0; i < 12; ++i)
      CAF_CHECK_EQUAL(s[i], test::dec(c.at("output")[i]));
  }
}

CAF_TEST(poseidon2 sponge outputs reproduce every vector) {
  const auto& cases = test::vectors().at("poseidon2").at("hash");
  CAF_REQUIRE(!cases.empty());
  for (const auto& c : cases) {
    std::vector<uint64_t> in;
    for (const auto& v : c.at("input"))
      in.push_back(test::dec(v));
    uint64_t out[12];
    hash_no_pad(in.data(), in.size(), out, 12);
    for (int i = 0; i < 12; ++i)
      CAF_CHECK_EQUAL(out[i], test::dec(c.at("squeeze_12")[i]));
    uint64_t four[4];
    hash_no_pad(in.data(), in.size(), four, 4);
    for (int i = 0; i < 4; ++i)
      CAF_CHECK_EQUAL(four[i], test::dec(c.at("hash_no_pad_4")[i]));
    fp5 h = hash_to_fp5(in.data(), in.size());
    CAF_CHECK(h == test::fp5_of(c.at("hash_to_quintic_ext")));
    CAF_CHECK_EQUAL(test::hex(h),
                    c.at("hash_to_quintic_ext_le_hex").get<std::string>());
  }
}

CAF_TEST(empty input performs no permutation) {
  fp5 h = hash_to_fp5(nullptr, 0);
  CAF_CHECK(h == fp5::zero());
}

CAF_TEST(sponge inputs are reduced modulo p) {
  uint64_t a[2] = {gl::p + 5, 7};
  uint64_t b[2] = {5, 7};
  CAF_CHECK(hash_to_fp5(a, 2) == hash_to_fp5(b, 2));
}

namespace {

// Straightforward reference permutation (the original implementation): every
// operation is a canonical gl:: function, each linear layer a plain
// matrix-vector product with one 128-bit reduction per output.
namespace ref {

namespace pc = poseidon2_constants;

uint64_t sbox(uint64_t x) {
  uint64_t x2 = gl::sqr(x);
  return gl::mul(gl::mul(x2, x), gl::sqr(x2));
}

// M_E = circ(2 M4, M4, M4) with M4 = circ(2, 3, 1, 1), entry by entry.
void external_linear(poseidon2_state& s) {
  static const uint64_t m4[4][4] = {
      {2, 3, 1, 1}, {1, 2, 3, 1}, {1, 1, 2, 3}, {3, 1, 1, 2}};
  poseidon2_state out;
  for (int i = 0; i < 12; ++i) {
    uint128 acc = 0;
    for (int j = 0; j < 12; ++j) {
      uint64_t block = i / 4 == j / 4 ? 2 : 1;
      acc += static_cast<uint128>(block * m4[i % 4][j % 4]) * s[j];
    }
    out[i] = gl::reduce128(acc);
  }
  s = out;
}

// M_I = 1 + diag(D), entry by entry.
void internal_linear(poseidon2_state& s) {
  poseidon2_state out;
  for (int i = 0; i < 12; ++i) {
    uint64_t acc = 0;
    for (int j = 0; j < 12; ++j)
      acc = gl::add(acc, s[j]);
    out[i] = gl::add(acc, gl::mul(pc::internal_diag[i], s[i]));
  }
  s = out;
}

void permute(poseidon2_state& s) {
  external_linear(s);
  for (int r = 0; r < 8; ++r) {
    for (int i = 0; i < 12; ++i)
      s[i] = sbox(gl::add(s[i], pc::external_rc[r][i]));
    external_linear(s);
    if (r == 3) {
      for (int k = 0; k < 22; ++k) {
        s[0] = sbox(gl::add(s[0], pc::internal_rc[k]));
        internal_linear(s);
      }
    }
  }
}

} // namespace ref

void check_against_reference(const poseidon2_state& in) {
  poseidon2_state fast = in, slow = in;
  poseidon2_permute(fast);
  ref::permute(slow);
  for (int i = 0; i < 12; ++i) {
    CAF_CHECK_EQUAL(fast[i], slow[i]);
    CAF_CHECK_LESS(fast[i], gl::p);
  }
}

} // namespace

CAF_TEST(round constants are canonical as the lazy additions require) {
  for (const auto& row : poseidon2_constants::external_rc)
    for (uint64_t c : row)
      CAF_CHECK_LESS(c, gl::p);
  for (uint64_t c : poseidon2_constants::internal_rc)
    CAF_CHECK_LESS(c, gl::p);
}

CAF_TEST(the reference permutation reproduces the first vector) {
  const auto& c = test::vectors().at("poseidon2").at("permutation").at(0);
  poseidon2_state s;
  for (int i = 0; i < 12; ++i)
    s[i] = test::dec(c.at("input")[i]);
  ref::permute(s);
  for (int i = 0; i < 12; ++i)
    CAF_CHECK_EQUAL(s[i], test::dec(c.at("output")[i]));
}

CAF_TEST(the permutation matches the reference on edge states) {
  const uint64_t edges[] = {
      0,       1,           gl::p - 1,         gl::p - 2,
      gl::eps, gl::eps + 1, uint64_t{1} << 63, gl::p - gl::eps};
  for (uint64_t v : edges) {
    poseidon2_state s;
    s.fill(v);
    check_against_reference(s);
  }
  // Alternating extremes and a single p - 1 in each lane.
  poseidon2_state alt;
  for (int i = 0; i < 12; ++i)
    alt[i] = i % 2 == 0 ? gl::p - 1 : 0;
  check_against_reference(alt);
  for (int lane = 0; lane < 12; ++lane) {
    poseidon2_state s{};
    s[lane] = gl::p - 1;
    check_against_reference(s);
  }
}

CAF_TEST(the permutation matches the reference on random states) {
  std::mt19937_64 rng(20240611);
  for (int n = 0; n < 2000; ++n) {
    poseidon2_state s;
    for (auto& x : s) {
      // A quarter of the lanes near p (the largest canonical values).
      x = rng() % 4 == 0 ? gl::p - 1 - rng() % 1024 : rng() % gl::p;
    }
    check_against_reference(s);
  }
}

CAF_TEST(chained permutations match the reference) {
  poseidon2_state fast{}, slow{};
  for (int n = 0; n < 200; ++n) {
    poseidon2_permute(fast);
    ref::permute(slow);
  }
  CAF_CHECK(fast == slow);
}
