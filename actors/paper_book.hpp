#pragma once

#include "messages/gateway.hpp"
#include "messages/orders.hpp"
#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <variant>
#include <vector>

namespace trailgrid::actors {

/// What the paper exchange tells the account stream.
using paper_event =
    std::variant<messages::order_accepted, messages::order_rejected,
                 messages::order_cancelled, messages::fill>;

/// The order book of a paper account (gridbot run --dry-run): keeps the
/// orders a bot "placed", fills them when public trades go through their
/// price, and keeps positions. Pure: time is an argument.
///
/// Model: an order rests at its price; a bid fills completely when a
/// market trade prints strictly below it, an ask when one prints strictly
/// above (a trade at the price may be ahead in the queue: no fill). Fills
/// are maker fills at the order's price. A post-only order that would
/// cross the last trade price (bid at or above it, ask at or below it) is
/// refused, as the exchange refuses one that would take liquidity.
class paper_book {
public:
  /// Exchange order indexes start here (client indexes are below 2^48).
  static constexpr int64_t first_order_index = int64_t{1} << 48;

  /// Sets the maker fee of `market` (ppm of the notional).
  void set_maker_fee(int32_t market, int64_t ppm);

  /// Places a post-only order; accepted or rejected.
  paper_event create(int32_t market, int64_t client_order_index, bool is_ask,
                     strategy::price_ticks price, strategy::qty_lots size,
                     int64_t ts_ms);

  /// Cancels by client order index (< 2^48) or exchange order index;
  /// nothing when no such order is live.
  std::optional<paper_event> cancel(int32_t market, int64_t index,
                                    int64_t ts_ms);

  /// Cancels every live order (of `market`, or of all markets).
  std::vector<paper_event> cancel_all(std::optional<int32_t> market,
                                      int64_t ts_ms);

  /// A public trade of `market` at `price`: fills what it went through.
  std::vector<paper_event> on_trade(int32_t market, strategy::price_ticks price,
                                    int64_t ts_ms);

  /// The live orders of `market`.
  std::vector<messages::live_order> live(int32_t market) const;

  /// Live orders of all markets.
  size_t live_count() const { return orders_.size(); }

  /// Signed position of `market` in lots.
  strategy::qty_lots position(int32_t market) const;

  /// Every market with a position.
  std::vector<messages::position_report> positions() const;

  /// Fills so far.
  int64_t fills() const { return fills_; }

private:
  struct order {
    int32_t market = 0;
    int64_t order_index = 0;
    int64_t client_order_index = 0;
    bool is_ask = false;
    strategy::price_ticks price;
    strategy::qty_lots remaining;
  };

  std::map<int64_t, order>::iterator find(int32_t market, int64_t index);

  std::map<int64_t, order> orders_; ///< by exchange order index
  std::map<int32_t, strategy::price_ticks> last_trade_;
  std::map<int32_t, strategy::qty_lots> position_;
  std::map<int32_t, int64_t> maker_fee_ppm_;
  int64_t next_order_index_ = first_order_index;
  int64_t next_trade_id_ = 1;
  int64_t fills_ = 0;
};

} // namespace trailgrid::actors
