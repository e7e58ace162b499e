#pragma once

#include "actors/io_task.hpp"
#include "actors/latency_stats.hpp"
#include "actors/restart_policy.hpp"
#include "execution/account_events.hpp"
#include "execution/batch_settler.hpp"
#include "execution/listing_coalescer.hpp"
#include "lighter/client/rest_api.hpp"
#include "lighter/client/ws_session.hpp"
#include "messages/interfaces.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
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

/// Spawn arguments of the gateway actor.
struct gateway_config {
  std::string name = "gateway";
  /// The io thread of every connection; owned by the runtime, outlives the
  /// actor. Required.
  lighter::net::io_runner* runner = nullptr;
  /// "https://mainnet.zklighter.elliot.ai" (http:// on loopback).
  std::string rest_url;
  /// "wss://mainnet.zklighter.elliot.ai/stream".
  std::string ws_url;
  lighter::net::tls_options tls;
  lighter::net::ws_options ws;
  lighter::net::http_options http;
  lighter::account_tier tier = lighter::account_tier::standard;
  /// The account's REST budget, shared with the process's other clients
  /// (empty: one of its own, from `tier`).
  std::shared_ptr<lighter::rest_gate> rest_gate;
  int64_t account_index = 0;
  /// The API key whose auth tokens read the private channels and orders.
  uint8_t api_key_index = 0;
  /// Makes the auth tokens (auth_token_atom). Without it private channels
  /// are subscribed without a token.
  messages::signer_actor signer;
  /// A read-only token of the account (`ro:...`): when set, private
  /// channels and account reads use it rather than the signer's tokens, so
  /// a node without the key (or cut off from its signer node) still sees
  /// its orders, positions and fills. Refused by the exchange once, the
  /// gateway falls back to the signer. Never logged.
  std::string read_only_token;
  std::chrono::milliseconds signer_timeout{5'000};
  /// Decimals of the markets whose account events are decoded. Empty: the
  /// gateway loads every market from orderBookDetails before connecting.
  std::vector<lighter::market_info> markets;
  /// A batch without a reply after this is settled from the exchange's
  /// next nonce (see execution::batch_settler).
  std::chrono::milliseconds tx_timeout{5'000};
  /// Wait after a lost reply before asking for the next nonce (lets a batch
  /// still in the exchange's pipeline land), and between failed asks.
  std::chrono::milliseconds settle_delay{300};
  std::chrono::milliseconds settle_retry{1'000};
  /// The account stream down longer than this: every market is held
  /// (paused, its orders cancelled over REST) until the stream is back and
  /// recovered.
  std::chrono::milliseconds stream_hold_after{3'000};
  /// How often the account's recent trades are read from REST to catch a
  /// stream that stalled without closing (0 = never).
  std::chrono::milliseconds stream_check_every{15'000};
  /// Trades read per page (the exchange's maximum is 100).
  int recovery_trades = 100;
  /// Pages a recovery reads at most, going back until it meets a trade
  /// already booked (execution::trade_pages).
  int recovery_trade_pages = 20;
  /// A recovery read that failed (REST down) is retried after this, the
  /// recovery staying open meanwhile: a gap is closed only by a read.
  std::chrono::milliseconds recovery_retry{500};
  /// Fills already booked (a previous run's journal), as fill keys
  /// (execution::fill_key): a recovery does not book them again.
  std::vector<int64_t> booked_fills;
  /// Fills up to this unix ms are in the journal already: the first
  /// recovery (at start) books only later ones; 0: book every unseen fill.
  int64_t booked_until_ms = 0;
  /// Lifetime of the auth tokens the gateway asks for (max 8 h).
  std::chrono::seconds auth_lifetime{3'600};
  /// Renew a token when it expires within this.
  std::chrono::seconds auth_renew_before{300};
  /// After the exchange refused a token, fetch a new one at most this often.
  std::chrono::milliseconds reauth_every{5'000};
  /// Backoff between failed reconnects (250 ms doubling to 10 s, with
  /// jitter); a connection that came up and delivered its subscriptions
  /// starts it again at the first delay.
  restart_policy_config reconnect{std::chrono::milliseconds{250},
                                  std::chrono::milliseconds{10'000},
                                  std::chrono::milliseconds{60'000}, 200'000};
  uint64_t seed = 0;
  /// Unix ms now; default: the system clock (tests inject one).
  std::function<int64_t()> unix_now_ms;
  /// Where warnings go (malformed frames, refused subscriptions); null:
  /// the component logger named `name` (actors/component_logger.hpp).
  std::shared_ptr<spdlog::logger> logger;
};

/// The gateway's typed interface plus its internal io_task (what it
/// actually spawns as; hand it out as messages::gateway_actor).
using gateway_impl_actor = messages::gateway_actor::extend<
    caf::reacts_to<io_task>, caf::reacts_to<messages::stream_check_atom>>;

/// State of the gateway actor (public for tests and status).
struct gateway_state {
  /// Connection state of the account stream.
  enum class link : uint8_t { loading, connecting, ready, backing_off };

  /// A batch sent and not yet answered (or lost and being settled).
  struct in_flight_batch {
    messages::send_batch batch;
    caf::typed_response_promise<messages::batch_reply> promise;
  };

  gateway_config cfg;
  std::unique_ptr<lighter::rest_api> rest;
  std::unique_ptr<lighter::ws_session> ws;
  link state = link::loading;
  /// Bumped per connection attempt; events of older sessions are dropped.
  uint64_t generation = 0;
  restart_policy policy;
  /// Each market's executor and grid, as its supervisor routed them.
  std::map<int32_t, messages::route_market> routes;
  std::map<uint64_t, in_flight_batch> in_flight;
  execution::batch_settler settler;
  /// The account stream's meaning: fills once, orders' ends once, gaps,
  /// who gets each event (see execution::account_events).
  std::optional<execution::account_events> events;
  /// Asks for active orders, served by account-wide reads; their promises
  /// (the coalescer keeps each ask's market).
  execution::listing_coalescer listings;
  std::map<uint64_t,
           caf::typed_response_promise<std::vector<messages::live_order>>>
      listing_askers;
  uint64_t next_listing_ask = 1;
  uint64_t next_key = 1;
  /// The node root to hold while the stream is down (see link_root_atom).
  caf::actor root;
  bool holding = false; ///< a hold "account_stream" is on
  bool connected_once = false;
  /// The cached auth token and the callers waiting for one.
  std::optional<lighter::auth_token> token;
  std::vector<std::function<void(std::optional<lighter::auth_token>)>>
      token_waiters;
  bool token_fetching = false;
  /// The exchange refused cfg.read_only_token: use the signer's tokens.
  bool read_only_refused = false;
  caf::actor_clock::time_point started_at;
  // counters
  uint64_t reconnects = 0;
  uint64_t frames = 0;
  uint64_t malformed = 0;
  uint64_t error_frames = 0;
  uint64_t batches_sent = 0;
  uint64_t batches_sent_rest = 0;
  uint64_t batches_settled = 0;
  uint64_t verdicts_unknown = 0;
  /// A batch's answer time: written to the exchange -> its answer read
  /// (the exchange's own time plus the link and our io thread's backlog).
  latency_stats tx_answer;
  uint64_t reauths = 0; ///< tokens dropped because the exchange refused them
  uint64_t recovery_failures = 0;
  uint64_t trade_pages_read = 0;
  /// Trade reads that stopped at the bound of pages (older fills unread).
  uint64_t trade_reads_cut_short = 0;
  std::chrono::steady_clock::time_point last_reauth;
  int64_t last_frame_ns = 0;
  std::string last_close_reason;

  ~gateway_state();

  static inline const char* name = "trailgrid.gateway";
};

/// The exchange gateway: one per node. Owns the account's WebSocket
/// session (private channels: orders, trades, positions, user stats; auth
/// tokens from the signer) and a REST client, both on the shared io_runner.
/// Sends a send_batch as one jsonapi/sendtxbatch frame (sendtx for a single
/// tx) and replies batch_reply with the exchange's verdict; routes account
/// events by market to the executor its supervisor registered with
/// route_market (once that executor has reconciled); answers
/// active orders (REST accountActiveOrders), the account (REST account) and
/// the signer's next_nonce (REST nextNonce).
///
/// Sending: batches come from the signer in nonce order (one per key at a
/// time) and go out over the WebSocket, or over REST while it is down. Each
/// verdict goes to the requester and, for the nonce count, to the signer. A
/// reply lost with a socket or to a timeout is settled from the exchange's
/// next nonce (execution::batch_settler), never guessed.
///
/// The account stream: every fill exactly once (by trade id), every order's
/// end once (execution::account_ledger). Any gap (reconnect, malformed
/// frame, a stall found by the periodic REST check, the process start) is
/// followed by recovery from REST: the account's recent trades, positions,
/// and a reconcile of every market's orders. While the stream is down
/// longer than stream_hold_after the root holds every market.
///
/// Disconnects: the gateway reconnects by itself (backoff on consecutive
/// failures only), so the executors' handle and the route table survive.
/// Malformed exchange frames are logged, counted and skipped.
gateway_impl_actor::behavior_type
gateway_actor_impl(gateway_impl_actor::stateful_pointer<gateway_state> self,
                   gateway_config cfg);

/// Spawns the gateway actor.
messages::gateway_actor spawn_gateway(caf::actor_system& sys,
                                      gateway_config cfg);

} // namespace trailgrid::actors
