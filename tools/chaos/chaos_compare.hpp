#pragma once

// The judge of a chaos run: compares what the bot believes (its summary and
// journal) with what the exchange did (lighter-sim's GET /sim/record) and
// lists every difference. Pure: inputs are parsed already, no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::chaos {

/// One fill, as either side saw it (size in lots, signed by side).
struct fill_seen {
  int market_id = -1;
  int64_t trade_id = 0;
  /// Lots: positive for a buy, negative for a sell.
  int64_t signed_size = 0;
};

/// A market as the simulator lists it.
struct market_info {
  int market_id = -1;
  std::string symbol;
  int size_decimals = 0;
};

/// An order still live on the exchange.
struct resting_order {
  int market_id = -1;
  int64_t order_index = 0;
  int64_t client_order_index = 0;
  bool is_ask = false;
  int64_t price = 0;
  int64_t remaining = 0;
};

/// What the exchange did to our account (from GET /sim/record).
struct exchange_view {
  std::vector<market_info> markets;
  std::vector<fill_seen> fills;
  /// Final position per market id, lots.
  std::map<int, int64_t> positions;
  std::vector<resting_order> resting;
  /// Accepted txs: (api key, nonce) of each, in record order.
  std::vector<std::pair<int, int64_t>> accepted_nonces;
  /// Refused requests by code.
  std::map<int, int64_t> rejects_by_code;
  /// Nonces the desync fault skipped on our keys.
  int64_t injected_desyncs = 0;
  /// Injected fault counts by name (figures only).
  std::map<std::string, int64_t> faults;
};

/// One market of the bot's end-of-run summary.
struct summary_market {
  std::string symbol;
  int64_t fills = 0;
  /// Decimal text of the position (e.g. "-0.0500").
  std::string position;
  int64_t nonce_errors = 0;
  int64_t reconnects = 0;
};

/// What the bot believes.
struct bot_view {
  /// Exit code of the (last) gridbot process.
  int exit_code = 0;
  /// The summary, if one was written.
  std::optional<std::vector<summary_market>> summary;
  /// Journal fills by market symbol (the journal names markets by symbol).
  std::map<std::string, std::vector<fill_seen>> journal_fills;
  /// The summary covers only the last process (restarts): its fill counts
  /// are not compared, its positions are.
  bool summary_is_last_process_only = false;
};

/// Per-market figures of the comparison.
struct market_figures {
  std::string symbol;
  int market_id = -1;
  int64_t exchange_fills = 0;
  int64_t journal_fills = 0;
  std::optional<int64_t> summary_fills;
  int64_t exchange_position = 0;
  int64_t journal_position = 0;
  std::optional<int64_t> summary_position;
  int64_t resting = 0;
  int size_decimals = 0;
};

/// The verdict: differences (empty = pass) and the figures behind them.
struct report {
  std::vector<std::string> differences;
  std::vector<market_figures> markets;
  int64_t accepted_txs = 0;
  int64_t nonce_errors = 0;
  int64_t injected_desyncs = 0;
  int64_t nonces_accepted_twice = 0;
  int64_t resting = 0;
};

/// Compares the two views.
report compare(const exchange_view& ex, const bot_view& bot);

/// The figures as an aligned text table (one row per market, then totals).
std::string figures_table(const report& r, const exchange_view& ex);

} // namespace trailgrid::chaos
