#pragma once

#include <chrono>
#include <cstdint>

namespace trailgrid::lighter::net {

/// Nanoseconds on std::chrono::steady_clock: the clock of every timestamp
/// the net layer records, so callers can subtract them from their own.
inline std::int64_t monotonic_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace trailgrid::lighter::net
