#pragma once

// The pre-flight checks of `gridbot check` and of `gridbot run` before it
// quotes: read-only questions to the exchange, each answered by one line
// with PASS or FAIL and, on a failure, what to do about it. This file is the
// pure part: the answers (gathered by runtime/cmd_check.cpp over REST) in,
// the verdicts out.

#include "lighter/client/fwd.hpp"
#include "runtime/config.hpp"

#include "lighter/codec/market.hpp"
#include "lighter/codec/records.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::runtime {

/// What the exchange answered (empty optional + error text: not answered).
struct preflight_facts {
  /// GET / : root status and server time.
  std::optional<lighter::exchange_status> status;
  std::string status_error;
  /// Local unix ms when the root status was answered.
  int64_t local_ms = 0;
  /// orderBookDetails.
  std::vector<lighter::market_info> markets;
  std::string markets_error;
  /// GET account by index.
  std::optional<lighter::account> account;
  std::string account_error;
  /// apikeys of the account: index -> registered public key (hex). A key
  /// index asked for and absent here is not registered.
  std::map<int, std::string> registered_keys;
  std::string keys_error;
  /// Our public key per index (from LIGHTER_PRIVATE_KEY[_<index>]); an
  /// index missing here is only checked for being registered at all.
  std::map<int, std::string> our_keys;
  /// Best bid and ask per market id (orderBookOrders), to price levels.
  std::map<int, std::pair<strategy::price_ticks, strategy::price_ticks>> books;
};

/// One check's verdict.
struct preflight_line {
  std::string name; ///< "api key 4 registered", "market BTC", ...
  bool pass = false;
  std::string detail; ///< what was found
  std::string fix;    ///< what to do (failures)
};

/// Largest clock difference to the exchange that passes, ms (its root
/// status has second resolution: one second of that is rounding).
inline constexpr int64_t max_clock_skew_ms = 2'000;

/// Every check of `cfg` against `facts`, in a fixed order: exchange
/// reachable and running, clock skew, account exists (and its tier as
/// configured), per API key: index not reserved (0..3) and registered with
/// our public key, per market: active with tick/lot/minimums, smallest
/// level at or above the minimums, then collateral for every grid at the
/// configured leverage and the sendTx quota arithmetic.
std::vector<preflight_line> evaluate_preflight(const config& cfg,
                                               const preflight_facts& facts);

/// "PASS  name: detail" or "FAIL  name: detail -- fix: ...".
std::string to_string(const preflight_line& line);

/// True when every line passed.
bool all_passed(const std::vector<preflight_line>& lines);

/// Asks the exchange of `cfg` every question of evaluate_preflight (REST,
/// read-only, blocking; never call it on the io thread) within the
/// account's REST budget `gate` (empty: the budget of [exchange]).
/// `our_keys`: our public key per API key index, when known.
preflight_facts
gather_preflight(lighter::net::io_runner& runner, const config& cfg,
                 std::map<int, std::string> our_keys,
                 std::shared_ptr<lighter::rest_gate> gate = nullptr);

/// Our public key per API key index of `cfg`, from the secrets that
/// `gridbot run` would use (LIGHTER_PRIVATE_KEY, or the pool's
/// LIGHTER_PRIVATE_KEY_<index>); indexes without a readable key are left
/// out.
std::map<int, std::string> our_public_keys(const config& cfg,
                                           const std::string& config_path);

/// `gridbot check`: the pre-flight checks of a config, one line each.
int cmd_check(const std::vector<std::string_view>& args);

} // namespace trailgrid::runtime
