#pragma once

#include <cstdint>
#include <optional>

namespace trailgrid::strategy {

/// One OHLC time bar. Prices are doubles in any consistent unit (human price
/// or integer ticks converted to double): indicators are ratios, not money.
struct ohlc_bar {
  int64_t start_ms = 0; ///< bar open time, a multiple of the bar interval
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
};

/// Builds OHLC time bars of a fixed interval from prices (trades, mids) or
/// from shorter bars (e.g. 1-minute exchange candles into 5-minute bars).
///
/// A bar covers [start, start + interval) with start a multiple of the
/// interval (UTC epoch aligned). A bar is emitted when the first price of a
/// later interval arrives, or when close_until() is called at or after the
/// bar's end. Intervals in which no price arrived produce NO bar: the next bar
/// simply follows the gap, and the ATR sees the gap's move through its
/// true range (which uses the previous close). Prices stamped before the
/// current bar's start (late or out of order) are ignored.
class bar_builder {
public:
  /// Smallest and largest supported bar interval.
  static constexpr int64_t min_interval_ms = 1'000;
  static constexpr int64_t max_interval_ms = 3'600'000;

  /// @pre min_interval_ms <= interval_ms <= max_interval_ms
  explicit bar_builder(int64_t interval_ms);

  /// Adds one price observed at `ts_ms`. Returns the previous bar when this
  /// price starts a new interval.
  std::optional<ohlc_bar> add(int64_t ts_ms, double price);

  /// Adds a shorter bar (its start_ms decides which interval it belongs to).
  /// Returns the previous bar when this one starts a new interval.
  std::optional<ohlc_bar> add_bar(const ohlc_bar& sub);

  /// Closes and returns the open bar if `now_ms` is at or past its end, so a
  /// quiet market still gets its bar on time.
  std::optional<ohlc_bar> close_until(int64_t now_ms);

  /// The bar being built, if any.
  const std::optional<ohlc_bar>& current() const { return current_; }

  /// The bar interval.
  int64_t interval_ms() const { return interval_ms_; }

  /// The start of the interval containing `ts_ms` (floor, also for ts < 0).
  int64_t bar_start(int64_t ts_ms) const;

private:
  std::optional<ohlc_bar> merge(int64_t ts_ms, double open, double high,
                                double low, double close);

  int64_t interval_ms_;
  std::optional<ohlc_bar> current_;
};

} // namespace trailgrid::strategy
