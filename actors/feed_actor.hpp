#pragma once

#include "actors/io_task.hpp"
#include "lighter/client/rest_api.hpp"
#include "lighter/client/ws_session.hpp"
#include "lighter/codec/order_book.hpp"
#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
} // namespace spdlog

namespace trailgrid::lighter::net {
class io_runner;
} // namespace trailgrid::lighter::net

namespace trailgrid::actors {

/// Spawn arguments of a feed actor (one per market).
struct feed_config {
  std::string market;       ///< symbol, for logs and status
  int32_t market_index = 0; ///< exchange market index
  /// Scaling of this market's prices and sizes (from orderBookDetails).
  lighter::market_decimals decimals;
  /// The io thread of the connection; owned by the runtime. Required.
  lighter::net::io_runner* runner = nullptr;
  std::string ws_url;   ///< "wss://.../stream"
  std::string rest_url; ///< for the candles of the ATR warm-up
  lighter::net::tls_options tls;
  lighter::net::ws_options ws;
  lighter::net::http_options http;
  lighter::account_tier tier = lighter::account_tier::standard;
  /// The account's REST budget, shared with the process's other clients
  /// (empty: one of its own, from `tier`).
  std::shared_ptr<lighter::rest_gate> rest_gate;
  bool trades = true;       ///< subscribe trade/M (trade_print)
  bool market_stats = true; ///< subscribe market_stats/M (mark_price)
  /// No book frame for this long: resubscribe for a fresh snapshot; still
  /// nothing after another such period: quit (the supervisor reconnects).
  /// 0 disables the check.
  std::chrono::milliseconds stale_after{30'000};
  /// How often staleness is checked.
  std::chrono::milliseconds check_every{1'000};
  /// Resyncs (gap, crossed book) in a row without a good snapshot before
  /// the feed gives up and quits.
  uint32_t max_resyncs = 10;
  /// ATR warm-up: this many completed candles of `warmup_resolution` are
  /// fetched over REST at start and sent to the atr (atr_warmup). 0: none.
  int32_t warmup_candles = 0;
  std::string warmup_resolution = "1m";
  /// The supervisor's restart count (child_context::restarts): shown as
  /// the feed's reconnects.
  uint32_t restarts = 0;
  /// Handles to publish to until market_peers names others (tests,
  /// standalone use).
  messages::market_peers peers;
  /// Unix ms now; default: the system clock.
  std::function<int64_t()> unix_now_ms;
  /// Where warnings go; null: the component logger "<market>/feed"
  /// (actors/component_logger.hpp).
  std::shared_ptr<spdlog::logger> logger;
};

/// The feed's typed interface plus its internal io_task (what it actually
/// spawns as; hand it out as messages::feed_actor).
using feed_impl_actor = messages::feed_actor::extend<caf::reacts_to<io_task>>;

/// State of a feed actor (public for tests and status).
struct feed_state {
  feed_config cfg;
  std::unique_ptr<lighter::ws_session> ws;
  std::unique_ptr<lighter::rest_api> rest;
  lighter::order_book book;
  messages::market_peers peers;
  std::optional<messages::top_of_book> last_top;
  std::optional<messages::atr_warmup> warmup;
  caf::actor_addr warmup_sent_to; ///< the atr that got the warm-up
  bool ready = false;             ///< the server greeted us
  bool resync_pending = false;    ///< resubscribed; waiting for a snapshot
  int64_t last_book_ns = 0;       ///< last book frame (or resubscribe)
  uint32_t resyncs_in_a_row = 0;
  caf::actor_clock::time_point started_at;
  // counters
  uint64_t frames = 0;
  uint64_t malformed = 0;
  uint64_t book_frames = 0;
  uint64_t resyncs = 0; ///< gap / crossed / regressed books
  uint64_t stale_resubscribes = 0;
  uint64_t tops_sent = 0;
  uint64_t trades_sent = 0;
  uint64_t marks_sent = 0;

  static inline const char* name = "trailgrid.feed";
};

/// The feed of one market: owns the market's public WebSocket session
/// (order_book, trade, market_stats), keeps the local order book from the
/// snapshot plus deltas (resubscribing on a gap, a crossed book or
/// staleness), and publishes top_of_book (when the top changed),
/// trade_print and mark_price to the market's atr and grid. At start it
/// fetches recent candles over REST and sends them to the atr as
/// atr_warmup (again to every new atr handle). On a disconnect it quits
/// with connection_lost so its market_supervisor restarts it with backoff.
feed_impl_actor::behavior_type
feed_actor_impl(feed_impl_actor::stateful_pointer<feed_state> self,
                feed_config cfg);

/// Spawns a feed actor.
messages::feed_actor spawn_feed(caf::actor_system& sys, feed_config cfg);

/// Turns exchange candles into the atr_warmup of `market_index`, keeping
/// only candles complete at `now_ms` (oldest first).
messages::atr_warmup
make_atr_warmup(int32_t market_index, const std::string& resolution,
                const std::vector<lighter::candle>& candles, int64_t now_ms);

} // namespace trailgrid::actors
