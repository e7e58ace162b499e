#pragma once

// The exchange gateway: the one actor per node that owns the account's
// connection to the exchange (transactions out, account stream in). These are
// the messages between it and the markets' executors.

#include "execution/account_values.hpp"
#include "execution/order_events.hpp"
#include "messages/fixed_point_inspect.hpp"
#include "messages/signing.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// Serializes a batch_reply.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, batch_reply& x) {
  return f(caf::meta::type_name("batch_reply"), x.batch_id, x.verdict, x.code,
           x.message, x.tx_hashes, x.trigger_ns, x.written_ns);
}

/// Serializes a live_order.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, live_order& x) {
  return f(caf::meta::type_name("live_order"), x.market_index, x.order_index,
           x.client_order_index, x.is_ask, x.price, x.remaining);
}

/// Serializes a position_report.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, position_report& x) {
  return f(caf::meta::type_name("position_report"), x.market_index, x.position,
           x.avg_entry);
}

/// Serializes an account_snapshot.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, account_snapshot& x) {
  return f(caf::meta::type_name("account_snapshot"), x.collateral_micro,
           x.available_micro, x.positions, x.ts_ms);
}

} // namespace trailgrid::execution

namespace trailgrid::messages {

/// Executor -> gateway: send one signed batch (one market, one API key,
/// consecutive nonces) to the exchange as a single frame.
struct send_batch {
  int32_t market_index = 0;
  uint8_t api_key_index = 0;
  uint64_t batch_id = 0; ///< the executor's id, echoed in the reply
  std::vector<signed_tx> txs;
  /// Monotonic ns when the event that caused this batch arrived (e.g. the
  /// fill frame); 0 when unknown. Echoed so the executor can measure
  /// fill-to-wire latency.
  int64_t trigger_ns = 0;
};

/// Serializes a send_batch.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, send_batch& x) {
  return f(caf::meta::type_name("send_batch"), x.market_index, x.api_key_index,
           x.batch_id, x.txs, x.trigger_ns);
}

/// What the sender of a batch should do, the exchange's answer to it, and
/// the orders it lists and the account's positions: the execution path's own
/// types.
using execution::account_snapshot;
using execution::batch_reply;
using execution::exchange_verdict;
using execution::live_order;
using execution::position_report;
using execution::to_string;

/// gridbot -> gateway at start: which of the account's fills the journal
/// holds. The gateway answers with every fill of ours the exchange reports
/// after `since_ms` whose key (execution::fill_key) is not in `booked_keys`,
/// oldest first, and counts them as seen, so no other path books them again.
struct fills_since {
  int64_t since_ms = 0;
  std::vector<int64_t> booked_keys;
};

/// Serializes a fills_since.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fills_since& x) {
  return f(caf::meta::type_name("fills_since"), x.since_ms, x.booked_keys);
}

} // namespace trailgrid::messages
