#pragma once

#include "actors/io_task.hpp"
#include "actors/paper_book.hpp"
#include "lighter/client/ws_session.hpp"
#include "lighter/codec/market.hpp"
#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
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

/// Spawn arguments of the paper gateway.
struct paper_gateway_config {
  std::string name = "gateway";
  /// The io thread of the trade stream; required unless ws_url is empty
  /// (tests send trade_print messages instead).
  lighter::net::io_runner* runner = nullptr;
  /// Public WebSocket for the trade channels ("" = no connection).
  std::string ws_url;
  lighter::net::tls_options tls;
  /// The markets traded on paper (decimals for decoding, maker fee).
  std::vector<lighter::market_info> markets;
  /// Collateral the paper account starts with, micro-USDC.
  int64_t collateral_micro = 100'000'000'000;
  /// Wait before reconnecting the trade stream after it closed.
  std::chrono::milliseconds reconnect_after{1'000};
  /// Unix ms now; default: the system clock.
  std::function<int64_t()> unix_now_ms;
  /// Where warnings go; null: the component logger named `name`
  /// (actors/component_logger.hpp).
  std::shared_ptr<spdlog::logger> logger;
};

/// The paper gateway's interface: the gateway's plus its io_task and a
/// public trade fed in directly (tests, or any trade source).
using paper_gateway_actor = messages::gateway_actor::extend<
    caf::reacts_to<io_task>, caf::reacts_to<messages::trade_print>,
    caf::reacts_to<messages::link_signer_atom, caf::actor>>;

/// State of the paper gateway (public for tests and status).
struct paper_gateway_state {
  paper_gateway_config cfg;
  paper_book book;
  std::unique_ptr<lighter::ws_session> ws;
  std::map<int32_t, messages::route_market> routes;
  std::map<uint8_t, int64_t> next_nonce; ///< per API key
  /// Gets each batch's verdict, as from the live gateway (the signer signs a
  /// key's next batch only after it).
  caf::actor signer;
  uint64_t generation = 0; ///< of the trade stream
  uint64_t batches = 0;
  uint64_t txs = 0;
  uint64_t trades = 0;
  uint64_t reconnects = 0;
  uint64_t bad_txs = 0;
  caf::actor_clock::time_point started_at;

  ~paper_gateway_state();

  static inline const char* name = "trailgrid.paper_gateway";
};

/// Paper trading behind the gateway interface (gridbot run --dry-run):
/// accepts signed batches and applies them to a paper_book instead of
/// sending them (nothing leaves the process), answers accepted with the
/// txs' hashes, then reports order events to the market's executor as the
/// exchange's account stream would; fills orders when public trades (its
/// own trade-channel subscription, or trade_print messages) go through
/// their price. Nonces: answers next_nonce with one past the highest nonce
/// it saw (0 at start).
paper_gateway_actor::behavior_type paper_gateway_impl(
    paper_gateway_actor::stateful_pointer<paper_gateway_state> self,
    paper_gateway_config cfg);

} // namespace trailgrid::actors
