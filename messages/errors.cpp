#include "messages/errors.hpp"

#include "caf/atom.hpp"
#include "caf/error.hpp"
#include "caf/make_message.hpp"

namespace trailgrid::messages {

std::string to_string(error_code x) {
  switch (x) {
  case error_code::unknown_api_key:
    return "unknown_api_key";
  case error_code::empty_batch:
    return "empty_batch";
  case error_code::batch_too_large:
    return "batch_too_large";
  case error_code::signing_failed:
    return "signing_failed";
  case error_code::nonce_unavailable:
    return "nonce_unavailable";
  case error_code::child_unavailable:
    return "child_unavailable";
  case error_code::reconcile_failed:
    return "reconcile_failed";
  case error_code::unknown_market:
    return "unknown_market";
  case error_code::market_exists:
    return "market_exists";
  case error_code::bad_market_config:
    return "bad_market_config";
  case error_code::shutting_down:
    return "shutting_down";
  case error_code::exchange_error:
    return "exchange_error";
  case error_code::connection_lost:
    return "connection_lost";
  case error_code::unauthorized:
    return "unauthorized";
  }
  return "error_code(?)";
}

caf::error make_error(error_code x) {
  return caf::error{static_cast<uint8_t>(x), caf::atom("trailgrid")};
}

caf::error make_error(error_code x, std::string context) {
  return caf::error{static_cast<uint8_t>(x), caf::atom("trailgrid"),
                    caf::make_message(std::move(context))};
}

} // namespace trailgrid::messages
