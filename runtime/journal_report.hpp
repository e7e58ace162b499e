#pragma once

// A live or paper journal as a report: per market, the same result a
// backtest produces (price and centre series, fills, inventory, equity and
// drawdown, resets, PnL) plus the markouts of every fill, from the fills,
// resets and book samples the node journaled. Pure: it takes the records;
// `gridbot report` reads the file and writes the HTML (backtest/html_report)
// and `gridbot journal export` the CSV.

#include "backtest/markout.hpp"
#include "backtest/result.hpp"
#include "runtime/journal.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// What to report.
struct journal_report_options {
  /// Every session of the file; default: the last one (from its last
  /// session entry on).
  bool all_sessions = false;
  /// Only this market ("" = every market).
  std::string market;
  /// Buckets of the report's time series.
  int series_points = 1000;
};

/// One market of a journal.
struct journal_market_report {
  /// Series, counts, PnL and the markout table; `source` is the journal.
  backtest::backtest_result result;
  /// Every fill with its mids (for CSV export).
  std::vector<backtest::markout_sample> fills;
  /// False when the journal has no scale entry for the market (a journal
  /// of an older node): prices and sizes are then raw ticks and lots.
  bool scale_known = false;
  int64_t rejects = 0; ///< orders the exchange refused
  int64_t book_samples = 0;
};

/// A whole journal.
struct journal_report {
  std::string path;
  uint64_t first_seq = 0; ///< first record reported (the session entry)
  uint64_t records = 0;   ///< records reported
  int64_t first_ts = 0;   ///< their time span, Unix ms
  int64_t last_ts = 0;
  std::string node; ///< node of the (last) session entry
  std::vector<journal_market_report> markets; ///< by symbol
  std::map<std::string, std::string> config;  ///< config entries, last wins
};

/// Builds the report of `records` (a journal, oldest first) read from
/// `path`. Fills take the centre source of their market's last reset;
/// markouts use the book samples (the book in effect at each sample's
/// time) and stay unmeasured past the last one.
journal_report build_journal_report(const std::vector<journal_record>& records,
                                    const std::string& path,
                                    const journal_report_options& options = {});

/// The records of the reported span as CSV, one line per record, every
/// field of every kind as a column (empty where a kind has no such field);
/// prices and sizes in human units where the market's scale is known.
std::string journal_csv(const std::vector<journal_record>& records,
                        const journal_report_options& options = {});

/// The fills of a report as CSV with their markouts (bps) at each horizon.
std::string fills_csv(const journal_report& r);

/// A plain-text summary of one market (stdout of `gridbot report`).
std::string journal_summary_text(const journal_market_report& m);

} // namespace trailgrid::runtime
