#pragma once

#include "strategy/commands.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/params.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <optional>
#include <variant>

namespace trailgrid::strategy {

// Everything GridStrategy reacts to. Timestamps (`ts`) are milliseconds on
// any clock the caller chooses (exchange time live, tape time in the
// backtester, literals in tests); they must not go backwards.

/// One of our orders traded (from the account stream).
struct fill_event {
  /// The client order index the executor gave the order (0 if unknown).
  int64_t order_index = 0;
  strategy::side side = side::bid;
  price_ticks price;
  qty_lots qty;
  bool maker = true;      ///< false when we took liquidity
  bool order_done = true; ///< the order has no remaining size (not live)
  int64_t ts = 0;
  /// The fee the exchange reported for this fill (quote units, negative: a
  /// rebate). Absent (the backtester, an exchange that sent no rate): the
  /// configured fee_params are charged instead.
  std::optional<quote_units> fee;
  /// The exchange's position right after this fill, when its report said
  /// (live): it replaces the booked one, as a position_event would, so a
  /// position report that overtook its fill is not counted twice.
  std::optional<qty_lots> position_after;
};

/// Best bid and ask of the book; a zero price means that side is empty.
struct top_of_book_event {
  price_ticks best_bid;
  price_ticks best_ask;
  int64_t ts = 0;
};

/// A public trade in the market (anyone's).
struct trade_event {
  price_ticks price;
  qty_lots qty;
  int64_t ts = 0;
};

/// The exchange's mark price.
struct mark_price_event {
  price_ticks price;
  int64_t ts = 0;
};

/// A new volatility estimate: ATR / price x 1e6 (ppm), e.g. from strategy::atr.
struct volatility_event {
  ppm atr = 0;
  int64_t ts = 0;
};

/// Time passing with nothing else happening (deferred resets, trailing).
struct timer_event {
  int64_t ts = 0;
};

/// The exchange accepted one order of a grid; it is live.
struct order_accepted_event {
  int64_t order_index = 0;
  int64_t ts = 0;
};

/// Why the exchange refused an order, by class.
enum class reject_class : uint8_t {
  post_only_cross,     ///< a post-only order would have taken liquidity
  insufficient_margin, ///< not enough collateral
  rate_limited,        ///< tx quota exceeded
  invalid_order,       ///< price/size/market invalid (a bug or stale spec)
  other,               ///< anything else
};

/// Number of reject_class values.
inline constexpr int reject_class_count = 5;

/// The exchange refused one order of a grid; it never became live.
struct order_rejected_event {
  int64_t order_index = 0;
  reject_class reason = reject_class::other;
  int64_t ts = 0;
};

/// One live order is gone without trading (cancelled by us or the exchange).
struct order_cancelled_event {
  int64_t order_index = 0;
  int64_t ts = 0;
};

/// The executor finished applying replace_grid `reset_id` (all cancels and
/// creates sent and answered, successful or not).
struct reset_done_event {
  uint64_t reset_id = 0;
  int64_t ts = 0;
};

/// Free collateral of the account, available for new orders' margin.
struct balance_event {
  quote_units available;
  int64_t ts = 0;
};

/// The operator's kill switch (or the node's account drawdown stop):
/// cancel everything and stop quoting.
struct halt_request_event {
  int64_t ts = 0;
  /// operator_request (pause, kill switch: not journaled as a risk halt) or
  /// account_drawdown (journaled, survives a restart).
  halt_reason why = halt_reason::operator_request;
};

/// The operator lifts a halt (operator or drawdown).
struct resume_request_event {
  int64_t ts = 0;
};

/// The node's cross-market exposure cap engaged (on) or released (off).
/// While on, only orders that shrink |position| are quoted (asks when long,
/// bids when short, nothing when flat). Not part of strategy_event: it comes
/// from the live node, never from a tape.
struct reduce_only_event {
  bool on = true;
  int64_t ts = 0;
};

/// The exchange's own figure of this market's position (account stream or
/// REST). Not part of strategy_event: it comes from the live node only.
/// The exchange publishes a trade before the position it produced and the
/// node routes both through the market's executor in that order, so a
/// report never precedes a fill it already contains.
struct position_event {
  qty_lots position;     ///< signed: negative is short
  price_ticks avg_entry; ///< 0 when flat or unknown
  int64_t ts = 0;
};

/// The exchange's status of this market (orderBookDetails `status`, or the
/// exchange-wide status during maintenance). While not active nothing is
/// quoted; once active again a fresh grid goes out. Live node only.
struct market_status_event {
  bool active = true;
  int64_t ts = 0;
};

/// Any event, for callers that keep them in one stream (the backtester).
using strategy_event =
    std::variant<fill_event, top_of_book_event, trade_event, mark_price_event,
                 volatility_event, timer_event, order_accepted_event,
                 order_rejected_event, order_cancelled_event, reset_done_event,
                 balance_event, halt_request_event, resume_request_event>;

} // namespace trailgrid::strategy
