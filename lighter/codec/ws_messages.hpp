#pragma once

#include "lighter/codec/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::lighter {

/// `{"type":"connected"}`: the first frame of a session; subscribe after it.
struct ws_connected {
  std::string session_id;
};

/// `{"type":"ping"}`: answer with encode_pong().
struct ws_ping {};

/// `{"type":"pong"}`.
struct ws_pong {};

/// `{"type":"unsubscribed","channel":...}`.
struct ws_unsubscribed {
  std::string channel;
};

/// A protocol error frame in either shape the exchange uses:
/// `{"error":{"code":N,"message":"..."}}` (captured frames: no type, no
/// channel, no id) or `{"type":"error","code":N,"message":"..."}` (the
/// official spec; the code may also sit in a nested `error` object).
/// Classify with classify(code, message).
struct ws_error {
  int64_t code = 0;
  std::string message;
  std::string id; ///< the request id when the server echoes one, else empty
};

/// `subscribed/order_book` (full book) or `update/order_book` (changed
/// levels with absolute sizes; size 0 removes). Apply with order_book.
struct order_book_update {
  int market_id = -1;
  bool is_snapshot = false;
  int64_t offset = 0;
  std::optional<int64_t> nonce;       ///< absent on older servers
  std::optional<int64_t> begin_nonce; ///< absent on older servers
  int64_t timestamp_ms = 0;
  int64_t last_updated_at_us = 0;
  std::vector<book_level> asks; ///< as sent (unsorted)
  std::vector<book_level> bids;
};

/// `subscribed/trade` / `update/trade`: public trades of one market.
struct trade_update {
  int market_id = -1;
  bool is_snapshot = false;
  int64_t nonce = 0;
  int64_t timestamp_ms = 0;
  std::vector<trade> trades;
  std::vector<trade> liquidation_trades;
};

/// `ticker`: best bid and ask. An empty side (no orders) is nullopt.
struct ticker_update {
  int market_id = -1;
  bool is_snapshot = false;
  std::string symbol;
  std::optional<book_level> best_ask;
  std::optional<book_level> best_bid;
  int64_t nonce = 0;
  int64_t timestamp_ms = 0;
  int64_t last_updated_at_us = 0;
};

/// `market_stats/{M}` (one entry) or `market_stats/all` (one per market).
struct market_stats_update {
  bool is_snapshot = false;
  bool all_markets = false;
  int64_t timestamp_ms = 0;
  std::vector<market_stats> stats;
  /// Markets skipped because the market_table did not know them.
  std::vector<int> unknown_markets;
};

/// `height`: the chain height.
struct height_update {
  bool is_snapshot = false;
  int64_t height = 0;
  int64_t timestamp_ms = 0;
};

/// `candle/{M}/{R}`.
struct candle_update {
  int market_id = -1;
  std::string resolution; ///< "1m", "1h", ...
  bool is_snapshot = false;
  int64_t timestamp_ms = 0;
  std::vector<candle> candles;
};

/// `account_all_trades/{A}` (or `account_trades`): our fills. The snapshot
/// carries no trades, only volumes; each update holds the new fill(s).
struct account_trades_update {
  int64_t account = 0;
  bool is_snapshot = false;
  int64_t timestamp_ms = 0;
  std::vector<trade> trades;
  std::vector<int> unknown_markets;
  std::optional<double> daily_volume; ///< USD, snapshot only
  std::optional<double> weekly_volume;
  std::optional<double> monthly_volume;
  std::optional<double> total_volume;
};

/// `account_all_orders/{A}` or `account_orders/{M}/{A}`: order upserts.
struct account_orders_update {
  int64_t account = 0;
  std::optional<int> market_id; ///< set for the one-market channel
  bool is_snapshot = false;
  int64_t nonce = 0;
  int64_t timestamp_ms = 0;
  std::vector<order> orders;
  std::vector<int> unknown_markets;
};

/// `account_market/{M}/{A}`: one market's orders, position and fills of one
/// account in one frame (official spec, 2026). Each list may come as an
/// array or as an object keyed by market; entries of other markets (should
/// a server send any) are kept, entries of unknown markets are skipped and
/// listed.
struct account_market_update {
  int64_t account = 0;
  int market_id = -1;
  bool is_snapshot = false;
  int64_t timestamp_ms = 0;
  std::vector<order> orders;
  std::vector<position> positions;
  std::vector<trade> trades;
  std::vector<int> unknown_markets;
};

/// `account_all_positions/{A}`: position upserts keyed by market.
struct account_positions_update {
  int64_t account = 0;
  bool is_snapshot = false;
  int64_t timestamp_ms = 0;
  std::vector<position> positions;
  std::vector<int> unknown_markets;
};

/// `account_all_assets/{A}`: spot balances.
struct account_assets_update {
  int64_t account = 0;
  bool is_snapshot = false;
  int64_t timestamp_ms = 0;
  std::vector<asset_balance> assets;
};

/// `user_stats/{A}`: collateral, available balance, leverage.
struct user_stats_update {
  int64_t account = 0;
  bool is_snapshot = false;
  int64_t timestamp_ms = 0;
  account_stats stats;
  std::optional<account_stats> cross;
  std::optional<account_stats> total;
};

/// A frame of a type this decoder does not interpret (account_tx,
/// account_all, ...): kept so the caller can log or count it.
struct ws_other {
  std::string type;
  std::string channel;
};

/// Every decoded WS frame. tx_reply covers `jsonapi/sendtx` and
/// `jsonapi/sendtxbatch` replies, accepted (code 200) or rejected.
using ws_message =
    std::variant<ws_connected, ws_ping, ws_pong, ws_unsubscribed, ws_error,
                 order_book_update, trade_update, ticker_update,
                 market_stats_update, height_update, candle_update,
                 account_trades_update, account_orders_update,
                 account_market_update, account_positions_update,
                 account_assets_update, user_stats_update, tx_reply, ws_other>;

} // namespace trailgrid::lighter
