#pragma once

#include "lighter/net/tls_options.hpp"
#include "lighter/net/url.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace trailgrid::lighter::net {

class io_runner;

namespace detail {
class ws_impl;
} // namespace detail

/// Timeouts and keep-alive of a ws_client.
struct ws_options {
  /// Resolve + TCP connect + TLS handshake.
  std::chrono::milliseconds connect_timeout{10000};
  /// WebSocket upgrade handshake, and the closing handshake.
  std::chrono::milliseconds handshake_timeout{10000};
  /// Send heartbeat_text this often while open; 0 = never. Lighter drops a
  /// client that sends nothing for 2 minutes.
  std::chrono::milliseconds heartbeat_interval{30000};
  /// The application-level heartbeat frame.
  std::string heartbeat_text = R"({"type":"ping"})";
  /// WebSocket-level liveness: with nothing received for half of this, a
  /// control ping is sent; with nothing for all of it, the connection is
  /// closed (on_close). 0 = no such timeout. Pings from the server are
  /// always answered with pongs.
  std::chrono::milliseconds idle_timeout{60000};
  /// Largest incoming message accepted.
  std::size_t max_message_bytes = 16u << 20;
  std::string user_agent = "trailgrid";
};

/// What the owner hears from a ws_client. All run on the io thread, one at
/// a time; keep them short (e.g. post a message to an actor).
struct ws_callbacks {
  /// The upgrade succeeded; sends queued before it go out now.
  std::function<void()> on_open;
  /// One incoming message (text; binary ones are delivered too). The view
  /// points into the read buffer and is valid only during the call.
  std::function<void(std::string_view)> on_text;
  /// The connection is over (failed to connect, closed by either side, or
  /// broke), with a human-readable reason. Fires exactly once per
  /// connect(); this is the supervisor's reconnect hook.
  std::function<void(const std::string& reason)> on_close;
  /// Optional: frame `seq` (from send()) finished writing at `done_ns`
  /// (monotonic_ns()).
  std::function<void(std::uint64_t seq, std::int64_t done_ns)> on_sent;
};

/// Counters and timestamps of one ws_client (monotonic_ns() clock).
struct ws_stats {
  std::uint64_t frames_received = 0;
  std::uint64_t frames_sent = 0;       ///< including heartbeats
  std::uint64_t frames_dropped = 0;    ///< sent while closed or closing
  std::uint64_t pings_received = 0;    ///< WebSocket control pings
  std::uint64_t pongs_received = 0;    ///< WebSocket control pongs
  std::int64_t opened_ns = 0;          ///< upgrade completed
  std::int64_t last_receive_ns = 0;    ///< last data frame read
  std::int64_t last_write_done_ns = 0; ///< last data frame written
};

/// A WebSocket client for one connection to a ws:// or wss:// URL.
/// Threading: connect(), send(), close() and stats() may be called from any
/// thread (work is posted onto the connection's strand on the io_runner);
/// callbacks run on the io thread. Lifecycle: connect() once; the
/// connection ends exactly once with on_close; to reconnect, make a new
/// ws_client. Destroying the handle closes the connection (on_close may
/// still fire afterwards on the io thread, so the callbacks must not
/// capture anything that dies with the owner, or the owner must stop the
/// io_runner first). Destroy it before its io_runner.
class ws_client {
public:
  /// Prepares a client; nothing happens before connect(). A bad URL or TLS
  /// setup surfaces as on_close after connect().
  ws_client(io_runner& runner, url target, tls_options tls, ws_options options,
            ws_callbacks callbacks);
  /// Calls close().
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  /// Starts resolve, connect, TLS and upgrade. Only the first call counts.
  void connect();
  /// Queues a text frame; frames go out in order, one write in flight at a
  /// time. Frames sent before on_open wait for it. Returns the frame's
  /// sequence number (for on_sent); frames sent after close are dropped.
  std::uint64_t send(std::string text);
  /// Starts the closing handshake (or aborts a connect in progress);
  /// on_close follows. Idempotent.
  void close();
  /// A snapshot of the counters.
  ws_stats stats() const;
  /// Receive time of the latest frame; inside on_text, that of the frame
  /// being delivered.
  std::int64_t last_receive_ns() const noexcept;

private:
  std::shared_ptr<detail::ws_impl> impl_;
};

} // namespace trailgrid::lighter::net
