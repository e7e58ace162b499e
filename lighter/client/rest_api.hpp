#pragma once

#include "lighter/client/rest_gate.hpp"
#include "lighter/client/rest_result.hpp"
#include "lighter/codec/market.hpp"
#include "lighter/codec/rate_limiter.hpp"
#include "lighter/codec/records.hpp"
#include "lighter/codec/rest_decoder.hpp"
#include "lighter/codec/signed_tx.hpp"
#include "lighter/net/https_client.hpp"
#include "lighter/net/tls_options.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::lighter {

namespace net {
class io_runner;
} // namespace net

/// Where and how a rest_api talks to the exchange.
struct rest_config {
  /// Base URL, e.g. "https://mainnet.zklighter.elliot.ai".
  std::string base_url;
  net::tls_options tls;
  net::http_options http;
  /// The account's REST budget, shared with the other clients of the
  /// process that talk for the same account. Empty: this client gets a
  /// budget of its own from `tier`, `max_queued` and `queue_timeout`.
  std::shared_ptr<rest_gate> gate;
  /// Budget of a budget of its own (the account's tier).
  account_tier tier = account_tier::standard;
  /// Requests over the budget wait in a FIFO queue of at most this many;
  /// a request arriving at a full queue fails at once (throttled).
  std::size_t max_queued = 1024;
  /// Longest wait in that queue: a request not sent by then fails
  /// (throttled, nothing sent). Its HTTP timeouts start when it is sent.
  std::chrono::milliseconds queue_timeout{10000};
  /// The account of account-scoped calls.
  int64_t account_index = 0;
};

/// One candles request: `count_back` candles of `resolution` ending at
/// `end_ms` (unix ms; time is an argument).
struct candle_query {
  int market_id = 0;
  std::string resolution = "1m"; ///< 1m 5m 15m 30m 1h 4h 12h 1d
  int64_t count_back = 0;
  int64_t end_ms = 0;
};

/// Milliseconds of a candle resolution ("1m" -> 60000); 0 when unknown.
int64_t resolution_ms(std::string_view resolution);

/// Counters of a rest_api.
struct rest_stats {
  uint64_t requests = 0;  ///< sent to the exchange
  uint64_t queued = 0;    ///< waited in the queue for the budget first
  uint64_t throttled = 0; ///< failed by our limiter: queue full or too long
  uint64_t transport_errors = 0;
  uint64_t exchange_errors = 0;
  uint64_t malformed = 0;
  uint64_t rate_limited = 0; ///< 429 / 23000 answers
};

/// Typed REST calls to the Lighter API over one keep-alive connection.
/// Every call exists twice: asynchronous (the callback runs on the
/// io_runner's thread, exactly once; keep it short) and blocking (for tools
/// and tests; never call it on the io thread). Each request first takes its
/// cost from the account's budget (a rest_gate, possibly shared); over
/// budget it waits in the gate's queue until the budget lets it through.
/// It fails with rest_failure::throttled (nothing sent) when the queue is
/// full, when it waited the queue timeout, or when its cost exceeds the
/// whole budget. Thread-safe.
/// Destroy it before its io_runner.
class rest_api {
public:
  template <class T>
  using callback = std::function<void(rest_result<T>)>;

  /// A client for `cfg.base_url`; a bad URL is an error.
  static rest_result<std::unique_ptr<rest_api>> create(net::io_runner& runner,
                                                       rest_config cfg);
  ~rest_api();
  rest_api(const rest_api&) = delete;
  rest_api& operator=(const rest_api&) = delete;

  /// Registers market decimals for decoding accounts and orders (done
  /// automatically by order_book_details()).
  void add_markets(const std::vector<market_info>& markets);
  /// The decimals of a registered market, if known.
  std::optional<market_decimals> decimals(int market_id) const;

  /// GET orderBookDetails: every market (perp and spot); registers them.
  void order_book_details(callback<std::vector<market_info>> done);
  rest_result<std::vector<market_info>> order_book_details();
  /// The market whose symbol is `symbol` (orderBookDetails; registers all).
  /// Not there: exchange error with class not_found.
  void market_by_symbol(std::string symbol, callback<market_info> done);
  rest_result<market_info> market_by_symbol(std::string symbol);
  /// GET / : the exchange's root status (maintenance check).
  void exchange_status(callback<lighter::exchange_status> done);
  rest_result<lighter::exchange_status> exchange_status();

  /// GET `target` (path + query, e.g. rest_target::api_keys(...)) and hand
  /// back the body of a 200 answer as is (read-only checks that decode it
  /// themselves). Errors as every call.
  void raw_get(std::string target, callback<std::string> done);
  rest_result<std::string> raw_get(std::string target);

  /// GET nextNonce of (account, api_key).
  void next_nonce(uint8_t api_key_index, callback<int64_t> done);
  rest_result<int64_t> next_nonce(uint8_t api_key_index);
  /// POST sendTx.
  void send_tx(const wire_tx& tx, callback<tx_reply> done);
  rest_result<tx_reply> send_tx(const wire_tx& tx);
  /// POST sendTxBatch (1..50 txs: one account and key, increasing nonces).
  void send_tx_batch(const std::vector<wire_tx>& txs, callback<tx_reply> done);
  rest_result<tx_reply> send_tx_batch(const std::vector<wire_tx>& txs);
  /// GET account by index: collateral, balances, positions.
  void account_info(callback<account> done);
  rest_result<account> account_info();
  /// GET accountActiveOrders (all markets when `market_id` is empty) with
  /// the auth token as the `auth` query parameter.
  void active_orders(std::optional<int> market_id, std::string auth_token,
                     callback<order_list> done);
  rest_result<order_list> active_orders(std::optional<int> market_id,
                                        std::string auth_token);
  /// POST tokens/create: a read-only token of the account valid until
  /// `expiry_s` (unix s, 1 day..10 years ahead), authorised by a signed
  /// `auth_token`. It reads orders and positions (REST auth, private
  /// channels) where no signing key is held; the exchange refuses it for
  /// transactions. At most 10 per account.
  void create_read_only_token(bool all_accounts, int64_t expiry_s,
                              std::string auth_token,
                              callback<std::string> done);
  rest_result<std::string> create_read_only_token(bool all_accounts,
                                                  int64_t expiry_s,
                                                  std::string auth_token);
  /// GET trades of this account, newest first, at most `limit` (1..100);
  /// all markets when `market_id` is empty; `cursor` (a page's
  /// next_cursor) reads on into older ones. Recovery after a stream gap.
  void account_trades(std::optional<int> market_id, int limit,
                      std::string auth_token, std::string cursor,
                      callback<trade_list> done);

  /// GET candles (the market must be registered), oldest first.
  void candles(const candle_query& q, callback<std::vector<candle>> done);
  rest_result<std::vector<candle>> candles(const candle_query& q);
  /// GET orderBookOrders (the market must be registered).
  void order_book_orders(int market_id, int limit, callback<book_orders> done);
  rest_result<book_orders> order_book_orders(int market_id, int limit);

  /// A snapshot of the counters.
  rest_stats stats() const;
  /// The account of account-scoped calls.
  int64_t account_index() const;

  struct impl;

private:
  explicit rest_api(std::shared_ptr<impl> p);
  std::shared_ptr<impl> impl_;
};

} // namespace trailgrid::lighter
