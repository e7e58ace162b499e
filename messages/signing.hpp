#pragma once

// Transaction signing: what an executor asks the shared signer for, what it
// gets back, and how it reports the exchange's verdict so nonces stay exact.

#include "execution/tx_intent.hpp"
#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// Serializes a tx_intent (in execution:: for ADL).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tx_intent& x) {
  return f(caf::meta::type_name("tx_intent"), x.kind, x.market_index,
           x.client_order_index, x.cancel_index, x.base_amount, x.price,
           x.is_ask, x.order_type, x.time_in_force, x.reduce_only,
           x.trigger_price, x.order_expiry_ms, x.cancel_all_time_ms,
           x.expired_at_ms);
}

} // namespace trailgrid::execution

namespace trailgrid::messages {

using strategy::price_ticks;
using strategy::qty_lots;

/// One unsigned transaction and its makers: the execution path's own type.
using execution::make_cancel_all;
using execution::make_cancel_order;
using execution::make_create_order;
using execution::to_string;
using execution::tx_intent;
using execution::tx_kind;

/// What to sign as one batch with one API key (inside sign_and_send, see
/// messages/interfaces.hpp). The signer gives the txs consecutive nonces.
struct sign_request {
  uint8_t api_key_index = 0;
  int32_t market_index = 0; ///< who asks; for status and logs
  std::vector<tx_intent> txs;
  /// The node that will send the batch ("" = the signer's own node); set
  /// by a market node's signer link (status: which node holds a key).
  std::string origin;
};

/// Serializes a sign_request.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sign_request& x) {
  return f(caf::meta::type_name("sign_request"), x.api_key_index,
           x.market_index, x.txs, x.origin);
}

/// One signed transaction, ready for sendTx / sendTxBatch.
struct signed_tx {
  int64_t nonce = 0;
  uint8_t tx_type = 0; ///< Lighter tx type (14, 15, 16)
  std::string tx_info; ///< the signed tx JSON, as a string
  std::string tx_hash; ///< hex of the tx hash
};

/// Serializes a signed_tx.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, signed_tx& x) {
  return f(caf::meta::type_name("signed_tx"), x.nonce, x.tx_type, x.tx_info,
           x.tx_hash);
}

/// The exchange's verdict on signed txs, for nonce accounting.
enum class tx_verdict : uint8_t {
  accepted,       ///< the nonce is consumed
  invalid_nonce,  ///< out of sequence: the signer must resync
  rejected_other, ///< refused before the sequencer: the nonce was NOT consumed
  uncertain,      ///< refused, and whether the nonce was used is unclear:
                  ///< the signer asks the exchange before it signs again
};

/// The snake_case name of a verdict.
std::string to_string(tx_verdict x);

/// Gateway -> signer: the exchange's verdict on the txs with nonces
/// first_nonce .. first_nonce + count - 1 of one API key (a whole batch or
/// one tx).
struct tx_outcome {
  uint8_t api_key_index = 0;
  int64_t first_nonce = 0;
  int32_t count = 1;
  tx_verdict verdict = tx_verdict::accepted;
  int32_t code = 0; ///< exchange error code, 0 when accepted
};

/// Serializes a tx_outcome.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tx_outcome& x) {
  return f(caf::meta::type_name("tx_outcome"), x.api_key_index, x.first_nonce,
           x.count, x.verdict, x.code);
}

/// Anyone holding the exchange's answer to nextNonce -> signer: the nonce the
/// exchange expects next for this API key.
struct nonce_resync {
  uint8_t api_key_index = 0;
  int64_t next_nonce = 0;
};

/// Serializes a nonce_resync.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, nonce_resync& x) {
  return f(caf::meta::type_name("nonce_resync"), x.api_key_index, x.next_nonce);
}

} // namespace trailgrid::messages
