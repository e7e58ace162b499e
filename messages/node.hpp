#pragma once

// Node-wide risk: the cross-market exposure cap (multi_market root <->
// market supervisors <-> grids).

#include "messages/fixed_point_inspect.hpp"

#include "caf/meta/type_name.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::messages {

/// One market's position and the price it is marked at (grid -> supervisor
/// -> root, reply to exposure_atom). The root turns it into a notional with
/// the market's decimals.
struct market_exposure {
  int32_t market_index = 0;
  strategy::qty_lots position; ///< signed: negative is short
  strategy::price_ticks mark;  ///< 0 when the grid knows no price yet
  /// The market's session equity (realised + unrealised - fees, quote
  /// units): the node's account drawdown stop sums it over markets.
  strategy::quote_units equity;
};

/// Serializes a market_exposure.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, market_exposure& x) {
  return f(caf::meta::type_name("market_exposure"), x.market_index, x.position,
           x.mark, x.equity);
}

/// Root -> supervisor -> grid: quote reduce-only (on = true: only orders
/// that shrink |position|; none when flat) or normally again (on = false).
/// Sent when the summed exposure of all markets crosses
/// [risk] max_total_exposure_quote, and when it falls back below it.
struct reduce_only {
  int32_t market_index = 0;
  bool on = true;
  std::string why; ///< e.g. "exposure 120,000 > cap 100,000"
};

/// Serializes a reduce_only.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reduce_only& x) {
  return f(caf::meta::type_name("reduce_only"), x.market_index, x.on, x.why);
}

/// Root -> supervisor -> grid: halt quoting for a node-wide risk rule (the
/// account drawdown stop). Unlike an operator pause it is journaled and
/// survives a restart; an operator resume lifts it.
struct risk_halt {
  int32_t market_index = 0;
  std::string why; ///< "account_drawdown"
};

/// Serializes a risk_halt.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, risk_halt& x) {
  return f(caf::meta::type_name("risk_halt"), x.market_index, x.why);
}

/// Status poller -> root -> supervisor -> grid: the exchange's status of a
/// market. Not active (market status other than "active", or the exchange
/// in maintenance): the grid pulls its orders and waits; active again: a
/// fresh grid.
struct market_status {
  int32_t market_index = 0;
  bool active = true;
  std::string why; ///< e.g. "market status inactive", "exchange maintenance"
};

/// Serializes a market_status.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, market_status& x) {
  return f(caf::meta::type_name("market_status"), x.market_index, x.active,
           x.why);
}

/// Grid -> journal: the market's risk state changed (a risk halt or its
/// resume, a breaker trip or resume, a new drawdown peak). The last one per
/// market is restored at start (strategy::risk_state).
struct risk_record {
  int32_t market_index = 0;
  bool halted = false;
  std::string why; ///< halt reason when halted ("drawdown", ...)
  strategy::quote_units peak;
  bool breaker_tripped = false;
  int64_t ts_ms = 0;
};

/// Serializes a risk_record.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, risk_record& x) {
  return f(caf::meta::type_name("risk_record"), x.market_index, x.halted, x.why,
           x.peak, x.breaker_tripped, x.ts_ms);
}

} // namespace trailgrid::messages
