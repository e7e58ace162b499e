#pragma once

#include "tools/lighter-sim/sim_config.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace trailgrid::sim {

/// One price level: absolute size in lots at a price in ticks (0 = removed).
struct book_level {
  int64_t price = 0;
  int64_t size = 0;

  bool operator==(const book_level& o) const {
    return price == o.price && size == o.size;
  }
};

/// An order_book channel message: the full book (snapshot) or the changed
/// levels (delta), with the exchange's continuity counters.
struct book_message {
  bool snapshot = false;
  std::vector<book_level> asks;
  std::vector<book_level> bids;
  int64_t offset = 0;
  int64_t nonce = 0;
  /// Previous message's nonce (0 in a snapshot).
  int64_t begin_nonce = 0;
  /// Microseconds.
  int64_t last_updated_at = 0;
  ms_t timestamp = 0;
};

/// Aggregated levels of one side, price -> size.
using side_levels = std::map<int64_t, int64_t>;

/// Background liquidity of one side around `ref`: `cfg.levels` levels from
/// ref -/+ half_spread outwards every level_step ticks. A level's size
/// depends only on (seed, side, price), so moving the reference changes only
/// the levels that enter or leave.
side_levels background_side(const book_cfg& cfg, int64_t ref, bool asks,
                            uint64_t seed);

/// The published order book of one market: keeps the current aggregated
/// levels and produces deltas with offset/nonce/begin_nonce continuity.
class book_feed {
public:
  /// Replaces the book; returns the delta when any level changed (a removed
  /// level appears with size 0).
  std::optional<book_message> update(side_levels asks, side_levels bids,
                                     ms_t now);
  /// The full current book; the next delta's begin_nonce equals its nonce.
  book_message snapshot(ms_t now) const;
  /// Best prices, when the side is not empty.
  std::optional<int64_t> best_ask() const;
  std::optional<int64_t> best_bid() const;
  const side_levels& asks() const { return asks_; }
  const side_levels& bids() const { return bids_; }

private:
  side_levels asks_;
  side_levels bids_;
  int64_t offset_ = 1;
  int64_t nonce_ = 0;
  int64_t last_updated_us_ = 0;
};

} // namespace trailgrid::sim
