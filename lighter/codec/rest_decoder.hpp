#pragma once

#include "lighter/codec/market.hpp"
#include "lighter/codec/records.hpp"
#include "lighter/codec/result.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter {

/// Orders of accountActiveOrders / accountInactiveOrders / accountOrders.
struct order_list {
  std::vector<order> orders;
  std::string next_cursor; ///< empty when absent
  /// Markets of orders skipped because the market_table did not know them.
  std::vector<int> unknown_markets;
};

/// Trades of recentTrades / trades.
struct trade_list {
  std::vector<trade> trades;
  std::string next_cursor;
  std::vector<int> unknown_markets;
};

/// orderBookOrders: one row per resting order (not aggregated, no sequence
/// number: never splice it into the WS delta stream).
struct book_orders {
  int64_t total_asks = 0;
  int64_t total_bids = 0;
  std::vector<resting_order> asks; ///< as sent (best first)
  std::vector<resting_order> bids;
};

/// An aggregated REST depth body `{asks, bids, offset, nonce}`.
struct book_depth {
  std::vector<book_level> asks;
  std::vector<book_level> bids;
  int64_t offset = 0;
  std::optional<int64_t> nonce;
};

/// Decodes REST response bodies. Every method returns a value or a
/// decode_error; a body `{code != 200, message}` comes back as an error whose
/// `api` field holds the exchange's code and message. Unknown fields are
/// ignored. Holds a reusable parser: one instance per thread.
class rest_decoder {
public:
  rest_decoder();
  ~rest_decoder();
  rest_decoder(rest_decoder&&) noexcept;
  rest_decoder& operator=(rest_decoder&&) noexcept;

  /// GET /api/v1/orderBooks (decimals from the supported_* fields).
  decode_result<std::vector<market_info>> order_books(std::string_view body);
  /// GET /api/v1/orderBookDetails: perp and spot entries together.
  decode_result<std::vector<market_info>>
  order_book_details(std::string_view body);
  /// GET /api/v1/nextNonce: the nonce for the next tx of that key.
  decode_result<int64_t> next_nonce(std::string_view body);
  /// GET /api/v1/account: positions are converted with `markets`.
  decode_result<std::vector<account>> accounts(std::string_view body,
                                               const market_table& markets);
  /// GET /api/v1/accountActiveOrders, accountInactiveOrders, accountOrders.
  decode_result<order_list> orders(std::string_view body,
                                   const market_table& markets);
  /// GET /api/v1/candles (`c:[{t,o,h,l,c,v,V,i}]`) or the legacy
  /// /api/v1/candlesticks (`candlesticks:[{timestamp,open,...}]`).
  decode_result<std::vector<candle>> candles(std::string_view body,
                                             market_decimals decimals);
  /// GET /api/v1/recentTrades and /api/v1/trades.
  decode_result<trade_list> trades(std::string_view body,
                                   const market_table& markets);
  /// GET /api/v1/orderBookOrders (the market is the one asked for).
  decode_result<book_orders> order_book_orders(std::string_view body,
                                               market_decimals decimals);
  /// An aggregated depth body (asks/bids levels + offset/nonce).
  decode_result<book_depth> order_book_depth(std::string_view body,
                                             market_decimals decimals);
  /// POST /api/v1/sendTx and /api/v1/sendTxBatch (tx_hash string or array).
  decode_result<tx_reply> send_tx(std::string_view body);
  /// POST tokens/create: the read-only token
  /// `ro:{account}:{single|all}:{expiry}:{hex}`.
  decode_result<std::string> read_only_token(std::string_view body);
  /// Any error body `{code, message}` (HTTP 4xx): the exchange's error.
  decode_result<api_error> error_body(std::string_view body);
  /// GET /api/v1/fundings.
  decode_result<std::vector<funding>> fundings(std::string_view body);
  /// GET /api/v1/funding-rates.
  decode_result<std::vector<funding_rate>> funding_rates(std::string_view body);
  /// GET / (root status; `status` instead of `code`).
  decode_result<exchange_status> status(std::string_view body);
  /// GET /api/v1/withdrawalDelay (no `code` field at all): seconds.
  decode_result<int64_t> withdrawal_delay(std::string_view body);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace trailgrid::lighter
