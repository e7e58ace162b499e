#pragma once

// The gateway's pure core for the account stream: decoded account messages
// (from the WebSocket or a REST recovery) in, deliveries to each market's
// executor and grid out. It decides what each event means and who gets it:
//
// - every fill of ours once (by trade side, account_ledger), with its fee in
//   quote units and the position after it; every order's end once;
// - an event goes only to a market whose supervisor routed a reconciled
//   executor, and only when its client order index lies in that market's
//   namespace (client_index.hpp): other tools' orders on the account are
//   counted and left alone;
// - a fill goes to the executor (its live orders) and then straight to the
//   grid (the reset it triggers), one hop each; a fill without a client
//   order index goes to the executor alone, which knows its orders by
//   exchange index and passes it on when it is ours;
// - fills of a market not routed yet wait (bounded) for its executor;
// - positions and free collateral go to the grid, positions behind the
//   fills they contain (same sender, same order).
//
// No CAF, no I/O, no clock: the gateway actor feeds it and carries the
// deliveries out.

#include "execution/account_ledger.hpp"
#include "execution/account_values.hpp"
#include "execution/order_events.hpp"
#include "lighter/codec/market.hpp"
#include "lighter/codec/records.hpp"
#include "lighter/codec/ws_messages.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::execution {

/// An account event for one market's executor (its live orders).
using executor_event =
    std::variant<fill, order_accepted, order_rejected, order_cancelled>;

/// An account event for one market's grid (its strategy).
using grid_event =
    std::variant<fill, order_accepted, order_rejected, order_cancelled,
                 position_report, balance_update>;

/// Deliver `event` to market `market_index`'s executor.
struct to_executor {
  int32_t market_index = 0;
  executor_event event;
};

/// Deliver `event` to market `market_index`'s grid.
struct to_grid {
  int32_t market_index = 0;
  grid_event event;
};

/// Something worth a line in the log (a recovered fill, a dropped one).
struct account_notice {
  std::string text;
};

/// What the core asks the gateway to do, in order.
using account_delivery = std::variant<to_executor, to_grid, account_notice>;
using account_deliveries = std::vector<account_delivery>;

/// One of our fills as the bot books it: the fee (rate x notional, in quote
/// units, rounded half away from zero) and the position after the fill
/// when the report carried the position before it.
fill fill_of(const lighter::own_fill& f);

/// An order the exchange lists as live.
live_order live_order_of(const lighter::order& o);

/// A position as the exchange reports it.
position_report position_of(const lighter::position& p);

/// The account of a REST read, stamped `now_ms`.
account_snapshot snapshot_of(const lighter::account& a, int64_t now_ms);

/// What the end of an order that did not fill means: the engine cancels a
/// post-only order that would cross and an order it cannot margin, and for
/// the executor those were never placed (rejected); anything else was
/// cancelled.
std::variant<order_rejected, order_cancelled>
end_of_order(const lighter::order& o);

/// Counters of the deliveries.
struct account_event_counters {
  uint64_t fills_routed = 0;
  uint64_t order_events_routed = 0;
  /// Events of markets with no executor routed (fills among them wait).
  uint64_t unrouted = 0;
  /// Events of orders outside the market's namespace (other tools').
  uint64_t foreign = 0;
  /// Fills dropped because no executor came and the waiting room was full.
  uint64_t fills_dropped = 0;
  /// Fills the journal lacked at start (fills_missing answers).
  uint64_t fills_missing_from_journal = 0;
};

class account_events {
public:
  struct config {
    int64_t account_index = 0;
    /// Fills up to this unix ms were booked before this process (its
    /// journal): the first recovery remembers them rather than booking
    /// them. 0: up to the moment the core is made.
    int64_t booked_until_ms = 0;
    /// Keys (fill_key) of fills already booked.
    std::vector<int64_t> booked_fills;
    /// Fills that may wait for their market's executor.
    size_t max_waiting_fills = 10'000;
    account_ledger::config ledger;
  };

  account_events(config cfg, int64_t now_ms);

  /// The decimals of the markets whose events are decoded (the balance of a
  /// market needs its quote decimals).
  void add_markets(const std::vector<lighter::market_info>& markets);
  const lighter::market_table& markets() const { return markets_; }

  /// A market's supervisor routed its events: to `has_executor` (false
  /// while the executor reconciles) and `has_grid`; its client order
  /// indexes carry `client_tag`. Delivers the fills that waited for it and
  /// the free collateral.
  account_deliveries on_route(int32_t market, uint8_t client_tag,
                              bool has_executor, bool has_grid);

  // -- the stream -------------------------------------------------------------

  account_deliveries on_trades(const lighter::account_trades_update& u,
                               int64_t recv_ns);
  account_deliveries on_orders(const lighter::account_orders_update& u);
  account_deliveries on_positions(const lighter::account_positions_update& u);
  account_deliveries on_user_stats(const lighter::user_stats_update& u);

  // -- recovery from REST -----------------------------------------------------

  /// Trades at or before this unix ms were booked before this process; 0
  /// once the first recovery is done.
  int64_t booked_until_ms() const { return booked_until_ms_; }
  /// True when a fill of ours in `t` is known (a recovery read stops at it).
  bool booked(const lighter::trade& t) const;
  /// A stall check reads the trades back to this exchange time: every
  /// trade after it is one no check has looked at yet (at first, the
  /// moment the core was made: the start's recovery reads what came
  /// before).
  int64_t unchecked_after_ms() const { return checked_until_ms_; }
  /// A stall check read `newest_first` (back to unchecked_after_ms()):
  /// true when it holds a fill of ours the stream never sent, that is the
  /// stream stalled without closing. The trades read count as checked.
  bool on_stall_check(const std::vector<lighter::trade>& newest_first);
  /// After a stall check found one: the time its recovery must read back
  /// to. A stall loses frames and the stream goes on after it, so fills it
  /// lost can sit behind fills that arrived: a read that stopped at the
  /// first booked trade would miss them. Nothing once the recovery is done.
  std::optional<int64_t> stall_read_back_to_ms() const {
    return stall_back_to_ms_;
  }
  /// Books the fills a recovery read found, oldest first; those at or before
  /// booked_until_ms are remembered instead.
  account_deliveries
  on_recovered_trades(const std::vector<lighter::trade>& newest_first,
                      int64_t now_ns);
  /// The account as REST read it: every routed market's position (a market
  /// it does not list is flat) and the free collateral.
  account_deliveries on_recovered_account(const lighter::account& a,
                                          int64_t now_ms);
  /// The recovery read everything: the gap is closed.
  void on_recovery_done(int64_t now_ms);

  /// Our fills in `newest_first` after `since_ms` whose keys are not in
  /// `booked`, oldest first: what the journal lacks. Every fill read is
  /// remembered, and those answered no longer wait for a route.
  std::vector<fill>
  fills_missing(int64_t since_ms, const std::vector<int64_t>& booked,
                const std::vector<lighter::trade>& newest_first);

  // -- views ------------------------------------------------------------------

  account_ledger& ledger() { return ledger_; }
  const account_ledger& ledger() const { return ledger_; }
  /// The account as the stream or the last REST read described it.
  const account_snapshot& account() const { return account_; }
  /// account() holds the exchange's balances.
  bool account_known() const { return account_known_; }
  const account_event_counters& counters() const { return counters_; }
  size_t fills_waiting() const { return waiting_.size(); }

private:
  struct route {
    uint8_t client_tag = 0;
    bool executor = false;
    bool grid = false;
  };

  /// The route of `market` when it has an executor, else null (counted).
  const route* routed(int32_t market);
  bool owns(const route& r, int32_t market, int64_t client_order_index) const;
  void deliver_fill(fill f, account_deliveries& out);
  void book_fill(const lighter::own_fill& f, int64_t recv_ns,
                 bool from_recovery, account_deliveries& out);
  void deliver_balance(int32_t market, const route& r,
                       account_deliveries& out) const;
  void deliver_balances(account_deliveries& out) const;
  void set_position(const position_report& p);

  config cfg_;
  account_ledger ledger_;
  lighter::market_table markets_;
  std::map<int32_t, route> routes_;
  std::vector<fill> waiting_;
  int64_t booked_until_ms_ = 0;
  int64_t checked_until_ms_ = 0;
  std::optional<int64_t> stall_back_to_ms_;
  account_snapshot account_;
  bool account_known_ = false;
  account_event_counters counters_;
};

} // namespace trailgrid::execution
