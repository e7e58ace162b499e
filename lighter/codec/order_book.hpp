#pragma once

#include "lighter/codec/records.hpp"
#include "lighter/codec/ws_messages.hpp"
#include "strategy/fixed_point.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace trailgrid::lighter {

/// A side of the book.
enum class book_side { bid, ask };

/// Why a book stopped trusting itself; the feed resubscribes on any of them.
enum class resync_reason {
  none,
  no_snapshot,       ///< a delta arrived before any snapshot
  nonce_gap,         ///< begin_nonce != the previous frame's nonce
  offset_regression, ///< offset went backwards (frames without begin_nonce)
  crossed,           ///< best bid >= best ask after applying a frame
  bad_level,         ///< a negative size
  wrong_market,      ///< a frame of another market
};

/// Text for logs ("nonce_gap", ...).
const char* to_string(resync_reason r);

/// The local L2 book of one market, kept from a WS snapshot plus deltas.
/// Levels are integer ticks in sorted flat vectors (best price at the back of
/// each, so the busy top of book moves the fewest bytes) found by binary
/// search. Once it needs a resync it ignores deltas until the next snapshot.
class order_book {
public:
  /// A book for `market_id` (-1: accept frames of any market).
  explicit order_book(int market_id = -1) : market_id_(market_id) {}

  /// Applies a snapshot (replaces the book) or a delta (absolute sizes at
  /// each price, size 0 removes, any order). Returns false when the book
  /// needs a resync (see resync_reason()).
  bool apply(const order_book_update& u);

  /// Forgets everything; the next frame must be a snapshot.
  void reset();

  /// True until a snapshot arrives after a gap/crossed book/reset.
  bool needs_resync() const { return reason_ != resync_reason::none; }
  /// Why the book needs a resync (none when it is good).
  resync_reason reason() const { return reason_; }
  /// The market of this book (-1 if any).
  int market_id() const { return market_id_; }
  /// Nonce of the last applied frame (0 before the first or when absent).
  int64_t nonce() const { return nonce_; }
  /// Offset of the last applied frame.
  int64_t offset() const { return offset_; }

  /// The highest bid, if any.
  std::optional<book_level> best_bid() const {
    if (bids_.empty()) return std::nullopt;
    return bids_.back();
  }
  /// The lowest ask, if any.
  std::optional<book_level> best_ask() const {
    if (asks_.empty()) return std::nullopt;
    return asks_.back();
  }
  /// (best bid + best ask) / 2 rounded down, when both sides exist.
  std::optional<strategy::price_ticks> mid_price() const;

  /// Number of price levels on `side`.
  size_t level_count(book_side side) const { return levels(side).size(); }
  /// The level of `rank` on `side` (0 = best). @pre rank < level_count(side)
  book_level level(book_side side, size_t rank) const {
    const auto& v = levels(side);
    return v[v.size() - 1 - rank];
  }
  /// The size resting at exactly `price` on `side` (0 if none).
  strategy::qty_lots size_at(book_side side, strategy::price_ticks price) const;
  /// Total size of the best `max_levels` levels of `side`.
  strategy::qty_lots depth(book_side side, size_t max_levels) const;
  /// Total size of `side` at prices as good as `limit` or better (bids at or
  /// above it, asks at or below it).
  strategy::qty_lots depth_to(book_side side,
                              strategy::price_ticks limit) const;
  /// The best `max_levels` levels of `side`, best first.
  std::vector<book_level> top(book_side side, size_t max_levels) const;

private:
  const std::vector<book_level>& levels(book_side s) const {
    return s == book_side::bid ? bids_ : asks_;
  }
  bool fail(resync_reason r);
  bool set_levels(const std::vector<book_level>& in, book_side side);
  bool update_level(book_level l, book_side side);
  bool crossed() const;

  int market_id_;
  bool has_snapshot_ = false;
  resync_reason reason_ = resync_reason::no_snapshot;
  int64_t nonce_ = 0;
  bool has_nonce_ = false;
  int64_t offset_ = 0;
  std::vector<book_level> bids_; ///< ascending price: best bid at the back
  std::vector<book_level> asks_; ///< descending price: best ask at the back
};

} // namespace trailgrid::lighter
