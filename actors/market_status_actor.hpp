#pragma once

#include "actors/io_task.hpp"
#include "execution/market_availability.hpp"
#include "lighter/client/rest_api.hpp"

#include "caf/fwd.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "messages/interfaces.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spdlog {
class logger;
} // namespace spdlog

namespace trailgrid::lighter::net {
class io_runner;
} // namespace trailgrid::lighter::net

namespace trailgrid::actors {

/// Spawn arguments of the market status poller.
struct market_status_config {
  /// The io thread of the REST client; owned by the runtime. Required.
  lighter::net::io_runner* runner = nullptr;
  std::string rest_url;
  lighter::net::tls_options tls;
  lighter::account_tier tier = lighter::account_tier::standard;
  /// The account's REST budget, shared with the process's other clients
  /// (empty: one of its own, from `tier`).
  std::shared_ptr<lighter::rest_gate> rest_gate;
  /// The node's markets (exchange market ids).
  std::vector<int> markets;
  /// Where changes go (market_status, one per changed market): the node
  /// root, which forwards them to the markets' grids.
  messages::node_root_actor root;
  /// How often orderBookDetails and the root status are read (two REST
  /// requests each time).
  std::chrono::milliseconds every{15'000};
  /// Where lines go (a change, a failed poll); null: the component logger
  /// "market_status" (actors/component_logger.hpp).
  std::shared_ptr<spdlog::logger> logger;
};

/// What the poller answers status with, and its internal poll tick.
using market_status_actor = caf::typed_actor<
    caf::reacts_to<messages::tick_atom>, caf::reacts_to<io_task>,
    caf::replies_to<messages::status_atom>::with<messages::actor_status>>;

/// State of the poller.
struct market_status_state {
  market_status_config cfg;
  std::unique_ptr<lighter::rest_api> rest;
  std::optional<execution::market_availability> availability;
  uint64_t polls = 0;
  uint64_t failures = 0;
  uint64_t changes = 0;
  int64_t root_status = 0;

  static inline const char* name = "trailgrid.market_status";
};

/// Polls the exchange's market statuses and root status; sends the node
/// root a market_status for each market whose availability changed
/// (maintenance or a market not "active": the grid pulls its orders and
/// waits; active again: a fresh grid). A failed poll changes nothing.
market_status_actor::behavior_type market_status_impl(
    market_status_actor::stateful_pointer<market_status_state> self,
    market_status_config cfg);

} // namespace trailgrid::actors
