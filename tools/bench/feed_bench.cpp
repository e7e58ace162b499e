// Feed hot path: decode an `update/order_book` frame and apply it to the
// local book, on one core. Frames look like the captured ones (compact, keys
// sorted, a few levels per side, chained nonces). Reports messages/s and
// deltas/s (price levels applied); the target is >= 1,000,000 deltas/s.

#include "lighter/codec/order_book.hpp"
#include "lighter/codec/ws_decoder.hpp"
#include "strategy/decimal.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace trailgrid::lighter;
using trailgrid::strategy::format_scaled;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;

namespace {

constexpr int market = 0;
constexpr market_decimals eth{2, 4};
constexpr int64_t mid = 300'000; // 3000.00
constexpr int64_t first_nonce = 3'107'818'665;

/// A pre-generated stream: one snapshot and chained deltas.
struct stream {
  order_book_update snapshot;
  std::vector<std::string> frames;
  int64_t deltas = 0; ///< price levels over all frames
};

std::string level_json(int64_t price, int64_t size) {
  return "{\"price\":\"" + format_scaled(price, eth.price) + "\",\"size\":\"" +
         format_scaled(size, eth.size) + "\"}";
}

/// `levels_per_side` bounds the levels of each side of a delta (1..max).
stream make_stream(size_t count, int max_levels_per_side) {
  std::mt19937_64 rng(42);
  stream s;
  s.snapshot.market_id = market;
  s.snapshot.is_snapshot = true;
  s.snapshot.offset = 1;
  s.snapshot.nonce = first_nonce;
  s.snapshot.begin_nonce = 0;
  for (int64_t i = 1; i <= 200; ++i) {
    s.snapshot.bids.push_back({price_ticks{mid - i}, qty_lots{1000 + i}});
    s.snapshot.asks.push_back({price_ticks{mid + i}, qty_lots{1000 + i}});
  }
  std::uniform_int_distribution<int> nlevels(1, max_levels_per_side);
  std::uniform_int_distribution<int64_t> depth(1, 200);
  std::uniform_int_distribution<int64_t> size(0, 5'000'000);
  int64_t nonce = first_nonce;
  int64_t ts = 1'763'448'665'923;
  for (size_t f = 0; f < count; ++f) {
    std::string asks, bids;
    int na = nlevels(rng), nb = nlevels(rng);
    for (int i = 0; i < na; ++i) {
      // About one level in five is removed (size 0), as in live frames.
      int64_t q = size(rng) % 5 == 0 ? 0 : size(rng);
      asks += (i ? "," : "") + level_json(mid + depth(rng), q);
    }
    for (int i = 0; i < nb; ++i) {
      int64_t q = size(rng) % 5 == 0 ? 0 : size(rng);
      bids += (i ? "," : "") + level_json(mid - depth(rng), q);
    }
    s.deltas += na + nb;
    int64_t next = nonce + 1 + static_cast<int64_t>(f % 7);
    std::string off = std::to_string(11'413'309 + f);
    s.frames.push_back(
        "{\"channel\":\"order_book:0\",\"offset\":" + off +
        ",\"order_book\":{\"code\":0,\"asks\":[" + asks + "],\"bids\":[" +
        bids + "],\"offset\":" + off + ",\"nonce\":" + std::to_string(next) +
        ",\"begin_nonce\":" + std::to_string(nonce) +
        ",\"last_updated_at\":" + std::to_string(ts * 1000 + 17) +
        "},\"timestamp\":" + std::to_string(ts) +
        ",\"type\":\"update/order_book\"}");
    nonce = next;
    ts += 13;
  }
  return s;
}

void report(benchmark::State& state, const stream& s, int64_t frames) {
  double per_frame =
      static_cast<double>(s.deltas) / static_cast<double>(s.frames.size());
  state.SetItemsProcessed(frames);
  state.counters["msgs/s"] = benchmark::Counter(static_cast<double>(frames),
                                                benchmark::Counter::kIsRate);
  state.counters["deltas/s"] = benchmark::Counter(
      static_cast<double>(frames) * per_frame, benchmark::Counter::kIsRate);
}

/// Decode (fast path, reused frame) + apply: the feed's real loop.
void BM_decode_apply(benchmark::State& state) {
  auto s = make_stream(4096, static_cast<int>(state.range(0)));
  market_table markets;
  markets.add(market, eth);
  ws_decoder dec;
  order_book book{market};
  order_book_update u;
  std::string err;
  size_t i = 0;
  int64_t frames = 0;
  for (auto _ : state) {
    if (i == 0) book.apply(s.snapshot); // the chain restarts each lap: reseed
    if (!dec.decode_order_book(s.frames[i], markets, u, err) ||
        !book.apply(u)) {
      state.SkipWithError("decode or apply failed");
      break;
    }
    benchmark::DoNotOptimize(book.best_bid());
    i = (i + 1) % s.frames.size();
    ++frames;
  }
  report(state, s, frames);
}

/// The generic decode() returning ws_message (allocates per frame) + apply.
void BM_decode_variant_apply(benchmark::State& state) {
  auto s = make_stream(4096, static_cast<int>(state.range(0)));
  market_table markets;
  markets.add(market, eth);
  ws_decoder dec;
  order_book book{market};
  size_t i = 0;
  int64_t frames = 0;
  for (auto _ : state) {
    if (i == 0) book.apply(s.snapshot);
    auto r = dec.decode(s.frames[i], markets);
    if (!r || !book.apply(std::get<order_book_update>(*r))) {
      state.SkipWithError("decode or apply failed");
      break;
    }
    benchmark::DoNotOptimize(book.best_bid());
    i = (i + 1) % s.frames.size();
    ++frames;
  }
  report(state, s, frames);
}

/// Decode only (fast path).
void BM_decode_only(benchmark::State& state) {
  auto s = make_stream(4096, static_cast<int>(state.range(0)));
  market_table markets;
  markets.add(market, eth);
  ws_decoder dec;
  order_book_update u;
  std::string err;
  size_t i = 0;
  int64_t frames = 0;
  for (auto _ : state) {
    if (!dec.decode_order_book(s.frames[i], markets, u, err)) {
      state.SkipWithError("decode failed");
      break;
    }
    benchmark::DoNotOptimize(u.asks.data());
    i = (i + 1) % s.frames.size();
    ++frames;
  }
  report(state, s, frames);
}

/// Apply only (frames decoded beforehand).
void BM_apply_only(benchmark::State& state) {
  auto s = make_stream(4096, static_cast<int>(state.range(0)));
  market_table markets;
  markets.add(market, eth);
  ws_decoder dec;
  std::vector<order_book_update> decoded(s.frames.size());
  std::string err;
  for (size_t k = 0; k < s.frames.size(); ++k)
    if (!dec.decode_order_book(s.frames[k], markets, decoded[k], err))
      state.SkipWithError("decode failed");
  order_book book{market};
  size_t i = 0;
  int64_t frames = 0;
  for (auto _ : state) {
    if (i == 0) book.apply(s.snapshot);
    if (!book.apply(decoded[i])) {
      state.SkipWithError("apply failed");
      break;
    }
    benchmark::DoNotOptimize(book.best_bid());
    i = (i + 1) % s.frames.size();
    ++frames;
  }
  report(state, s, frames);
}

} // namespace

// Argument: the most levels per side in one delta (1..N, uniform).
BENCHMARK(BM_decode_apply)->Arg(2)->Arg(4)->Arg(8);
BENCHMARK(BM_decode_variant_apply)->Arg(4);
BENCHMARK(BM_decode_only)->Arg(4);
BENCHMARK(BM_apply_only)->Arg(4);

BENCHMARK_MAIN();
