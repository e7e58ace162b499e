#pragma once

#include "actors/nonce_refiller.hpp"
#include "actors/rate_meter.hpp"
#include "actors/tx_signer.hpp"
#include "execution/sign_sequencer.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "messages/interfaces.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace trailgrid::actors {

/// One API key the signer holds.
struct signer_key {
  uint8_t api_key_index = 0;
  /// Signs with this key (holds its private key); never shared across keys.
  std::shared_ptr<tx_signer> signer;
};

/// What the signer's gate saw of other nodes (shared with the gate, which
/// counts; the signer's status reports them).
struct signer_peer_counters {
  std::atomic<uint64_t> admitted{0};     ///< peers with a valid token
  std::atomic<uint64_t> unauthorized{0}; ///< hellos with a wrong token
  std::atomic<uint64_t> refused{0};      ///< peer requests outside a grant
};

/// Spawn arguments of the signer actor.
struct signer_config {
  std::string name = "signer";
  std::vector<signer_key> keys;
  /// Largest batch (Lighter: 50 per REST sendTxBatch, 15 per WebSocket
  /// frame; the gateway picks the path by size).
  size_t max_batch = lighter::limits::max_txs_per_rest_batch;
  /// Asked for a key's next nonce when the signer has none (at start, after
  /// an invalid or uncertain verdict). Optional: without it, requests for
  /// such a key wait for a nonce_resync message.
  messages::nonce_source_actor nonce_source;
  /// How long one nonce_source request may take.
  std::chrono::milliseconds source_timeout{5'000};
  /// Batches of one key between signed and verdict (see sign_sequencer).
  int max_in_flight = 1;
  /// A batch without a verdict after this is settled from the exchange
  /// (the node that sent it died, or its verdict was lost). Above the
  /// gateway's own settling time.
  std::chrono::milliseconds verdict_timeout{15'000};
  /// The account's sendTx budget (every key of the signer shares it); none:
  /// no pacing (see sign_sequencer).
  std::optional<execution::quota_rules> quota;
  /// Most txs in one batch of cancels merged from several requests (the
  /// batch limit of the channel resets go over); 0: never merged. Worth it
  /// where the quota counts requests (see execution::sign_sequencer).
  int32_t merge_cancels_up_to = 0;
  /// Set when the signer is published through a gate (signer node).
  std::shared_ptr<const signer_peer_counters> peers;
  /// Fills the reserve the keys' signers draw committed nonces from (none:
  /// every signature computes its own); lives as long as the signer.
  std::shared_ptr<nonce_refiller> nonces;
};

/// State of the signer actor (public for tests and status).
struct signer_state {
  /// A request between arrival and "signed and handed to its gateway".
  struct pending {
    messages::sign_and_send msg;
    caf::typed_response_promise<messages::batch_reply> promise;
    /// Who asked (withdraw names its batch_id; a requester that dies
    /// withdraws everything it still waits for).
    caf::actor_addr requester;
  };

  signer_config cfg;
  std::map<uint8_t, std::shared_ptr<tx_signer>> signers;
  execution::sign_sequencer sequence;
  std::map<uint64_t, pending> waiting;
  uint64_t next_ticket = 1;
  /// The earliest tick already scheduled (ms of the actor clock).
  std::optional<int64_t> wake_at;
  rate_meter signatures;
  uint64_t auth_tokens = 0; ///< auth tokens handed out
  uint64_t refused = 0;     ///< requests answered with an error at once
  uint64_t sign_failures = 0;
  /// Requests given up before they were signed (requester timed out or
  /// died, gateway died): none of them used a nonce.
  uint64_t withdrawn = 0;
  /// The node of the gateway each signed batch (key, first nonce) went to:
  /// only that node may report its verdict (a verdict from elsewhere could
  /// roll back nonces the exchange used).
  std::map<std::pair<uint8_t, int64_t>, caf::node_id> sent_via;
  /// A small handle per gateway (sign_ticket::sender): only requests sent
  /// by the same gateway are merged into one batch.
  std::map<caf::actor_addr, uint64_t> gateway_handles;
  uint64_t next_gateway_handle = 1;
  /// Requests of a refused merged batch signed again one by one.
  uint64_t split_after_refusal = 0;
  /// Requesters and gateways watched for their death.
  std::set<caf::actor_addr> watched;
  caf::actor_clock::time_point started_at;

  static inline const char* name = "trailgrid.signer";
};

/// The signer actor: a shell over execution::sign_sequencer. Per API key it
/// signs one batch at a time with the key's next nonces, hands it straight
/// to the requester's gateway (which answers the requester) and signs the
/// key's next batch once the gateway reported the exchange's verdict.
messages::signer_actor::behavior_type
signer_actor_impl(messages::signer_actor::stateful_pointer<signer_state> self,
                  signer_config cfg);

/// Spawns the signer actor.
messages::signer_actor spawn_signer(caf::actor_system& sys, signer_config cfg);

} // namespace trailgrid::actors
