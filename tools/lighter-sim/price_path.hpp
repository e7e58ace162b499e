#pragma once

#include "marketdata/rows.hpp"
#include "tools/lighter-sim/rng.hpp"
#include "tools/lighter-sim/sim_config.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::sim {

/// One point of a price path: the market traded `size` lots at `price`
/// ticks at data time `ts`. Between two points the price moves monotonically,
/// so every price between them traded too.
struct path_point {
  ms_t ts = 0;
  int64_t price = 0;
  int64_t size = 0;
  bool taker_is_buy = true;
};

/// The intra-bar path of candles: open -> nearer extreme -> farther extreme
/// -> close at 0, 1/4, 1/2, 3/4 of the bar, each segment split into
/// `substeps` equal steps; the bar volume is spread evenly over its points.
/// The bar length is the smallest gap between rows (60 s for one row).
std::vector<path_point>
candles_to_points(const std::vector<marketdata::candle_row>& rows,
                  int substeps);

/// Trades as path points, one per trade.
std::vector<path_point>
trades_to_points(const std::vector<marketdata::trade_row>& rows);

/// A market's price path: a recorded point list (optionally looped, each
/// replay shifted to continue from the last price) or a seeded synthetic
/// process. Never empty.
class price_path {
public:
  /// An empty, exhausted path at price 1 (placeholder before assignment).
  price_path() = default;
  /// A recorded path. @pre !points.empty()
  static price_path recorded(std::vector<path_point> points, bool loop);
  /// A synthetic path starting at `start_ts` with the settings of `cfg`.
  static price_path synthetic(const path_cfg& cfg, uint64_t seed,
                              ms_t start_ts);

  /// The next point (not consumed).
  const path_point& peek() const { return next_; }
  /// True when a non-looping recording has no more points.
  bool exhausted() const { return exhausted_; }
  /// Consumes the next point.
  void pop();
  /// Data time of the first point.
  ms_t start_ts() const { return start_ts_; }

private:
  void load_recorded();
  void step_synthetic();

  bool synthetic_ = false;
  bool loop_ = false;
  bool exhausted_ = true;
  ms_t start_ts_ = 0;
  path_point next_{0, 1, 0, true};
  // recorded
  std::vector<path_point> points_;
  size_t index_ = 0;
  ms_t time_shift_ = 0;
  int64_t price_shift_ = 0;
  // synthetic
  path_cfg cfg_;
  rng rng_{1};
  double log_price_ = 0.0;
  double anchor_ = 0.0;
  int64_t step_count_ = 0;
};

/// How recorded data becomes a market's ticks and lots: prices and sizes
/// with more digits than the market are rounded (halves away from zero).
marketdata::scale path_scale(const market_cfg& m);

/// Builds the path of `m` from its config: reads its CSV (marketdata
/// readers: header required, gzip by magic bytes) for candle/trade sources,
/// or starts a synthetic process. Error message (file:line: ...) on failure.
std::variant<price_path, std::string> make_path(const market_cfg& m,
                                                uint64_t seed, ms_t start_ts);

} // namespace trailgrid::sim
