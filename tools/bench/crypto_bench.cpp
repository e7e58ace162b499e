// Benchmarks of the Lighter signing stack: field arithmetic, Poseidon2,
// ECgFp5, Schnorr sign/verify, tx hashing and a full 10+10 grid reset.
// Run: build/bin/crypto_bench --benchmark_repetitions=9
//        --benchmark_report_aggregates_only=true

#include "lighter/crypto/ecgfp5.hpp"
#include "lighter/crypto/keys.hpp"
#include "lighter/crypto/nonce_reserve.hpp"
#include "lighter/crypto/poseidon2.hpp"
#include "lighter/crypto/schnorr.hpp"
#include "lighter/tx/signer.hpp"
#include "lighter/tx/tx_hash.hpp"
#include "lighter/tx/verify_tx.hpp"

#include <benchmark/benchmark.h>

#include <random>

using namespace trailgrid::lighter;
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

void bm_derive_nonce(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  for (auto _ : st)
    benchmark::DoNotOptimize(derive_nonce(bench_key(), m));
}
BENCHMARK(bm_derive_nonce);

void bm_sign(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  for (auto _ : st) {
    auto sig = schnorr_sign(bench_key(), m);
    benchmark::DoNotOptimize(sig);
    m.c[0] = sig.s.v[0] % gl::p; // a fresh message each time
  }
}
BENCHMARK(bm_sign);

// What the signer pays when its nonce reserve has one ready: the k G was
// committed ahead (in idle time, by the refiller).
void bm_sign_committed(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  auto c = commit_nonce(scalar::from_u64(987654321));
  for (auto _ : st) {
    auto sig = schnorr_sign_committed(bench_key(), m, c);
    benchmark::DoNotOptimize(sig);
    m.c[0] = sig.s.v[0] % gl::p;
  }
}
BENCHMARK(bm_sign_committed);

// Committing one random nonce: the refiller's cost per signature.
void bm_commit_random_nonce(benchmark::State& st) {
  for (auto _ : st)
    benchmark::DoNotOptimize(commit_nonce(*random_nonce()));
}
BENCHMARK(bm_commit_random_nonce);

void bm_verify(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  uint8_t pk[40], mb[40];
  to_bytes(public_key(bench_key()), pk);
  to_bytes(m, mb);
  auto sig = schnorr_sign(bench_key(), m).to_bytes();
  for (auto _ : st) {
    bool ok = schnorr_verify(pk, mb, sig.data());
    if (!ok) st.SkipWithError("verify failed");
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
    if (!ok) st.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(bm_verify_cached_key);

void bm_verify_precomputed_key(benchmark::State& st) {
  fp5 m{{1, 2, 3, 4, 5}};
  auto key = verifying_key::from_encoding(public_key(bench_key()));
  key->precompute();
  auto sig = schnorr_sign(bench_key(), m).to_bytes();
  for (auto _ : st) {
    bool ok = key->verify(m, sig.data());
    if (!ok) st.SkipWithError("verify failed");
    benchmark::DoNotOptimize(ok);
  }
}
BENCHMARK(bm_verify_precomputed_key);

void bm_verifying_key_precompute(benchmark::State& st) {
  fp5 w = public_key(bench_key());
  for (auto _ : st) {
    auto key = verifying_key::from_encoding(w);
    key->precompute();
    benchmark::DoNotOptimize(key);
  }
}
BENCHMARK(bm_verifying_key_precompute)->Unit(benchmark::kMicrosecond);

create_order_tx sample_order(int64_t i) {
  create_order_tx o;
  o.account_index = 12345;
  o.api_key_index = 3;
  o.market_index = 1;
  o.client_order_index = 1000 + i;
  o.base_amount = 20000;
  o.price = static_cast<uint32_t>(9500000 + 100 * i);
  o.is_ask = i >= 10 ? 1 : 0;
  o.time_in_force = 2;
  o.order_expiry = 1738108800000;
  o.expired_at = 1735689600000;
  o.nonce = i;
  return o;
}

void bm_tx_hash_create_order(benchmark::State& st) {
  any_tx tx = sample_order(1);
  for (auto _ : st)
    benchmark::DoNotOptimize(tx_signed_hash(tx, 304));
}
BENCHMARK(bm_tx_hash_create_order);

void bm_sign_tx_create_order(benchmark::State& st) {
  signer s(bench_key());
  any_tx tx = sample_order(1);
  for (auto _ : st) {
    auto r = s.sign_tx(tx, 304);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(bm_sign_tx_create_order);

void bm_verify_tx_info(benchmark::State& st) {
  signer s(bench_key());
  auto json = s.sign_tx(sample_order(1), 304)->tx_info_json;
  auto key = verifying_key::from_encoding(public_key(bench_key()));
  for (auto _ : st) {
    auto r = verify_tx_info(tx_type::create_order, json, 304, *key);
    if (!r) st.SkipWithError("verify failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(bm_verify_tx_info);

// A full grid reset: 10 cancels + 10 creates, each validated, hashed,
// signed and serialised to tx_info JSON.
void bm_grid_reset_10_10(benchmark::State& st) {
  signer s(bench_key());
  std::vector<any_tx> txs(20);
  for (int i = 0; i < 10; ++i) {
    cancel_order_tx c;
    c.account_index = 12345;
    c.api_key_index = 3;
    c.market_index = 1;
    c.index = 1000 + i;
    c.expired_at = 1735689600000;
    c.nonce = i;
    txs[static_cast<size_t>(i)] = c;
  }
  for (int i = 0; i < 10; ++i)
    txs[static_cast<size_t>(10 + i)] = sample_order(10 + i);
  for (auto _ : st) {
    for (const auto& tx : txs) {
      auto r = s.sign_tx(tx, 304);
      benchmark::DoNotOptimize(r);
    }
  }
}
BENCHMARK(bm_grid_reset_10_10)->Unit(benchmark::kMicrosecond);

// The same reset with every nonce committed ahead (the live signer's path
// while its reserve has nonces): the reserve is refilled outside the
// timing.
void bm_grid_reset_10_10_committed(benchmark::State& st) {
  signer s(bench_key());
  std::vector<any_tx> txs(20);
  auto reserve = std::make_shared<nonce_reserve>(txs.size());
  s.draw_nonces_from(reserve);
  for (int i = 0; i < 20; ++i)
    txs[static_cast<size_t>(i)] = sample_order(i);
  for (auto _ : st) {
    st.PauseTiming();
    reserve->add_fresh(txs.size());
    st.ResumeTiming();
    for (const auto& tx : txs) {
      auto r = s.sign_tx(tx, 304);
      benchmark::DoNotOptimize(r);
    }
  }
}
BENCHMARK(bm_grid_reset_10_10_committed)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
