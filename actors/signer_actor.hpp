#pragma once

#include "actors/nonce_sequencer.hpp"
#include "actors/rate_meter.hpp"
#include "actors/tx_signer.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace trailgrid::actors {

/// One API key the signer holds.
struct signer_key {
  uint8_t api_key_index = 0;
  /// Signs with this key (holds its private key); never shared across keys.
  std::shared_ptr<tx_signer> signer;
};

/// Spawn arguments of the signer actor.
struct signer_config {
  std::string name = "signer";
  std::vector<signer_key> keys;
  /// Largest batch (the REST limit: the gateway enforces its channel's).
  size_t max_batch = lighter::limits::max_txs_per_rest_batch;
  /// Asked for a key's next nonce when the signer has none (at start, after
  /// an invalid nonce). Optional: without it, requests for such a key wait
  /// for a nonce_resync message.
  messages::nonce_source_actor nonce_source;
  /// How long one nonce_source request may take.
  std::chrono::milliseconds source_timeout{5'000};
  /// How long a request of another node waits for the verdicts on the
  /// nonces still in flight before the key is resynced from the exchange
  /// (verdicts lost with a node). Below the executor's sign timeout.
  std::chrono::milliseconds handover_timeout{3'000};
};

/// State of the signer actor (public for tests and status).
struct signer_state {
  /// A sign request waiting for its key's next nonce.
  struct waiting {
    messages::sign_request request;
    caf::typed_response_promise<messages::sign_result> promise;
  };

  /// Per API key: its signer and the requests waiting for a resync.
  struct key_slot {
    std::shared_ptr<tx_signer> signer;
    std::deque<waiting> queue;
    bool fetching = false; ///< a nonce_source request is out
    /// The node (sign_request::origin) whose nonces are in flight.
    std::string holder;
    /// Counts handover waits; a timer of an older wait is stale.
    uint64_t handover_generation = 0;
    bool handover_pending = false; ///< a handover timer is set
  };

  signer_config cfg;
  std::map<uint8_t, key_slot> keys;
  nonce_sequencer nonces;
  rate_meter signatures;
  uint64_t rollbacks = 0;
  uint64_t resyncs = 0;
  uint64_t auth_tokens = 0; ///< auth tokens handed out
  uint64_t handovers = 0;   ///< keys passed from one node to another
  uint64_t handover_timeouts = 0;
  caf::actor_clock::time_point started_at;

  static inline const char* name = "trailgrid.signer";
};

/// The signer actor. Hands out nonces strictly in order per API key across
/// all markets (one mailbox serialises every caller), signs batches with
/// consecutive nonces, rolls back or resyncs on the exchange's verdicts.
///
/// Several nodes, one key: each node sends through its own connection, so
/// nonces of two nodes could reach the exchange out of order. A request
/// from another node than the one whose nonces are in flight therefore
/// waits until their verdicts are in (or handover_timeout, then the key is
/// resynced); its batch is marked predecessors_settled so that node's
/// gateway sends it at once.
messages::signer_actor::behavior_type
signer_actor_impl(messages::signer_actor::stateful_pointer<signer_state> self,
                  signer_config cfg);

/// Spawns the signer actor.
messages::signer_actor spawn_signer(caf::actor_system& sys, signer_config cfg);

} // namespace trailgrid::actors
