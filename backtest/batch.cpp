#include "backtest/batch.hpp"

#include "backtest/report_format.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <thread>

namespace trailgrid::backtest {

std::vector<backtest_result>
run_many(const tape& data, const std::vector<run_config>& configs,
         unsigned threads,
         const std::function<void(std::size_t, std::size_t)>& on_done) {
  std::vector<backtest_result> out(configs.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(configs.size()));
  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex m;
  auto work = [&] {
    for (;;) {
      std::size_t i = next.fetch_add(1);
      if (i >= configs.size()) return;
      const auto& c = configs[i];
      out[i] = run_backtest(data, c.spec, c.params, c.options);
      std::lock_guard<std::mutex> lock(m);
      ++done;
      if (on_done) on_done(done, configs.size());
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work);
  work();
  for (auto& t : pool)
    t.join();
  return out;
}

std::string results_table(const std::string& label_header,
                          const std::vector<std::string>& labels,
                          const std::vector<backtest_result>& results) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({label_header, "resets/h", "fills", "volume", "net PnL",
                  "max DD", "max |pos|", "guard fb"});
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    if (!r.error.empty()) {
      rows.push_back({labels[i], "error: " + r.error, "", "", "", "", "", ""});
      continue;
    }
    auto money = [&](strategy::quote_units q) {
      // Two decimals are enough for a table (exact values are in the JSON).
      int qd = r.price_decimals + r.size_decimals;
      int64_t div = 1;
      for (int d = 2; d < qd; ++d)
        div *= 10;
      return qd > 2 ? scaled_to_string(q.value / div, 2, 2)
                    : scaled_to_string(q.value, qd);
    };
    rows.push_back({labels[i], number_to_string(r.resets_per_hour(), 4),
                    std::to_string(r.fills), money(r.volume), money(r.net),
                    money(r.max_drawdown), qty_text(r, r.max_abs_position),
                    std::to_string(r.counters.guard_fallbacks)});
  }
  std::vector<std::size_t> w(rows[0].size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c)
      w[c] = std::max(w[c], row[c].size());
  std::string out;
  for (std::size_t ri = 0; ri < rows.size(); ++ri) {
    const auto& row = rows[ri];
    for (std::size_t c = 0; c < row.size(); ++c) {
      // Label left-aligned, numbers right-aligned.
      std::string pad(w[c] - row[c].size(), ' ');
      out += c == 0 ? row[c] + pad : pad + row[c];
      out += c + 1 < row.size() ? "  " : "\n";
    }
    if (ri == 0) {
      std::size_t total = 0;
      for (auto x : w)
        total += x + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out;
}

std::vector<std::size_t> rank_by_net(const std::vector<backtest_result>& r) {
  std::vector<std::size_t> idx(r.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    bool ea = !r[a].error.empty(), eb = !r[b].error.empty();
    if (ea != eb) return eb;
    if (r[a].net != r[b].net) return r[a].net > r[b].net;
    return r[a].max_drawdown < r[b].max_drawdown;
  });
  return idx;
}

} // namespace trailgrid::backtest
