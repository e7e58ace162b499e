#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace trailgrid::lighter::net {

/// One HTTP request as the server hands it to a handler. Every view points
/// into the server's buffers: valid only during the handler call.
struct incoming_request {
  /// "GET", "POST", ...
  std::string_view method;
  /// Path with query, e.g. "/api/v1/nextNonce?account_index=1".
  std::string_view target;
  std::string_view body;
  /// Header fields in arrival order, names as the client sent them.
  std::vector<std::pair<std::string_view, std::string_view>> headers;

  /// The value of the first header called `name` (ASCII case-insensitive,
  /// as HTTP field names are); nothing when absent.
  std::optional<std::string_view> header(std::string_view name) const;
};

} // namespace trailgrid::lighter::net
