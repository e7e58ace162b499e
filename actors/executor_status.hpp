#pragma once

#include "actors/executor_actor.hpp"
#include "messages/status.hpp"

#include <cstddef>

namespace trailgrid::actors {

/// The executor's status: live orders, the reset in flight and the one
/// waiting, fill-to-wire latency of resets (last, median, p99 in
/// microseconds), resets done, batches sent, rejects by verdict, nonce
/// errors, and why it halted if it did.
messages::actor_status executor_status(const executor_state& st,
                                       caf::actor_clock::time_point now,
                                       size_t mailbox_size);

} // namespace trailgrid::actors
