#pragma once

#include "base/expected.hpp"

#include <string>

namespace trailgrid::lighter::net {

/// What kind of failure a network call ran into (the message has details).
enum class net_errc {
  invalid_argument, ///< bad URL, option or input; nothing was sent
  resolve,          ///< DNS lookup failed
  connect,          ///< TCP connect failed
  tls,              ///< TLS setup or handshake failed (e.g. verify failed)
  timeout,          ///< a configured deadline passed
  io,               ///< read/write failed on an established connection
  closed,           ///< the peer or we closed the connection
  protocol,         ///< malformed HTTP/WebSocket data
  cancelled,        ///< the client was shut down before completion
};

/// Short lowercase name of an error kind, for messages and logs.
const char* to_string(net_errc code) noexcept;

/// An error value: a kind for decisions and a message for humans.
struct net_error {
  net_errc code = net_errc::io;
  std::string message;
};

/// Either a value or a net_error.
template <class T>
using result = expected<T, net_error>;

} // namespace trailgrid::lighter::net
