#pragma once

// A node's admin side, started by `gridbot run`: the admin service actor
// published on [runtime] admin_bind : admin_port (mutual TLS when the
// tls_* files are set) and the Prometheus endpoint GET /metrics on
// metrics_bind : metrics_port.

#include "messages/admin.hpp"
#include "runtime/admin/admin_actor.hpp"
#include "runtime/config.hpp"
#include "runtime/expected.hpp"

#include "caf/fwd.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace trailgrid::runtime {

/// What the admin side needs from the node.
struct admin_service_config {
  runtime_config rt; ///< endpoints, TLS files, node name
  std::string token; ///< see load_admin_token()
  /// Bearer token GET /metrics demands ("" = none: loopback only, which
  /// the config enforces); see load_metrics_token().
  std::string metrics_token;
  std::string config_path;
  std::string config_text; ///< the config the node runs with
  messages::node_root_actor root;
  node_hooks hooks;
};

/// The running admin side; stops it on destruction (before the
/// actor_system goes away).
class admin_service {
public:
  /// Spawns and publishes the admin actor, starts the metrics endpoint.
  /// Fails (nothing left running) when a port cannot be bound.
  static expected<std::unique_ptr<admin_service>, std::string>
  start(caf::actor_system& sys, admin_service_config cfg);

  ~admin_service();
  admin_service(const admin_service&) = delete;
  admin_service& operator=(const admin_service&) = delete;

  /// The bound admin port (0 when off).
  uint16_t admin_port() const;
  /// The bound metrics port (0 when off).
  uint16_t metrics_port() const;
  /// The admin actor (tests talk to it directly).
  const messages::admin_actor& actor() const;

private:
  struct impl;
  explicit admin_service(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

/// "" when `text` is a valid config, else every error, one per line.
std::string validate_config_text(const std::string& text,
                                 const std::string& path);

} // namespace trailgrid::runtime
