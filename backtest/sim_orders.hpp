#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace trailgrid::backtest {

/// One of our orders as the simulated exchange sees it.
struct sim_order {
  int64_t index = 0; ///< client order index (unique per run)
  strategy::side side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots qty; ///< remaining size
  int64_t live_at = 0;    ///< when it rests on the book (after the speed bump)
  int64_t cancel_at = std::numeric_limits<int64_t>::max(); ///< cancel lands
  bool live = false;
  /// Queue model: size ahead of us at our level (lots of the data).
  int64_t queue_ahead = 0;
};

/// Our orders at the simulated exchange: pending (not yet live) and live.
/// A flat vector (a grid has tens of orders) with the best live bid and ask
/// cached, so checking a new market price against the book is O(1).
class sim_orders {
public:
  /// Room for `reserve` orders without allocating.
  explicit sim_orders(std::size_t reserve = 64) { orders_.reserve(reserve); }

  /// Adds a pending order that rests from `live_at`.
  void add(int64_t index, strategy::side s, strategy::price_ticks price,
           strategy::qty_lots qty, int64_t live_at) {
    auto& o = orders_.emplace_back();
    o.index = index;
    o.side = s;
    o.price = price;
    o.qty = qty;
    o.live_at = live_at;
  }
  /// All orders (pending and live), in no particular order.
  std::vector<sim_order>& all() { return orders_; }
  /// See all().
  const std::vector<sim_order>& all() const { return orders_; }
  /// Removes order `i` of all() (swap with the last; invalidates indices).
  void remove(std::size_t i) {
    orders_[i] = orders_.back();
    orders_.pop_back();
    dirty_ = true;
  }
  /// Call after changing an order's live flag, price or existence.
  void touch() { dirty_ = true; }

  /// Highest live bid price (0 when none).
  int64_t best_bid() {
    refresh();
    return best_bid_;
  }
  /// Lowest live ask price (INT64_MAX when none).
  int64_t best_ask() {
    refresh();
    return best_ask_;
  }
  /// Index in all() of the best live order of side `s`; -1 when none.
  std::ptrdiff_t best_index(strategy::side s) {
    refresh();
    return s == strategy::side::bid ? bid_i_ : ask_i_;
  }

private:
  void refresh() {
    if (!dirty_) return;
    dirty_ = false;
    best_bid_ = 0;
    best_ask_ = std::numeric_limits<int64_t>::max();
    bid_i_ = ask_i_ = -1;
    for (std::size_t i = 0; i < orders_.size(); ++i) {
      const auto& o = orders_[i];
      if (!o.live) continue;
      // Ties (two orders at one price) go to the older order (lower index).
      if (o.side == strategy::side::bid) {
        if (o.price.value > best_bid_ ||
            (o.price.value == best_bid_ && bid_i_ >= 0 &&
             o.index < orders_[static_cast<std::size_t>(bid_i_)].index)) {
          best_bid_ = o.price.value;
          bid_i_ = static_cast<std::ptrdiff_t>(i);
        }
      } else if (o.price.value < best_ask_ ||
                 (o.price.value == best_ask_ && ask_i_ >= 0 &&
                  o.index < orders_[static_cast<std::size_t>(ask_i_)].index)) {
        best_ask_ = o.price.value;
        ask_i_ = static_cast<std::ptrdiff_t>(i);
      }
    }
  }

  std::vector<sim_order> orders_;
  bool dirty_ = true;
  int64_t best_bid_ = 0;
  int64_t best_ask_ = std::numeric_limits<int64_t>::max();
  std::ptrdiff_t bid_i_ = -1;
  std::ptrdiff_t ask_i_ = -1;
};

} // namespace trailgrid::backtest
