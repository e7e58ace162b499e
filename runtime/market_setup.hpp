#pragma once

#include "runtime/config.hpp"
#include "runtime/expected.hpp"

#include "lighter/codec/market.hpp"
#include "strategy/market_spec.hpp"
#include "strategy/params.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// One configured market matched with the exchange's description of it.
struct market_setup {
  std::string symbol;
  lighter::market_info info;        ///< from orderBookDetails
  strategy::market_spec spec;       ///< scaling, minimums
  strategy::strategy_params params; ///< sizes in the market's lots
  /// The API key whose nonce stream the market uses: its [[market]]'s own,
  /// else one of the [exchange] keys in turn (resolve_markets); unset for a
  /// market resolved alone without its own (see pool_key).
  std::optional<int> api_key_index;
};

/// The key of the `ordinal`-th market without its own api_key_index: the
/// [exchange] keys in turn (round robin); nothing when none is configured.
std::optional<int> pool_key(const exchange_config& ex, std::size_t ordinal);

/// Who paces a market's resets.
enum class reset_pacing {
  /// The strategy's own token bucket (tx_bucket_capacity,
  /// tx_refill_per_minute): the backtester, or a node whose signer does
  /// not pace (send_quota_per_minute = 0).
  per_market,
  /// The signer's one governor of the account's sendTx quota: a market's
  /// private bucket applies only where the config sets it (a cap of its
  /// own), since private buckets add up to more than the account's budget
  /// and count transactions where the account's tier may count requests.
  account,
};

/// reset_pacing::account unless the signer is told not to pace.
reset_pacing reset_pacing_of(const exchange_config& ex);

/// Matches `m` with the exchange's market of the same symbol and resolves
/// its sizes. Errors name the market and say what is wrong (unknown
/// symbol, inactive market, order size below one lot).
expected<market_setup, std::string>
resolve_market(const market_config& m,
               const std::vector<lighter::market_info>& exchange,
               reset_pacing pacing = reset_pacing::per_market);

/// resolve_market for every market of `cfg`; all errors, one per line.
expected<std::vector<market_setup>, std::string>
resolve_markets(const config& cfg,
                const std::vector<lighter::market_info>& exchange);

/// The config of a market added at run time: `settings` (TOML keys of a
/// [[market]] entry) merged over the [defaults] of `config_text` exactly
/// as the loader merges a configured market. Errors as the loader words
/// them (the market's lines are numbered after the file's).
expected<market_config, std::string>
market_from_settings(const std::string& config_text,
                     const std::string& config_name, const std::string& symbol,
                     const std::string& settings);

/// How many 1-minute exchange candles warm up an ATR of `atr` (the bars
/// of `period` plus one, plus one partial bar), at most 500.
int warmup_candles(const strategy::atr_params& atr);

} // namespace trailgrid::runtime
