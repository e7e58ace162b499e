#pragma once

// The admin service actor: checks the token of every gridctl request and
// forwards it to the node root (see messages::admin_actor).

#include "messages/admin.hpp"

#include "caf/fwd.hpp"

#include <chrono>
#include <functional>
#include <string>

namespace trailgrid::runtime {

/// What the admin service does to the node beyond messages to its root.
struct node_hooks {
  /// `gridctl stop`: the node's own clean shutdown (drain, sweep, stop),
  /// the same as SIGTERM. When empty, the root is sent stop_atom.
  std::function<void()> request_stop;
  /// Reload: hands the new config text to the node's market builder before
  /// any market is (re)started, so markets are built from the new file
  /// ([defaults] included) and added by symbol alone. Without it, markets
  /// are added with their new [[market]] keys over the old [defaults].
  std::function<void(const std::string& text)> adopt_config;
};

/// Spawn arguments of the admin service actor.
struct admin_actor_config {
  std::string token; ///< the node's admin token
  messages::node_root_actor root;
  /// The node's config file (reload re-reads it when gridctl sends none).
  std::string config_path;
  /// The config text the node runs with (reload diffs against it).
  std::string config_text;
  /// Validates a new config text; "" when it is valid, else every error.
  std::function<std::string(const std::string& text)> validate;
  /// The node's role ("all-in-one", "signer", "market"), added to the
  /// root's status figures so gridctl can order a stop.
  std::string role = "all-in-one";
  node_hooks hooks;
  /// How long the root may take to answer.
  std::chrono::milliseconds timeout{10'000};
};

/// State of the admin actor (public for tests).
struct admin_actor_state {
  admin_actor_config cfg;
  uint64_t requests = 0;
  uint64_t bad_tokens = 0;
  static inline const char* name = "trailgrid.admin";
};

/// The admin actor.
messages::admin_actor::behavior_type admin_actor_impl(
    messages::admin_actor::stateful_pointer<admin_actor_state> self,
    admin_actor_config cfg);

} // namespace trailgrid::runtime
