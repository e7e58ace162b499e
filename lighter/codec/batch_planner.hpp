#pragma once

#include "lighter/codec/exchange_limits.hpp"
#include "strategy/fixed_point.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::lighter {

/// Cancel one live order of a market. `index` is the exchange order index
/// (>= 2^48) or the client order index (< 2^48), as CancelOrder takes it.
struct cancel_intent {
  int market_id = -1;
  int64_t index = 0;

  bool operator==(const cancel_intent& o) const {
    return market_id == o.market_id && index == o.index;
  }
};

/// Create one limit order. Expiries, nonce and key are chosen at signing.
struct create_intent {
  int market_id = -1;
  int64_t client_order_index = 0; ///< unique among live orders; 0 = none
  strategy::price_ticks price;
  strategy::qty_lots size;
  bool is_ask = false;
  bool post_only = true; ///< TIF PostOnly (maker quotes); false = GTT
  bool reduce_only = false;

  bool operator==(const create_intent& o) const {
    return market_id == o.market_id &&
           client_order_index == o.client_order_index && price == o.price &&
           size == o.size && is_ask == o.is_ask && post_only == o.post_only &&
           reduce_only == o.reduce_only;
  }
};

/// One transaction to sign and send.
using tx_intent = std::variant<cancel_intent, create_intent>;

/// The tx type id of an intent (15 cancel, 14 create).
int tx_type_of(const tx_intent& intent);

/// One sendtxbatch: signed with one API key and consecutive nonces, in order.
struct tx_batch {
  std::vector<tx_intent> txs;
};

/// The batches of one reset, in send order, or why there are none.
struct reset_plan {
  std::vector<tx_batch> batches;
  std::optional<std::string> error;

  /// True when the plan is usable (it may be empty: nothing to do).
  bool ok() const { return !error.has_value(); }
};

/// Turns a market-scoped full reset (this market's live orders to cancel +
/// the new grid to create) into as few batches as possible, cancels first,
/// at most `max_batch_size` transactions each: the limit of the channel the
/// batches take (15 per WebSocket frame, 50 per REST sendTxBatch, e.g. for
/// the shutdown sweep and recovery). It never emits the
/// account-wide CancelAllOrders: that would also cancel other markets'
/// grids, so a one-market reset always cancels order by order.
class batch_planner {
public:
  /// Largest batch the planner accepts (a REST sendTxBatch).
  static constexpr size_t max_allowed_batch = limits::max_txs_per_rest_batch;
  /// The default batch limit (a WebSocket frame).
  static constexpr size_t default_batch = limits::max_txs_per_ws_frame;

  /// A planner with batches of at most `max_batch_size` (clamped to 1..50).
  explicit batch_planner(size_t max_batch_size = default_batch);
  /// A planner with the batch limit of `channel`.
  explicit batch_planner(limits::tx_channel channel)
      : batch_planner(limits::max_batch_txs(channel)) {}

  /// The batch limit in force.
  size_t max_batch_size() const { return max_batch_; }

  /// Plans the reset of `market_id`. Cancels of the same index are sent
  /// once. Fails (and plans nothing) when an intent names another market,
  /// when two creates share a nonzero client order index, or when a create
  /// has a non-positive price or size.
  reset_plan plan_reset(int market_id,
                        const std::vector<cancel_intent>& cancels,
                        const std::vector<create_intent>& creates) const;

private:
  size_t max_batch_;
};

} // namespace trailgrid::lighter
