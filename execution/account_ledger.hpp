#pragma once

// The gateway's pure core for the account stream: every fill exactly once,
// every order's final state once, and a record of gaps that must be followed
// by recovery from REST.
//
// Fills reach the bot twice when the stream and a REST recovery both report
// them, and not at all when the stream had a gap. Both are settled here by
// trade id: a trade seen before is dropped, and any gap (reconnect, a
// malformed account frame, a stall found by the periodic check, a restart)
// asks for the account's recent trades from REST, which then pass the same
// filter.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>

namespace trailgrid::execution {

/// The key one of our fills is deduplicated by: a trade has two sides, and
/// a self-trade books both. 0 when the trade id is unknown.
inline int64_t fill_key(int64_t trade_id, bool we_sold) {
  return trade_id == 0 ? 0 : trade_id * 2 + (we_sold ? 1 : 0);
}

/// Why the account stream cannot be trusted to have said everything.
enum class gap_cause : uint8_t {
  start,     ///< first connection of this process (a restart, kill -9)
  reconnect, ///< the socket closed and came back
  malformed, ///< an account frame could not be decoded
  stall,     ///< the periodic REST check found a trade the stream missed
};

const char* to_string(gap_cause c);

/// What an order update means for the bot.
enum class order_news : uint8_t {
  none,     ///< seen before (an upsert repeated) or after its end: drop
  accepted, ///< first sight of a live order
  final,    ///< it ended (cancelled, filled, expired): report once
};

class account_ledger {
public:
  struct config {
    /// Trade ids remembered for deduplication (oldest forgotten first).
    size_t trade_memory = 1 << 16;
    /// Final order indexes remembered (late upserts of them are dropped).
    size_t final_order_memory = 1 << 14;
  };

  account_ledger() = default;
  explicit account_ledger(config cfg) : cfg_(cfg) {}

  /// True the first time a fill key (fill_key) is seen (then remembered).
  /// Key 0 (trade id unknown) is always new. `from_recovery`: from REST.
  bool first_sight(int64_t key, bool from_recovery);
  /// Marks a fill as already booked (the journal of a previous run).
  void remember(int64_t key);
  /// True when the fill key was seen or booked (and is still remembered).
  bool knows(int64_t key) const {
    return key != 0 && trade_set_.count(key) != 0;
  }

  /// An order update of a market: open (or pending) or final.
  order_news on_order(int64_t order_index, int32_t market, bool is_final);

  /// Marks the moment a snapshot of the exchange's live orders is asked for;
  /// pass the mark to prune_market with the snapshot's answer.
  uint64_t snapshot_mark() const { return accepted_seq_; }
  /// The exchange's live orders of one market, as asked for at `mark`:
  /// orders of that market we think live, first seen before the snapshot was
  /// asked for and not listed, ended while we were not looking (their final
  /// update fell into a gap). They are forgotten and returned. Orders first
  /// seen after the mark may be newer than the snapshot and are kept.
  std::set<int64_t> prune_market(int32_t market, uint64_t mark,
                                 const std::set<int64_t>& exchange_live);

  /// The stream had a gap: a recovery is needed.
  void on_gap(gap_cause cause, int64_t now_ms);
  /// A recovery started / finished (all its REST reads answered).
  void on_recovery_started(int64_t now_ms);
  void on_recovery_done(int64_t now_ms);
  bool recovery_needed() const { return recovery_needed_; }
  bool recovering() const { return recovering_; }

  /// The stream went down / came up (for the down-time bound).
  void on_stream_down(int64_t now_ms);
  void on_stream_up(int64_t now_ms);
  bool stream_up() const { return stream_up_; }
  /// How long the stream has been down (0 while up).
  int64_t down_for_ms(int64_t now_ms) const;

  size_t live_orders() const { return live_.size(); }
  size_t trades_remembered() const { return trade_set_.size(); }
  size_t finals_remembered() const { return final_set_.size(); }

  // Counters.
  uint64_t gaps() const { return gaps_; }
  uint64_t fills_recovered() const { return fills_recovered_; }
  uint64_t duplicate_fills() const { return duplicate_fills_; }
  uint64_t recoveries() const { return recoveries_; }
  uint64_t orders_pruned() const { return orders_pruned_; }
  const std::map<gap_cause, uint64_t>& gaps_by_cause() const {
    return gaps_by_cause_;
  }

private:
  void forget_oldest_trade();

  config cfg_;
  std::set<int64_t> trade_set_;
  std::deque<int64_t> trade_log_;
  struct live_entry {
    int32_t market;
    uint64_t seq; ///< order of first sight, for snapshot_mark
  };
  std::map<int64_t, live_entry> live_;
  uint64_t accepted_seq_ = 0;
  std::set<int64_t> final_set_;
  std::deque<int64_t> final_log_;
  bool recovery_needed_ = false;
  bool recovering_ = false;
  bool stream_up_ = false;
  int64_t down_since_ms_ = 0;
  uint64_t gaps_ = 0;
  uint64_t fills_recovered_ = 0;
  uint64_t duplicate_fills_ = 0;
  uint64_t recoveries_ = 0;
  uint64_t orders_pruned_ = 0;
  std::map<gap_cause, uint64_t> gaps_by_cause_;
};

} // namespace trailgrid::execution
