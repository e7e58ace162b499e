#pragma once

#include "messages/status.hpp"
#include "strategy/fixed_point.hpp"
#include "strategy/market_spec.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// What one market did, for the end-of-run summary. Money in the market's
/// quote_units (price_decimals + size_decimals), exact.
struct market_summary {
  std::string symbol;
  strategy::market_spec spec;
  int64_t fills = 0;  ///< this run
  int64_t resets = 0; ///< this run
  /// Fills folded into a reset already pending (this run): every fill
  /// causes exactly one reset or is coalesced into one.
  int64_t coalesced_fills = 0;
  /// Resets per hour over this run (x1000, exact integer arithmetic).
  int64_t resets_per_hour_milli = 0;
  strategy::quote_units volume;     ///< session
  strategy::quote_units fees;       ///< session; negative = rebates
  strategy::quote_units realized;   ///< session, before fees
  strategy::quote_units unrealized; ///< at the grid's mark
  strategy::quote_units net;        ///< realized + unrealized - fees
  strategy::qty_lots position;
  /// Largest fall of net PnL from its running peak over this run (>= 0),
  /// sampled once a second.
  strategy::quote_units max_drawdown;
  int64_t nonce_errors = 0;
  int64_t reconnects = 0; ///< feed reconnects (restarts)
  /// Fill frame received -> batch frame written, from the executor.
  std::string latency_p50_us;
  std::string latency_p99_us;
  int64_t latency_samples = 0;
};

/// The whole run.
struct run_summary {
  int64_t duration_ms = 0;
  bool dry_run = false;
  std::vector<market_summary> markets;
  int64_t gateway_reconnects = 0;
  /// Shutdown: the exchange confirmed that none of our orders rests; else
  /// the orders of ours it still listed (or could not be asked).
  bool orders_confirmed_gone = true;
  std::vector<std::string> orders_left;
};

/// Builds the summary from status trees of the node root sampled during
/// the run (baseline at the first sample, drawdown at every sample).
class summary_tracker {
public:
  /// Registers a market (its spec scales the status figures).
  void add_market(const std::string& symbol, const strategy::market_spec& s);

  /// Takes a status sample of the node root.
  void sample(const messages::actor_status& root);

  /// The summary from the last sample (call sample() first).
  run_summary summary(int64_t duration_ms, bool dry_run) const;

private:
  struct market_track {
    strategy::market_spec spec;
    std::optional<int64_t> fills0;  ///< at the first sample
    std::optional<int64_t> resets0; ///< at the first sample
    std::optional<int64_t> coalesced0;
    std::optional<strategy::quote_units> peak;
    strategy::quote_units max_drawdown;
    market_summary last;
  };
  std::map<std::string, market_track> markets_;
  int64_t gateway_reconnects_ = 0;
};

/// Human-readable summary, one block per market.
std::string to_text(const run_summary& s);

/// The summary as a JSON object (money as exact decimal numbers).
std::string to_json(const run_summary& s);

} // namespace trailgrid::runtime
