#pragma once

#include "actors/market_supervisor.hpp"
#include "actors/restart_policy.hpp"
#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <variant>

namespace trailgrid::multi_market {

/// The node-wide actors every market's children may need.
struct node_handles {
  messages::signer_actor signer;
  messages::gateway_actor gateway;
};

/// Everything the root needs to run one market.
struct market_plan {
  std::string symbol;       ///< e.g. "BTC"
  int32_t market_index = 0; ///< the exchange's market index
  int price_decimals = 0;   ///< for the exposure notional
  int size_decimals = 0;
  /// Builds the market's child factories once the signer and gateway exist
  /// (real actors in gridbot, stubs in tests).
  std::function<actors::market_children(const node_handles&)> children;
  actors::restart_policy_config restart;
  /// The supervisor has the executor reconcile this often (0 = only after
  /// starts).
  std::chrono::milliseconds reconcile_every{0};
};

/// Builds the plan of a market added at run time from its symbol and the
/// TOML keys of a [[market]] entry; an error text when they do not
/// validate. Called inside the root actor: it may block briefly.
using market_builder = std::function<std::variant<market_plan, std::string>(
    const std::string& symbol, const std::string& settings)>;

} // namespace trailgrid::multi_market
