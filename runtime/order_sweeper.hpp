#pragma once

#include "messages/interfaces.hpp"

#include "caf/fwd.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// What sweep_orders found and did.
struct sweep_report {
  int64_t found = 0;     ///< our orders the exchange still listed
  int64_t cancelled = 0; ///< cancels the exchange accepted
  std::vector<std::string> errors;
  /// The exchange answered for every market and listed none of ours.
  bool confirmed_empty = false;
  /// Ours still listed at the last look (empty when it could not look).
  std::vector<messages::live_order> remaining;
};

/// The last line of the shutdown: asks the exchange (through the gateway)
/// which orders of this bot are still live on `markets` and cancels them
/// one by one (never an account-wide cancel-all). "This bot's" = client
/// order indexes in the executors' namespace (client_index_space with
/// `tag`), so orders of other tools on the account are left alone. Catches
/// orders whose acknowledgement was lost with a dropped socket. Cancels go
/// through the signer and the gateway, which uses REST while its WebSocket
/// is down. Blocking: call from the main thread with a scoped actor.
/// Repeats until the exchange answers for every market and lists none of
/// ours (confirmed_empty), or `bound` has passed.
sweep_report
sweep_orders(caf::scoped_actor& self, const messages::signer_actor& signer,
             const messages::gateway_actor& gateway,
             const std::vector<int32_t>& markets, uint8_t api_key_index,
             uint8_t tag,
             std::chrono::seconds bound = std::chrono::seconds{30});

} // namespace trailgrid::runtime
