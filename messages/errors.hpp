#pragma once

// Error codes that cross actor boundaries (as caf::error values).

#include "caf/fwd.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::messages {

/// Error codes of the trailgrid error category ("trailgrid").
enum class error_code : uint8_t {
  unknown_api_key = 1, ///< the signer holds no key with this index
  empty_batch,         ///< a sign request without transactions
  batch_too_large,     ///< more transactions than one batch may hold
  signing_failed,      ///< the tx signer refused an intent (bad field)
  nonce_unavailable,   ///< the exchange's next nonce could not be learned
  child_unavailable,   ///< a supervised child is not running
  reconcile_failed,    ///< the executor could not reconcile after restart
  unknown_market,      ///< no market with this symbol runs on the node
  market_exists,       ///< add_market for a symbol that already runs
  bad_market_config,   ///< add_market settings that do not validate
  shutting_down,       ///< the node is stopping; no new work
  exchange_error,      ///< the exchange refused or could not be reached
  connection_lost,     ///< an exchange connection closed (feed: restart me)
  unauthorized,        ///< a signer peer without a valid token or grant
};

/// The snake_case name of an error code.
std::string to_string(error_code x);

/// A caf::error of the trailgrid category.
caf::error make_error(error_code x);

/// A caf::error of the trailgrid category with a human-readable context.
caf::error make_error(error_code x, std::string context);

} // namespace trailgrid::messages
