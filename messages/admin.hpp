#pragma once

// The admin protocol: what gridctl sends to a node's admin service (over
// CAF's middleman, TLS with certificates when configured). Every request
// carries the admin token first; a wrong one gets admin_error::bad_token.
// The service forwards to the node root (messages::node_root_actor).

#include "messages/atoms.hpp"
#include "messages/interfaces.hpp"
#include "messages/status.hpp"

#include "caf/atom.hpp"
#include "caf/fwd.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include <cstdint>
#include <string>

namespace trailgrid::messages {

/// Operator command: validate a new config, show the diff, apply it.
using reload_atom = caf::atom_constant<caf::atom("reload")>;

/// The error category of the admin service (`caf::atom("admin")`).
enum class admin_error : uint8_t {
  bad_token = 1,     ///< the request's token does not match the node's
  bad_config,        ///< reload: the new config does not validate
  stale_reload,      ///< reload: the config changed since the diff was shown
  not_supported,     ///< the node cannot do this (e.g. no root yet)
  reload_incomplete, ///< reload: a market failed to stop or start
};

/// The snake_case name of an admin error.
std::string to_string(admin_error x);

/// A caf::error of the admin category with a human-readable context.
caf::error make_error(admin_error x, std::string context);

/// The admin service of a node (published on [runtime] admin_bind :
/// admin_port). Market commands name a market by symbol; command replies
/// are one human-readable line. Errors of the node root (unknown_market,
/// ...) pass through unchanged.
using admin_actor = caf::typed_actor<
    // gridctl -> node: the node's whole actor tree (root -> signer,
    // gateway, market supervisors -> feed, atr, grid, executor).
    caf::replies_to<status_atom, std::string>::with<actor_status>,
    // gridctl -> node (token, symbol): stop quoting this market.
    caf::replies_to<pause_atom, std::string, std::string>::with<std::string>,
    // gridctl -> node (token, symbol): quote again after pause / cancel.
    caf::replies_to<resume_atom, std::string, std::string>::with<std::string>,
    // gridctl -> node (token, symbol): cancel this market's orders now.
    caf::replies_to<cancel_atom, std::string, std::string>::with<std::string>,
    // gridctl -> node (token): every market stops quoting and cancels its
    // orders; the node keeps running.
    caf::replies_to<drain_atom, std::string>::with<std::string>,
    // gridctl -> node (token): clean shutdown (drain, stop, exit).
    caf::replies_to<stop_atom, std::string>::with<std::string>,
    // gridctl -> node (token, config text or "" = re-read the node's own
    // file, confirm digest or "" = dry run): validates the config and
    // replies (diff text, digest). With the digest of that dry run it
    // applies the plan and replies (what was done, digest).
    caf::replies_to<reload_atom, std::string, std::string,
                    std::string>::with<std::string, std::string>>;

/// Signer link -> itself (delayed): try to reach the signer node again.
using relink_atom = caf::atom_constant<caf::atom("relink")>;

/// A market node's stand-in for the signer of the signer node: the node
/// root and the executors talk to it as to a signer; it forwards to the
/// remote signer while connected, monitors it, holds the node's markets
/// (hold_atom "signer") while it is unreachable and reconnects with backoff.
using signer_link_actor = signer_actor::extend<
    // gridbot -> link, once the root exists: the root to hold / release.
    caf::reacts_to<link_root_atom, node_root_actor>,
    // link -> itself (delayed): the backoff ended; `generation` drops
    // timers that a later event made stale.
    caf::reacts_to<relink_atom, uint64_t>>;

} // namespace trailgrid::messages
