#pragma once

#include "backtest/engine.hpp"
#include "backtest/summary.hpp"

#include <functional>
#include <string>
#include <vector>

namespace trailgrid::backtest {

/// Runs every configuration on the same tape, `threads` at a time (0 = one
/// per core). Results come back in the order of `configs`; each run is
/// deterministic, so the order of completion does not matter.
/// `on_done(done, total)` is called (from the calling thread's lock) as runs
/// finish.
std::vector<backtest_result>
run_many(const tape& data, const std::vector<run_config>& configs,
         unsigned threads = 0,
         const std::function<void(std::size_t, std::size_t)>& on_done = {});

/// The comparison table of --compare and --sweep: one row per run (label,
/// resets/h, fills, volume, net PnL, max drawdown, max |position|, guard
/// fallbacks), in the given order.
std::string results_table(const std::string& label_header,
                          const std::vector<std::string>& labels,
                          const std::vector<backtest_result>& results);

/// Indices of `results` sorted by net PnL, best first (ties: lower max
/// drawdown, then input order).
std::vector<std::size_t> rank_by_net(const std::vector<backtest_result>& r);

} // namespace trailgrid::backtest
