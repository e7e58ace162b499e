#pragma once

#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::strategy {

/// Where the centre of a fresh grid comes from after a fill.
enum class mid_price_source {
  filled_price, ///< the fill's own price: the grid trails a trend (default)
  market_mid,   ///< (best bid + best ask) / 2
  mark_price,   ///< the exchange's mark price
  last_price,   ///< the last public trade
};

/// The config spelling of a source ("filled_price", ...).
std::string_view to_string(mid_price_source s);
/// Parses the config spelling; nothing for an unknown name.
std::optional<mid_price_source> parse_mid_price_source(std::string_view s);

/// Ratios are in parts per million (1 % = 10'000 ppm) so that grid geometry is
/// integer arithmetic end to end. Configs write percent; the loader converts.
using ppm = int64_t;

/// Volatility estimate (Wilder ATR over time bars).
struct atr_params {
  int period = 14;                  ///< bars in the Wilder average
  int64_t bar_interval_ms = 60'000; ///< time bar length (1 s .. 1 h)
};

/// Grid geometry and sizing.
struct grid_params {
  int levels_per_side = 10;    ///< N bids and N asks
  double atr_multiplier = 0.5; ///< spacing = ATR% x this, then clamped
  ppm min_spacing = 1'000;     ///< 0.1 %
  ppm max_spacing = 5'000;     ///< 0.5 %
  qty_lots order_size{0};      ///< per level before skew; 0 = minimum
  /// Per level in quote currency instead (config `order_size_quote`); 0 =
  /// off. At every reset it becomes lots at the new grid's centre price:
  /// quote / centre, rounded DOWN to a whole lot (a level never costs more
  /// than this at the centre); a size that misses the market's minimums is
  /// then raised to the smallest that meets them, as for order_size.
  quote_units order_size_quote{0};
  mid_price_source centre_source = mid_price_source::filled_price;
  /// The sanity guard (config `enable_sanity_guard`, older spelling
  /// `sanity_guard`): before a grid goes out, check the centre the
  /// configured source gave against the current book. Never applies to the
  /// market_mid source (the mid is inside the book by construction).
  bool sanity_guard = true;
  /// What the guard checks (`sanity_guard_spread_check`). On: the grid's
  /// innermost levels must stay on their side of the spread (innermost ask
  /// above the best bid, innermost bid below the best ask), so no level of
  /// a post-only grid crosses. Off: only the centre itself must lie within
  /// [best bid, best ask].
  bool sanity_guard_spread_check = true;
  /// What happens when the guard rejects a centre, or the configured source
  /// has no price (`fallback_to_market_mid`). On: the grid is centred on
  /// the market mid instead. Off: no grid goes out; the reset waits and is
  /// retried on every book update until the source's centre passes. The
  /// first grid of a filled_price market (no fill yet) and its trailing
  /// moves are centred on the mid either way: that is the source's rule,
  /// not a fallback.
  bool fallback_to_market_mid = true;
};

/// Trailing range: when the price has stayed beyond the grid's outer level
/// for a while, recentre even without a fill.
struct trailing_params {
  bool enabled = true;
  /// How far beyond the outermost level (in spacings) counts as outside.
  int trigger_levels = 1;
  /// How long the price must stay outside before the grid moves.
  int64_t dwell_ms = 30'000;
};

/// Inventory skew: lean sizes (and optionally prices) against the position.
struct skew_params {
  bool enabled = true;
  /// Size change per unit of position / max_position, in ppm; the result is
  /// clamped to +/- max_size_skew.
  ppm size_skew_per_inventory = 500'000;
  ppm max_size_skew = 500'000; ///< +/- 50 %
  /// Shift of the centre against the position, as a fraction of one spacing
  /// at full max_position (0 = off).
  ppm price_skew_spacings = 0;
};

/// Risk controls of one market.
struct risk_params {
  /// At or above this absolute position only risk-reducing orders are
  /// placed; also the reference of inventory skew (0 = off).
  qty_lots max_position{0};
  /// Volatility breaker: pull orders above this ATR%, resume below resume.
  ppm breaker_trip_atr = 20'000;   ///< 2 % (0 = off)
  ppm breaker_resume_atr = 12'000; ///< 1.2 %
  /// Reset rate limiter: a token bucket of transactions sized to the
  /// exchange's quota (standard tier: 60 per minute).
  int64_t tx_bucket_capacity = 60;
  int64_t tx_refill_per_minute = 60;
  /// Drawdown stop: halt when equity falls this far below the session peak.
  quote_units max_drawdown{0}; ///< 0 = off
  /// Balance check: do not place orders whose margin exceeds what is free.
  bool balance_check = true;
  /// Leverage used to turn notional into required margin, in ppm of 1x.
  ppm margin_leverage = 1'000'000 * 5;
};

/// Fees of the account tier on this market, in ppm of notional.
struct fee_params {
  ppm maker = 0;
  ppm taker = 0;
};

/// Everything one market's GridStrategy needs besides the market_spec.
struct strategy_params {
  atr_params atr;
  grid_params grid;
  trailing_params trailing;
  skew_params skew;
  risk_params risk;
  fee_params fees;
};

} // namespace trailgrid::strategy
