#pragma once

// CAF middleman setup shared by nodes and gridctl: loads the io middleman
// and caf::openssl, sets the certificate files for mutual TLS, publishes
// actors on a bind address.

#include "messages/admin.hpp"
#include "runtime/expected.hpp"

#include "caf/fwd.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace trailgrid::runtime {

/// The PEM files of one side of a mutual TLS connection (tools/make-certs).
struct tls_files {
  std::string cert; ///< this process's certificate
  std::string key;  ///< its private key
  std::string ca;   ///< the CA that signed every peer's certificate

  /// True when all three are set.
  bool enabled() const { return !cert.empty() && !key.empty() && !ca.empty(); }
};

/// Checks that the TLS files exist and are readable, and that the key is
/// not readable by group or others; "" when fine, else the problem.
std::string check_tls_files(const tls_files& tls);

/// Loads the middleman and the openssl module into `cfg` and, when
/// `tls.enabled()`, sets its certificate, key and CA (both directions then
/// check certificates). Call before constructing the actor_system.
/// Without certificates caf::openssl would fall back to anonymous,
/// unauthenticated encryption, so plain connections are used instead and
/// callers keep them on loopback.
void configure_network(caf::actor_system_config& cfg, const tls_files& tls);

/// Publishes the admin service on `bind`:`port` (TLS when `tls`); the
/// bound port.
expected<uint16_t, std::string> publish_actor(const messages::admin_actor& whom,
                                              uint16_t port,
                                              const std::string& bind,
                                              bool tls);

/// Publishes the signer's gate (signer node) the same way.
expected<uint16_t, std::string>
publish_actor(const messages::signer_gate_actor& whom, uint16_t port,
              const std::string& bind, bool tls);

/// Parses "HOST:PORT" ("[v6]:PORT" too); nothing on a bad address.
std::optional<std::pair<std::string, uint16_t>>
parse_host_port(const std::string& text);

} // namespace trailgrid::runtime
