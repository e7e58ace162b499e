#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

namespace trailgrid::sim {

/// How many times each fault was injected, so a checker can tell the
/// client's own errors from the ones the simulator caused (served in
/// GET /sim/record under "faults").
struct fault_counts {
  /// Sockets dropped without a close frame (the periodic drop).
  int64_t ws_drops = 0;
  /// Sessions closed normally because of their age.
  int64_t session_age_closes = 0;
  /// Tx requests refused by the reject fault.
  int64_t injected_rejects = 0;
  /// Nonces skipped by the desync fault.
  int64_t nonce_desyncs = 0;
  /// Data frames replaced by malformed ones.
  int64_t malformed_frames = 0;
  /// Frames withheld by a stall (configured or periodic account stall).
  int64_t stalled_frames = 0;
  /// Of those, frames of account_* channels.
  int64_t stalled_account_frames = 0;
  /// Frames delayed / swapped with the next one.
  int64_t delayed_frames = 0;
  int64_t reordered_frames = 0;
  /// REST requests answered 503 during an outage window, and of those the
  /// sendTx / sendTxBatch ones.
  int64_t rest_outage_refusals = 0;
  int64_t rest_outage_tx_refusals = 0;
  /// WebSocket sessions dropped by an outage window (open ones at its start
  /// and every one that opened during it).
  int64_t ws_outage_drops = 0;
  /// Fills of resting orders cut to a partial fill.
  int64_t partial_fills = 0;
};

/// The counts as a JSON object (one key per field).
nlohmann::json to_json(const fault_counts& c);

} // namespace trailgrid::sim
