#include "marketdata/readers.hpp"

#include "strategy/decimal.hpp"

#include <utility>

namespace trailgrid::marketdata {

namespace {

using strategy::price_ticks;
using strategy::qty_lots;

bool get_int(csv_cursor& c, size_t i, int64_t& out) {
  if (auto v = parse_int64(c.field(i))) {
    out = *v;
    return true;
  }
  c.fail_field(i, "expected an integer");
  return false;
}

// An empty cell means "no value" (e.g. no exchange time on spot snapshots).
bool get_opt_int(csv_cursor& c, size_t i, std::optional<int64_t>& out) {
  if (c.field(i).empty()) {
    out.reset();
    return true;
  }
  int64_t v = 0;
  if (!get_int(c, i, v)) return false;
  out = v;
  return true;
}

// `text` scaled by 10^decimals, halves rounded away from zero: one extra
// digit, truncated, decides (t >= 10k + 5 exactly when the value is at least
// k + 0.5 units).
std::optional<int64_t> parse_scaled_rounding(std::string_view text,
                                             int decimals) {
  auto fine = strategy::parse_scaled_truncating(text, decimals + 1);
  if (!fine) return std::nullopt;
  return (*fine + (*fine < 0 ? -5 : 5)) / 10;
}

std::optional<int64_t> parse_with(std::string_view text, int decimals,
                                  excess_digits excess) {
  switch (excess) {
  case excess_digits::truncate:
    return strategy::parse_scaled_truncating(text, decimals);
  case excess_digits::round:
    return parse_scaled_rounding(text, decimals);
  case excess_digits::reject:
    break;
  }
  return strategy::parse_scaled(text, decimals);
}

bool get_scaled(csv_cursor& c, size_t i, int decimals, excess_digits excess,
                int64_t& out) {
  auto text = c.field(i);
  auto v = parse_with(text, decimals, excess);
  if (v) {
    out = *v;
    return true;
  }
  if (excess == excess_digits::reject &&
      strategy::parse_scaled_truncating(text, decimals)) {
    c.fail_field(i, "has more than " + std::to_string(decimals) +
                        " decimals (use a larger scale or truncation)");
  } else {
    c.fail_field(i, "expected a decimal number");
  }
  return false;
}

bool get_price(csv_cursor& c, size_t i, const scale& s, price_ticks& out) {
  if (!get_scaled(c, i, s.price_decimals, s.excess, out.value)) return false;
  if (out.value > 0) return true;
  c.fail_field(i, "expected a price above 0");
  return false;
}

bool get_qty(csv_cursor& c, size_t i, const scale& s, qty_lots& out) {
  if (!get_scaled(c, i, s.qty_decimals, s.excess, out.value)) return false;
  if (out.value >= 0) return true;
  c.fail_field(i, "expected a size of at least 0");
  return false;
}

bool get_double(csv_cursor& c, size_t i, double& out) {
  if (auto v = parse_double(c.field(i))) {
    out = *v;
    return true;
  }
  c.fail_field(i, "expected a decimal number");
  return false;
}

constexpr std::string_view depth_header =
    "ts_ms,local_ts_us,event,side,price,qty,first_update_id,last_update_id,"
    "prev_update_id";
constexpr std::string_view bbo_header =
    "ts_ms,local_ts_us,bid_price,bid_qty,ask_price,ask_qty";
constexpr std::string_view bbo_header_ids =
    "ts_ms,local_ts_us,bid_price,bid_qty,ask_price,ask_qty,update_id";

template <class Row, class Reader>
read_result<std::vector<Row>> read_all(Reader&& reader) {
  std::vector<Row> rows;
  Row row;
  while (reader.next(row))
    rows.push_back(row);
  if (reader.error()) return *reader.error();
  return rows;
}

} // namespace

// -- candles ------------------------------------------------------------------

candle_reader::candle_reader(std::string path, scale sc)
    : csv_(std::move(path)), scale_(sc) {
  csv_.read_header({candle_header});
}

bool candle_reader::check_order(int64_t ts, bool ohlc_ok) {
  if (last_ts_ && ts <= *last_ts_) {
    csv_.fail_field(0, "expected ts_ms after the previous row's " +
                           std::to_string(*last_ts_));
    return false;
  }
  if (!ohlc_ok) {
    csv_.fail("inconsistent candle: need low <= open, close <= high");
    return false;
  }
  last_ts_ = ts;
  return true;
}

bool candle_reader::next(candle_row& out) {
  if (!csv_.next_row() || !csv_.expect_fields(6)) return false;
  if (!get_int(csv_, 0, out.ts_ms) || !get_price(csv_, 1, scale_, out.open) ||
      !get_price(csv_, 2, scale_, out.high) ||
      !get_price(csv_, 3, scale_, out.low) ||
      !get_price(csv_, 4, scale_, out.close) ||
      !get_qty(csv_, 5, scale_, out.volume))
    return false;
  bool ok = out.low <= out.open && out.low <= out.close &&
            out.open <= out.high && out.close <= out.high;
  return check_order(out.ts_ms, ok);
}

bool candle_reader::next(candle_f64& out) {
  if (!csv_.next_row() || !csv_.expect_fields(6)) return false;
  if (!get_int(csv_, 0, out.ts_ms) || !get_double(csv_, 1, out.open) ||
      !get_double(csv_, 2, out.high) || !get_double(csv_, 3, out.low) ||
      !get_double(csv_, 4, out.close) || !get_double(csv_, 5, out.volume))
    return false;
  bool ok = out.low > 0 && out.volume >= 0 && out.low <= out.open &&
            out.low <= out.close && out.open <= out.high &&
            out.close <= out.high;
  return check_order(out.ts_ms, ok);
}

// -- trades -------------------------------------------------------------------

trade_reader::trade_reader(std::string path, scale sc)
    : csv_(std::move(path)), scale_(sc) {
  csv_.read_header({trade_header});
}

bool trade_reader::next(trade_row& out) {
  if (!csv_.next_row() || !csv_.expect_fields(4)) return false;
  if (!get_int(csv_, 0, out.ts_ms) || !get_price(csv_, 1, scale_, out.price) ||
      !get_qty(csv_, 2, scale_, out.qty))
    return false;
  auto side = csv_.field(3);
  if (side == "buy") {
    out.side = trade_side::buy;
  } else if (side == "sell") {
    out.side = trade_side::sell;
  } else {
    csv_.fail_field(3, "expected buy or sell");
    return false;
  }
  if (last_ts_ && out.ts_ms < *last_ts_) {
    csv_.fail_field(0, "expected ts_ms not before the previous row's " +
                           std::to_string(*last_ts_));
    return false;
  }
  last_ts_ = out.ts_ms;
  return true;
}

// -- depth --------------------------------------------------------------------

depth_reader::depth_reader(std::string path, scale sc)
    : csv_(std::move(path)), scale_(sc) {
  csv_.read_header({depth_header});
}

bool depth_reader::next(depth_row& out) {
  if (!csv_.next_row() || !csv_.expect_fields(9)) return false;
  if (!get_opt_int(csv_, 0, out.ts_ms) || !get_int(csv_, 1, out.local_ts_us))
    return false;
  auto event = csv_.field(2);
  if (event == "update") {
    out.event = depth_event::update;
  } else if (event == "snapshot") {
    out.event = depth_event::snapshot;
  } else {
    csv_.fail_field(2, "expected snapshot or update");
    return false;
  }
  auto side = csv_.field(3);
  if (side == "bid") {
    out.side = book_side::bid;
  } else if (side == "ask") {
    out.side = book_side::ask;
  } else {
    csv_.fail_field(3, "expected bid or ask");
    return false;
  }
  return get_price(csv_, 4, scale_, out.price) &&
         get_qty(csv_, 5, scale_, out.qty) &&
         get_opt_int(csv_, 6, out.first_update_id) &&
         get_opt_int(csv_, 7, out.last_update_id) &&
         get_opt_int(csv_, 8, out.prev_update_id);
}

// -- bbo ----------------------------------------------------------------------

bbo_reader::bbo_reader(std::string path, scale sc)
    : csv_(std::move(path)), scale_(sc) {
  if (auto which = csv_.read_header({bbo_header, bbo_header_ids}))
    columns_ = *which == 0 ? 6 : 7;
}

bool bbo_reader::next(bbo_row& out) {
  if (!csv_.next_row() || !csv_.expect_fields(columns_)) return false;
  if (!get_opt_int(csv_, 0, out.ts_ms) || !get_int(csv_, 1, out.local_ts_us) ||
      !get_price(csv_, 2, scale_, out.bid_price) ||
      !get_qty(csv_, 3, scale_, out.bid_qty) ||
      !get_price(csv_, 4, scale_, out.ask_price) ||
      !get_qty(csv_, 5, scale_, out.ask_qty))
    return false;
  if (columns_ == 7) return get_opt_int(csv_, 6, out.update_id);
  out.update_id.reset();
  return true;
}

// -- whole files --------------------------------------------------------------

read_result<std::vector<candle_row>> read_candles(const std::string& path,
                                                  scale sc) {
  return read_all<candle_row>(candle_reader{path, sc});
}

read_result<std::vector<candle_f64>> read_candles_f64(const std::string& path) {
  return read_all<candle_f64>(candle_reader{path});
}

read_result<std::vector<trade_row>> read_trades(const std::string& path,
                                                scale sc) {
  return read_all<trade_row>(trade_reader{path, sc});
}

read_result<std::vector<depth_row>> read_depth(const std::string& path,
                                               scale sc) {
  return read_all<depth_row>(depth_reader{path, sc});
}

read_result<std::vector<bbo_row>> read_bbo(const std::string& path, scale sc) {
  return read_all<bbo_row>(bbo_reader{path, sc});
}

} // namespace trailgrid::marketdata
