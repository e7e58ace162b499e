#pragma once

// Private to lighter_net: Boost.Beast includes, aliases and helpers shared by
// the (few) translation units that use Beast. Beast is slow to compile;
// never include this from a public header.

#include "lighter/net/detail/tls_context.hpp"
#include "lighter/net/result.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp> // beast/core.hpp does not include it
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <type_traits>

namespace trailgrid::lighter::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using error_code = beast::error_code;

/// The strand type every connection serialises its handlers on.
using strand_t = asio::strand<asio::io_context::executor_type>;
/// Plain TCP stream with timeouts.
using plain_stream = beast::tcp_stream;
/// TLS over a TCP stream with timeouts.
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

/// True for the TLS stream type.
template <class Stream>
inline constexpr bool is_tls_v = std::is_same_v<Stream, tls_stream>;

/// True for errors that mean "the peer closed or reset the connection".
inline bool is_disconnect(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == ssl::error::stream_truncated ||
         ec == websocket::error::closed;
}

/// Maps an error code to our error kind.
inline net_errc classify(const error_code& ec) {
  if (ec == beast::error::timeout) return net_errc::timeout;
  if (ec == asio::error::operation_aborted) return net_errc::cancelled;
  if (is_disconnect(ec)) return net_errc::closed;
  if (ec.category() == asio::error::get_ssl_category() ||
      ec.category() == ssl::error::get_stream_category())
    return net_errc::tls;
  std::string_view category = ec.category().name();
  if (category == "beast.http" || category == "boost.beast.websocket")
    return net_errc::protocol;
  return net_errc::io;
}

/// Sets SNI (not for IP literals, as RFC 6066 asks) and, unless verification
/// is switched off, the host name check, on a client TLS stream.
inline void setup_client_tls(tls_stream& stream, const std::string& name,
                             const tls_options& options) {
  if (!is_ip_literal(name))
    SSL_set_tlsext_host_name(stream.native_handle(), name.c_str());
  if (!options.insecure_skip_verify) {
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(name));
  }
}

/// Converts our millisecond options to Asio durations, 0 meaning "never".
inline std::chrono::steady_clock::duration
or_none(std::chrono::milliseconds ms) {
  return ms.count() > 0 ? std::chrono::steady_clock::duration(ms)
                        : std::chrono::steady_clock::duration::max();
}

} // namespace trailgrid::lighter::net::detail
