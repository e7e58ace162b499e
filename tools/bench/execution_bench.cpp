// The executor's pure core per event: what one fill-triggered reset of a
// 10 + 10 grid costs in execution::market_executor (plan the cancels of the
// live grid and the new creates, three batches, three accepted verdicts),
// and one fill of ours passing through. The actor shell adds its mailbox
// hops on top; this is the decision logic alone.
#include "execution/market_executor.hpp"

#include <benchmark/benchmark.h>

#include <variant>

// g++ 12 at -O3 reports moves of the command variant as "maybe
// uninitialized" (a known false positive of the variant's storage).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

using namespace trailgrid::execution;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;

namespace {

constexpr int32_t market = 1;
constexpr int64_t now = 1'760'000'000'000;

replace_grid grid(uint64_t seq) {
  replace_grid g;
  g.market_index = market;
  g.reset_seq = seq;
  g.trigger_ns = 1;
  for (int i = 1; i <= 10; ++i) {
    g.levels.push_back({side::bid, price_ticks{1000 - i}, qty_lots{5}});
    g.levels.push_back({side::ask, price_ticks{1000 + i}, qty_lots{5}});
  }
  return g;
}

// Answers every batch as accepted until the reset is done; the batches.
int run_to_done(market_executor& ex, executor_commands cmds) {
  int batches = 0;
  for (bool sent = true; sent;) {
    sent = false;
    for (auto& c : cmds)
      if (auto s = std::get_if<send_txs>(&c)) {
        batch_reply r;
        r.batch_id = s->batch_id;
        r.verdict = exchange_verdict::accepted;
        r.trigger_ns = 1;
        r.written_ns = 2;
        ++batches;
        cmds = ex.on_batch_reply(s->token, r, now);
        sent = true;
        break;
      }
  }
  return batches;
}

void reset_of_a_ten_by_ten_grid(benchmark::State& state) {
  executor_settings s;
  s.market_index = market;
  market_executor ex{s, now};
  uint64_t seq = 1;
  run_to_done(ex, ex.on_grid(grid(seq++), now)); // 20 live orders
  int batches = 0;
  for (auto _ : state)
    batches += run_to_done(ex, ex.on_grid(grid(seq++), now));
  state.counters["batches_per_reset"] = benchmark::Counter(
      static_cast<double>(batches) / static_cast<double>(state.iterations()));
}
BENCHMARK(reset_of_a_ten_by_ten_grid);

void fill_of_ours_passing_through(benchmark::State& state) {
  executor_settings s;
  s.market_index = market;
  market_executor ex{s, now};
  run_to_done(ex, ex.on_grid(grid(1), now));
  fill f;
  f.market_index = market;
  f.client_order_index = ex.orders().client_indexes().front();
  f.remaining = qty_lots{5}; // partial: the order stays live
  for (auto _ : state)
    benchmark::DoNotOptimize(ex.on_fill(f));
}
BENCHMARK(fill_of_ours_passing_through);

} // namespace

BENCHMARK_MAIN();
