#pragma once

#include <string>
#include <utility>
#include <variant>

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

/// Either a value or a net_error (a minimal expected<T, net_error>).
template <class T>
class result {
public:
  /// Success.
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  /// Failure.
  result(net_error err) : v_(std::in_place_index<1>, std::move(err)) {}

  /// True on success.
  bool has_value() const noexcept { return v_.index() == 0; }
  /// True on success.
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; @pre has_value() (throws std::bad_variant_access otherwise).
  T& value() & { return std::get<0>(v_); }
  /// The value; @pre has_value().
  const T& value() const& { return std::get<0>(v_); }
  /// The value, moved out; @pre has_value().
  T&& value() && { return std::get<0>(std::move(v_)); }
  /// The error; @pre !has_value().
  const net_error& error() const { return std::get<1>(v_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

private:
  std::variant<T, net_error> v_;
};

} // namespace trailgrid::lighter::net
