#pragma once

// Market data published by feed(M) and atr(M).

#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::messages {

using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;

/// Best bid and ask of one market after a book change (feed -> atr, grid).
struct top_of_book {
  int32_t market_index = 0;
  price_ticks bid;
  qty_lots bid_size;
  price_ticks ask;
  qty_lots ask_size;
  int64_t ts_ms = 0; ///< exchange time of the book update
};

/// Serializes a top_of_book.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, top_of_book& x) {
  return f(caf::meta::type_name("top_of_book"), x.market_index, x.bid,
           x.bid_size, x.ask, x.ask_size, x.ts_ms);
}

/// The top of one market's book in effect from `at_ms` on (grid -> journal),
/// for reports: the price chart (a sample every few seconds) and the
/// markouts of fills (the book 1 s, 10 s and 60 s after each fill).
struct book_sample {
  int32_t market_index = 0;
  price_ticks bid;
  price_ticks ask;
  int64_t at_ms = 0;          ///< Unix ms (the grid's clock)
  int32_t price_decimals = 0; ///< the market's scale, for human units
  int32_t size_decimals = 0;
};

/// Serializes a book_sample.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, book_sample& x) {
  return f(caf::meta::type_name("book_sample"), x.market_index, x.bid, x.ask,
           x.at_ms, x.price_decimals, x.size_decimals);
}

/// One public trade of a market (feed -> atr, grid).
struct trade_print {
  int32_t market_index = 0;
  int64_t trade_id = 0;
  price_ticks price;
  qty_lots size;
  bool maker_is_ask = false; ///< true: a buyer took a resting ask
  int64_t ts_ms = 0;
};

/// Serializes a trade_print.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, trade_print& x) {
  return f(caf::meta::type_name("trade_print"), x.market_index, x.trade_id,
           x.price, x.size, x.maker_is_ask, x.ts_ms);
}

/// Exchange mark and index price of a market (feed -> atr, grid).
struct mark_price {
  int32_t market_index = 0;
  price_ticks mark;
  price_ticks index;
  int64_t ts_ms = 0;
};

/// Serializes a mark_price.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, mark_price& x) {
  return f(caf::meta::type_name("mark_price"), x.market_index, x.mark, x.index,
           x.ts_ms);
}

/// A new volatility estimate after a bar closed (atr -> grid).
struct atr_update {
  int32_t market_index = 0;
  price_ticks atr;          ///< Wilder ATR in price ticks
  int64_t atr_ppm = 0;      ///< ATR as parts per million of the price
  bool warmed_up = false;   ///< false while fewer than `period` bars exist
  int64_t bar_close_ms = 0; ///< close time of the bar that produced it
};

/// Serializes an atr_update.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, atr_update& x) {
  return f(caf::meta::type_name("atr_update"), x.market_index, x.atr, x.atr_ppm,
           x.warmed_up, x.bar_close_ms);
}

/// One completed exchange candle in the market's price ticks.
struct candle_bar {
  int64_t start_ms = 0; ///< candle open time (unix ms)
  price_ticks open;
  price_ticks high;
  price_ticks low;
  price_ticks close;
};

/// Serializes a candle_bar.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, candle_bar& x) {
  return f(caf::meta::type_name("candle_bar"), x.start_ms, x.open, x.high,
           x.low, x.close);
}

/// Historical candles for the ATR warm-up (feed -> atr, at start and to
/// every new atr handle), oldest first, all of `interval_ms`.
struct atr_warmup {
  int32_t market_index = 0;
  std::string resolution; ///< the exchange's name, e.g. "1m"
  int64_t interval_ms = 0;
  std::vector<candle_bar> bars;
};

/// Serializes an atr_warmup.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, atr_warmup& x) {
  return f(caf::meta::type_name("atr_warmup"), x.market_index, x.resolution,
           x.interval_ms, x.bars);
}

} // namespace trailgrid::messages
