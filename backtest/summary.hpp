#pragma once

#include "backtest/options.hpp"
#include "backtest/result.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <string>

namespace trailgrid::backtest {

/// Everything a run was configured with, for the JSON and the report.
struct run_config {
  strategy::market_spec spec;
  strategy::strategy_params params;
  engine_options options;
  std::string tier = "standard";
  std::string config_file; ///< as given on the command line
};

/// Money of a result in human quote units (exact decimal text).
std::string quote_text(const backtest_result& r, strategy::quote_units q);
/// A size of a result in human base units.
std::string qty_text(const backtest_result& r, strategy::qty_lots q);
/// A price of a result in human units.
std::string price_text(const backtest_result& r, strategy::price_ticks p);

/// The multi-line summary printed after a run.
std::string summary_text(const backtest_result& r);

/// The JSON document of a run: the metrics (at least duration_s, events,
/// events_per_second, fills, resets, resets_per_hour, volume_quote,
/// fees_quote, realized_pnl, unrealized_pnl, net_pnl, max_drawdown,
/// max_abs_position, sanity_guard_fallbacks, breaker_trips) and the
/// configuration used. With `timing` false the wall-clock fields are 0, so
/// two runs on the same inputs give byte-identical documents.
std::string result_json(const backtest_result& r, const run_config& cfg,
                        bool timing = true);

} // namespace trailgrid::backtest
