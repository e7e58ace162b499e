#pragma once

// The node journal: an append-only file of what happened (fills, acks,
// rejects, resets, PnL snapshots, config changes), written as framed packed
// Cap'n Proto messages (schema and framing: runtime/journal.capnp). A restart
// recovers each market's session PnL, position and counters from it; reports
// and gridctl read it.
//
// Durability. append() encodes into a user-space buffer. The buffer reaches
// the file (write(2)) on flush(): after every entry with
// flush_policy::every_entry (the default; an entry survives kill -9 once
// append() returned), or only when the owner calls flush() with
// flush_policy::manual (the journal's owner flushes on a timer, e.g. every
// 100 ms, and at shutdown; a crash loses at most the entries since the last
// flush). With fsync_on_flush each flush also fsyncs, so flushed entries
// survive a power loss too (a few ms per flush on real disks).
//
// Torn tails. A crash in the middle of a write leaves a partial last record.
// Readers stop at a last record whose frame is incomplete or whose CRC does
// not match, and report it (torn_tail); journal_writer::open truncates it
// before appending, so the file is clean again. A bad record with intact
// records after it is not a torn tail but corruption: every reader refuses
// the file (nothing is truncated) and names the salvage command
// (salvage_journal), which keeps every readable record.

#include "runtime/expected.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/side.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::runtime {

/// Start of a new accounting session; recover() counts from the last one.
struct journal_session {
  std::string node;
  std::string note;
};

/// One fill of one of our orders.
struct journal_fill {
  std::string market;
  int32_t market_index = 0;
  int64_t order_index = 0;
  int64_t client_order_index = 0;
  strategy::side side = strategy::side::bid;
  strategy::price_ticks price;
  strategy::qty_lots size;
  strategy::quote_units fee; ///< signed: negative is a rebate
  bool is_maker = true;
  int64_t trade_id = 0;
  bool fee_reported = false; ///< `fee` is the exchange's figure
};

/// The exchange accepted an order.
struct journal_ack {
  std::string market;
  int32_t market_index = 0;
  int64_t client_order_index = 0;
  int64_t order_index = 0;
};

/// The exchange refused a transaction.
struct journal_reject {
  std::string market;
  int32_t market_index = 0;
  int64_t client_order_index = 0;
  int32_t code = 0;
  std::string reason;
};

/// A grid reset that went out.
struct journal_reset {
  std::string market;
  int32_t market_index = 0;
  uint64_t reset_seq = 0;
  strategy::price_ticks centre;
  int64_t spacing_ppm = 0;
  uint32_t bid_levels = 0;
  uint32_t ask_levels = 0;
  std::string source; ///< the mid_price_source actually used
  bool guard_fallback = false;
  std::string why; ///< start, fill, trailing, resume
};

/// Position and PnL of a market at one moment.
struct journal_pnl {
  std::string market;
  int32_t market_index = 0;
  strategy::qty_lots position;
  strategy::quote_units realised;
  strategy::quote_units unrealised;
  strategy::quote_units fees;
  strategy::quote_units volume;
};

/// A configuration value changed (or was set at start).
struct journal_config {
  std::string key;
  std::string old_value;
  std::string new_value;
};

/// A market's risk state (see strategy::risk_state); the last one per
/// market of the current session is restored at start.
struct journal_risk {
  std::string market;
  int32_t market_index = 0;
  bool halted = false;
  std::string why; ///< halt reason when halted
  strategy::quote_units peak;
  bool breaker_tripped = false;
};

/// The top of a market's book in effect from `at_ms` on (for reports).
struct journal_book {
  std::string market;
  int32_t market_index = 0;
  strategy::price_ticks bid;
  strategy::price_ticks ask;
  int64_t at_ms = 0; ///< Unix ms; may be earlier than the record's ts_ms
};

/// A market's scale, written before its first book entry (for reports).
struct journal_scale {
  std::string market;
  int32_t market_index = 0;
  int32_t price_decimals = 0;
  int32_t size_decimals = 0;
};

/// Any journal entry.
using journal_entry =
    std::variant<journal_session, journal_fill, journal_ack, journal_reject,
                 journal_reset, journal_pnl, journal_config, journal_risk,
                 journal_book, journal_scale>;

/// One entry as stored: its sequence number and write time.
struct journal_record {
  uint64_t seq = 0;  ///< 1, 2, 3, ... over the whole file
  int64_t ts_ms = 0; ///< Unix ms given to append()
  journal_entry entry;
};

/// When buffered entries reach the file.
enum class flush_policy : uint8_t {
  every_entry, ///< append() flushes each entry (default)
  manual,      ///< only flush() does; the owner calls it on a timer
};

/// How a journal is written.
struct journal_options {
  flush_policy flush = flush_policy::every_entry;
  /// fsync after every flush (survives power loss, costs a disk sync).
  bool fsync_on_flush = false;
  /// With flush_policy::manual, append() still flushes once this many bytes
  /// are buffered.
  std::size_t buffer_limit = 64 * 1024;
};

/// A partial or corrupt last record found by a reader.
struct torn_tail {
  uint64_t offset = 0; ///< where it starts (= length of the valid prefix)
  uint64_t bytes = 0;  ///< how many bytes it spans (to the end of the file)
  std::string reason;  ///< e.g. "record body cut short (12 of 40 bytes)"
};

/// What a full read of a journal found.
struct journal_scan {
  uint64_t entries = 0;          ///< valid records read
  uint64_t last_seq = 0;         ///< seq of the last valid record (0: none)
  uint64_t valid_bytes = 0;      ///< file prefix holding only valid records
  uint64_t file_bytes = 0;       ///< file size
  std::optional<torn_tail> torn; ///< set when the file ends in a bad record
};

/// Reads every valid record of the journal at `path` in order, calling
/// `visit` for each, and stops at a torn tail (reported, not an error). An
/// error is a file that cannot be read, is not a journal (bad magic), holds
/// a record with a good CRC that does not decode, or holds a bad record
/// with intact records after it (corruption; see salvage_journal). A missing
/// file reads as empty.
expected<journal_scan, std::string>
replay_journal(const std::string& path,
               const std::function<void(const journal_record&)>& visit);

/// What salvage_journal kept and skipped.
struct journal_salvage {
  uint64_t kept = 0;          ///< intact records copied
  uint64_t skipped_bytes = 0; ///< unreadable bytes left out
  uint64_t skipped_spans = 0; ///< unreadable stretches left out
};

/// Copies every intact record of the journal at `path`, in file order, to
/// a new journal at `out_path` (which must not exist; created 0600 and
/// fsynced); unreadable stretches between them are left out.
expected<journal_salvage, std::string>
salvage_journal(const std::string& path, const std::string& out_path);

/// All valid records of a journal (see replay_journal).
struct journal_contents {
  std::vector<journal_record> records;
  journal_scan scan;
};

/// Reads a whole journal into memory.
expected<journal_contents, std::string> read_journal(const std::string& path);

/// Appends to one journal file. Only one writer per file (per node): open()
/// takes an exclusive lock and fails while another process holds it.
class journal_writer {
public:
  /// Opens (creating it and its folder if needed) the journal at `path` for
  /// appending: checks the magic, truncates a torn tail (see repaired()),
  /// and continues the sequence after the last valid record.
  static expected<journal_writer, std::string>
  open(const std::string& path, journal_options options = {});

  journal_writer(journal_writer&&) noexcept;
  journal_writer& operator=(journal_writer&&) noexcept;
  /// Flushes what is buffered, then closes the file.
  ~journal_writer();

  /// Appends one entry stamped `ts_ms`; returns its sequence number, or why
  /// it could not be written (then it is not in the journal).
  expected<uint64_t, std::string> append(const journal_entry& entry,
                                         int64_t ts_ms);

  /// Writes buffered entries to the file (and fsyncs if configured).
  /// Nothing on success, else the error.
  std::optional<std::string> flush();

  /// Flushes, then makes the file durable (fsync): what was appended
  /// survives a power cut. Nothing on success, else the error.
  std::optional<std::string> sync();

  /// The sequence number the next entry gets.
  uint64_t next_seq() const;
  /// Bytes waiting in the buffer (not in the file yet).
  std::size_t buffered_bytes() const;
  /// The torn tail open() cut off, if there was one.
  const std::optional<torn_tail>& repaired() const;
  /// The journal's path.
  const std::string& path() const;

private:
  struct impl;
  explicit journal_writer(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

/// Counters and session figures of one market, rebuilt from a journal.
struct market_recovery {
  std::string market;
  int32_t market_index = 0;
  /// Signed position from the fills: positive long.
  strategy::qty_lots position;
  /// Realised PnL before fees, average cost (as strategy::pnl_tracker).
  strategy::quote_units realised;
  strategy::quote_units fees;   ///< the fees the fills recorded
  strategy::quote_units volume; ///< traded notional, both sides
  int64_t fills = 0;
  int64_t resets = 0;
  int64_t guard_fallbacks = 0;
  int64_t acks = 0;
  int64_t rejects = 0;
  std::optional<journal_pnl> last_snapshot; ///< latest PnL snapshot
  std::optional<journal_risk> last_risk;    ///< latest risk state
};

/// What a restart learns from the journal.
struct journal_recovery {
  /// Per market symbol, counted from the last session entry (or the start).
  std::map<std::string, market_recovery> markets;
  uint64_t session_seq = 0; ///< seq of the session entry used (0: none)
  std::map<std::string, std::string> config; ///< last value per config key
  journal_scan scan;
};

/// Rebuilds each market's session figures from the journal at `path`.
expected<journal_recovery, std::string> recover(const std::string& path);

/// The 8 bytes every journal file starts with.
inline constexpr char journal_magic[] = "TGJRNL01";

} // namespace trailgrid::runtime
