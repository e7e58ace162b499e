#pragma once

#include "messages/interfaces.hpp"

#include "caf/fwd.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// What sweep_orders found and did.
struct sweep_report {
  int64_t found = 0;     ///< our orders the exchange still listed
  int64_t cancelled = 0; ///< cancels the exchange accepted
  std::vector<std::string> errors;
};

/// The last line of the shutdown: asks the exchange (through the gateway)
/// which orders of this bot are still live on `markets` and cancels them
/// one by one (never an account-wide cancel-all). "This bot's" = client
/// order indexes in the executors' namespace (client_index_space with
/// `tag`), so orders of other tools on the account are left alone. Catches
/// orders whose acknowledgement was lost with a dropped socket. Blocking:
/// call from the main thread with a scoped actor. Repeats (at most
/// `rounds` times) until the exchange lists none.
sweep_report sweep_orders(caf::scoped_actor& self,
                          const messages::signer_actor& signer,
                          const messages::gateway_actor& gateway,
                          const std::vector<int32_t>& markets,
                          uint8_t api_key_index, uint8_t tag, int rounds = 3);

} // namespace trailgrid::runtime
