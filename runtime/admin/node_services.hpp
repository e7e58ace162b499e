#pragma once

// Everything a node runs around its root for the admin side and the node
// roles, in the order `gridbot run` calls it:
//
//   node_services::configure(cfg, c.runtime);   // before the actor_system
//   caf::actor_system sys{cfg};
//   node_services svc{sys, c, config_text};
//   signer = svc.remote_signer();                // market node: the link
//   svc.publish(signer);                         // signer node: its own
//   auto root = spawn_node_root(sys, root_cfg);
//   if (auto err = svc.start(root, hooks); !err.empty()) fail(err);
//
// Roles ([runtime] role): all-in-one runs its own signer; a signer node
// publishes a gate to its signer on signer_bind : signer_port (TLS with the
// tls_* files), which admits peers with the signer token and limits each
// to the keys and markets of [runtime] signer_peer_*; a market node holds
// no key and reaches the signer node through a signer link, which holds
// its markets while the signer is unreachable.

#include "actors/signer_actor.hpp"
#include "messages/admin.hpp"
#include "runtime/admin/admin_actor.hpp"
#include "runtime/config.hpp"
#include "runtime/notify/notifier.hpp"

#include "caf/fwd.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

class admin_service;
class notifier;

/// The admin service, signer publication and signer link of one node.
class node_services {
public:
  /// Loads the middleman (and caf::openssl with the node's certificate when
  /// the tls_* files are set) into `cfg`. Call before the actor_system.
  static void configure(caf::actor_system_config& cfg,
                        const runtime_config& rt);

  /// Checks the TLS files; spawns the signer link on a market node.
  node_services(caf::actor_system& sys, const config& c,
                std::string config_text);
  ~node_services();
  node_services(const node_services&) = delete;
  node_services& operator=(const node_services&) = delete;

  /// A problem found by the constructor ("" when none); start() fails with
  /// it too.
  const std::string& problem() const { return problem_; }

  /// Market node: the signer link, to pass as node_root_config::signer.
  /// Other roles: an invalid handle (the root spawns its own signer).
  messages::signer_actor remote_signer() const;

  /// Signer node: the signer start() publishes. Other roles: ignored.
  void publish(messages::signer_actor signer);

  /// After the root exists: points the signer link at it, publishes the
  /// signer (signer node), loads the admin token (creating its file when
  /// missing) and starts the admin service and the metrics endpoint.
  /// `hooks` tie gridctl stop and reload to the node (see node_hooks).
  /// Returns "" or the reason the node cannot run.
  std::string start(messages::node_root_actor root, node_hooks hooks = {});

  /// At exit: tells the notifier (when [notify] is on) how the node ended:
  /// `exit_code` 1 is a failed node, 3 (or a non-empty `orders_left`, the
  /// orders of ours that may still rest on the exchange) orders left. Waits at
  /// most 5 s for every message to be delivered or given up.
  void notify_exit(int exit_code, const std::vector<std::string>& orders_left);

  /// The running admin service (nullptr before start() or when off).
  admin_service* admin() const { return admin_.get(); }

  /// Counted by the signer's gate; give them to the signer (its status).
  std::shared_ptr<actors::signer_peer_counters> peer_counters() const {
    return peer_counters_;
  }

  /// The port the signer was published on (signer node; 0 otherwise).
  uint16_t signer_port() const { return signer_port_; }

private:
  caf::actor_system& sys_;
  config cfg_;
  std::string config_text_;
  std::string problem_;
  messages::signer_link_actor link_;
  messages::signer_actor published_;
  messages::signer_gate_actor gate_;
  std::string signer_token_;
  std::shared_ptr<actors::signer_peer_counters> peer_counters_ =
      std::make_shared<actors::signer_peer_counters>();
  uint16_t signer_port_ = 0;
  std::unique_ptr<admin_service> admin_;
  std::optional<webhook_target> webhook_;
  std::unique_ptr<notifier> notifier_;
};

} // namespace trailgrid::runtime
