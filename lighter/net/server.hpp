#pragma once

#include "lighter/net/incoming_request.hpp"
#include "lighter/net/result.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace trailgrid::lighter::net {

class io_runner;

namespace detail {
struct server_state;
} // namespace detail

/// A certificate and key for a TLS server, both PEM text.
struct server_tls {
  std::string cert_pem;
  std::string key_pem;
};

/// Where and how a server listens.
struct server_options {
  /// Local address to bind (loopback by default: this is a test server).
  std::string address = "127.0.0.1";
  /// Port to bind; 0 picks a free one (see server::port()).
  std::uint16_t port = 0;
  /// Requests to this path (query ignored) that ask for an upgrade become
  /// WebSocket sessions.
  std::string ws_path = "/stream";
  /// Serve TLS (https/wss) with this certificate; plain if empty.
  std::optional<server_tls> tls;
  /// An idle keep-alive HTTP connection is closed after this.
  std::chrono::milliseconds http_idle_timeout{30000};
  /// TLS handshake and reading one request.
  std::chrono::milliseconds request_timeout{10000};
  /// Largest request body accepted.
  std::size_t max_body_bytes = 1u << 20;
};

/// An HTTP reply produced by the handler.
struct http_reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// Answers one HTTP request; runs on the io thread, and an exception becomes
/// a 500 reply. Built from a callable of either form:
/// `(const incoming_request&) -> http_reply` (sees the headers) or
/// `(method, target with query, body) -> http_reply`; a callable offering
/// both (e.g. http_router) is called with the request.
class http_handler {
public:
  /// No handler (a server refuses to start with it).
  http_handler() = default;

  /// Wraps a callable taking the whole request.
  template <class F,
            std::enable_if_t<
                std::is_invocable_r_v<http_reply, F&, const incoming_request&>,
                int> = 0>
  http_handler(F f) {
    if (is_set(f)) fn_ = std::move(f);
  }

  /// Wraps a callable taking (method, target, body).
  template <
      class F,
      std::enable_if_t<
          !std::is_invocable_r_v<http_reply, F&, const incoming_request&> &&
              std::is_invocable_r_v<http_reply, F&, std::string_view,
                                    std::string_view, std::string_view>,
          int> = 0>
  http_handler(F f) {
    if (is_set(f))
      fn_ = [g = std::move(f)](const incoming_request& r) mutable {
        return g(r.method, r.target, r.body);
      };
  }

  /// True when a callable is set.
  explicit operator bool() const noexcept { return static_cast<bool>(fn_); }
  /// Answers `req`. @pre *this
  http_reply operator()(const incoming_request& req) const { return fn_(req); }

private:
  // An empty std::function or a null function pointer stays "no handler".
  template <class F>
  static bool is_set(const F& f) {
    if constexpr (std::is_constructible_v<bool, const F&>)
      return static_cast<bool>(f);
    else
      return true;
  }

  std::function<http_reply(const incoming_request&)> fn_;
};

/// The server's handle on one WebSocket session. Thread-safe; calls after
/// the session ended do nothing.
class ws_session {
public:
  virtual ~ws_session() = default;
  /// Unique (per server) session number, from 1.
  virtual std::uint64_t id() const noexcept = 0;
  /// The request target of the upgrade (path and query).
  virtual const std::string& target() const noexcept = 0;
  /// Queues a text frame (in order, one write in flight).
  virtual void send(std::string text) = 0;
  /// Sends a close frame with `reason` (normal closure).
  virtual void close(std::string reason = {}) = 0;
  /// Drops the TCP connection without a close frame (fault injection).
  virtual void drop() = 0;
};

/// Callbacks of WebSocket sessions; all run on the io thread.
struct ws_handlers {
  /// A session was upgraded.
  std::function<void(const std::shared_ptr<ws_session>&)> on_open;
  /// A message arrived; the view is valid only during the call.
  std::function<void(const std::shared_ptr<ws_session>&, std::string_view)>
      on_text;
  /// The session ended (fires once per opened session).
  std::function<void(const std::shared_ptr<ws_session>&,
                     const std::string& reason)>
      on_close;
};

/// An HTTP + WebSocket server (plain or TLS) for the exchange simulator and
/// tests. Runs on an io_runner; start() and stop() may be called from any
/// thread except stop() from the io thread.
class server {
public:
  /// Prepares a server; nothing is bound before start().
  server(io_runner& runner, server_options options, http_handler http,
         ws_handlers ws = {});
  /// Calls stop().
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  /// Binds, listens and starts accepting. Returns the bound port.
  result<std::uint16_t> start();
  /// The bound port (0 before start()).
  std::uint16_t port() const noexcept;
  /// Stops accepting and drops every open connection; waits (bounded) for
  /// the io thread to do it. Idempotent.
  void stop();
  /// TCP connections accepted so far (keep-alive tests count these).
  std::uint64_t accepted_connections() const noexcept;
  /// WebSocket sessions currently open.
  std::size_t open_ws_sessions() const noexcept;
  /// Connections currently open (HTTP keep-alive and WebSocket).
  std::size_t open_connections() const;

private:
  io_runner& runner_;
  std::shared_ptr<detail::server_state> state_;
};

} // namespace trailgrid::lighter::net
