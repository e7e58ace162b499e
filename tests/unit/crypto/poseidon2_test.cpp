#define CAF_SUITE poseidon2
#include "caf/test/unit_test.hpp"

#include "lighter/crypto/poseidon2.hpp"

#include "vectors.hpp"

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
