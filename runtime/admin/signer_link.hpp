#pragma once

// The market node's link to the signer node (see messages::signer_link_actor).

#include "actors/restart_policy.hpp"
#include "messages/admin.hpp"

#include "caf/fwd.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace trailgrid::runtime {

/// Spawn arguments of a signer link.
struct signer_link_config {
  std::string host = "127.0.0.1"; ///< the signer node
  uint16_t port = 4250;
  /// Connect with caf::openssl (mutual TLS) instead of the plain middleman.
  bool tls = false;
  /// This node's name, stamped on sign requests (sign_request::origin).
  std::string origin = "market";
  /// Presented to the signer node's gate (see actors/signer_gate.hpp).
  std::string token;
  /// Backoff between connection attempts (after a loss or a failure).
  actors::restart_policy_config retry{
      std::chrono::milliseconds{500}, std::chrono::milliseconds{10'000},
      std::chrono::milliseconds{30'000}, 100'000};
  /// How long one connection attempt may take.
  std::chrono::milliseconds connect_timeout{5'000};
  /// How long the remote signer may take to answer status.
  std::chrono::milliseconds status_timeout{2'000};
  uint64_t seed = 0;
};

/// State of a signer link (public for tests and status).
struct signer_link_state {
  signer_link_config cfg;
  messages::signer_actor remote; ///< invalid while disconnected
  messages::node_root_actor root;
  actors::restart_policy policy;
  bool connecting = false;
  bool held = false;       ///< the root holds its markets for us
  uint64_t generation = 0; ///< bumped per loss / attempt; drops stale timers
  uint64_t losses = 0;     ///< times a connected signer went away
  uint64_t attempts = 0;   ///< connection attempts so far
  std::string last_error;
  caf::actor_clock::time_point started_at;
  caf::actor_clock::time_point connected_at;

  static inline const char* name = "trailgrid.signer_link";
};

/// The signer link actor. Starts disconnected (markets held) and connects
/// at once.
messages::signer_link_actor::behavior_type signer_link_impl(
    messages::signer_link_actor::stateful_pointer<signer_link_state> self,
    signer_link_config cfg);

/// Spawns a signer link (the middleman, and caf::openssl when `cfg.tls`,
/// must be loaded in `sys`).
messages::signer_link_actor spawn_signer_link(caf::actor_system& sys,
                                              signer_link_config cfg);

} // namespace trailgrid::runtime
