#include "execution/order_events.hpp"

#include "lighter/codec/error_classifier.hpp"

namespace trailgrid::execution {

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

reject_class reject_class_of(int32_t code, const std::string& message) {
  switch (lighter::reject_reason_of(code, message)) {
  case lighter::reject_reason::post_only_cross:
    return reject_class::post_only_cross;
  case lighter::reject_reason::invalid_amount:
    return reject_class::invalid_amount;
  case lighter::reject_reason::insufficient_margin:
    return reject_class::insufficient_margin;
  case lighter::reject_reason::rate_limited:
    return reject_class::rate_limited;
  case lighter::reject_reason::invalid_nonce:
    return reject_class::invalid_nonce;
  case lighter::reject_reason::other:
    break;
  }
  return reject_class::other;
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

exchange_verdict verdict_of(lighter::error_class c) {
  switch (c) {
  case lighter::error_class::ok:
    return exchange_verdict::accepted;
  case lighter::error_class::retry_later:
  case lighter::error_class::reauth:
    return exchange_verdict::retry_later;
  case lighter::error_class::resync_nonce:
    return exchange_verdict::resync_nonce;
  case lighter::error_class::drop_order:
  case lighter::error_class::resync_state:
    return exchange_verdict::drop_order;
  case lighter::error_class::duplicate_client_index:
    // The answer to a resend whose first copy was placed: the order rests.
    // The exchange's live orders settle it (the executor adopts what it
    // lists), so it is neither dropped nor sent a third time.
    return exchange_verdict::unknown;
  case lighter::error_class::already_gone:
    return exchange_verdict::already_gone;
  case lighter::error_class::fatal:
    return exchange_verdict::fatal;
  case lighter::error_class::not_found:
  case lighter::error_class::unknown:
    return exchange_verdict::unknown;
  }
  return exchange_verdict::unknown;
}

} // namespace trailgrid::execution
