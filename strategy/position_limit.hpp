#pragma once

#include "strategy/fixed_point.hpp"

namespace trailgrid::strategy {

/// Which sides of the grid may be quoted.
struct allowed_sides {
  bool bids = true;
  bool asks = true;
};

/// Position limit: at or beyond max_position only risk-reducing orders are
/// placed (only asks when long, only bids when short); the market keeps
/// quoting the side that brings the position back. "At" counts: a long of
/// exactly max_position gets no bids, since any bid fill would exceed it.
class position_limit {
public:
  /// A limit of `max_position` (0 or negative = off).
  explicit position_limit(qty_lots max_position) : max_(max_position) {}

  /// The sides allowed at `position`.
  allowed_sides sides(qty_lots position) const {
    if (max_.value <= 0) return {};
    return {position.value<max_.value, position.value> - max_.value};
  }

private:
  qty_lots max_;
};

} // namespace trailgrid::strategy
