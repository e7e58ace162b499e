#pragma once

#include "strategy/bar_builder.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/market_spec.hpp"

#include <cstdint>
#include <optional>

namespace trailgrid::marketdata {

/// What to do with a decimal that has more digits than the scale allows.
enum class excess_digits {
  reject,   ///< a read error (default: exact data or nothing)
  truncate, ///< drop the extra digits (round toward zero)
  round,    ///< round to the nearest unit, halves away from zero (a finer
            ///< feed replayed on a market's coarser tick grid)
};

/// How decimal price and size columns become integers: price x
/// 10^price_decimals (price_ticks), size x 10^qty_decimals (qty_lots).
struct scale {
  int price_decimals = 2;
  int qty_decimals = 8;
  excess_digits excess = excess_digits::reject;

  /// The scale of a market: its prices and sizes become exactly its ticks and
  /// lots.
  static scale of(const strategy::market_spec& m,
                  excess_digits e = excess_digits::reject) {
    return scale{m.price_decimals, m.size_decimals, e};
  }
};

/// One candle `ts_ms,open,high,low,close,volume` with exact scaled integers.
struct candle_row {
  int64_t ts_ms = 0; ///< bar open time
  strategy::price_ticks open, high, low, close;
  strategy::qty_lots volume; ///< base units (quote for FTX files, see README)
};

/// One candle as doubles (for indicators, which are ratios, not money).
struct candle_f64 {
  int64_t ts_ms = 0;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

/// The taker (aggressor) side of a trade.
enum class trade_side : uint8_t { buy, sell };

/// One trade `ts_ms,price,qty,side`.
struct trade_row {
  int64_t ts_ms = 0;
  strategy::price_ticks price;
  strategy::qty_lots qty;
  trade_side side = trade_side::buy;
};

/// A book side.
enum class book_side : uint8_t { bid, ask };

/// Whether a depth row belongs to a full snapshot or a diff update.
enum class depth_event : uint8_t { snapshot, update };

/// One price level of a depth file
/// `ts_ms,local_ts_us,event,side,price,qty,first_update_id,last_update_id,
/// prev_update_id`. qty 0 deletes the level.
struct depth_row {
  std::optional<int64_t> ts_ms; ///< exchange time; empty on spot snapshots
  int64_t local_ts_us = 0;      ///< recorder receive time
  depth_event event = depth_event::update;
  book_side side = book_side::bid;
  strategy::price_ticks price;
  strategy::qty_lots qty;
  std::optional<int64_t> first_update_id;
  std::optional<int64_t> last_update_id;
  std::optional<int64_t> prev_update_id;
};

/// One best bid/offer `ts_ms,local_ts_us,bid_price,bid_qty,ask_price,ask_qty`
/// with an optional `update_id` column.
struct bbo_row {
  std::optional<int64_t> ts_ms; ///< empty for Binance spot bookTicker
  int64_t local_ts_us = 0;
  strategy::price_ticks bid_price;
  strategy::qty_lots bid_qty;
  strategy::price_ticks ask_price;
  strategy::qty_lots ask_qty;
  std::optional<int64_t> update_id;
};

/// A double candle as an indicator bar (human price units).
inline strategy::ohlc_bar to_bar(const candle_f64& c) {
  return strategy::ohlc_bar{c.ts_ms, c.open, c.high, c.low, c.close};
}

/// A scaled candle as an indicator bar in tick units (exact below 2^53
/// ticks); an ATR fed these bars is in ticks, and atr_ppm() wants a price in
/// ticks too.
inline strategy::ohlc_bar to_bar(const candle_row& c) {
  return strategy::ohlc_bar{c.ts_ms, static_cast<double>(c.open.value),
                            static_cast<double>(c.high.value),
                            static_cast<double>(c.low.value),
                            static_cast<double>(c.close.value)};
}

} // namespace trailgrid::marketdata
