#pragma once

#include "strategy/fixed_point.hpp"

#include <string>

namespace trailgrid::strategy {

/// What a market allows: how its integers scale, its tick and lot, and the
/// minimum order. Read from the exchange (orderBookDetails) or the config;
/// never hard-coded per symbol.
struct market_spec {
  std::string symbol;
  /// Integer price = human price x 10^price_decimals.
  int price_decimals = 2;
  /// Integer size = human size x 10^size_decimals.
  int size_decimals = 4;
  /// Smallest price step in integer price units (1 on Lighter).
  int64_t tick = 1;
  /// Smallest size step in integer size units (1 on Lighter).
  int64_t lot = 1;
  /// Smallest order size (min_base_amount).
  qty_lots min_base{1};
  /// Smallest order notional (min_quote_amount), in quote_units.
  quote_units min_quote{0};

  /// Decimals of a quote_units value.
  int quote_decimals() const { return price_decimals + size_decimals; }

  /// The highest valid price at or below `p`: how bids round.
  price_ticks floor_to_tick(price_ticks p) const {
    return price_ticks{floor_div(p.value, tick) * tick};
  }
  /// The lowest valid price at or above `p`: how asks round.
  price_ticks ceil_to_tick(price_ticks p) const {
    return price_ticks{-floor_div(-p.value, tick) * tick};
  }
  /// The largest whole number of lots at or below `q`.
  qty_lots floor_to_lot(qty_lots q) const {
    return qty_lots{floor_div(q.value, lot) * lot};
  }
  /// The smallest whole number of lots at or above `q`.
  qty_lots ceil_to_lot(qty_lots q) const {
    return qty_lots{-floor_div(-q.value, lot) * lot};
  }
  /// True when an order of `q` at `p` meets both minimums.
  bool meets_minimums(price_ticks p, qty_lots q) const {
    return q >= min_base && notional(p, q) >= min_quote;
  }

private:
  static int64_t floor_div(int64_t a, int64_t b) {
    // Lighter's tick and lot are 1: skip the division (the reset path rounds
    // every level).
    if (b == 1) return a;
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  }
};

} // namespace trailgrid::strategy
