#pragma once

// What gridctl prints: the deployment's actor tree (like pstree), the status
// table (one row per market) and their --json forms. Pure: input is the
// nodes' answers.

#include "messages/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::gridctl {

/// One node's answer to a status request.
struct node_reply {
  std::string node; ///< as given: "HOST:PORT"
  std::optional<messages::actor_status> tree;
  std::string error; ///< why there is no tree (unreachable, bad token, ...)
};

/// "950ms", "42s", "3m05s", "2h03m", "4d07h".
std::string format_duration(int64_t ms);

/// One actor's line without the tree prefix: name, kind, state (with
/// attempt and next retry when backing off), restarts, uptime, mailbox and
/// its key figures.
std::string actor_line(const messages::actor_status& x);

/// The whole deployment as a tree (box-drawing characters like `pstree`):
/// one subtree per node, unreachable nodes as one line with the error.
std::string render_tree(const std::vector<node_reply>& nodes);

/// One row per market of every node: NODE MARKET STATE MID ATR% SPACING
/// SOURCE ORDERS POSITION PNL VOLUME RESETS/H LAT(ms) RESTARTS; then one
/// line per unreachable node.
std::string render_status_table(const std::vector<node_reply>& nodes);

/// `tree --json`: {"nodes":[{"node":..., "ok":true, "tree":{...}} |
/// {"node":..., "ok":false, "error":"..."}]}.
std::string tree_json(const std::vector<node_reply>& nodes);

/// `status --json`: {"markets":[{"node","market","state",<figures>...}],
/// "errors":[{"node","error"}]}.
std::string status_json(const std::vector<node_reply>& nodes);

/// Every market of a tree (its market_supervisor subtrees).
std::vector<const messages::actor_status*>
find_markets(const messages::actor_status& tree);

} // namespace trailgrid::gridctl
