#include "lighter/net/detail/tls_context.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <fstream>

namespace trailgrid::lighter::net::detail {

namespace ssl = boost::asio::ssl;

result<std::shared_ptr<ssl::context>>
make_client_tls_context(const tls_options& options) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  if (options.insecure_skip_verify) {
    ctx->set_verify_mode(ssl::verify_none);
    return ctx;
  }
  boost::system::error_code ec;
  ctx->set_verify_mode(ssl::verify_peer, ec);
  if (options.ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec)
      return net_error{net_errc::tls,
                       "cannot load the system trust store: " + ec.message()};
  } else {
    if (!std::ifstream(options.ca_file))
      return net_error{net_errc::invalid_argument,
                       "cannot read CA file '" + options.ca_file + "'"};
    ctx->load_verify_file(options.ca_file, ec);
    if (ec)
      return net_error{net_errc::tls, "cannot load CA file '" +
                                          options.ca_file +
                                          "': " + ec.message()};
  }
  return ctx;
}

result<std::shared_ptr<ssl::context>>
make_server_tls_context(const std::string& cert_pem,
                        const std::string& key_pem) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->use_certificate_chain(
      boost::asio::buffer(cert_pem.data(), cert_pem.size()), ec);
  if (ec)
    return net_error{net_errc::tls,
                     "bad server certificate PEM: " + ec.message()};
  ctx->use_private_key(boost::asio::buffer(key_pem.data(), key_pem.size()),
                       ssl::context::pem, ec);
  if (ec)
    return net_error{net_errc::tls, "bad server key PEM: " + ec.message()};
  return ctx;
}

std::string tls_peer_name(const url& target, const tls_options& options) {
  return options.server_name.empty() ? target.host : options.server_name;
}

std::string tls_failure_text(SSL* ssl, const std::string& ec_message) {
  std::string out = ec_message;
  long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
  if (verify != X509_V_OK)
    out += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
  return out;
}

} // namespace trailgrid::lighter::net::detail
