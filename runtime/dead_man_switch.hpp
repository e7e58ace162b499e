#pragma once

#include "messages/interfaces.hpp"

#include "caf/typed_actor.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace trailgrid::runtime {

/// Atoms of the dead-man switch actor.
using arm_atom = caf::atom_constant<caf::atom("dms_arm")>;
/// Abort the scheduled cancel-all (clean shutdown).
using disarm_atom = caf::atom_constant<caf::atom("dms_disarm")>;

/// The dead-man switch: arms (and re-arms) the exchange's scheduled
/// cancel-all; disarm replies once the abort was answered.
using dead_man_actor = caf::typed_actor<
    // itself (delayed, every heartbeat): push the cancel time out again.
    caf::reacts_to<arm_atom>,
    // gridbot (clean shutdown) -> switch: abort the scheduled cancel-all;
    // the reply says how it went ("aborted" or the error).
    caf::replies_to<disarm_atom>::with<std::string>,
    // gridbot / root -> switch: armed until, re-arms, failures.
    caf::replies_to<messages::status_atom>::with<messages::actor_status>>;

/// Spawn arguments of the dead-man switch.
struct dead_man_config {
  messages::signer_actor signer;
  messages::gateway_actor gateway;
  uint8_t api_key_index = 0;
  /// The cancel-all fires this long after the last heartbeat.
  std::chrono::seconds window{600};
  /// How often it is pushed out again.
  std::chrono::seconds heartbeat{60};
  /// How long signing and sending may take.
  std::chrono::milliseconds timeout{10'000};
  /// Unix ms now; default: the system clock.
  std::function<int64_t()> unix_now_ms;
};

/// State of the dead-man switch (public for tests and status).
struct dead_man_state {
  dead_man_config cfg;
  int64_t armed_until_ms = 0; ///< 0: not armed
  uint64_t arms = 0;
  uint64_t failures = 0;
  bool disarmed = false;
  std::string last_error;
  uint64_t next_batch_id = 1;

  static inline const char* name = "trailgrid.dead_man_switch";
};

/// Keeps Lighter's scheduled CancelAllOrders (TimeInForce 1, Time = now +
/// window) armed: signs one through the shared signer and sends it through
/// the gateway at start and every heartbeat, so a process that dies (or
/// loses its connection) has every order of the account cancelled at most
/// `window` later. Disarm sends the abort (TimeInForce 2). The cancel-all
/// is account-wide: only for an account the bot has to itself
/// ([runtime] account_is_exclusive).
dead_man_actor::behavior_type
dead_man_impl(dead_man_actor::stateful_pointer<dead_man_state> self,
              dead_man_config cfg);

} // namespace trailgrid::runtime
