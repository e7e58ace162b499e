#pragma once

#include "lighter/codec/error_classifier.hpp"
#include "lighter/codec/market.hpp"
#include "lighter/codec/signed_tx.hpp"
#include "lighter/codec/ws_messages.hpp"
#include "lighter/net/tls_options.hpp"
#include "lighter/net/ws_client.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter {

namespace net {
class io_runner;
} // namespace net

/// An auth token for private channels and its absolute expiry.
struct auth_token {
  std::string token;
  int64_t expires_unix_s = 0;
};

/// Hands out auth tokens. Called on the io thread with a completion that
/// may be invoked from any thread, once: a token, or nothing on failure
/// (the session retries later).
using auth_provider =
    std::function<void(std::function<void(std::optional<auth_token>)> done)>;

/// Tunables of a ws_session.
struct ws_session_config {
  /// "wss://host/stream" (or ws:// on loopback).
  std::string url;
  net::tls_options tls;
  /// Connect/handshake timeouts and the keep-alive frame (Lighter drops a
  /// client that sends nothing for 2 minutes; the default sends
  /// {"type":"ping"} every 30 s).
  net::ws_options ws;
  /// Decimals of every market whose frames this session decodes.
  market_table markets;
  /// A sendtx/sendtxbatch without a reply after this is answered with
  /// verdict unknown (the tx may or may not have been taken).
  std::chrono::milliseconds tx_timeout{5'000};
  /// Renew the auth token of private channels when it expires within this.
  std::chrono::seconds auth_renew_before{120};
  /// After a failed token request, ask again after this.
  std::chrono::milliseconds auth_retry{2'000};
  /// Period of the housekeeping timer (tx timeouts, token renewal).
  std::chrono::milliseconds tick{50};
  /// Prefix of request ids ("<prefix><n>").
  std::string id_prefix = "tg";
  /// Source of auth tokens; needed only for private channels.
  auth_provider auth;
  /// Unix seconds now (tests inject a clock); default: the system clock.
  std::function<int64_t()> unix_now_s;
};

/// The exchange's answer to one sendtx/sendtxbatch frame.
struct tx_result {
  /// ok when accepted; the classified error otherwise; unknown when no
  /// answer came (timeout, disconnect): the txs may or may not be queued.
  error_class cls = error_class::unknown;
  bool answered = false; ///< false: timeout or disconnect
  int64_t code = 0;
  std::string message;
  std::vector<std::string> tx_hashes; ///< in request order, when accepted
  std::string request_id;
  int64_t written_ns = 0;  ///< monotonic_ns() when the frame was written
  int64_t answered_ns = 0; ///< monotonic_ns() of the reply (or the give-up)
};

/// Completion of a transaction request: runs once, on the io thread.
using tx_callback = std::function<void(tx_result)>;

/// What the owner of a ws_session hears. Everything runs on the io thread,
/// one at a time; keep it short (e.g. post to an actor).
struct ws_session_callbacks {
  /// The server greeted us ("connected"); queued subscriptions go out.
  std::function<void()> on_ready;
  /// A decoded frame and its receive time (monotonic ns). Pings are
  /// answered and tx replies correlated before this; both still show up.
  std::function<void(const ws_message&, int64_t recv_ns)> on_message;
  /// A frame that could not be decoded (counted, skipped).
  std::function<void(std::string_view frame, const std::string& error)>
      on_malformed;
  /// The connection ended (once). Pending transactions were answered with
  /// unknown before this. Reconnecting is the owner's job: make a new
  /// ws_session.
  std::function<void(const std::string& reason)> on_close;
};

/// Counters of a ws_session.
struct ws_session_stats {
  uint64_t frames = 0;    ///< text frames received
  uint64_t malformed = 0; ///< frames that did not decode
  uint64_t pings = 0;     ///< app-level pings answered with pong
  uint64_t errors = 0;    ///< error frames
  uint64_t tx_sent = 0;   ///< sendtx/sendtxbatch frames sent
  uint64_t tx_answered = 0;
  uint64_t tx_timeouts = 0;
  uint64_t tx_unanswered_on_close = 0;
  uint64_t tx_fifo_matched = 0; ///< replies without an id, the only pending
  uint64_t tx_unmatched = 0;    ///< replies without an id, several pending
  uint64_t subscribes = 0;      ///< subscribe frames sent
  uint64_t auth_renewals = 0;   ///< tokens fetched
  uint64_t auth_failures = 0;
  int64_t last_receive_ns = 0;
  bool ready = false;
  bool closed = false;
};

/// One WebSocket connection to Lighter: subscriptions (public, and private
/// ones with an auth token that is renewed before it expires, re-subscribing
/// with the fresh token), the app-level ping/pong, transactions over the
/// socket with request ids and reply correlation (the echoed id, else
/// first-in-first-out; a timeout answers unknown), and every decoded frame
/// handed to a callback. Thread-safe; state lives on the io thread. One
/// connection per object: after on_close, make a new one.
class ws_session {
public:
  /// Prepares the session; nothing happens before connect().
  ws_session(net::io_runner& runner, ws_session_config cfg,
             ws_session_callbacks callbacks);
  /// Detaches the callbacks (none fire afterwards except pending tx
  /// completions) and closes the connection.
  ~ws_session();
  ws_session(const ws_session&) = delete;
  ws_session& operator=(const ws_session&) = delete;

  /// Connects (once).
  void connect();
  /// Subscribes to `channel` (outbound form, "order_book/1") now or when
  /// the server greeted us. `needs_auth`: send an auth token with it.
  void subscribe(std::string channel, bool needs_auth = false);
  /// Unsubscribes (and forgets) `channel`.
  void unsubscribe(std::string channel);
  /// Unsubscribe + subscribe: a fresh snapshot (order book gap, staleness).
  void resubscribe(std::string channel);
  /// Drops the current auth token (e.g. the server refused it), fetches a
  /// fresh one and re-subscribes the private channels with it.
  void renew_auth();
  /// Sends one tx as `jsonapi/sendtx`.
  void send_tx(wire_tx tx, tx_callback done);
  /// Sends 1..15 txs as one `jsonapi/sendtxbatch` frame.
  void send_tx_batch(std::vector<wire_tx> txs, tx_callback done);
  /// Closes the connection; on_close follows.
  void close();
  /// A snapshot of the counters.
  ws_session_stats stats() const;

  struct impl;

private:
  std::shared_ptr<impl> impl_;
};

} // namespace trailgrid::lighter
