#pragma once

#include "marketdata/rows.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::backtest {

/// What kind of market data a tape holds.
enum class tape_kind : uint8_t {
  candles, ///< OHLC bars, replayed through the candle path model
  trades,  ///< public trades; the book is synthesised around them
  l2,      ///< L2 depth levels merged with trades (real book, queues)
};

/// "candles" / "trades" / "l2".
std::string_view to_string(tape_kind k);

/// One event of an L2 tape: a book level changes, the book is cleared (a
/// full snapshot follows), or a trade prints.
struct l2_event {
  enum class type : uint8_t { level, clear, trade };
  int64_t ts = 0;
  type what = type::level;
  /// level: the book side; trade: the taker side (bid = buy, ask = sell).
  strategy::side side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots qty; ///< level: new size (0 deletes); trade: size
};

/// Market data loaded in memory, in replay order, as exact integers of one
/// scale. Loading is separate from replay so a run (and the benchmark)
/// measures the engine, and --compare/--sweep share one load.
struct tape {
  tape_kind kind = tape_kind::candles;
  std::string source;      ///< file names, for reports
  marketdata::scale scale; ///< how prices and sizes were scaled
  int64_t interval_ms = 0; ///< candles: bar interval
  std::vector<marketdata::candle_row> candles;
  std::vector<marketdata::trade_row> trades;
  std::vector<l2_event> l2;

  /// Rows (candles, trades or L2 events).
  std::size_t size() const;
  /// Time of the first row (0 when empty).
  int64_t first_ts() const;
  /// Time the data ends (a candle's close time; the last row otherwise).
  int64_t end_ts() const;
};

/// A tape or why it could not be loaded.
struct tape_result {
  tape value;
  std::string error; ///< empty on success
};

/// The largest number of decimals of the price columns in the first rows of
/// a market-data file (candles, trades, depth or bbo; gzip accepted),
/// ignoring trailing zeros: the price scale that reads the file exactly.
/// -1 when the file cannot be read or has an unknown header.
int detect_price_decimals(const std::string& path);

/// Loads market data from `paths`: one candle file, one trade file, or a
/// depth file plus a trade file (an L2 tape). The kind is recognised by the
/// header line. Prices must fit `sc` exactly; sizes with more decimals than
/// sc.qty_decimals are truncated (they only size trades and queues).
tape_result load_tape(const std::vector<std::string>& paths,
                      marketdata::scale sc);

/// The L2 tape of depth rows and trades (already read): book updates
/// (snapshot = clear + levels, updates before a snapshot's id dropped) merged
/// with trades by time, trades first at equal times.
std::vector<l2_event>
merge_l2(const std::vector<marketdata::depth_row>& depth,
         const std::vector<marketdata::trade_row>& trades);

} // namespace trailgrid::backtest
