#pragma once

#include "lighter/net/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace trailgrid::lighter::net {

/// Key algorithm of a generated certificate.
enum class cert_key_type { ec_p256, rsa_2048 };

/// What a self-signed certificate should say.
struct cert_request {
  std::string common_name = "localhost";
  std::vector<std::string> dns_names{"localhost"};
  std::vector<std::string> ip_addresses{"127.0.0.1"};
  cert_key_type key_type = cert_key_type::ec_p256;
  int valid_days = 30;
};

/// A certificate and its private key, PEM text.
struct pem_pair {
  std::string cert_pem;
  std::string key_pem;
};

/// Generates a key and a self-signed X.509 v3 certificate with the given
/// SANs (CA:TRUE, so a client can trust it directly via its CA file).
result<pem_pair> make_self_signed_cert(const cert_request& request = {});

/// Writes the certificate and key (mode 0600) to files. Returns nothing on
/// success, else the error.
std::optional<net_error> write_pem_files(const pem_pair& pems,
                                         const std::string& cert_path,
                                         const std::string& key_path);

} // namespace trailgrid::lighter::net
