#pragma once

// The start phases of `gridbot run` inside the actor system: signer and
// gateway, startup reconciliation, the journal actor, the node root with
// its markets, the admin services, the dead-man switch, the status
// sampler. They fill in a `node`, which the run and stop phases use.

#include "runtime/dead_man_switch.hpp"
#include "runtime/node_start.hpp"
#include "runtime/status_sampler.hpp"

#include "messages/interfaces.hpp"

#include "caf/actor.hpp"
#include "caf/fwd.hpp"

#include <memory>
#include <string>
#include <vector>

namespace trailgrid::runtime {

class node_services;
class shared_text;

/// The actors a node runs, spawned by the start phases.
struct node_actors {
  messages::signer_actor signer;
  messages::gateway_actor gateway; ///< none on a signer node
  messages::journal_actor journal;
  messages::node_root_actor root;
  dead_man_actor dead_man; ///< live trading with a dead-man switch only
  status_sampler_actor sampler;
  /// Spawned here, stopped at the end (after the root).
  std::vector<caf::actor> to_stop;
  /// The config markets are built from: gridctl reload replaces it.
  std::shared_ptr<shared_text> current_config;
};

/// A running node: what it was started from and what it runs.
struct node {
  caf::scoped_actor& self;
  /// Market data, REST reads and the rest of the exchange's traffic.
  lighter::net::io_runner& runner;
  /// The gateway's own io thread (the account stream and every
  /// transaction): at 100 markets the market-data thread is busy enough
  /// that a batch's answer waited behind book frames.
  lighter::net::io_runner& account_runner;
  const node_inputs& in;
  node_books& books;
  node_services& services;
  node_actors actors;
};

/// Kills every actor of `to_stop` (a start phase failed).
void kill_all(node& n);

/// Signer and gateway first: startup reconciliation needs the account. A
/// signer node runs no gateway (it trades nothing); in a dry run the paper
/// gateway also answers the signer's nonce questions.
std::optional<std::string> spawn_signer_and_gateway(node& n);

/// Books the fills the journal missed and takes the exchange's positions.
void reconcile_with_exchange(node& n);

/// The journal actor: it owns the writer from now on.
void spawn_journal(node& n);

/// The node root with its markets (and their status poller), monitored by
/// the scoped actor and linked to the gateway and the journal actor.
void spawn_root(node& n);

/// The admin services (gridctl stop and reload tied to the node).
std::optional<std::string> start_admin(node& n);

/// The dead-man switch (live trading with [runtime] dead_man_switch_s).
void arm_dead_man(node& n);

/// The status sampler of the run summary and the --status-every lines.
void spawn_sampler(node& n);

} // namespace trailgrid::runtime
