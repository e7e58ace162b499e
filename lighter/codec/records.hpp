#pragma once

#include "lighter/codec/numbers.hpp"
#include "strategy/fixed_point.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter {

/// One aggregated price level of a book: absolute size at a price.
struct book_level {
  strategy::price_ticks price;
  strategy::qty_lots size;

  bool operator==(const book_level& o) const {
    return price == o.price && size == o.size;
  }
};

/// A trade as sent on `trade`, `account_all_trades`, `recentTrades` and
/// `trades`. Ids are exact int64 (the `*_str` twins are used when the number
/// is absent). Optional fields are set only when the exchange sent them.
struct trade {
  int64_t trade_id = 0;
  std::string tx_hash; ///< opaque: 80 hex, or the zero-padded engine form
  std::string type;    ///< "trade", "liquidation", ...
  int market_id = -1;
  strategy::qty_lots size;
  strategy::price_ticks price;
  /// usd_amount in the market's quote_units (rounded to nearest if the
  /// string carries more digits than price + size decimals).
  strategy::quote_units usd_amount;
  int64_t ask_id = 0; ///< order index of the ask side
  int64_t bid_id = 0;
  int64_t ask_client_id = 0; ///< client order index of the ask side (0 = none)
  int64_t bid_client_id = 0;
  int64_t ask_account_id = 0;
  int64_t bid_account_id = 0;
  bool is_maker_ask = false; ///< true: the ask was resting (maker)
  int64_t block_height = 0;
  int64_t timestamp_ms = 0;
  int64_t transaction_time_us = 0;      ///< 0 on older servers
  std::optional<int64_t> taker_fee_ppm; ///< fee rate charged to the taker
  std::optional<int64_t> maker_fee_ppm;
  /// Signed positions before this fill (in the market's lots).
  std::optional<strategy::qty_lots> taker_position_size_before;
  std::optional<strategy::qty_lots> maker_position_size_before;
  bool taker_position_sign_changed = false;
  bool maker_position_sign_changed = false;
};

/// One of our own fills, seen from our side of a trade.
struct own_fill {
  int market_id = -1;
  int64_t trade_id = 0;
  int64_t order_index = 0;
  int64_t client_order_index = 0; ///< 0 when the order had none
  bool is_ask = false;            ///< we sold
  bool is_maker = false;
  strategy::price_ticks price;
  strategy::qty_lots size;
  std::optional<int64_t> fee_ppm; ///< fee rate charged to us, when sent
  /// Our signed position before the fill, when sent.
  std::optional<strategy::qty_lots> position_before;
  bool position_sign_changed = false;
  int64_t timestamp_ms = 0;
  std::string tx_hash;
};

/// Our side(s) of `t` for `account_index`: none, one, or two (a self-trade,
/// whose fills carry no position_before: it is not either fill's own).
std::vector<own_fill> own_fills_of(const trade& t, int64_t account_index);

/// Coarse lifecycle of an order; `order::status_text` keeps the detail
/// ("canceled-post-only", "canceled-margin-not-allowed", ...).
enum class order_status { pending, open, filled, canceled, unknown };

/// Parses the exchange's status text ("open", "in-progress", "canceled-*").
order_status parse_order_status(std::string_view text);

/// Time in force as the exchange spells it in order objects.
enum class order_time_in_force {
  immediate_or_cancel,
  good_till_time,
  post_only,
  unknown
};

/// Parses "immediate-or-cancel" / "good-till-time" / "post-only".
order_time_in_force parse_time_in_force(std::string_view text);

/// An order object (REST accountActiveOrders/accountInactiveOrders/
/// accountOrders and WS account_orders/account_all_orders).
struct order {
  int64_t order_index = 0;
  int64_t client_order_index = 0;
  int market_id = -1; ///< market_index
  int64_t owner_account_index = 0;
  strategy::price_ticks price;
  strategy::qty_lots initial_size;    ///< initial_base_amount
  strategy::qty_lots remaining_size;  ///< remaining_base_amount
  strategy::qty_lots filled_size;     ///< filled_base_amount
  strategy::quote_units filled_quote; ///< filled_quote_amount (nearest)
  bool is_ask = false;
  std::string type; ///< "limit", "market", ...
  order_time_in_force time_in_force = order_time_in_force::unknown;
  bool reduce_only = false;
  strategy::price_ticks trigger_price;
  int64_t order_expiry_ms = 0;
  order_status status = order_status::unknown;
  std::string status_text;
  int64_t nonce = 0;
  int64_t block_height = 0;
  int64_t timestamp_ms = 0;  ///< normalised (older servers send seconds)
  int64_t created_at_ms = 0; ///< normalised
  int64_t updated_at_ms = 0; ///< normalised
  int64_t transaction_time_us = 0;
  int64_t parent_order_index = 0;

  /// True once the order can no longer trade.
  bool is_final() const {
    return status == order_status::filled || status == order_status::canceled;
  }
};

/// A perp position of an account.
struct position {
  int market_id = -1;
  std::string symbol;
  strategy::qty_lots size;                 ///< signed: `position` x `sign`
  strategy::price_ticks avg_entry_price;   ///< nearest tick
  strategy::price_ticks liquidation_price; ///< nearest tick; 0 if none
  usdc_amount position_value;
  usdc_amount unrealized_pnl;
  usdc_amount realized_pnl;
  usdc_amount allocated_margin;
  /// initial_margin_fraction as the exchange writes it in positions (a
  /// percent string such as "5.00").
  decimal_value initial_margin_fraction;
  int64_t open_order_count = 0;
  int64_t pending_order_count = 0;
  int margin_mode = 0; ///< 0 cross, 1 isolated
};

/// A spot asset balance; decimals depend on the asset, so kept exact.
struct asset_balance {
  int asset_id = -1;
  std::string symbol;
  decimal_value balance;
  decimal_value locked_balance;
  std::optional<decimal_value> margin_balance;
  std::string margin_mode;
};

/// An account from `GET /api/v1/account`.
struct account {
  int64_t index = 0;
  int account_type = 0; ///< 0 master, 1 sub-account
  std::string l1_address;
  int status = 0;
  usdc_amount collateral;
  usdc_amount available_balance;
  usdc_amount total_asset_value;
  usdc_amount cross_asset_value;
  int64_t total_order_count = 0;
  int64_t pending_order_count = 0;
  int64_t cancel_all_time_ms = 0;
  std::vector<position> positions;
  std::vector<asset_balance> assets;
  /// Markets of positions skipped because the market_table did not know them.
  std::vector<int> unknown_markets;
};

/// Balances and risk figures of `user_stats` (per margin view).
struct account_stats {
  usdc_amount collateral;
  usdc_amount available_balance;
  usdc_amount portfolio_value;
  usdc_amount buying_power;
  decimal_value leverage;
  decimal_value margin_usage; ///< percent
};

/// One candle (REST `candles` / legacy `candlesticks`, WS `candle`). Prices
/// arrive as JSON floats and are rounded to the nearest tick; volumes are for
/// display and ratios only.
struct candle {
  int64_t start_ms = 0;
  strategy::price_ticks open, high, low, close;
  double base_volume = 0;
  double quote_volume = 0;
  int64_t last_trade_id = 0;
};

/// One resting order of `orderBookOrders` (per order, not aggregated).
struct resting_order {
  int64_t order_index = 0;
  int64_t owner_account_index = 0;
  strategy::qty_lots initial_size;
  strategy::qty_lots remaining_size;
  strategy::price_ticks price;
  int64_t order_expiry_ms = 0;
  int64_t transaction_time_us = 0;
};

/// Mark/index/last prices and funding of one market (`market_stats`).
/// Prices are rounded to the nearest tick (they are computed, not quoted).
struct market_stats {
  int market_id = -1;
  std::string symbol; ///< empty on older servers
  strategy::price_ticks mark_price;
  strategy::price_ticks index_price;
  strategy::price_ticks last_trade_price;
  std::optional<strategy::price_ticks> mid_price;
  decimal_value current_funding_rate; ///< percent
  decimal_value funding_rate;         ///< percent
  int64_t funding_timestamp_ms = 0;
  decimal_value open_interest;
  double daily_base_volume = 0;
  double daily_quote_volume = 0;
  double daily_price_low = 0;
  double daily_price_high = 0;
  double daily_price_change = 0;
};

/// One funding payment interval (`GET /api/v1/fundings`).
struct funding {
  int64_t timestamp_ms = 0; ///< normalised (sent in seconds)
  decimal_value value;
  decimal_value rate;
  std::string direction; ///< "long" / "short"
};

/// Current funding rate of a market (`GET /api/v1/funding-rates`).
struct funding_rate {
  int market_id = -1;
  std::string exchange;
  std::string symbol;
  double rate = 0; ///< the exchange sends a float
};

/// The root status (`GET /`).
struct exchange_status {
  int64_t status = 0;
  int64_t network_id = 0;
  int64_t timestamp_ms = 0; ///< normalised (sent in seconds)
};

/// The answer to a transaction submission: REST sendTx/sendTxBatch or the WS
/// `jsonapi/sendtx`/`jsonapi/sendtxbatch` reply (success or rejection).
struct tx_reply {
  bool batch = false;  ///< tx_hash was an array / a sendtxbatch reply
  std::string id;      ///< echoed request id (WS), empty if none
  int64_t code = 200;  ///< 200 = accepted into the sequencer queue
  std::string message; ///< may itself hold JSON (rate-limit note)
  std::vector<std::string> tx_hashes; ///< in request order
  int64_t predicted_execution_time_ms = 0;
  std::optional<int64_t> volume_quota_remaining;

  /// True when the exchange accepted the transaction(s).
  bool ok() const { return code == 200; }
};

} // namespace trailgrid::lighter
