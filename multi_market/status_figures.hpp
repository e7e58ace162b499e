#pragma once

#include "messages/status.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::multi_market {

/// The first node of `tree` (itself included, depth first) called `name`;
/// nullptr when there is none.
const messages::actor_status* find_status(const messages::actor_status& tree,
                                          std::string_view name);

/// A figure of `node` as shown, or `missing` when the node has none.
std::string figure_text(const messages::actor_status& node,
                        std::string_view key, std::string_view missing = {});

/// The live orders under `tree`: the sum of the executors' live orders
/// (status_facts; the grids' where no executor reports them); nothing when
/// no node reports any.
std::optional<int64_t> live_orders(const messages::actor_status& tree);

/// The tree as indented text, one actor per line with its state and
/// figures (logs, gridctl).
std::string render_tree(const messages::actor_status& tree);

} // namespace trailgrid::multi_market
