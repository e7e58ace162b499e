#pragma once

// Millisecond time for actors that drive pure strategy code: the actor's own
// clock (steady live, virtual under the test coordinator), optionally shifted
// to Unix time.

#include "caf/actor_clock.hpp"

#include <chrono>
#include <cstdint>

namespace trailgrid::actors {

/// Milliseconds of an actor clock time point since the clock's epoch.
inline int64_t clock_ms(caf::actor_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
      .count();
}

/// What to add to clock_ms(now) to get Unix milliseconds, measured now from
/// the system clock. Measured once per actor start: the actor clock is
/// monotone, so times derived from it never go backwards.
inline int64_t unix_offset_ms(caf::actor_clock::time_point now) {
  auto unix_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return unix_now - clock_ms(now);
}

} // namespace trailgrid::actors
