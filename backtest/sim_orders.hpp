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
/// kept up to date as orders go live or leave, so checking a new market price
/// against the book is O(1); only removing the best order of a side rescans
/// that side.
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
  /// Order `i` of all() rests on the book from now on.
  void go_live(std::size_t i) {
    auto& o = orders_[i];
    o.live = true;
    if (o.side == strategy::side::bid) {
      ++live_bids_;
      if (!bid_dirty_ && better_bid(i)) bid_i_ = static_cast<std::ptrdiff_t>(i);
    } else {
      ++live_asks_;
      if (!ask_dirty_ && better_ask(i)) ask_i_ = static_cast<std::ptrdiff_t>(i);
    }
  }
  /// Removes order `i` of all() (swap with the last; invalidates indices).
  void remove(std::size_t i) {
    const auto gone = static_cast<std::ptrdiff_t>(i);
    const auto last = static_cast<std::ptrdiff_t>(orders_.size() - 1);
    // The best of a side only changes when it is the one removed; an order
    // moved into slot i keeps being the best from its new place.
    // When the last live order of a side leaves, that side is empty: no
    // rescan needed.
    if (orders_[i].live)
      --(orders_[i].side == strategy::side::bid ? live_bids_ : live_asks_);
    if (bid_i_ == gone) {
      bid_i_ = -1;
      bid_dirty_ = live_bids_ > 0;
    } else if (bid_i_ == last) {
      bid_i_ = gone;
    }
    if (ask_i_ == gone) {
      ask_i_ = -1;
      ask_dirty_ = live_asks_ > 0;
    } else if (ask_i_ == last) {
      ask_i_ = gone;
    }
    orders_[i] = orders_.back();
    orders_.pop_back();
  }

  /// Highest live bid price (0 when none).
  int64_t best_bid() {
    auto i = best_index(strategy::side::bid);
    return i < 0 ? 0 : orders_[static_cast<std::size_t>(i)].price.value;
  }
  /// Lowest live ask price (INT64_MAX when none).
  int64_t best_ask() {
    auto i = best_index(strategy::side::ask);
    return i < 0 ? std::numeric_limits<int64_t>::max()
                 : orders_[static_cast<std::size_t>(i)].price.value;
  }
  /// Index in all() of the best live order of side `s`; -1 when none.
  /// Ties (two orders at one price) go to the older order (lower index).
  std::ptrdiff_t best_index(strategy::side s) {
    if (s == strategy::side::bid) {
      if (bid_dirty_) rescan(s);
      return bid_i_;
    }
    if (ask_dirty_) rescan(s);
    return ask_i_;
  }

private:
  // True when live order i beats the current best bid (or there is none).
  bool better_bid(std::size_t i) const {
    const auto& o = orders_[i];
    if (bid_i_ < 0) return o.price.value > 0;
    const auto& b = orders_[static_cast<std::size_t>(bid_i_)];
    return o.price.value > b.price.value ||
           (o.price.value == b.price.value && o.index < b.index);
  }
  // True when live order i beats the current best ask (or there is none).
  bool better_ask(std::size_t i) const {
    const auto& o = orders_[i];
    if (ask_i_ < 0) return o.price.value < std::numeric_limits<int64_t>::max();
    const auto& a = orders_[static_cast<std::size_t>(ask_i_)];
    return o.price.value < a.price.value ||
           (o.price.value == a.price.value && o.index < a.index);
  }

  void rescan(strategy::side s) {
    const bool bid = s == strategy::side::bid;
    (bid ? bid_i_ : ask_i_) = -1;
    (bid ? bid_dirty_ : ask_dirty_) = false;
    for (std::size_t i = 0; i < orders_.size(); ++i) {
      const auto& o = orders_[i];
      if (!o.live || o.side != s) continue;
      if (bid ? better_bid(i) : better_ask(i))
        (bid ? bid_i_ : ask_i_) = static_cast<std::ptrdiff_t>(i);
    }
  }

  std::vector<sim_order> orders_;
  bool bid_dirty_ = false;
  bool ask_dirty_ = false;
  std::ptrdiff_t bid_i_ = -1;
  std::ptrdiff_t ask_i_ = -1;
  int64_t live_bids_ = 0;
  int64_t live_asks_ = 0;
};

} // namespace trailgrid::backtest
