#pragma once

#include "strategy/grid_plan.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

namespace trailgrid::strategy {

/// 100 % in ppm.
inline constexpr ppm ppm_one = 1'000'000;

/// The ATR multiplier as ppm of 1x, rounded to the nearest ppm. This is the
/// only floating-point value in grid geometry; it is converted once, here.
ppm multiplier_to_ppm(double multiplier);

/// Grid spacing in ppm: atr x multiplier / 1e6 rounded half up (both are
/// non-negative ppm), then clamped to [min_spacing, max_spacing].
ppm grid_spacing(ppm atr, ppm multiplier, ppm min_spacing, ppm max_spacing);

/// Level k (k >= 1) of a bid ladder around `centre`: floor(centre x (1 - k x
/// spacing)) rounded down to the tick, computed exactly in 128 bits. Zero or
/// negative when the level would not be a valid price. No push-out.
price_ticks raw_bid_price(const market_spec& m, price_ticks centre, ppm spacing,
                          int k);

/// Level k (k >= 1) of an ask ladder: ceil(centre x (1 + k x spacing))
/// rounded up to the tick. No push-out.
price_ticks raw_ask_price(const market_spec& m, price_ticks centre, ppm spacing,
                          int k);

/// The innermost bid a grid centred at `centre` would place: level 1, pushed
/// down to the first tick strictly below the centre when rounding put it at
/// or above the centre.
price_ticks inner_bid(const market_spec& m, price_ticks centre, ppm spacing);

/// The innermost ask: level 1, pushed up to the first tick strictly above the
/// centre when needed.
price_ticks inner_ask(const market_spec& m, price_ticks centre, ppm spacing);

/// The order size of one level at `price`: `wanted` rounded DOWN to the lot,
/// then, if that misses min_base or min_quote (or is zero), bumped UP to the
/// smallest whole number of lots that meets both. Bumping (rather than
/// dropping the level) keeps the grid complete when the configured size is
/// small; the cost is an order larger than configured, never smaller than the
/// exchange accepts. @pre price > 0.
qty_lots level_size(const market_spec& m, price_ticks price, qty_lots wanted);

/// Everything one grid computation needs; the caller applies risk and skew.
struct grid_request {
  price_ticks centre;
  ppm spacing = 0;
  int bid_levels = 0; ///< 0 to leave out the bid side (reduce-only)
  int ask_levels = 0; ///< 0 to leave out the ask side
  qty_lots bid_qty;   ///< wanted size per bid, before lot/minimum rounding
  qty_lots ask_qty;   ///< wanted size per ask
};

/// Turns a centre, a spacing and sizes into a grid_plan of one market.
class grid_calculator {
public:
  /// A calculator for market `spec` with geometry `params`.
  grid_calculator(market_spec spec, const grid_params& params);

  /// Spacing for the current ATR% (ppm of price), clamped to the band.
  ppm spacing(ppm atr) const;

  /// Writes the grid for `req` into `out` (its capacity is reused).
  /// Bids round down and asks round up to the tick; a level that lands at or
  /// inside the centre is pushed out to the first tick beyond it; a level
  /// whose price repeats the previous one after rounding is dropped, so
  /// prices stay strictly monotonic (fewer than N levels can result when the
  /// spacing is below one tick); bids at a price <= 0 are dropped.
  /// @pre req.centre > 0
  void build(const grid_request& req, grid_plan& out) const;

  /// The market this calculator rounds for.
  const market_spec& spec() const { return spec_; }

  /// The multiplier in ppm (see multiplier_to_ppm).
  ppm multiplier() const { return multiplier_; }

private:
  market_spec spec_;
  ppm multiplier_;
  ppm min_spacing_;
  ppm max_spacing_;
};

} // namespace trailgrid::strategy
