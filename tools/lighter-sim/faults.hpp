#pragma once

#include "tools/lighter-sim/sim_config.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace trailgrid::sim {

/// Seeded, stateless fault decisions: each answer depends only on the seed
/// and the event's sequence number (or time), so a run is reproducible and
/// the k-th decision never depends on how many other questions were asked.
class fault_plan {
public:
  /// Faults of `cfg` with decisions derived from `seed`.
  fault_plan(fault_cfg cfg, uint64_t seed);

  /// Should the tx request number `request_seq` be rejected?
  bool reject_request(uint64_t request_seq) const;
  /// The code of such a rejection.
  int reject_code() const { return cfg_.reject_code; }
  /// After the `accepted`-th accepted tx (1-based), skip a nonce?
  bool desync_after(uint64_t accepted) const;
  /// Extra delay of outgoing frame `frame_seq` (0 = none).
  ms_t frame_delay(uint64_t frame_seq) const;
  /// Swap outgoing frame `frame_seq` with the following one?
  bool reorder_frame(uint64_t frame_seq) const;
  /// Replace outgoing data frame `data_seq` (1-based) by a malformed one?
  bool malformed_frame(uint64_t data_seq) const;
  /// The malformed text sent instead (a few kinds, chosen by `data_seq`).
  std::string malformed_text(uint64_t data_seq) const;
  /// Is `channel` (inbound form, e.g. "order_book:1") silent at
  /// `since_start` ms after the simulator started? (The configured stalls
  /// and the periodic account stall.)
  bool stalled(std::string_view channel, ms_t since_start) const;
  /// Is the periodic account stall on at `since_start`? (account_* channels
  /// silent, sockets open.)
  bool account_stalled(ms_t since_start) const;
  /// Is REST in an outage window at `since_start` (answers 503)?
  bool rest_down(ms_t since_start) const;
  /// Is the WebSocket in an outage window at `since_start` (every socket
  /// dropped, new ones too)?
  bool ws_down(ms_t since_start) const;
  /// Should a WebSocket session open for `age` ms be closed now?
  bool session_too_old(ms_t age) const;
  /// Should maker fill number `fill_seq` (1-based) be cut to a partial one?
  bool partial_fill(uint64_t fill_seq) const;
  /// How many WebSocket drops are due by `since_start` (the server closes
  /// every socket whenever this count grows).
  int64_t drops_due(ms_t since_start) const;
  const fault_cfg& cfg() const { return cfg_; }

private:
  fault_cfg cfg_;
  uint64_t seed_;
};

} // namespace trailgrid::sim
