#pragma once

#include "lighter/net/server.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter::net {

/// Dispatches server requests by method and exact path (query ignored) to
/// route handlers; usable as a server's http_handler. Unknown paths get
/// 404, known paths with another method 405 (JSON bodies in Lighter's
/// {"code","message"} shape). Add all routes before handing a copy of it to
/// a server.
class http_router {
public:
  /// Handles one route: (target with query, body) -> reply.
  using route_handler =
      std::function<http_reply(std::string_view target, std::string_view body)>;
  /// Handles one route seeing the whole request (headers included).
  using request_route_handler =
      std::function<http_reply(const incoming_request& req)>;

  /// Routes `method` (e.g. "GET") on `path` (e.g. "/api/v1/nonce") to
  /// `handler`; a later add for the same pair replaces the earlier one.
  http_router& add(std::string method, std::string path, route_handler handler);
  /// The same for a handler that needs the headers.
  http_router& add(std::string method, std::string path,
                   request_route_handler handler);

  /// Answers a request (the http_handler signature).
  http_reply operator()(const incoming_request& req) const;
  /// Answers a request given without headers.
  http_reply operator()(std::string_view method, std::string_view target,
                        std::string_view body) const;

private:
  struct route {
    std::string method;
    std::string path;
    request_route_handler handler;
  };
  std::vector<route> routes_;
};

} // namespace trailgrid::lighter::net
