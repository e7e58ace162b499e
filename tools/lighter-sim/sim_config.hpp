#pragma once

#include "execution/quota_rules.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "strategy/market_spec.hpp"
#include "tools/lighter-sim/sim_types.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::sim {

/// Per-tier limits: the sendTx quota and speed bumps.
struct tier_cfg {
  /// sendTx / sendTxBatch / WS tx budget per L1 address (all its accounts
  /// and API keys): a token bucket of this many units, refilled by as many
  /// a minute (the client's execution::quota_governor, same rules).
  int requests_per_minute = 60;
  /// A new resting (GTT / post-only) order becomes live this long after
  /// submission (the maker speed bump).
  ms_t maker_delay_ms = 200;
  /// An IOC / market order executes this long after submission.
  ms_t taker_delay_ms = 300;
  /// What one unit of the quota counts: a request or a tx.
  execution::quota_unit unit = execution::quota_unit::request;
  /// tx unit: CancelOrder txs are free.
  bool cancel_order_free = false;
  /// One free unit every this many ms on top of the bucket (0: none).
  ms_t free_every_ms = 0;
  /// False for a read tier: its transactions are refused.
  bool can_trade = true;
};

/// The simulator's settings of `t` from the tier table.
tier_cfg tier_defaults(tier t);

/// How the simulator shapes its tx replies (the exchange has been seen to
/// use each; a switch lets the tests exercise every decoder path).
enum class tx_hash_shape {
  by_kind,   ///< sendtx: "tx_hash" string; sendtxbatch: "tx_hash" array
  string,    ///< always "tx_hash" as a string (the first hash of a batch)
  array,     ///< always "tx_hash" as an array
  tx_hashes, ///< "tx_hash" string (first) plus "tx_hashes" array (spec)
};

/// How the simulator shapes a WebSocket error frame.
enum class error_frame_shape {
  nested, ///< {"error":{"code":N,"message":".."}} (captured frames)
  typed,  ///< {"type":"error","code":N,"message":".."} (the spec)
};

/// Reply and frame shapes ([replies] in the TOML).
struct reply_cfg {
  tx_hash_shape tx_hash = tx_hash_shape::by_kind;
  error_frame_shape error_frame = error_frame_shape::nested;
};

/// The quota rules a tier_cfg describes.
execution::quota_rules quota_rules_of(const tier_cfg& t);

/// Where a market's price path comes from.
enum class path_source { synthetic, candles, trades };

/// Synthetic regimes: trend (drift), range (mean reversion), jumps, or mixed
/// (cycles through up-trend, range, down-trend, jumps).
enum class regime { trend, range, jumps, mixed };

/// Price path settings of one market.
struct path_cfg {
  path_source source = path_source::synthetic;
  /// Candle or trade CSV (plain or gzip), formats of data/market.
  std::string file;
  /// Replay again (shifted to continue from the last price) when the file
  /// ends; otherwise the price stays at the last point.
  bool loop = true;
  /// Points per intra-bar segment of a candle path (>= 1).
  int candle_substeps = 4;
  /// Synthetic process.
  regime kind = regime::mixed;
  /// Starting price in ticks (synthetic).
  int64_t start_price = 0;
  /// Data-time step of the synthetic process.
  ms_t step_ms = 250;
  /// Annualised volatility of the synthetic log price.
  double annual_vol = 0.6;
  /// Drift of the trend regime, as a fraction of price per day.
  double trend_per_day = 0.05;
  /// Mean-reversion speed of the range regime, per hour.
  double reversion_per_hour = 2.0;
  /// Probability of a jump per step, and its size in basis points.
  double jump_prob = 0.002;
  double jump_bps = 30.0;
  /// Data-time length of one regime in mixed mode.
  ms_t regime_ms = 600000;
  /// Mean size of one synthetic path trade, in lots.
  int64_t trade_size = 100;
};

/// Background liquidity around the path price.
struct book_cfg {
  /// Levels per side.
  int levels = 10;
  /// Best ask = price + half_spread, best bid = price - half_spread (ticks).
  int64_t half_spread = 5;
  /// Distance between levels (ticks).
  int64_t level_step = 10;
  /// Mean size of one level (lots); each level is 0.5x..1.5x of it.
  int64_t level_size = 1000;
};

/// One market.
struct market_cfg {
  std::string symbol;
  /// orderBookDetails `status`: "active", or e.g. "inactive" (set at run
  /// time with POST /sim/market_status).
  std::string status = "active";
  int market_id = 0;
  int price_decimals = 2;
  int size_decimals = 4;
  /// Minimum order size in lots (min_base_amount).
  int64_t min_base = 1;
  /// Minimum order notional in micro-USDC (min_quote_amount).
  int64_t min_quote_micro = 10000000;
  /// Fees in parts per million of notional, indexed by tier (defaults:
  /// the tier table).
  std::array<int64_t, tier_count> maker_fee_ppm{
      lighter::tiers[0].maker_fee_ppm, lighter::tiers[1].maker_fee_ppm,
      lighter::tiers[2].maker_fee_ppm, lighter::tiers[3].maker_fee_ppm};
  std::array<int64_t, tier_count> taker_fee_ppm{
      lighter::tiers[0].taker_fee_ppm, lighter::tiers[1].taker_fee_ppm,
      lighter::tiers[2].taker_fee_ppm, lighter::tiers[3].taker_fee_ppm};
  /// Margin fractions in 1/10000 (orderBookDetails units).
  int default_imf = 500;
  int min_imf = 200;
  int maintenance_mf = 120;
  int closeout_mf = 80;
  path_cfg path;
  book_cfg book;

  /// The strategy view of this market (decimals and minimums).
  strategy::market_spec spec() const;
};

/// A registered API key.
struct api_key_cfg {
  int index = 0;
  /// 80 hex chars (40 bytes), no 0x.
  std::string public_key;
  int64_t initial_nonce = 0;
};

/// One account.
struct account_cfg {
  int64_t index = 0;
  /// The L1 address owning the account: accounts that share one (a master
  /// and its sub-accounts) share one sendTx quota. Empty: its own.
  std::string l1_address;
  tier level = tier::standard;
  /// USDC collateral in micro-USDC.
  int64_t collateral_micro = 100000LL * 1000000;
  std::vector<api_key_cfg> keys;
};

/// A channel that goes silent for a while (frames are dropped).
struct stall_cfg {
  /// Channel name prefix in inbound form, e.g. "order_book:1" or "trade".
  std::string channel;
  /// Start, relative to the simulator start, and duration.
  ms_t start_ms = 0;
  ms_t duration_ms = 0;
};

/// Fault injection; everything off by default.
struct fault_cfg {
  /// Close every WebSocket this often (0 = never).
  ms_t ws_drop_every_ms = 0;
  /// Delay this fraction of outgoing WS frames by delay_ms.
  double delay_fraction = 0.0;
  ms_t delay_ms = 0;
  /// Swap this fraction of outgoing WS frames with the next one.
  double reorder_fraction = 0.0;
  /// Reject this fraction of tx requests with reject_code.
  double reject_fraction = 0.0;
  int reject_code = err::too_many_pending;
  /// After every Nth accepted tx, skip one nonce of its key (0 = never).
  int64_t nonce_desync_every = 0;
  /// Replace every Nth outgoing WS data frame by a malformed one (0 = never).
  int64_t malformed_every = 0;
  std::vector<stall_cfg> stalls;
  /// REST outage: every `rest_outage_every_ms` (first at that time after
  /// start) REST answers 503 for `rest_outage_ms` (0 = never).
  ms_t rest_outage_every_ms = 0;
  ms_t rest_outage_ms = 0;
  /// Account stall: every `account_stall_every_ms` the account_* channels
  /// go silent for `account_stall_ms` while the sockets stay open.
  ms_t account_stall_every_ms = 0;
  ms_t account_stall_ms = 0;
  /// WebSocket outage: every `ws_outage_every_ms` every socket is dropped
  /// and new ones are dropped as they open, for `ws_outage_ms` (REST stays
  /// up): the account can only be reached over REST meanwhile.
  ms_t ws_outage_every_ms = 0;
  ms_t ws_outage_ms = 0;
  /// Close each WebSocket session (normal close) once it is this old
  /// (0 = never); the exchange ends long-lived sessions this way.
  ms_t session_max_age_ms = 0;
  /// This fraction of fills of resting orders fills only half of what the
  /// model would fill (at least 1 lot), leaving the rest resting.
  double partial_fill_fraction = 0.0;
};

/// How resting orders fill from the path.
enum class fill_model {
  /// The path trades strictly through the order price: fills completely.
  through,
  /// As through, but the path volume at or through the price must first
  /// consume the size ahead in the queue; fills may be partial.
  queue
};

/// Everything the simulator is configured with.
struct sim_cfg {
  uint64_t seed = 1;
  /// Path replay speed: data time advances `speed` ms per exchange ms.
  double speed = 1.0;
  /// Minute candles each market has from before the start (candle_history):
  /// 0, a market without a past.
  int history_minutes = 0;
  uint32_t chain_id = 304;
  /// Largest accepted WebSocket sendtxbatch frame and REST sendTxBatch
  /// (21514 above).
  int max_ws_batch = static_cast<int>(lighter::limits::max_txs_per_ws_frame);
  int max_rest_batch =
      static_cast<int>(lighter::limits::max_txs_per_rest_batch);
  /// Orders an account may have resting at once, in all markets and in one
  /// (21717 / 21718 on a create past either).
  int max_active_orders = lighter::limits::max_active_orders_per_account;
  int max_active_orders_per_market =
      lighter::limits::max_active_orders_per_market;
  /// Order books and market stats are published at most this often (ms;
  /// 0: whenever they change, every tick). Fills and orders always go out
  /// at the tick they happen, as an exchange pushes private events at once
  /// and may pace its public book updates.
  int64_t market_data_every_ms = 0;
  fill_model fills = fill_model::through;
  /// Per tier, from the tier table (tier_defaults): quotas as
  /// execution::quota_governor counts them.
  std::array<tier_cfg, tier_count> tiers{
      tier_defaults(tier::standard), tier_defaults(tier::plus),
      tier_defaults(tier::premium), tier_defaults(tier::builder)};
  reply_cfg replies;
  /// Collateral of accounts created by --register-key (micro-USDC).
  int64_t default_collateral_micro = 100000LL * 1000000;
  /// Account id of the synthetic counterparty (background liquidity).
  int64_t background_account = 281474976710600;
  std::vector<market_cfg> markets;
  std::vector<account_cfg> accounts;
  fault_cfg faults;

  /// The market with `id`, or nullptr.
  const market_cfg* market(int id) const;
  market_cfg* market(int id);
};

/// The built-in default: ETH (market 0) and BTC (market 1) with the real
/// exchange's decimals and minimums, synthetic paths, no accounts.
sim_cfg default_config();

/// Applies TOML text over the defaults. Keys that are absent keep their
/// default; a [[market]] array replaces the default markets. Returns the
/// config or an error message.
std::variant<sim_cfg, std::string> parse_config(const std::string& toml_text,
                                                const std::string& name);

/// Reads and parses a TOML file.
std::variant<sim_cfg, std::string> load_config_file(const std::string& path);

/// Parses "PUBHEX:ACCOUNT:APIKEY" and adds the key (and the account, with the
/// default collateral, when it is new). Returns an error message on failure.
std::optional<std::string> add_register_key(sim_cfg& cfg,
                                            const std::string& spec);

/// Parses a tier name ("standard", "plus", "premium", "builder").
std::optional<tier> parse_tier(const std::string& name);

} // namespace trailgrid::sim
