#pragma once

#include "caf/fwd.hpp"

namespace trailgrid::messages {

/// Registers every trailgrid message type and the trailgrid error category
/// with an actor system config. Every process calls it (in its config's
/// constructor) so messages can cross nodes.
void register_types(caf::actor_system_config& cfg);

} // namespace trailgrid::messages
