#pragma once

#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace trailgrid::execution {

/// Where one of our orders stands.
enum class order_phase : uint8_t {
  sent, ///< its create went out in an accepted batch; no order event yet
  live, ///< the exchange reported it (order_accepted, a fill, reconcile)
};

/// One order of the market that the executor placed or adopted.
struct tracked_order {
  int64_t client_order_index = 0;
  int64_t order_index = 0; ///< exchange-assigned; 0 until known
  strategy::side order_side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots size;
  strategy::qty_lots remaining;
  order_phase phase = order_phase::sent;
  /// When the batch carrying its create was accepted (0: not yet).
  int64_t accepted_ms = 0;
};

/// The executor's live set of one market, keyed by client order index:
/// every order that may rest on the book and must be cancelled by the next
/// reset. Pure; the executor feeds it batch verdicts and order events.
class order_tracker {
public:
  /// Records a create that is on its way (its batch was sent).
  void add_sent(int64_t coi, strategy::side s, strategy::price_ticks price,
                strategy::qty_lots size);

  /// The batch carrying the create of `coi` was accepted at `now_ms`: the
  /// exchange has it, though no order event or listing may show it yet.
  void on_create_accepted(int64_t coi, int64_t now_ms);

  /// The next listing decides whether `coi` rests, grace or not (its
  /// cancel was refused as already gone).
  void let_listing_decide(int64_t coi);

  /// Takes `listed` (the exchange's live orders of ours) as the truth,
  /// except for creates accepted at most `grace_ms` before `now_ms` that
  /// the exchange has not reported yet: a listing may be read before the
  /// exchange shows them (a REST read can overtake a WebSocket batch, and
  /// the sequencer takes its time). Returns the listed orders we did not
  /// track, ascending.
  std::vector<int64_t> take_listing(order_tracker listed, int64_t now_ms,
                                    int64_t grace_ms);

  /// Records an order the exchange reports live that we did not track.
  void adopt(int64_t coi, int64_t order_index, strategy::side s,
             strategy::price_ticks price, strategy::qty_lots remaining);

  /// The exchange accepted `coi`; false when we do not track it.
  bool on_accepted(int64_t coi, int64_t order_index);

  /// A fill of `coi` left `remaining`; a zero remainder removes the order.
  /// False when we do not track it.
  bool on_fill(int64_t coi, int64_t order_index, strategy::qty_lots remaining);

  /// Forgets `coi` (cancelled, rejected, or its create was refused); false
  /// when we did not track it.
  bool remove(int64_t coi);

  /// The order of `coi`, or null.
  const tracked_order* find(int64_t coi) const;

  /// The client order index of the order with exchange index
  /// `order_index`; 0 when we track none.
  int64_t client_index_of(int64_t order_index) const;

  /// The client order indexes we track, ascending.
  std::vector<int64_t> client_indexes() const;

  /// How many orders we track (sent or live).
  size_t size() const { return orders_.size(); }

  /// How many of them the exchange has confirmed.
  size_t confirmed() const;

private:
  std::map<int64_t, tracked_order> orders_;
};

} // namespace trailgrid::execution
