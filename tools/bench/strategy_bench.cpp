// Cost of a grid reset: the pure computation, and a fill event turned into a
// replace_grid command by grid_strategy (10 + 10 levels).
#include "strategy/centre_selector.hpp"
#include "strategy/grid_calculator.hpp"
#include "strategy/grid_strategy.hpp"

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

// Counts heap allocations so the bench can show the reset path makes none.
std::atomic<int64_t> allocations{0};

} // namespace

void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc{};
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

using namespace trailgrid::strategy;

constexpr ppm atr = 4'000;

// BTC-like market: price 2 decimals (~100000.00), size 5 decimals.
market_spec bench_spec() {
  market_spec m;
  m.symbol = "BTC";
  m.price_decimals = 2;
  m.size_decimals = 5;
  m.min_base = qty_lots{20};
  m.min_quote = quote_units{10'000'000};
  return m;
}

strategy_params bench_params() {
  strategy_params p;
  p.grid.levels_per_side = 10;
  p.grid.order_size = qty_lots{100};
  p.risk.max_position = qty_lots{1'000'000}; // skew and limit active
  p.risk.tx_bucket_capacity = 1'000'000'000;
  p.risk.tx_refill_per_minute = 1'000'000'000;
  p.fees.maker = 20;
  return p;
}

void reset_computation(benchmark::State& state) {
  const auto spec = bench_spec();
  const auto params = bench_params();
  grid_calculator calc{spec, params.grid};
  centre_selector selector{spec, params.grid.centre_source, true};
  market_view view;
  view.best_bid = price_ticks{9'999'000};
  view.best_ask = price_ticks{10'001'000};
  grid_plan plan;
  plan.levels.reserve(20);
  int64_t i = 0;
  for (auto _ : state) {
    view.fill = price_ticks{10'000'000 + (i++ & 1023)};
    const ppm spacing = calc.spacing(atr);
    auto choice = selector.select(view, spacing);
    calc.build({choice->centre, spacing, 10, 10, qty_lots{100}, qty_lots{100}},
               plan);
    benchmark::DoNotOptimize(plan.levels.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(reset_computation);

void fill_to_replace_grid(benchmark::State& state) {
  grid_strategy uut{bench_spec(), bench_params()};
  int64_t ts = 0;
  uut.on_balance({quote_units{1'000'000'000'000}, ts});
  uut.on_top_of_book({price_ticks{9'999'000}, price_ticks{10'001'000}, ts});
  uut.on_volatility({atr, ts});
  uut.on_reset_done({uut.in_flight_reset_id(), ts});
  bool buy = true;
  std::size_t replaces = 0;
  const int64_t allocs_before = allocations.load();
  for (auto _ : state) {
    ++ts;
    const auto& plan = uut.current_plan();
    // Fill the innermost level of alternating sides: the centre stays put
    // around the book and the position swings between 0 and one order.
    const auto& level = buy ? plan.levels.front() : plan.levels.back();
    fill_event f;
    f.side = buy ? side::bid : side::ask;
    f.price = level.price;
    f.qty = level.qty;
    f.ts = ts;
    const auto& cmds = uut.on_fill(f);
    replaces += cmds.size();
    benchmark::DoNotOptimize(cmds.begin());
    uut.on_reset_done({uut.in_flight_reset_id(), ts});
    buy = !buy;
  }
  if (replaces != static_cast<std::size_t>(state.iterations()))
    state.SkipWithError("a fill did not produce exactly one command");
  state.counters["allocs_per_fill"] =
      static_cast<double>(allocations.load() - allocs_before) /
      static_cast<double>(state.iterations());
  state.counters["levels"] =
      static_cast<double>(uut.current_plan().levels.size());
}
BENCHMARK(fill_to_replace_grid);

void top_of_book_update(benchmark::State& state) {
  grid_strategy uut{bench_spec(), bench_params()};
  uut.on_top_of_book({price_ticks{9'999'000}, price_ticks{10'001'000}, 0});
  uut.on_volatility({atr, 0});
  uut.on_reset_done({uut.in_flight_reset_id(), 0});
  int64_t ts = 0;
  for (auto _ : state) {
    ++ts;
    const int64_t wiggle = ts & 63;
    const auto& cmds =
        uut.on_top_of_book({price_ticks{9'999'000 + wiggle},
                            price_ticks{10'001'000 + wiggle}, ts});
    benchmark::DoNotOptimize(cmds.begin());
  }
}
BENCHMARK(top_of_book_update);

} // namespace

BENCHMARK_MAIN();
