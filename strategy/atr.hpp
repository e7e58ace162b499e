#pragma once

#include "strategy/bar_builder.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace trailgrid::strategy {

/// Where the Wilder ATR starts. Both smooth the same way afterwards
/// (atr += (tr - atr) / n); they differ only in the first values.
enum class atr_convention {
  /// TA-Lib (also technicalindicators): the first bar has no true range (it
  /// needs a previous close); the first ATR(n) is the mean of the true ranges
  /// of bars 1..n, so it appears on bar n (0-based).
  talib,
  /// Tulip / trading-signals: bar 0's true range is high - low; the first
  /// ATR(n) is the mean of the true ranges of bars 0..n-1 (on bar n-1).
  tulip,
};

/// The spelling used on command lines ("talib", "tulip").
std::string_view to_string(atr_convention c);
/// Parses "talib" / "tulip"; nothing for anything else.
std::optional<atr_convention> parse_atr_convention(std::string_view s);

/// Average True Range with Wilder smoothing over completed time bars.
/// The value is in the unit of the bar prices; atr_ppm() makes it a ratio.
class atr {
public:
  /// @pre period >= 1
  explicit atr(int period, atr_convention convention = atr_convention::talib);

  /// Feeds one completed bar.
  void update(const ohlc_bar& bar);

  /// Feeds historical bars (oldest first) so the first grid is built on a
  /// real ATR instead of a default. Same as calling update() on each.
  void warm_up(const ohlc_bar* bars, size_t count);
  /// Same, for a vector.
  void warm_up(const std::vector<ohlc_bar>& bars) {
    warm_up(bars.data(), bars.size());
  }

  /// True once value() is meaningful.
  bool initialized() const { return initialized_; }

  /// The current ATR; 0 before initialized().
  double value() const { return value_; }

  /// The true range of the last bar fed; nothing before any bar, and nothing
  /// for the very first bar in the TA-Lib convention.
  std::optional<double> last_true_range() const { return last_tr_; }

  /// ATR as parts per million of `price` (ATR% x 1e4), rounded to the
  /// nearest integer (halves away from zero). Nothing before initialized()
  /// or for a price that is not positive.
  std::optional<int64_t> atr_ppm(double price) const;

  /// Forgets every bar (as if just constructed).
  void reset();

  /// The averaging period n.
  int period() const { return period_; }
  /// The convention in use.
  atr_convention convention() const { return convention_; }
  /// Bars fed since construction or reset().
  int64_t bars_seen() const { return bars_seen_; }

private:
  int period_;
  atr_convention convention_;
  int64_t bars_seen_ = 0;
  int64_t tr_count_ = 0; // true ranges summed during the seed phase
  double seed_sum_ = 0;
  double value_ = 0;
  bool initialized_ = false;
  std::optional<double> prev_close_;
  std::optional<double> last_tr_;
};

} // namespace trailgrid::strategy
