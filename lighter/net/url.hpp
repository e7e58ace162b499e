#pragma once

#include "lighter/codec/text_encoding.hpp"
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
using query_params = form_fields;

// Percent and form encoding live with the codec's text encoding (one
// implementation for the clients, the codec and lighter-sim).
using lighter::form_decode;
using lighter::form_encode;
using lighter::percent_encode;

/// Appends encoded params to a target, with '?' or '&' as needed.
std::string append_query(std::string_view target, const query_params& params);

/// True if `host` is an IPv4 or IPv6 literal (no brackets).
bool is_ip_literal(std::string_view host) noexcept;

} // namespace trailgrid::lighter::net
