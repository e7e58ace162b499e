#pragma once

// The signer's pure core: one ordered sign-and-send sequence per API key.
//
// Lighter accepts a key's nonces only in strict sequence, and a batch refused
// before the exchange's sequencer leaves its nonces free again. If batches
// were signed ahead of the verdict on the previous one, a refusal would turn
// every later batch into an invalid-nonce rejection of our own making. So a
// key has at most `max_in_flight` batches between "signed" and "verdict"
// (default 1): the next batch is signed only once the exchange has said what
// it did with the previous one. That also keeps nonce order across nodes that
// share a key, with no reorder buffer anywhere: whatever is signed next goes
// out after the previous verdict, whichever gateway sends it.
//
// Order among waiting requests: cancels only first (they pull orders), then
// the urgent ones (a reset after a fill, or a job a fill came during) and
// those that waited promote_after_ms, by arrival, then the rest: a fill is
// answered first and no market starves.
//
// Where the account's quota counts requests (Standard), waiting cancels-only
// requests of one key and one gateway are merged into one batch of up to
// config::merge_cancels_up_to txs (a REST sendTxBatch): a halt or a shutdown
// of 25 markets is a few requests, not one per market. A merged batch the
// exchange refuses for one of its txs is signed again request by request
// (each `alone`), so every requester gets its own verdict.
//
// With a quota, signing also spends the account's sendTx budget (one
// quota_governor for every key of the signer, since the exchange counts per
// L1 address): a request is signed only when its whole cost is there, so the
// account's budget is never exceeded by us, and a reset that answers a fill
// goes first when budget comes back.
//
// Events in (requests, verdicts, the exchange's next nonce, time), commands
// out (sign this request with these nonces, fail it, fetch a nonce, wake me).
// Time is an argument; nothing here reads a clock.

#include "execution/quota_governor.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::execution {

/// What the exchange did with a batch's nonces, as far as the sender knows.
enum class nonce_fate : uint8_t {
  consumed,     ///< accepted (or refused by the sequencer): nonces used up
  not_consumed, ///< refused before the sequencer, or never sent: free again
  invalid,      ///< invalid nonce: our count is wrong
  uncertain,    ///< no answer or an unclear code: ask the exchange
};

/// The snake_case name of a fate.
const char* to_string(nonce_fate f);

/// One request to sign and send a batch.
struct sign_ticket {
  uint64_t id = 0; ///< the caller's handle (unique per sequencer)
  uint8_t key = 0;
  int32_t market = 0;
  int32_t count = 0; ///< txs in the batch (nonces it needs)
  /// Answers a fill (the reset of a market whose grid is stale): goes first.
  bool urgent = false;
  /// After this (ms, same clock as `now`) the request fails unsigned.
  int64_t deadline_ms = 0;
  std::string origin; ///< the node that sends it (status)
  /// The gateway that sends it (the shell's handle): only requests of one
  /// gateway are merged. 0: never merged.
  uint64_t sender = 0;
  /// Never merged with others (a merged batch it was in was refused).
  bool alone = false;
  /// When it arrived (set by on_request).
  int64_t since_ms = 0;
  /// What the batch carries, for its cost in the account's quota.
  batch_shape shape;
};

/// What the shell must do.
struct sign_command {
  enum class kind : uint8_t {
    sign,        ///< sign ticket `id` with nonces first_nonce.. and send it
    fail,        ///< answer ticket `id` with `why`; it consumed no nonce
    fetch_nonce, ///< ask the exchange for the next nonce of `key`
    wake,        ///< call on_tick at `at_ms`
  };
  kind what = kind::sign;
  uint64_t id = 0;
  uint8_t key = 0;
  int64_t first_nonce = 0;
  int64_t at_ms = 0;
  std::string why;
  /// sign: further tickets signed into the same batch after `id`, in nonce
  /// order (merged cancels); their nonces follow `id`'s.
  std::vector<uint64_t> merged;
};

using sign_commands = std::vector<sign_command>;

/// The per-key sequences of one signer.
class sign_sequencer {
public:
  struct config {
    /// Batches of one key between signed and verdict. 1 makes a refusal
    /// harmless to the batches after it (they are not signed yet).
    int max_in_flight = 1;
    /// A batch without a verdict after this is settled from the exchange
    /// (its sender died, or its verdict was lost).
    int64_t verdict_timeout_ms = 15'000;
    /// A request that waited this long ranks with the urgent ones, by
    /// arrival: resets after fills go first, but a start grid (or a grid
    /// re-centred without a fill) is not starved by a stream of them.
    int64_t promote_after_ms = 5'000;
    /// Most txs in a batch of merged cancels-only requests; 0 or 1: none
    /// merged (where the quota counts txs, merging saves nothing).
    int32_t merge_cancels_up_to = 0;
    /// The account's sendTx budget; none: the signer does not pace.
    std::optional<quota_rules> quota;
  };

  sign_sequencer() = default;
  explicit sign_sequencer(config cfg);

  /// Registers a key; it has no trusted nonce until on_nonce.
  void add_key(uint8_t key);
  bool has_key(uint8_t key) const { return keys_.count(key) != 0; }

  /// A new request. Unknown keys and empty batches fail at once.
  sign_commands on_request(sign_ticket t, int64_t now);
  /// The caller gave up on ticket `id` (superseded, timed out): if it was
  /// not signed yet it never will be, and consumes no nonce.
  sign_commands on_withdraw(uint64_t id, int64_t now);
  /// Ticket `id`, if still waiting, now answers a fill: it becomes urgent
  /// (a fill came while its market's job ran; the reset waits for it).
  sign_commands on_hurry(uint64_t id, int64_t now);
  /// The shell could not sign ticket `id` (after a sign command): its
  /// nonces were never used.
  sign_commands on_sign_failed(uint64_t id, int64_t now);
  /// The exchange's verdict on nonces first .. first + count - 1 of `key`.
  /// Verdicts on nonces no longer in flight (after a resync) are stale.
  sign_commands on_verdict(uint8_t key, int64_t first, int32_t count,
                           nonce_fate fate, int64_t now);
  /// The exchange expects `next` for `key`: trust it, forget what was in
  /// flight (its verdicts are stale now) and go on.
  sign_commands on_nonce(uint8_t key, int64_t next, int64_t now);
  /// Fetching the next nonce of `key` failed: the waiting requests fail.
  sign_commands on_nonce_failed(uint8_t key, const std::string& why,
                                int64_t now);
  /// The exchange refused a request for the quota (23000 / HTTP 429): our
  /// picture of the budget was optimistic; it is empty at `now`.
  sign_commands on_quota_refused(int64_t now);
  /// Deadlines and verdict timeouts due by `now`.
  sign_commands on_tick(int64_t now);

  /// Status of one key.
  struct key_view {
    int64_t next_nonce = 0;
    bool synced = false;
    int32_t in_flight = 0; ///< batches signed without a verdict
    size_t waiting = 0;
    std::string holder; ///< origin of the last signed batch
  };
  std::optional<key_view> view(uint8_t key) const;
  std::vector<uint8_t> keys() const;

  // Counters (status, metrics).
  uint64_t signed_batches() const { return signed_batches_; }
  /// Requests that went out merged into another's batch.
  uint64_t merged_requests() const { return merged_requests_; }
  uint64_t rollbacks() const { return rollbacks_; }
  uint64_t resyncs() const { return resyncs_; }
  uint64_t expired() const { return expired_; }
  uint64_t verdict_timeouts() const { return verdict_timeouts_; }
  /// Times a request that was next in line waited for budget.
  uint64_t quota_waits() const { return quota_waits_; }
  /// Refusals for the quota the exchange reported.
  uint64_t quota_refusals() const { return quota_refusals_; }
  /// Units of the quota left at `now` (nothing without a quota).
  std::optional<int64_t> quota_remaining(int64_t now) const;
  /// The quota's rules (nothing without a quota).
  const std::optional<quota_governor>& quota() const { return quota_; }

private:
  struct flight {
    uint64_t id = 0;
    int64_t first = 0;
    int32_t count = 0;
    int64_t since_ms = 0;
  };
  struct key_state {
    int64_t next = 0;
    bool synced = false;
    bool fetching = false;
    std::deque<flight> in_flight; ///< ascending nonces
    std::deque<sign_ticket> waiting;
    std::string holder;
  };

  void dispatch(uint8_t key, key_state& k, int64_t now, sign_commands& out);
  int rank_of(const sign_ticket& t, int64_t now) const;
  /// The waiting cancels-only requests that go out in `first`'s batch
  /// (not `first` itself), by arrival, within merge_cancels_up_to.
  std::vector<std::deque<sign_ticket>::iterator>
  merge_with(std::deque<sign_ticket>& waiting,
             std::deque<sign_ticket>::iterator first) const;
  std::deque<sign_ticket>::iterator
  most_pressing(std::deque<sign_ticket>& waiting, int64_t now) const;
  /// Every key in turn, the key whose next request waited longest first
  /// (they share the quota).
  void dispatch_all(int64_t now, sign_commands& out);
  /// Takes the cost of `t` from the quota; false (and a wake at the time it
  /// fits) when it is not there yet.
  bool spend_quota(const sign_ticket& t, int64_t now, sign_commands& out);
  void resync(uint8_t key, key_state& k, sign_commands& out);
  void wake_for_next_due(sign_commands& out) const;

  config cfg_;
  std::optional<quota_governor> quota_;
  /// When the next request fits the quota (a wake is due then).
  std::optional<int64_t> quota_wait_until_;
  std::map<uint8_t, key_state> keys_;
  uint64_t signed_batches_ = 0;
  uint64_t merged_requests_ = 0;
  uint64_t rollbacks_ = 0;
  uint64_t resyncs_ = 0;
  uint64_t expired_ = 0;
  uint64_t verdict_timeouts_ = 0;
  uint64_t quota_waits_ = 0;
  uint64_t quota_refusals_ = 0;
};

} // namespace trailgrid::execution
