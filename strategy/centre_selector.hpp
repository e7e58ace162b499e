#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <optional>

namespace trailgrid::strategy {

/// What is known about the market when a grid is (re)built. Absent values
/// are "no data yet".
struct market_view {
  std::optional<price_ticks> fill;     ///< price of the fill causing the reset
  std::optional<price_ticks> best_bid; ///< top of book
  std::optional<price_ticks> best_ask;
  std::optional<price_ticks> mark; ///< exchange mark price
  std::optional<price_ticks> last; ///< last public trade
};

/// The mid of an integer book: floor((bid + ask) / 2). A half-tick mid rounds
/// DOWN (toward the bid); the grid then rounds bids down and asks up from it
/// and keeps every level strictly off the centre, so the rounding can never
/// put an order through the book. Nothing when a side is missing or the book
/// is crossed or locked (bid >= ask).
std::optional<price_ticks> market_mid(std::optional<price_ticks> best_bid,
                                      std::optional<price_ticks> best_ask);

/// The centre chosen for a grid and how it was chosen.
struct centre_choice {
  price_ticks centre;
  /// The source actually used (market_mid after any fallback).
  mid_price_source source = mid_price_source::market_mid;
  /// The configured source had no data, so the market mid was used.
  bool source_fallback = false;
  /// The sanity guard rejected the configured source's centre.
  bool guard_fallback = false;
};

/// Picks the centre of a fresh grid from the configured mid_price_source,
/// with fallback to the market mid and the sanity guard.
class centre_selector {
public:
  /// A selector for market `spec` (tick rounding of the guard's levels).
  /// `spread_check` and `fallback_mid`: see grid_params.
  centre_selector(market_spec spec, mid_price_source source, bool sanity_guard,
                  bool spread_check = true, bool fallback_mid = true);

  /// The centre for a grid of `spacing` ppm. The sanity guard applies to
  /// every source other than market_mid: with the spread check, if the
  /// innermost ask the grid would place is at or below the best bid, or the
  /// innermost bid at or above the best ask; without it, if the centre lies
  /// outside [best bid, best ask]. Then the market mid is used instead
  /// (guard_fallback), or nothing when the mid fallback is off. Nothing
  /// also when no usable price exists (no source data and no two-sided
  /// book, or the guard fired without a book mid to fall back to).
  std::optional<centre_choice> select(const market_view& view,
                                      ppm spacing) const;

  /// The configured source.
  mid_price_source source() const { return source_; }

private:
  bool crosses(const market_view& view, price_ticks centre, ppm spacing) const;

  market_spec spec_;
  mid_price_source source_;
  bool sanity_guard_;
  bool spread_check_;
  bool fallback_mid_;
};

} // namespace trailgrid::strategy
