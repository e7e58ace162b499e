#pragma once

#include "messages/status.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::multi_market {

/// The first node of `tree` (itself included, depth first) called `name`;
/// nullptr when there is none.
const messages::actor_status* find_status(const messages::actor_status& tree,
                                          std::string_view name);

/// A figure of a node parsed as an integer; nothing when absent or not an
/// integer.
std::optional<int64_t> figure_int(const messages::actor_status& node,
                                  std::string_view key);

/// The live orders under `tree`: the sum of the executors' "live_orders"
/// figures (the grids' where no executor reports one); nothing when no
/// node reports any.
std::optional<int64_t> live_orders(const messages::actor_status& tree);

} // namespace trailgrid::multi_market
