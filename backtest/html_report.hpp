#pragma once

#include "backtest/result.hpp"
#include "backtest/summary.hpp"

#include <string>

namespace trailgrid::backtest {

/// One self-contained HTML page (inline CSS and SVG; no scripts, fonts or
/// network) with the price, grid centre and fills, the inventory, equity and
/// drawdown, resets per hour, the summary table and the configuration. The
/// series are the result's buckets (engine_options::series_points), so the
/// file stays small (about 200 KB at 1000 points) whatever the data size.
std::string html_report(const backtest_result& r, const run_config& cfg);

} // namespace trailgrid::backtest
