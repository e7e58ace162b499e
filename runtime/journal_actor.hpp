#pragma once

#include "runtime/journal.hpp"
#include "runtime/journal_sync.hpp"
#include "runtime/session_ledger.hpp"

#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace trailgrid::runtime {

/// Spawn arguments of the journal actor.
/// The journal entry of one of our fills in market `symbol`.
journal_fill journal_fill_of(const messages::fill& x, std::string symbol);

struct journal_actor_config {
  /// The open journal (moved into the actor, which owns it from then on).
  std::shared_ptr<journal_writer> writer;
  /// Kept current with every fill, reset and reject (optional).
  std::shared_ptr<session_ledger> ledger;
  /// Market index -> symbol, for the entries (the exchange's table).
  std::map<int32_t, std::string> symbols;
  /// Unix ms now; default: the system clock.
  std::function<int64_t()> unix_now_ms;
  /// How often entries that could not be written are tried again.
  std::chrono::milliseconds retry_every{1'000};
  /// When written entries are made durable (fsync). every_entry is applied
  /// by the writer's options (fsync_on_flush); batched by this actor.
  journal_sync_config sync;
  /// Entries kept in memory while the file cannot take them; beyond this
  /// the oldest are dropped (counted, logged).
  size_t backlog_limit = 100'000;
};

/// State of the journal actor (public for tests and status).
struct journal_actor_state {
  journal_actor_config cfg;
  uint64_t written = 0;
  uint64_t failed = 0;
  std::string last_error;
  /// Entries not written yet, oldest first (written in order once the file
  /// takes them again).
  std::deque<std::pair<journal_entry, int64_t>> backlog;
  uint64_t dropped = 0; ///< lost beyond backlog_limit
  uint64_t syncs = 0;   ///< batched fsyncs done
  /// Entries written since the last batched fsync.
  bool unsynced = false;
  /// The last fsync failed: markets hold until one succeeds.
  bool sync_failed = false;
  bool tick_pending = false; ///< one timer for retries and syncs
  caf::actor root;
  bool holding = false; ///< the root holds every market for us
  /// Markets whose scale entry this actor has written.
  std::set<int32_t> scales_written;

  static inline const char* name = "trailgrid.journal";
};

/// The journal actor: appends the grids' fills, resets and rejects to the
/// node journal (flushed per entry, so an entry survives kill -9 once
/// written; made durable per cfg.sync, by default one fsync at most every
/// 200 ms after new entries) and books them in the session ledger. An entry
/// that cannot be written (full disk, I/O error) is kept in memory and retried;
/// until the file takes every such entry the root holds all markets (no
/// quoting), and status shows the error and the backlog.
messages::journal_actor::behavior_type journal_actor_impl(
    messages::journal_actor::stateful_pointer<journal_actor_state> self,
    journal_actor_config cfg);

} // namespace trailgrid::runtime
