#pragma once

// Private to lighter_net: builds Asio SSL contexts. Includes Boost.Asio SSL,
// so it must not be included from a public header.

#include "lighter/net/result.hpp"
#include "lighter/net/tls_options.hpp"
#include "lighter/net/url.hpp"

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

namespace trailgrid::lighter::net::detail {

/// A client context per `options`: TLS >= 1.2, peer verification on unless
/// insecure_skip_verify, trust = ca_file or the system default paths.
result<std::shared_ptr<boost::asio::ssl::context>>
make_client_tls_context(const tls_options& options);

/// A server context from a PEM certificate (chain) and PEM private key.
result<std::shared_ptr<boost::asio::ssl::context>>
make_server_tls_context(const std::string& cert_pem,
                        const std::string& key_pem);

/// The name a client sends as SNI and verifies: server_name or the host.
std::string tls_peer_name(const url& target, const tls_options& options);

/// Text for a failed TLS handshake on `ssl`, with OpenSSL's verify result
/// ("certificate verify failed (self-signed certificate)").
std::string tls_failure_text(SSL* ssl, const std::string& ec_message);

} // namespace trailgrid::lighter::net::detail
