#pragma once

#include "lighter/net/result.hpp"
#include "lighter/net/tls_options.hpp"
#include "lighter/net/url.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace trailgrid::lighter::net {

class io_runner;

namespace detail {
class http_conn_base;
} // namespace detail

/// Timeouts and fixed headers of an https_client.
struct http_options {
  /// Resolve + TCP connect + TLS handshake.
  std::chrono::milliseconds connect_timeout{5000};
  /// Writing the request plus reading the whole response.
  std::chrono::milliseconds request_timeout{10000};
  /// Largest response body accepted.
  std::size_t max_body_bytes = 64u << 20;
  std::string user_agent = "trailgrid";
  /// Sent with every request (e.g. {"Authorization", token}).
  query_params headers;
};

/// One HTTP request, relative to the client's base URL.
struct http_request {
  /// "GET" or "POST" (other verbs work too).
  std::string method = "GET";
  /// Path (plus optional query), appended to the base URL's path.
  std::string target = "/";
  /// Added to the query string, encoded.
  query_params query;
  /// Request body; empty for GET.
  std::string body;
  /// Content-Type of the body (only sent if the body is not empty).
  std::string content_type;
  /// Extra headers for this request only.
  query_params headers;
};

/// What came back: any HTTP status counts as a response, not an error.
struct http_response {
  int status = 0;
  std::string body;
};

/// A keep-alive HTTP/1.1 client for one origin (plain for http://, TLS for
/// https://). Requests are queued and sent one at a time on a single
/// connection, which is reused until the server closes it; a connection
/// found closed while idle is replaced before sending, and a GET that hit a
/// connection closed under it is retried once (a POST is not resent once
/// written). Thread-safe: call from any thread. Completion callbacks run on
/// the runner's io thread; keep them short (e.g. post a message to an
/// actor). Destroy the client before its io_runner.
class https_client {
public:
  /// Completion of one request, called exactly once on the io thread
  /// (unless the io_runner is stopped first).
  using callback = std::function<void(result<http_response>)>;

  /// A client for `base` (scheme, host, port and a path prefix; its query
  /// is ignored). Connects lazily, on the first request.
  https_client(io_runner& runner, url base, tls_options tls = {},
               http_options options = {});
  /// Shuts the connection down; queued requests complete with
  /// net_errc::cancelled.
  ~https_client();
  https_client(const https_client&) = delete;
  https_client& operator=(const https_client&) = delete;

  /// Queues a request; `done` gets the response or the error.
  void async_request(http_request request, callback done);
  /// GET `target` with `query`.
  void async_get(std::string target, query_params query, callback done);
  /// POST `form` as application/x-www-form-urlencoded.
  void async_post_form(std::string target, const query_params& form,
                       callback done);

  /// Blocking request, for tools and tests. Must not be called on the io
  /// thread (returns net_errc::invalid_argument there).
  result<http_response> request(http_request request);
  /// Blocking GET.
  result<http_response> get(std::string target, query_params query = {});
  /// Blocking form POST.
  result<http_response> post_form(std::string target, const query_params& form);

  /// TCP connections opened so far (1 while keep-alive reuse works).
  std::uint64_t connections_opened() const noexcept;
  /// The base URL.
  const url& base() const noexcept { return base_; }

private:
  io_runner& runner_;
  url base_;
  http_options options_;
  std::shared_ptr<detail::http_conn_base> conn_;
};

} // namespace trailgrid::lighter::net
