#pragma once

// The bridge from the network io thread into an actor: io callbacks never
// touch actor state; they wrap the work in an io_task and send it to the
// actor, which runs it in its own context. Local only (never serialized).

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/send.hpp"
#include "caf/weak_intrusive_ptr.hpp"

#include <functional>
#include <utility>

namespace trailgrid::actors {

/// Work for an actor to run in its own context (sent from the io thread or
/// to itself with a delay).
struct io_task {
  std::function<void()> run;
};

/// A handle the io thread may hold without keeping the actor alive.
using weak_handle = caf::weak_actor_ptr;

/// Sends `fn` as an io_task to the actor behind `target`, if it still
/// exists (thread-safe; drops the work otherwise).
inline void post_task(const weak_handle& target, std::function<void()> fn) {
  if (auto strong = target.lock())
    caf::anon_send(caf::actor_cast<caf::actor>(strong), io_task{std::move(fn)});
}

} // namespace trailgrid::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(trailgrid::actors::io_task)
