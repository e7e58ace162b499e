#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

namespace trailgrid::actors {

/// The exchange's verdict on a range of signed nonces, as the sequencer
/// needs it.
enum class nonce_verdict {
  consumed,     ///< accepted: the nonce is used up
  invalid,      ///< "invalid nonce": our count is wrong; resync
  not_consumed, ///< refused for another reason: the nonce is free again
};

/// What a verdict did to the count of one key.
enum class nonce_action {
  none,          ///< nothing changed (or the report was stale)
  rolled_back,   ///< the refused nonces were the last handed out: reused
  resync_needed, ///< the count is unknown until the exchange's next nonce
};

/// Hands out nonces strictly in order per API key, with in-flight
/// accounting. Pure and single-threaded: the signer actor's mailbox
/// serialises all callers (every market), so a reserve is atomic and nonces
/// are never reused or skipped.
///
/// Rules (lighter-protocol.md 5.5): a refused tx did not consume its nonce,
/// so it is rolled back when it was the last one handed out; otherwise later
/// nonces are already in flight and will fail, and the key needs the
/// exchange's next nonce (resync). An invalid-nonce verdict always needs a
/// resync. Verdicts on nonces that are no longer in flight (after a resync)
/// are stale and ignored.
class nonce_sequencer {
public:
  /// Nonces kept in flight per key before the oldest is assumed consumed
  /// (bounds memory when verdicts are not reported).
  static constexpr size_t max_in_flight = 4096;

  /// Sets the next nonce of `key` to what the exchange expects and forgets
  /// the in-flight set; the key becomes ready.
  void resync(uint8_t key, int64_t next_nonce);

  /// True when `key` has a trusted next nonce.
  bool ready(uint8_t key) const;

  /// Hands out `count` consecutive nonces of `key`; returns the first.
  /// Nothing when the key is not ready or `count` < 1.
  std::optional<int64_t> reserve(uint8_t key, int32_t count);

  /// Gives back nonces that were reserved but never sent (signing failed).
  /// @pre they are the last `count` handed out for `key`.
  void unreserve(uint8_t key, int64_t first, int32_t count);

  /// Applies the exchange's verdict on nonces first .. first + count - 1.
  nonce_action on_verdict(uint8_t key, int64_t first, int32_t count,
                          nonce_verdict verdict);

  /// Marks `key` as needing a resync (e.g. at start, before the first
  /// nextNonce answer).
  void invalidate(uint8_t key);

  /// The next nonce `key` would hand out (last known value when not ready).
  int64_t next(uint8_t key) const;

  /// How many nonces of `key` await a verdict.
  size_t in_flight(uint8_t key) const;

private:
  struct key_state {
    int64_t next = 0;
    bool synced = false;
    std::set<int64_t> in_flight;
  };

  const key_state* find(uint8_t key) const;

  std::map<uint8_t, key_state> keys_;
};

} // namespace trailgrid::actors
