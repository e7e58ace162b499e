#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace trailgrid::backtest {

/// A price-level book rebuilt from L2 depth rows: sorted vectors (bids
/// highest first, asks lowest first). Capacity is reserved up front so level
/// updates do not allocate in the common case.
class l2_book {
public:
  /// One price level.
  struct level {
    int64_t price;
    int64_t qty;
  };

  /// An empty book with room for `reserve` levels per side.
  explicit l2_book(std::size_t reserve = 8192) {
    bids_.reserve(reserve);
    asks_.reserve(reserve);
  }

  /// Removes every level (a snapshot follows).
  void clear() {
    bids_.clear();
    asks_.clear();
  }
  /// Sets the size of a level; 0 deletes it.
  void set(strategy::side s, int64_t price, int64_t qty) {
    auto& v = s == strategy::side::bid ? bids_ : asks_;
    auto it = s == strategy::side::bid
                  ? std::lower_bound(
                        v.begin(), v.end(), price,
                        [](const level& l, int64_t p) { return l.price > p; })
                  : std::lower_bound(
                        v.begin(), v.end(), price,
                        [](const level& l, int64_t p) { return l.price < p; });
    bool found = it != v.end() && it->price == price;
    if (qty <= 0) {
      if (found) v.erase(it);
    } else if (found) {
      it->qty = qty;
    } else {
      v.insert(it, level{price, qty});
    }
  }
  /// Size at `price` on side `s` (0 when no level).
  int64_t qty_at(strategy::side s, int64_t price) const {
    const auto& v = s == strategy::side::bid ? bids_ : asks_;
    for (const auto& l : v) { // the levels we ask about are near the top
      if (l.price == price) return l.qty;
      if (s == strategy::side::bid ? l.price < price : l.price > price)
        return 0;
    }
    return 0;
  }
  /// Best bid price (0 when empty).
  int64_t best_bid() const { return bids_.empty() ? 0 : bids_.front().price; }
  /// Best ask price (0 when empty).
  int64_t best_ask() const { return asks_.empty() ? 0 : asks_.front().price; }

private:
  std::vector<level> bids_;
  std::vector<level> asks_;
};

} // namespace trailgrid::backtest
