// Benchmarks of the Lighter signing stack: field arithmetic, Poseidon2,
// ECgFp5, Schnorr sign/verify, tx hashing and a full 10+10 grid reset.
// Run: build/bin/crypto_bench --benchmark_repetitions=9
//        --benchmark_report_aggregates_only=true

#include "lighter/crypto/ecgfp5.hpp"
#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/poseidon2.hpp"
#include "lighter/crypto/schnorr.hpp"

#include <benchmark/benchmark.h>

#include <random>

using namespace trailgrid::lighter::crypto;

namespace {

// A fixed, made-up key (the test-vector key_a).
const scalar& bench_key() {
  static const scalar sk =
    *parse_private_key("0102030405060708090a0b0c0d0e0f1011121314151617"
                       "18191a1b1c1d1e1f20212223242526271f");
  return sk;
}

fp5 random_fp5(std::mt19937_64& rng) {
  fp5 r;
  for (auto& c : r.c)
    c = rng() % gl::p;
  return r;
}

void bm_field_mul(benchmark::State& st) {
  std::mt19937_64 rng(1);
  uint64_t a = rng() % gl::p, b = rng() % gl::p;
  for (auto _ : st) {
    a = gl::mul(a, b); // dependent chain: latency
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(bm_field_mul);

void bm_fp5_mul(benchmark::State& st) {
  std::mt19937_64 rng(2);
  fp5 a = random_fp5(rng), b = random_fp5(rng);
  for (auto _ : st) {
    a = a * b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(bm_fp5_mul);

void bm_fp5_square(benchmark::State& st) {
  std::mt19937_64 rng(3);
  fp5 a = random_fp5(rng);
  for (auto _ : st) {
    a = square(a);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(bm_fp5_square);

void bm_fp5_inverse(benchmark::State& st) {
  std::mt19937_64 rng(4);
  fp5 a = random_fp5(rng);
  for (auto _ : st) {
    a = inverse(a);
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(bm_fp5_inverse);

void bm_poseidon2_permutation(benchmark::State& st) {
  poseidon2_state s{};
  for (int i = 0; i < 12; ++i)
    s[i] = static_cast<uint64_t>(i);
  for (auto _ : st) {
    poseidon2_permute(s);
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(bm_poseidon2_permutation);

void bm_point_add(benchmark::State& st) {
  point p = mul_generator(scalar::from_u64(12345));
  point q = mul_generator(scalar::from_u64(777));
  for (auto _ : st) {
    p = add(p, q);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(bm_point_add);

void bm_point_mdouble5(benchmark::State& st) {
  point p = mul_generator(scalar::from_u64(12345));
  for (auto _ : st) {
    p = mdouble(p, 5);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(bm_point_mdouble5);

void bm_mul_generator(benchmark::State& st) {
  scalar k = bench_key();
  for (auto _ : st)
    benchmark::DoNotOptimize(mul_generator(k));
}
BENCHMARK(bm_mul_generator);

void bm_decode(benchmark::State& st) {
  fp5 w = public_key(bench_key());
  for (auto _ : st)
    benchmark::DoNotOptimize(decode(w));
}
BENCHMARK(bm_decode);

void bm_sign(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  for (auto _ : st) {
    auto sig = schnorr_sign(bench_key(), m);
    benchmark::DoNotOptimize(sig);
    m.c[0] = sig.s.v[0] % gl::p; // a fresh message each time
  }
}
BENCHMARK(bm_sign);

void bm_verify(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  uint8_t pk[40], mb[40];
  to_bytes(public_key(bench_key()), pk);
  to_bytes(m, mb);
  auto sig = schnorr_sign(bench_key(), m).to_bytes();
  for (auto _ : st) {
    bool ok = schnorr_verify(pk, mb, sig.data());
    if (!ok)
      st.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(bm_verify);

void bm_verify_cached_key(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  auto key = verifying_key::from_encoding(public_key(bench_key()));
  auto sig = schnorr_sign(bench_key(), m).to_bytes();
  for (auto _ : st) {
    bool ok = key->verify(m, sig.data());
    if (!ok)
      st.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(bm_verify_cached_key);

} // namespace

BENCHMARK_MAIN();
