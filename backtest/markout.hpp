#pragma once

// Markouts: how the market mid moved after each of our fills, the standard
// measure of adverse selection for a market maker. For a fill at price p and
// the mid m a horizon h later, the markout is (m - p) / p for a buy and
// (p - m) / p for a sell, in basis points: positive when the market moved
// our way (the fill is worth more than we paid), negative when we were run
// over. Tables are by side and by the centre source of the grid whose order
// filled, at 1 s, 10 s and 60 s.
//
// Pure: the backtester and `gridbot report` (a live or paper journal) both
// build markout_samples and share summarize_markouts and the rendering.
// Mids are kept doubled (bid + ask, in ticks) so they stay exact integers.

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::backtest {

/// The horizons of every markout table, ms.
inline constexpr std::array<int64_t, 3> markout_horizons_ms{1'000, 10'000,
                                                            60'000};
/// Number of horizons.
inline constexpr std::size_t markout_horizons = markout_horizons_ms.size();

/// One fill and the mids after it.
struct markout_sample {
  int64_t ts_ms = 0; ///< when the fill happened
  strategy::side side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots size;
  std::string source; ///< centre source of the grid whose order filled
  /// Twice the mid (bid + ask, ticks) at ts_ms + markout_horizons_ms[i];
  /// nothing when the record ends before that moment.
  std::array<std::optional<int64_t>, markout_horizons> mid2;
};

/// The markout of `s` at horizon `i`, basis points (nothing: unmeasured).
std::optional<double> markout_bps(const markout_sample& s, std::size_t i);

/// The markout of `s` at horizon `i` in quote units x 2 (exact):
/// (mid2 - 2 p) x size for a buy, (2 p - mid2) x size for a sell.
std::optional<int64_t> markout_quote2(const markout_sample& s, std::size_t i);

/// Statistics of the fills of one cell (one horizon of one row).
struct markout_cell {
  int64_t fills = 0;    ///< fills measured at this horizon
  double sum_bps = 0;   ///< sum of their markouts, bps
  int64_t positive = 0; ///< fills with a markout above zero
  int64_t quote2 = 0;   ///< summed markout, quote units x 2
  /// Mean markout, bps (0 without fills).
  double mean_bps() const;
  /// Share of fills with a positive markout, 0..1 (0 without fills).
  double positive_share() const;
};

/// One row: a side and a centre source ("all" for the totals).
struct markout_row {
  std::string source;
  std::string side;  ///< "buy", "sell" or "both"
  int64_t fills = 0; ///< fills in the row (measured or not)
  std::array<markout_cell, markout_horizons> at;
};

/// The whole table: one row per (source, side) present, sorted by source
/// then buy before sell, then the totals per side and overall.
struct markout_table {
  std::vector<markout_row> rows;
  /// True when there is nothing to show.
  bool empty() const { return rows.empty(); }
};

/// Summarizes samples into the table.
markout_table summarize_markouts(const std::vector<markout_sample>& samples);

/// A mid record: the book's mid in effect from each sample's time on.
struct mid_point {
  int64_t ts_ms = 0;
  int64_t mid2 = 0; ///< bid + ask, ticks
};

/// Fills the mids of `fills` from `mids` (sorted by time): the mid at T is
/// the last point at or before T; T after `end_ms` (when the record ends)
/// or before the first point stays unmeasured.
void attach_mids(std::vector<markout_sample>& fills,
                 const std::vector<mid_point>& mids, int64_t end_ms);

/// The table as CSV: source,side,fills, then per horizon
/// h_fills,h_mean_bps,h_positive_share,h_quote (quote in human units with
/// `quote_decimals`).
std::string markout_csv(const markout_table& t, int quote_decimals);

/// The table as a JSON array of rows: {"source","side","fills","1s":
/// {"fills","mean_bps","positive_share","quote"},"10s":...,"60s":...}.
std::string markout_json(const markout_table& t, int quote_decimals);

/// The table as plain text (summary output).
std::string markout_text(const markout_table& t, int quote_decimals);

/// The table as an HTML <table> (for the self-contained report).
std::string markout_html(const markout_table& t, int quote_decimals);

/// Collects markout samples while a replay runs forward in time: a fill
/// opens three pending horizons; the replay resolves each once its clock
/// passes it (resolve_before) and leaves the rest unmeasured at the end.
class markout_recorder {
public:
  /// Records a fill seen at `ts_ms`.
  void fill(int64_t ts_ms, strategy::side side, strategy::price_ticks price,
            strategy::qty_lots size, std::string source);
  /// The earliest pending horizon time (INT64_MAX when none).
  int64_t next_due() const;
  /// Resolves every pending horizon T with T < `t` by `mid2_at(T)`, the mid
  /// in effect at T. @pre the replay's clock is at or before every such T's
  /// segment (the callback can still answer for T)
  template <class F>
  void resolve_before(int64_t t, F&& mid2_at) {
    while (!due_.empty() && due_.front().at < t) {
      auto d = pop();
      samples_[d.sample].mid2[d.horizon] = mid2_at(d.at);
    }
  }
  /// Resolves the horizons at or before `end_ms` with `mid2`; the rest stay
  /// unmeasured. Returns the samples.
  std::vector<markout_sample> finish(int64_t end_ms, int64_t mid2);

private:
  struct due {
    int64_t at;
    std::size_t sample;
    std::size_t horizon;
  };
  due pop();
  std::vector<markout_sample> samples_;
  std::vector<due> due_; ///< a min-heap by `at`, then sample
};

} // namespace trailgrid::backtest
