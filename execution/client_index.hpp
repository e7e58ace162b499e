#pragma once

// Client order indexes namespaced per market, so the executor can tell its
// own orders from anyone else's on the account and from other markets'.
//
// Layout of a client order index (Lighter allows 1 .. 2^48-1, unique among
// the account's live orders across all markets):
//
//   bits 47..44  tag       4 bits, 1..15: this bot's namespace (config)
//   bits 43..32  market   12 bits: the market index (perps 0..254, spot
//                          2048..4094 all fit)
//   bits 31..0   sequence 32 bits, 1 .. 2^32-1, per market
//
// Indexes from manual trading or other tools are small numbers (or 0), so
// they fall outside every tagged namespace; two deployments on one account
// use different tags.
//
// The sequence never repeats a live index across restarts:
// - it is seeded from the wall clock, 16 per second since 2025-01-01 UTC
//   (seed_from_time), so a restart starts above what the previous run used
//   as long as it averaged at most 16 new orders per second (a 10+10 grid
//   resetting every 1.25 s); the 32 bits last until mid 2033, then the seed
//   wraps to 1;
// - reconcile (after every start) raises it above every live order of the
//   namespace the exchange reports (bump_above), which covers bursts.

#include <cstdint>

namespace trailgrid::execution {

/// The client-order-index namespace of one market.
class client_index_space {
public:
  static constexpr int sequence_bits = 32;
  static constexpr int market_bits = 12;
  static constexpr int tag_bits = 4;
  static constexpr uint64_t max_sequence = (uint64_t{1} << sequence_bits) - 1;
  static constexpr uint8_t default_tag = 0xB;

  /// The namespace of `market_index` under `tag`.
  /// @pre 1 <= tag <= 15, 0 <= market_index < 4096.
  client_index_space(uint8_t tag, int32_t market_index);

  /// The client order index of sequence number `seq` (1 .. max_sequence).
  int64_t make(uint64_t seq) const;

  /// True when `coi` lies in this namespace (same tag and market).
  bool owns(int64_t coi) const;

  /// The sequence number inside `coi` (its low 32 bits).
  static uint64_t sequence_of(int64_t coi);

  /// The market index.
  int32_t market_index() const { return market_; }

private:
  int64_t prefix_;
  int32_t market_;
};

/// The sequence a fresh start uses at wall time `unix_ms`: 16 per second
/// since 2025-01-01 UTC, wrapped into 1 .. max_sequence.
uint64_t seed_from_time(int64_t unix_ms);

/// Hands out client order indexes of one market in increasing order.
class client_index_allocator {
public:
  /// Starts after `seed` (the first index has sequence seed + 1, wrapped).
  client_index_allocator(client_index_space space, uint64_t seed);

  /// The next unused index.
  int64_t next();

  /// Moves the sequence past `coi` when it is ours and not below it (so a
  /// live order's index is never handed out again).
  void bump_above(int64_t coi);

  /// The namespace.
  const client_index_space& space() const { return space_; }

  /// The last sequence handed out (or the seed).
  uint64_t last() const { return last_; }

private:
  client_index_space space_;
  uint64_t last_;
};

} // namespace trailgrid::execution
