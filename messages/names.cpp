// to_string for the enums of the message structs (logs, status, CAF's
// deep_to_string).

#include "messages/gateway.hpp"
#include "messages/orders.hpp"
#include "messages/signing.hpp"
#include "messages/status.hpp"

namespace trailgrid::messages {

std::string to_string(reject_class x) {
  switch (x) {
  case reject_class::invalid_nonce:
    return "invalid_nonce";
  case reject_class::post_only_cross:
    return "post_only_cross";
  case reject_class::insufficient_margin:
    return "insufficient_margin";
  case reject_class::invalid_amount:
    return "invalid_amount";
  case reject_class::rate_limited:
    return "rate_limited";
  case reject_class::expired:
    return "expired";
  case reject_class::other:
    return "other";
  }
  return "reject_class(?)";
}

std::string to_string(tx_kind x) {
  switch (x) {
  case tx_kind::create_order:
    return "create_order";
  case tx_kind::cancel_order:
    return "cancel_order";
  case tx_kind::cancel_all_orders:
    return "cancel_all_orders";
  }
  return "tx_kind(?)";
}

std::string to_string(exchange_verdict x) {
  switch (x) {
  case exchange_verdict::accepted:
    return "accepted";
  case exchange_verdict::retry_later:
    return "retry_later";
  case exchange_verdict::resync_nonce:
    return "resync_nonce";
  case exchange_verdict::drop_order:
    return "drop_order";
  case exchange_verdict::already_gone:
    return "already_gone";
  case exchange_verdict::fatal:
    return "fatal";
  case exchange_verdict::unknown:
    return "unknown";
  }
  return "exchange_verdict(?)";
}

std::string to_string(tx_verdict x) {
  switch (x) {
  case tx_verdict::accepted:
    return "accepted";
  case tx_verdict::invalid_nonce:
    return "invalid_nonce";
  case tx_verdict::rejected_other:
    return "rejected_other";
  case tx_verdict::uncertain:
    return "uncertain";
  }
  return "tx_verdict(?)";
}

std::string to_string(run_state x) {
  switch (x) {
  case run_state::running:
    return "running";
  case run_state::backing_off:
    return "backing_off";
  case run_state::paused:
    return "paused";
  case run_state::halted:
    return "halted";
  case run_state::stopped:
    return "stopped";
  }
  return "run_state(?)";
}

} // namespace trailgrid::messages
