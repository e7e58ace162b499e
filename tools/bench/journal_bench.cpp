// What durability of the node journal costs per entry, on the disk the
// journal lives on: append with write(2) only (survives kill -9), append
// with an fsync per entry (survives a power cut), and one fsync after a
// burst of entries (the "batched" policy: one fsync per interval however
// many entries came). The journal file goes in $TRAILGRID_BENCH_DIR, else
// the current directory: run it where the journal will live (tmpfs makes
// fsync free and the figures meaningless).
#include "runtime/journal.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace trailgrid;

namespace {

std::string bench_path() {
  const char* dir = std::getenv("TRAILGRID_BENCH_DIR");
  auto base = std::filesystem::path{dir && *dir ? dir : "."};
  return (base / ("journal_bench." + std::to_string(::getpid()) + ".journal"))
      .string();
}

runtime::journal_fill sample_fill(int64_t i) {
  runtime::journal_fill f;
  f.market = "BTC";
  f.market_index = 1;
  f.order_index = 281'474'976'710'656 + i;
  f.client_order_index = 17'000 + i;
  f.price = strategy::price_ticks{600'123};
  f.size = strategy::qty_lots{200};
  f.trade_id = 9'000'000 + i;
  return f;
}

// One journal per benchmark run, removed afterwards.
struct bench_journal {
  std::string path = bench_path();
  runtime::journal_writer writer;

  explicit bench_journal(runtime::journal_options o) : writer(open(path, o)) {}
  ~bench_journal() { std::filesystem::remove(path); }

  static runtime::journal_writer open(const std::string& p,
                                      runtime::journal_options o) {
    auto w = runtime::journal_writer::open(p, o);
    if (!w) std::abort();
    return std::move(w.value());
  }
};

void BM_append_write_only(benchmark::State& state) {
  bench_journal j{{}};
  int64_t i = 0;
  for (auto _ : state)
    if (!j.writer.append(sample_fill(i++), 1)) state.SkipWithError("append");
}
BENCHMARK(BM_append_write_only);

void BM_append_fsync_each(benchmark::State& state) {
  runtime::journal_options o;
  o.fsync_on_flush = true;
  bench_journal j{o};
  int64_t i = 0;
  for (auto _ : state)
    if (!j.writer.append(sample_fill(i++), 1)) state.SkipWithError("append");
}
BENCHMARK(BM_append_fsync_each)->UseRealTime();

// A burst of range(0) entries then one fsync: the batched policy's cost per
// interval; divide by the burst for its cost per entry.
void BM_burst_then_one_fsync(benchmark::State& state) {
  bench_journal j{{}};
  int64_t i = 0;
  for (auto _ : state) {
    for (int64_t k = 0; k < state.range(0); ++k)
      if (!j.writer.append(sample_fill(i++), 1)) state.SkipWithError("append");
    if (j.writer.sync()) state.SkipWithError("sync");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_burst_then_one_fsync)->Arg(1)->Arg(10)->Arg(100)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
