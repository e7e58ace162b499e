#pragma once

#include "lighter/net/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trailgrid::lighter::net {

/// A parsed absolute URL of one of the schemes we speak.
struct url {
  std::string scheme;     ///< "http", "https", "ws" or "wss" (lowercase)
  std::string host;       ///< name or address; IPv6 without brackets
  std::uint16_t port = 0; ///< explicit port, or the scheme's default
  std::string target;     ///< path plus optional "?query"; at least "/"

  /// True for https and wss.
  bool tls() const noexcept { return scheme == "https" || scheme == "wss"; }
  /// True for ws and wss.
  bool websocket() const noexcept { return scheme == "ws" || scheme == "wss"; }
  /// The target's path without the query.
  std::string_view path() const noexcept;
  /// Value for the Host header: host, bracketed if IPv6, plus ":port"
  /// unless the port is the scheme's default.
  std::string host_header() const;
};

/// Parses "scheme://host[:port][/path][?query]" for http, https, ws, wss.
/// Rejects other schemes, user info, empty hosts, bad ports, whitespace and
/// control characters, with a message naming the problem. A fragment
/// ("#...") is dropped.
result<url> parse_url(std::string_view text);

/// Ordered name/value pairs for a query string or a form body.
using query_params = std::vector<std::pair<std::string, std::string>>;

/// Percent-encodes everything except RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

/// "a=1&b=x%20y": the encoding of both query strings and
/// application/x-www-form-urlencoded bodies.
std::string form_encode(const query_params& params);

/// Decodes a query string or form body ('+' is a space). Returns nothing on
/// a malformed percent escape.
std::optional<query_params> form_decode(std::string_view text);

/// Appends encoded params to a target, with '?' or '&' as needed.
std::string append_query(std::string_view target, const query_params& params);

/// True if `host` is an IPv4 or IPv6 literal (no brackets).
bool is_ip_literal(std::string_view host) noexcept;

} // namespace trailgrid::lighter::net
