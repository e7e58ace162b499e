#pragma once

#include <string>

namespace trailgrid::lighter::net {

/// How a client verifies the server in TLS (https, wss). The default is
/// safe: verify the chain against the system trust store and check that the
/// certificate names the host we connect to.
struct tls_options {
  /// PEM file with extra trusted certificates (e.g. the simulator's
  /// self-signed cert). Empty: use the system's default verify paths.
  std::string ca_file;
  /// Name to send as SNI and to verify the certificate against. Empty: the
  /// URL's host (SNI is skipped for IP literals, which are matched against
  /// IP SANs).
  std::string server_name;
  /// DANGEROUS: accept any certificate for any name. Only for throwaway
  /// local experiments; never set it for a real exchange connection.
  bool insecure_skip_verify = false;
};

} // namespace trailgrid::lighter::net
