#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/params.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <optional>

namespace trailgrid::strategy {

/// Session position and PnL of one market by average cost, in exact integer
/// quote_units (price_ticks x qty_lots).
///
/// The open position carries its cost basis (the quote paid for a long, or
/// received for a short). A fill that reduces the position realises
/// closed_qty x price against the matching share of the basis, basis x
/// closed_qty / |position| rounded DOWN; a full close takes the whole
/// remaining basis, so the sub-unit remainders of partial closes are
/// realised at the final close and a complete round trip is exact. A fill
/// larger than the position closes it and opens the rest on the other side at
/// the fill price (a flip through zero). Fees are notional x fee ppm / 1e6
/// rounded UP (a negative maker fee is a rebate, also rounded up: never
/// overstated).
class pnl_tracker {
public:
  /// A flat tracker charging `fees`.
  explicit pnl_tracker(const fee_params& fees) : fees_(fees) {}

  /// Replaces the open position and its cost basis (e.g. with what the
  /// exchange reports after a restart); realised PnL, fees and volume stay.
  /// @pre cost_basis >= 0; 0 when position is 0.
  void set_position(qty_lots position, quote_units cost_basis) {
    position_ = position;
    cost_ = position.value == 0 ? quote_units{0} : cost_basis;
  }
  /// Books a fill of `qty` at `price` (bid = bought, ask = sold). `fee` is
  /// the fee the exchange charged for it (quote units, signed); without one
  /// the configured rate is charged (see the class comment).
  void on_fill(side s, price_ticks price, qty_lots qty, bool maker,
               std::optional<quote_units> fee = std::nullopt);

  /// Signed position: positive long, negative short.
  qty_lots position() const { return position_; }
  /// The cost basis of the open position (>= 0; 0 when flat).
  quote_units cost_basis() const { return cost_; }
  /// Average entry price of the open position, rounded down; 0 when flat.
  price_ticks average_price() const;
  /// Realised PnL, before fees.
  quote_units realised() const { return realised_; }
  /// Unrealised PnL of the open position marked at `mark`.
  quote_units unrealised(price_ticks mark) const;
  /// All fees paid (negative when rebates dominate).
  quote_units fees() const { return maker_fees_ + taker_fees_; }
  /// Fees on maker fills.
  quote_units maker_fees() const { return maker_fees_; }
  /// Fees on taker fills.
  quote_units taker_fees() const { return taker_fees_; }
  /// realised + unrealised(mark) - fees.
  quote_units equity(price_ticks mark) const;
  /// Traded notional, both sides.
  quote_units volume() const { return volume_; }
  /// Times the position went back to flat or flipped through zero.
  int64_t round_trips() const { return round_trips_; }
  /// Fills booked.
  int64_t fills() const { return fills_; }

private:
  fee_params fees_;
  qty_lots position_;
  quote_units cost_;
  quote_units realised_;
  quote_units maker_fees_;
  quote_units taker_fees_;
  quote_units volume_;
  int64_t round_trips_ = 0;
  int64_t fills_ = 0;
};

} // namespace trailgrid::strategy
