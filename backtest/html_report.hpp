#pragma once

#include "backtest/result.hpp"
#include "backtest/summary.hpp"

#include <string>

namespace trailgrid::backtest {

/// What frames the charts of a report page.
struct report_page {
  std::string title;    ///< <title> and heading, e.g. "trailgrid backtest: BTC"
  std::string subtitle; ///< the line under the heading (plain text)
  std::string config;   ///< the "Configuration" column (preformatted text)
  std::string footer;   ///< the last line (plain text)
};

/// One self-contained HTML page (inline CSS and SVG; no scripts, fonts or
/// network) with the price, grid centre and fills, the inventory, equity and
/// drawdown, resets per hour, the markouts by side and centre source, the
/// summary table and the configuration. The series are the result's buckets
/// (engine_options::series_points), so the file stays small (about 200 KB at
/// 1000 points) whatever the data size.
std::string html_report(const backtest_result& r, const run_config& cfg);

/// The same page for a result that did not come from a backtest (a live or
/// paper journal, `gridbot report`), framed by `page`.
std::string html_report(const backtest_result& r, const report_page& page);

} // namespace trailgrid::backtest
