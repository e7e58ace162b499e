#pragma once

// What a signer node publishes instead of its signer. A peer (a market
// node's signer_link) presents a token; a valid one gets a session: a
// signer handle that checks every request against the keys and markets the
// token grants and forwards it to the signer (delegated, so replies and
// withdrawals still name the original requester). The signer itself is
// never reachable from another node.

#include "actors/signer_actor.hpp"
#include "execution/signer_access.hpp"
#include "messages/interfaces.hpp"

#include <map>
#include <memory>

namespace trailgrid::actors {

/// Spawn arguments of the gate.
struct signer_gate_config {
  messages::signer_actor signer;
  execution::signer_access access;
  /// Shared with the signer, whose status reports them.
  std::shared_ptr<signer_peer_counters> counters;
};

/// State of the gate.
struct signer_gate_state {
  signer_gate_config cfg;
  /// Sessions by the peer that opened them; ended when the peer goes.
  std::map<caf::actor_addr, messages::signer_actor> sessions;

  static inline const char* name = "trailgrid.signer_gate";
};

/// The gate actor.
messages::signer_gate_actor::behavior_type signer_gate_impl(
    messages::signer_gate_actor::stateful_pointer<signer_gate_state> self,
    signer_gate_config cfg);

/// Spawns the gate.
messages::signer_gate_actor spawn_signer_gate(caf::actor_system& sys,
                                              signer_gate_config cfg);

} // namespace trailgrid::actors
