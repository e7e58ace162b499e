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

} // namespace trailgrid::execution
