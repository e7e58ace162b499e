#pragma once

#include <chrono>
#include <cstdint>

namespace trailgrid::lighter::net {

/// Milliseconds since the Unix epoch on the system clock: the exchange's
/// time (order expiries, tx deadlines, trade timestamps). It may step; for
/// durations use monotonic_ns().
inline std::int64_t unix_ms() noexcept {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace trailgrid::lighter::net
