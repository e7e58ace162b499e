#pragma once

#include "execution/quota_governor.hpp"
#include "tools/lighter-sim/book_feed.hpp"
#include "tools/lighter-sim/candle_history.hpp"
#include "tools/lighter-sim/fault_counts.hpp"
#include "tools/lighter-sim/faults.hpp"
#include "tools/lighter-sim/price_path.hpp"
#include "tools/lighter-sim/sim_config.hpp"
#include "tools/lighter-sim/sim_record.hpp"
#include "tools/lighter-sim/sim_tx.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace trailgrid::sim {

/// Order status as the exchange names it.
enum class order_status {
  pending, // accepted, waiting out the speed bump
  open,
  filled,
  canceled,
  canceled_post_only,
  canceled_expired,
  canceled_reduce_only
};

/// "open", "canceled-post-only", ...
const char* status_name(order_status s);
/// Pending or open.
inline bool is_live(order_status s) {
  return s == order_status::pending || s == order_status::open;
}

/// An order of an account (prices in ticks, sizes in lots).
struct sim_order {
  int64_t order_index = 0;
  int64_t client_order_index = 0;
  int market_id = 0;
  int64_t account = 0;
  int api_key = 0;
  bool is_ask = false;
  int type = 0;
  int time_in_force = 0;
  bool reduce_only = false;
  int64_t price = 0;
  int64_t trigger_price = 0;
  int64_t initial_base = 0;
  int64_t remaining_base = 0;
  int64_t filled_base = 0;
  /// Quote units (price_decimals + size_decimals).
  int64_t filled_quote = 0;
  int64_t order_expiry = 0;
  int64_t nonce = 0;
  order_status status = order_status::pending;
  ms_t created_at = 0;
  /// When the order leaves the speed bump.
  ms_t live_at = 0;
  ms_t updated_at = 0;
  /// Lots ahead of this order at its price (queue fill model).
  int64_t queue_ahead = 0;
  /// Time priority.
  uint64_t seq = 0;
  std::string tx_hash;
  int64_t block_height = 0;
};

/// A trade (public, or a fill of ours) in the exchange's terms.
struct sim_trade {
  int64_t trade_id = 0;
  std::string tx_hash;
  int market_id = 0;
  int64_t size = 0;
  int64_t price = 0;
  int64_t ask_id = 0, bid_id = 0;
  int64_t ask_client_id = 0, bid_client_id = 0;
  int64_t ask_account_id = 0, bid_account_id = 0;
  bool is_maker_ask = false;
  int64_t block_height = 0;
  ms_t timestamp = 0;
  /// Microseconds.
  int64_t transaction_time = 0;
  /// Fee rates (ppm) of the sides charged; absent when not charged.
  std::optional<int64_t> maker_fee, taker_fee;
  /// Signed position (lots) and entry quote before the trade, per side.
  int64_t taker_position_before = 0, taker_entry_quote_before = 0;
  int64_t maker_position_before = 0, maker_entry_quote_before = 0;
  bool taker_sign_changed = false, maker_sign_changed = false;
  int taker_imf = 0, maker_imf = 0;
};

/// A position: signed size, entry cost of that size, realised PnL.
struct sim_position {
  int64_t qty = 0;
  /// Quote units paid for |qty| (exact average entry = entry_quote / |qty|).
  int64_t entry_quote = 0;
  /// Quote units.
  int64_t realized_quote = 0;
};

/// A registered API key and its nonce stream.
struct api_key_state {
  std::string public_key;
  int64_t next_nonce = 0;
};

/// An account's balances, keys, positions and dead-man switch.
struct sim_account {
  int64_t index = 0;
  /// Owner of the account; accounts of one L1 address share a quota.
  std::string l1_address;
  tier level = tier::standard;
  int64_t collateral_micro = 0;
  std::map<int, api_key_state> keys;
  std::map<int, sim_position> positions;
  /// Scheduled cancel-all time (0 = none).
  ms_t cancel_all_time = 0;
  /// Traded notional, micro-USDC.
  int64_t volume_micro = 0;
  /// Orders in the live book, every market (pending and open).
  int active_orders = 0;
};

/// Market data state of one market.
struct market_state {
  market_cfg cfg;
  price_path path;
  book_feed feed;
  side_levels bg_asks, bg_bids;
  int64_t last_price = 0;
  int64_t first_price = 0;
  int64_t high = 0, low = 0;
  int64_t volume = 0;       // lots since start
  int64_t quote_volume = 0; // quote units since start
  int64_t trades_count = 0;
  std::deque<sim_trade> recent;
  std::vector<candle_bar> candles;
};

/// Exchange events for the publishing layer (drained after each call).
struct order_event {
  sim_order order;
};
struct trade_event {
  sim_trade trade;
};
struct position_event {
  int64_t account = 0;
  int market_id = 0;
};
struct balance_event {
  int64_t account = 0;
};
struct book_event {
  int market_id = 0;
  book_message msg;
};
struct stats_event {
  int market_id = 0;
};
/// Any event.
using sim_event = std::variant<order_event, trade_event, position_event,
                               balance_event, book_event, stats_event>;

/// Outcome of a tx request (single or batch).
struct submit_result {
  /// Set when the whole request was refused (nothing was applied).
  std::optional<sim_error> error;
  /// Index of the refused tx within the batch.
  size_t failed_index = 0;
  std::vector<std::string> tx_hashes;
  ms_t predicted_execution_time_ms = 0;
};

/// Checks the signature of tx `i` against its key's public key; may set the
/// tx hash to report (left as generated otherwise).
using signature_check = std::function<bool(
    size_t i, const std::string& public_key, std::string& tx_hash)>;

/// The simulated exchange: markets driven by price paths with background
/// liquidity, accounts with keys, nonces, orders, positions and balances.
/// Pure: no I/O, no clock; every call takes the exchange time.
class exchange {
public:
  /// Builds the exchange at time `start`. Markets without an entry in
  /// `paths` get a synthetic path from their config.
  exchange(sim_cfg cfg, ms_t start, std::map<int, price_path> paths = {});

  /// Replays the paths up to `now`: public trades, fills of resting orders,
  /// orders leaving the speed bump, expiries, scheduled cancel-alls, book
  /// and stats updates.
  void advance(ms_t now);

  /// Validates (the batch rules of `channel`: size 21514, one account and
  /// key 21121, strictly increasing nonces 21105; then the exchange's field
  /// rules, account, key, signature, expiry, nonce and the simulator's own
  /// limits) and executes a tx request atomically: either every tx is
  /// applied (nonces consumed) or none and `error` says why. `hashes` are the
  /// tx hashes to report (generated when empty); `check` verifies signatures
  /// (none = accept). A tx with the skip-nonce attribute may use any nonce
  /// with old < new < 2^47-1 instead of exactly old + 1.
  submit_result submit(const std::vector<sim_tx>& txs,
                       std::vector<std::string> hashes, ms_t now,
                       const signature_check& check = {},
                       lighter::limits::tx_channel channel =
                           lighter::limits::tx_channel::websocket);

  /// Registers (or replaces) an API key, creating the account if needed.
  void register_key(int64_t account, int api_key, const std::string& public_key,
                    int64_t next_nonce = 0);

  /// Skips one nonce of a key (the nonce fault, also usable directly).
  void desync_nonce(int64_t account, int api_key, ms_t now);

  // Operator actions of the simulator's /sim/ paths (tests of a bot's risk
  // controls): each publishes what changed like the exchange would.
  /// Sets a market's status ("active", "inactive", ...); false: no market.
  bool set_market_status(int market, const std::string& status);
  /// Sets the root status (GET /): 1 running; anything else maintenance.
  void set_exchange_status(int64_t status) { exchange_status_ = status; }
  int64_t exchange_status() const { return exchange_status_; }
  /// Replaces an account's position of a market (a trade made elsewhere, a
  /// liquidation); publishes the position and the balances. False: no
  /// such account or market.
  bool set_position(int64_t account, int market, int64_t qty,
                    int64_t entry_quote);
  /// Sets an account's collateral (deposit, withdrawal, loss); publishes
  /// the balances. False: no such account.
  bool set_collateral(int64_t account, int64_t micro);

  /// Events since the last call.
  std::vector<sim_event> drain_events();
  /// Everything recorded so far, oldest first.
  const std::vector<record_entry>& record() const { return record_; }

  // Queries.
  const sim_cfg& cfg() const { return cfg_; }
  int64_t root_status() const { return exchange_status_; }
  const market_state* market(int id) const;
  const std::map<int, market_state>& markets() const { return markets_; }
  const sim_account* account(int64_t index) const;
  const std::map<int64_t, sim_account>& accounts() const {
    return ledger_.accounts;
  }
  /// Next nonce of a key, if it is registered.
  std::optional<int64_t> next_nonce(int64_t account, int api_key) const;
  /// Live (pending + open) orders of an account, by order index;
  /// market < 0 = all markets.
  std::vector<sim_order> live_orders(int64_t account, int market = -1) const;
  /// Open orders of every account in a market (for orderBookOrders).
  std::vector<sim_order> open_orders(int market) const;
  /// The account's trades, newest first (all markets when `market` < 0),
  /// at most `limit`, only those older than trade `before_id` when it is
  /// not 0 (the next page); the last account_trades_kept per account are
  /// kept.
  std::vector<sim_trade> account_trades(int64_t account, int market,
                                        size_t limit,
                                        int64_t before_id = 0) const;
  /// Finished orders of an account, newest first (bounded history).
  std::vector<sim_order> inactive_orders(int64_t account, int market,
                                         size_t limit) const;
  /// Mark price of a market (the last path price).
  int64_t mark_price(int market) const;
  /// Unrealised PnL (quote units) of a position at the mark price.
  int64_t unrealized_quote(int market, const sim_position& p) const;
  /// Quote units of a market as micro-USDC (toward zero).
  int64_t to_micro(int market, int64_t quote) const;
  /// Number of tx requests seen (fault decisions use it).
  uint64_t request_count() const { return request_seq_; }
  /// Faults injected so far; the API and server layers add theirs.
  const fault_counts& faults_injected() const { return fault_counts_; }
  fault_counts& faults_injected() { return fault_counts_; }

private:
  using live_map = std::map<int64_t, sim_order>;
  struct ledger {
    std::map<int64_t, sim_account> accounts;
    live_map live; // by order index
    std::map<int, int64_t> order_counter;
    uint64_t seq = 0;
    int64_t trade_id = 1000000;
    int64_t block_height = 1;
  };
  /// What a refused batch must leave as it was, saved before the batch
  /// runs: the ledger without its live orders, plus the live orders of the
  /// markets the batch's txs name (all of them when a tx reaches beyond its
  /// market, as CancelAll does). A copy of the whole ledger per batch was
  /// more than half of the simulator's time per batch at 100 markets.
  struct batch_undo {
    ledger saved; ///< its `live` holds the saved markets' orders only
    std::optional<std::set<int>> markets; ///< nullopt: every market
  };
  batch_undo save_for(const std::vector<sim_tx>& txs);
  void restore(batch_undo u);
  // Work of one call, committed at its end.
  struct pending_out {
    std::vector<sim_event> events;
    std::vector<record_entry> records;
    std::set<int> stats_dirty;
  };

  /// The batch rules: size of `channel`, one account and key, increasing
  /// nonces. The error and the index of the offending tx.
  std::optional<std::pair<sim_error, size_t>>
  check_batch(const std::vector<sim_tx>& txs,
              lighter::limits::tx_channel channel) const;
  /// True when `c`'s nonce may follow a key whose next nonce is
  /// `next_nonce` (exactly it, or with skip-nonce anything up to 2^47-2).
  static bool nonce_fits(const tx_common& c, int64_t next_nonce);
  std::optional<sim_error> apply(const sim_tx& tx, const std::string& hash,
                                 ms_t now, pending_out& out);
  std::optional<sim_error> apply_create(const create_order_tx& t,
                                        const std::string& hash, ms_t now,
                                        pending_out& out);
  std::optional<sim_error> apply_cancel(const cancel_order_tx& t, ms_t now,
                                        pending_out& out);
  std::optional<sim_error> apply_cancel_all(const cancel_all_orders_tx& t,
                                            ms_t now, pending_out& out);
  void run_timed(ms_t upto, pending_out& out);
  /// A timed event (activation, expiry, scheduled cancel-all) at `t`.
  void note_timed(ms_t t);
  void activate(sim_order& o, ms_t now, pending_out& out);
  void apply_point(market_state& m, const path_point& pt, ms_t now,
                   pending_out& out);
  void fill_order(sim_order& o, int64_t size, int64_t price, bool maker,
                  const std::string& hash, ms_t now, pending_out& out);
  void take_liquidity(sim_order& o, ms_t now, pending_out& out);
  void finish(sim_order& o, order_status s, ms_t now, pending_out& out);
  void cancel_all_of(int64_t account, int market_filter, ms_t now,
                     pending_out& out);
  void note_order(const sim_order& o, ms_t now, pending_out& out);
  void publish_books(ms_t now, pending_out& out);
  void commit(pending_out& out);
  void refresh_background(market_state& m);
  int64_t queue_at(const market_state& m, bool is_ask, int64_t price,
                   uint64_t before_seq) const;
  sim_order* find_live(int64_t account, int market, int64_t index);
  /// The live orders of one market, in order index order: an order index
  /// carries its market (order_index_floor * (market + 1) + n), so they
  /// are one range of the ledger and need no scan of the other markets'.
  template <class It>
  struct range {
    It first, last;
    It begin() const { return first; }
    It end() const { return last; }
  };
  range<live_map::iterator> live_in(int market);
  range<live_map::const_iterator> live_in(int market) const;
  ms_t to_exchange_time(const market_state& m, ms_t data_ts) const;
  std::string synthetic_hash(ms_t now);
  void record_trade(market_state& m, const sim_trade& t, pending_out& out);

  sim_cfg cfg_;
  ms_t origin_;
  fault_plan faults_;
  /// The sendTx quota of each L1 address (see quota_key_of).
  std::map<std::string, execution::quota_governor> quotas_;
  ledger ledger_;
  int64_t exchange_status_ = 1;
  std::map<int, market_state> markets_;
  std::deque<sim_order> inactive_;
  std::map<int64_t, std::deque<sim_trade>> account_trades_;
  std::vector<sim_event> events_;
  std::vector<record_entry> record_;
  uint64_t request_seq_ = 0;
  uint64_t accepted_txs_ = 0;
  uint64_t hash_counter_ = 0;
  /// Fills of resting orders so far (the partial-fill fault uses it).
  uint64_t resting_fill_seq_ = 0;
  fault_counts fault_counts_;
  /// No timed event is due before this: run_timed, called for every path
  /// point, skips its scan of every live order until then. Lowered by
  /// note_timed, raised only by a scan that found nothing due.
  ms_t next_timed_ = 0;
  /// (account, client order index) of every live order that has one: the
  /// duplicate check of a create without a scan of every live order (at
  /// 100 markets that scan was a quarter of a batch's time). Kept beside
  /// the ledger, so a batch's undo need not copy it (index_live_of).
  std::set<std::pair<int64_t, int64_t>> live_client_indexes_;
  /// Adds (`add`) or removes the client order indexes of `orders`.
  template <class Range>
  void index_live_of(const Range& orders, bool add);
  /// Markets whose background or open orders changed since their book was
  /// last published (publish_books looks at these only).
  std::set<int> books_changed_;
  /// Markets whose stats changed since they were last published.
  std::set<int> stats_changed_;
  /// When books and stats were last published (market_data_every_ms).
  ms_t market_data_at_ = 0;
};

} // namespace trailgrid::sim
