#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/params.hpp"
#include "strategy/side.hpp"

#include <cstddef>
#include <vector>

namespace trailgrid::strategy {

/// One desired resting order of a grid.
struct grid_level {
  strategy::side side = side::bid;
  price_ticks price;
  qty_lots qty;

  bool operator==(const grid_level& o) const {
    return side == o.side && price == o.price && qty == o.qty;
  }
  bool operator!=(const grid_level& o) const { return !(*this == o); }
};

/// The full desired grid of one market.
/// Layout: all bids first, innermost (highest price) to outermost, then all
/// asks, innermost (lowest price) to outermost. Prices are strictly monotonic
/// within a side, every bid is below `centre` and every ask above it.
struct grid_plan {
  std::vector<grid_level> levels;
  /// The centre the levels were computed from (after any price skew).
  price_ticks centre;
  /// The spacing between levels, in ppm of the centre.
  ppm spacing = 0;

  /// Number of levels on side `s`.
  std::size_t count(side s) const {
    std::size_t n = 0;
    for (const auto& l : levels)
      n += l.side == s ? 1 : 0;
    return n;
  }

  /// Empties the plan, keeping the vector's capacity.
  void clear() {
    levels.clear();
    centre = price_ticks{0};
    spacing = 0;
  }
};

} // namespace trailgrid::strategy
