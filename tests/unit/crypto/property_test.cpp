#define CAF_SUITE schnorr_properties
#include "caf/test/unit_test.hpp"

#include "lighter/crypto/encoding.hpp"
#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/schnorr.hpp"

#include <random>

using namespace trailgrid::lighter::crypto;

namespace {

// Seeded so failures reproduce; sizes keep the suite well under a second.
constexpr int iterations = 300;

scalar random_key(std::mt19937_64& rng) {
  uint8_t b[40];
  for (auto& x : b)
    x = static_cast<uint8_t>(rng());
  scalar s = scalar::from_bytes_reduce(b);
  return s.is_zero() ? scalar::from_u64(1) : s;
}

fp5 random_msg(std::mt19937_64& rng) {
  fp5 m;
  for (auto& c : m.c)
    c = rng() % gl::p;
  return m;
}

struct signed_case {
  uint8_t pk[40];
  uint8_t msg[40];
  signature_bytes sig;
};

signed_case make_case(std::mt19937_64& rng) {
  scalar sk = random_key(rng);
  fp5 m = random_msg(rng);
  signed_case c;
  to_bytes(public_key(sk), c.pk);
  to_bytes(m, c.msg);
  c.sig = schnorr_sign(sk, m).to_bytes();
  return c;
}

} // namespace

CAF_TEST(signatures of random keys and messages verify) {
  std::mt19937_64 rng(20240601);
  for (int i = 0; i < iterations; ++i) {
    auto c = make_case(rng);
    CAF_REQUIRE(schnorr_verify(c.pk, c.msg, c.sig.data()));
    // The signer emits canonical halves.
    CAF_REQUIRE(scalar::from_bytes_canonical(c.sig.data()).has_value());
    CAF_REQUIRE(scalar::from_bytes_canonical(c.sig.data() + 40).has_value());
  }
}

CAF_TEST(fixed nonce signatures verify for random nonces) {
  std::mt19937_64 rng(77);
  for (int i = 0; i < iterations / 3; ++i) {
    scalar sk = random_key(rng), k = random_key(rng);
    fp5 m = random_msg(rng);
    auto sig = schnorr_sign_with_nonce(sk, m, k).to_bytes();
    uint8_t pk[40], mb[40];
    to_bytes(public_key(sk), pk);
    to_bytes(m, mb);
    CAF_REQUIRE(schnorr_verify(pk, mb, sig.data()));
  }
}

CAF_TEST(any flipped bit in message signature or key breaks verification) {
  std::mt19937_64 rng(4242);
  int flips = 0;
  for (int i = 0; i < 20; ++i) {
    auto c = make_case(rng);
    // Sampled bit positions: all 8 bits of a few random bytes per field.
    for (int rep = 0; rep < 2; ++rep) {
      int mb = static_cast<int>(rng() % 40);
      int sb = static_cast<int>(rng() % 80);
      int kb = static_cast<int>(rng() % 40);
      for (int bit = 0; bit < 8; ++bit) {
        auto m2 = c;
        m2.msg[mb] ^= static_cast<uint8_t>(1u << bit);
        CAF_CHECK(!schnorr_verify(m2.pk, m2.msg, m2.sig.data()));
        auto s2 = c;
        s2.sig[sb] ^= static_cast<uint8_t>(1u << bit);
        CAF_CHECK(!schnorr_verify(s2.pk, s2.msg, s2.sig.data()));
        auto k2 = c;
        k2.pk[kb] ^= static_cast<uint8_t>(1u << bit);
        CAF_CHECK(!schnorr_verify(k2.pk, k2.msg, k2.sig.data()));
        flips += 3;
      }
    }
  }
  CAF_CHECK_EQUAL(flips, 20 * 2 * 8 * 3);
}

CAF_TEST(a signature does not verify under another key or message) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 20; ++i) {
    auto a = make_case(rng);
    auto b = make_case(rng);
    CAF_CHECK(!schnorr_verify(b.pk, a.msg, a.sig.data()));
    CAF_CHECK(!schnorr_verify(a.pk, b.msg, a.sig.data()));
  }
}

CAF_TEST(scalar arithmetic is consistent) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 200; ++i) {
    scalar a = random_key(rng), b = random_key(rng), c = random_key(rng);
    CAF_REQUIRE((a + b) - b == a);
    CAF_REQUIRE(a * (b + c) == a * b + a * c);
    CAF_REQUIRE(a * inverse(a) == scalar::from_u64(1));
    CAF_REQUIRE(a + (-a) == scalar{});
    // Wide reduction of a || 0...0 is a itself; of 2^320 is 2^320 mod n.
    uint8_t wide[64] = {};
    a.to_bytes(wide);
    CAF_REQUIRE(scalar::from_wide_reduce(wide) == a);
    int8_t d[64];
    recode_signed5(a, d);
    scalar back{};
    scalar pow32 = scalar::from_u64(1);
    for (int j = 0; j < 64; ++j) {
      scalar dj = scalar::from_u64(static_cast<uint64_t>(d[j] < 0 ? -d[j] : d[j]));
      back = d[j] < 0 ? back - dj * pow32 : back + dj * pow32;
      pow32 = pow32 * scalar::from_u64(32);
      CAF_REQUIRE(d[j] >= -15 && d[j] <= 16);
    }
    CAF_REQUIRE(back == a);
  }
  // 2^512 - 1 reduces like the big-integer reference (checked in Python).
  uint8_t ones[64];
  for (auto& x : ones)
    x = 0xFF;
  scalar r = scalar::from_wide_reduce(ones);
  uint8_t out[40];
  r.to_bytes(out);
  CAF_CHECK_EQUAL(to_hex(out, 40), "c0fce811c13134c09de4bf035fb76185c5a93529"
                                   "9d6c97a3e6788c5d84237951446193d9bdcc8e74");
  // n - 1 + 1 wraps to zero; values >= n are reduced.
  CAF_CHECK((-scalar::from_u64(1)) + scalar::from_u64(1) == scalar{});
}
