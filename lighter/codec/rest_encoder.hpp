#pragma once

#include "lighter/codec/signed_tx.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter {

/// REST paths (relative to the environment's base URL).
namespace rest_path {
constexpr std::string_view order_books = "/api/v1/orderBooks";
constexpr std::string_view order_book_details = "/api/v1/orderBookDetails";
constexpr std::string_view order_book_orders = "/api/v1/orderBookOrders";
constexpr std::string_view next_nonce = "/api/v1/nextNonce";
constexpr std::string_view send_tx = "/api/v1/sendTx";
constexpr std::string_view send_tx_batch = "/api/v1/sendTxBatch";
constexpr std::string_view account = "/api/v1/account";
constexpr std::string_view account_active_orders =
    "/api/v1/accountActiveOrders";
constexpr std::string_view account_inactive_orders =
    "/api/v1/accountInactiveOrders";
constexpr std::string_view account_orders = "/api/v1/accountOrders";
constexpr std::string_view api_keys = "/api/v1/apikeys";
constexpr std::string_view candles = "/api/v1/candles";
constexpr std::string_view recent_trades = "/api/v1/recentTrades";
constexpr std::string_view trades = "/api/v1/trades";
constexpr std::string_view tx = "/api/v1/tx";
constexpr std::string_view fundings = "/api/v1/fundings";
/// Creates a read-only auth token (POST, signed auth token in the header).
constexpr std::string_view create_token = "/api/v1/tokens/create";
} // namespace rest_path

/// Builds "path?k=v&k=v" with every value percent-encoded.
class query_builder {
public:
  /// Starts a target for `path`.
  explicit query_builder(std::string_view path) : text_(path) {}
  /// Appends `key=value` (value percent-encoded).
  query_builder& add(std::string_view key, std::string_view value);
  /// Appends `key=<integer>`.
  query_builder& add(std::string_view key, int64_t value);
  /// Appends `key=value` when value is set.
  query_builder& add_if(std::string_view key, std::optional<int64_t> value);
  /// Appends `key=value` when value is not empty.
  query_builder& add_if(std::string_view key, std::string_view value);
  /// The target.
  const std::string& str() const& { return text_; }
  std::string str() && { return std::move(text_); }

private:
  std::string text_;
  bool has_query_ = false;
};

/// Request targets (path + query) of the GETs the bot uses. `auth` is the
/// auth token for private endpoints (sent as the `auth` query parameter;
/// omitted when empty, e.g. when it goes into the Authorization header).
namespace rest_target {
/// `filter`: "all", "perp" or "spot" (omitted when empty).
std::string order_books(std::optional<int> market_id = std::nullopt,
                        std::string_view filter = {});
std::string order_book_details(std::optional<int> market_id = std::nullopt,
                               std::string_view filter = {});
std::string order_book_orders(int market_id, int limit);
std::string next_nonce(int64_t account, int api_key);
std::string account_by_index(int64_t account);
std::string api_keys(int64_t account, int api_key);
std::string account_active_orders(int64_t account, std::optional<int> market_id,
                                  std::string_view auth = {});
std::string account_inactive_orders(int64_t account, int limit,
                                    std::optional<int> market_id,
                                    std::string_view cursor = {},
                                    std::string_view auth = {});
/// Lookup by client order index (at most 20 per request).
std::string account_orders(const std::vector<int64_t>& client_order_indexes,
                           std::string_view auth = {});
/// Candles; timestamps in unix ms as the exchange's candle `t`.
std::string candles(int market_id, std::string_view resolution,
                    int64_t start_timestamp_ms, int64_t end_timestamp_ms,
                    int64_t count_back);
std::string recent_trades(int market_id, int limit);
/// The account's most recent trades, newest first (all markets when
/// `market_id` is empty); private: needs an auth token. `cursor`: the
/// previous page's next_cursor, to read on into older trades.
std::string account_trades(int64_t account, int limit,
                           std::optional<int> market_id = std::nullopt,
                           std::string_view auth = {},
                           std::string_view cursor = {});
std::string tx_by_hash(std::string_view tx_hash);
} // namespace rest_target

/// The form body of POST /api/v1/sendTx (x-www-form-urlencoded):
/// `tx_type=..&tx_info=<percent-encoded JSON>[&price_protection=..]`.
std::string encode_send_tx_form(const wire_tx& tx,
                                std::optional<bool> price_protection = {});

/// The form body of POST /api/v1/sendTxBatch: `tx_types` and `tx_infos` as
/// JSON-array strings, percent-encoded.
/// @pre 1 <= txs.size() <= limits::max_txs_per_rest_batch (50).
std::string encode_send_tx_batch_form(const std::vector<wire_tx>& txs);

/// The form body of POST tokens/create: a read-only token for `account`
/// valid until `expiry_s` (unix seconds; 1 day to 10 years ahead), for the
/// account alone (`all_accounts` false: "single") or with its sub-accounts
/// ("all"). Sent with a signed auth token in the Authorization header.
std::string encode_create_token_form(int64_t account, bool all_accounts,
                                     int64_t expiry_s);

/// The Content-Type of the form bodies.
constexpr std::string_view form_content_type =
    "application/x-www-form-urlencoded";

} // namespace trailgrid::lighter
