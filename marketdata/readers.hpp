#pragma once

#include "marketdata/csv_cursor.hpp"
#include "marketdata/read_error.hpp"
#include "marketdata/rows.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::marketdata {

/// The header line of a candle file.
inline constexpr std::string_view candle_header =
    "ts_ms,open,high,low,close,volume";
/// The header line of a trade file.
inline constexpr std::string_view trade_header = "ts_ms,price,qty,side";

/// Streams a candle file `ts_ms,open,high,low,close,volume` (header required,
/// gzip accepted). Rows must have strictly increasing ts_ms and
/// low <= open, close <= high. Usage:
/// `candle_reader r{path, sc}; candle_row c; while (r.next(c)) ...;
/// if (r.error()) ...`.
class candle_reader {
public:
  /// Opens `path` and checks its header.
  candle_reader(std::string path, scale sc = {});
  /// The next candle as exact scaled integers; false at the end or on error.
  bool next(candle_row& out);
  /// The next candle as doubles; false at the end or on error.
  bool next(candle_f64& out);
  /// The first error, if any (check after next() returned false).
  const std::optional<read_error>& error() const { return csv_.error(); }

private:
  bool check_order(int64_t ts, bool ohlc_ok);

  csv_cursor csv_;
  scale scale_;
  std::optional<int64_t> last_ts_;
};

/// Streams a trade file `ts_ms,price,qty,side` (side = taker side, `buy` or
/// `sell`); ts_ms must not decrease.
class trade_reader {
public:
  /// Opens `path` and checks its header.
  trade_reader(std::string path, scale sc = {});
  /// The next trade; false at the end or on error.
  bool next(trade_row& out);
  /// The first error, if any.
  const std::optional<read_error>& error() const { return csv_.error(); }

private:
  csv_cursor csv_;
  scale scale_;
  std::optional<int64_t> last_ts_;
};

/// Streams an L2 depth file (one row per price level, see rows.hpp).
class depth_reader {
public:
  /// Opens `path` and checks its header.
  depth_reader(std::string path, scale sc = {});
  /// The next level; false at the end or on error.
  bool next(depth_row& out);
  /// The first error, if any.
  const std::optional<read_error>& error() const { return csv_.error(); }

private:
  csv_cursor csv_;
  scale scale_;
};

/// Streams a best bid/offer file, with or without the update_id column.
class bbo_reader {
public:
  /// Opens `path` and checks its header.
  bbo_reader(std::string path, scale sc = {});
  /// The next quote; false at the end or on error.
  bool next(bbo_row& out);
  /// The first error, if any.
  const std::optional<read_error>& error() const { return csv_.error(); }
  /// True when the file has the update_id column.
  bool has_update_id() const { return columns_ == 7; }

private:
  csv_cursor csv_;
  scale scale_;
  size_t columns_ = 0;
};

/// Reads a whole candle file as exact scaled integers.
read_result<std::vector<candle_row>> read_candles(const std::string& path,
                                                  scale sc = {});
/// Reads a whole candle file as doubles.
read_result<std::vector<candle_f64>> read_candles_f64(const std::string& path);
/// Reads a whole trade file.
read_result<std::vector<trade_row>> read_trades(const std::string& path,
                                                scale sc = {});
/// Reads a whole depth file.
read_result<std::vector<depth_row>> read_depth(const std::string& path,
                                               scale sc = {});
/// Reads a whole bbo file.
read_result<std::vector<bbo_row>> read_bbo(const std::string& path,
                                           scale sc = {});

} // namespace trailgrid::marketdata
