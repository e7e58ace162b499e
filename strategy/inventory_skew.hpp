#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/params.hpp"

namespace trailgrid::strategy {

/// Per-side sizes after skew.
struct skewed_sizes {
  qty_lots bid;
  qty_lots ask;
  /// The applied size skew in ppm: positive when long (asks grow, bids
  /// shrink), negative when short.
  ppm skew = 0;
};

/// Leans the grid against the position: bigger orders on the side that
/// reduces it, smaller on the side that grows it, and optionally the centre
/// moved so the reducing side is closer to the market.
class inventory_skew {
public:
  /// Skew relative to `max_position` (0 or negative = no reference: no skew).
  inventory_skew(const skew_params& params, qty_lots max_position);

  /// Size skew in ppm: position / max_position x size_skew_per_inventory,
  /// truncated toward zero, clamped to +/- max_size_skew. 0 when disabled.
  ppm size_skew(qty_lots position) const;

  /// Sizes for `base` per level at `position`: ask = base x (1e6 + skew) /
  /// 1e6 and bid = base x (1e6 - skew) / 1e6, each rounded down (the grid
  /// calculator then rounds to the lot and applies the exchange minimums).
  skewed_sizes sizes(qty_lots base, qty_lots position) const;

  /// Ticks to add to the centre: -(position / max_position, clamped to
  /// [-1, 1]) x price_skew_spacings x spacing x centre, truncated toward
  /// zero. Long -> negative (the grid moves down, asks closer); 0 when
  /// disabled or price_skew_spacings is 0.
  price_ticks centre_shift(price_ticks centre, ppm spacing,
                           qty_lots position) const;

private:
  skew_params params_;
  qty_lots max_position_;
};

} // namespace trailgrid::strategy
