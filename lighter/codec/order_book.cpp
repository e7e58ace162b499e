#include "lighter/codec/order_book.hpp"

#include <algorithm>

namespace trailgrid::lighter {

using strategy::price_ticks;
using strategy::qty_lots;

namespace {

/// Sort order of a side's vector: ascending for bids, descending for asks, so
/// that the best level is the last element.
struct before {
  bool ask;
  bool operator()(const book_level& l, price_ticks p) const {
    return ask ? l.price > p : l.price < p;
  }
};

} // namespace

const char* to_string(resync_reason r) {
  switch (r) {
  case resync_reason::none:
    return "none";
  case resync_reason::no_snapshot:
    return "no_snapshot";
  case resync_reason::nonce_gap:
    return "nonce_gap";
  case resync_reason::offset_regression:
    return "offset_regression";
  case resync_reason::crossed:
    return "crossed";
  case resync_reason::bad_level:
    return "bad_level";
  case resync_reason::wrong_market:
    return "wrong_market";
  }
  return "unknown";
}

bool order_book::fail(resync_reason r) {
  reason_ = r;
  return false;
}

void order_book::reset() {
  has_snapshot_ = false;
  reason_ = resync_reason::no_snapshot;
  nonce_ = 0;
  has_nonce_ = false;
  offset_ = 0;
  bids_.clear();
  asks_.clear();
}

bool order_book::crossed() const {
  return !bids_.empty() && !asks_.empty() &&
         bids_.back().price >= asks_.back().price;
}

bool order_book::set_levels(const std::vector<book_level>& in, book_side side) {
  auto& v = side == book_side::bid ? bids_ : asks_;
  v.clear();
  for (const auto& l : in) {
    if (l.size.value < 0) return false;
    if (l.size.value > 0) v.push_back(l);
  }
  bool ask = side == book_side::ask;
  // Stable: with a repeated price the later entry wins, as in a delta.
  std::stable_sort(v.begin(), v.end(),
                   [ask](const book_level& a, const book_level& b) {
                     return ask ? a.price > b.price : a.price < b.price;
                   });
  auto last = std::unique(v.rbegin(), v.rend(),
                          [](const book_level& a, const book_level& b) {
                            return a.price == b.price;
                          });
  v.erase(v.begin(), last.base());
  return true;
}

bool order_book::update_level(book_level l, book_side side) {
  if (l.size.value < 0) return false;
  auto& v = side == book_side::bid ? bids_ : asks_;
  auto it = std::lower_bound(v.begin(), v.end(), l.price,
                             before{side == book_side::ask});
  if (it != v.end() && it->price == l.price) {
    if (l.size.value == 0)
      v.erase(it);
    else
      it->size = l.size;
  } else if (l.size.value != 0) {
    v.insert(it, l);
  }
  return true;
}

bool order_book::apply(const order_book_update& u) {
  if (market_id_ >= 0 && u.market_id != market_id_)
    return fail(resync_reason::wrong_market);
  if (u.is_snapshot) {
    reason_ = resync_reason::none;
    has_snapshot_ = true;
    if (!set_levels(u.bids, book_side::bid) ||
        !set_levels(u.asks, book_side::ask))
      return fail(resync_reason::bad_level);
  } else {
    if (needs_resync()) return false;
    if (u.begin_nonce && has_nonce_) {
      if (*u.begin_nonce != nonce_) return fail(resync_reason::nonce_gap);
    } else if (u.offset < offset_) {
      return fail(resync_reason::offset_regression);
    }
    for (const auto& l : u.bids)
      if (!update_level(l, book_side::bid))
        return fail(resync_reason::bad_level);
    for (const auto& l : u.asks)
      if (!update_level(l, book_side::ask))
        return fail(resync_reason::bad_level);
  }
  offset_ = u.offset;
  if (u.nonce) {
    nonce_ = *u.nonce;
    has_nonce_ = true;
  } else {
    has_nonce_ = false;
  }
  if (crossed()) return fail(resync_reason::crossed);
  return true;
}

std::optional<price_ticks> order_book::mid_price() const {
  if (bids_.empty() || asks_.empty()) return std::nullopt;
  int64_t b = bids_.back().price.value;
  int64_t a = asks_.back().price.value;
  // Floor of the average without overflow.
  return price_ticks{(a & b) + ((a ^ b) >> 1)};
}

qty_lots order_book::size_at(book_side side, price_ticks price) const {
  const auto& v = levels(side);
  auto it = std::lower_bound(v.begin(), v.end(), price,
                             before{side == book_side::ask});
  if (it != v.end() && it->price == price) return it->size;
  return qty_lots{0};
}

qty_lots order_book::depth(book_side side, size_t max_levels) const {
  const auto& v = levels(side);
  qty_lots sum{0};
  size_t n = std::min(max_levels, v.size());
  for (size_t i = 0; i < n; ++i)
    sum += v[v.size() - 1 - i].size;
  return sum;
}

qty_lots order_book::depth_to(book_side side, price_ticks limit) const {
  const auto& v = levels(side);
  // Levels before `it` are worse than `limit`; from `it` on, as good or better.
  auto it = std::lower_bound(v.begin(), v.end(), limit,
                             before{side == book_side::ask});
  qty_lots sum{0};
  for (; it != v.end(); ++it)
    sum += it->size;
  return sum;
}

std::vector<book_level> order_book::top(book_side side,
                                        size_t max_levels) const {
  const auto& v = levels(side);
  size_t n = std::min(max_levels, v.size());
  std::vector<book_level> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i)
    out.push_back(v[v.size() - 1 - i]);
  return out;
}

} // namespace trailgrid::lighter
