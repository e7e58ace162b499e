#pragma once

#include <chrono>
#include <optional>

namespace trailgrid::runtime {

/// Waits for SIGINT / SIGTERM synchronously (no handler runs in a random
/// thread). Construct it in main() before any other thread starts: it
/// blocks both signals in the calling thread, and threads started later
/// inherit the mask, so the signals stay pending until wait() takes them.
class shutdown_signals {
public:
  shutdown_signals();
  /// Unblocks the signals again.
  ~shutdown_signals();
  shutdown_signals(const shutdown_signals&) = delete;
  shutdown_signals& operator=(const shutdown_signals&) = delete;

  /// The signal that arrived within `timeout`, or nothing.
  std::optional<int> wait(std::chrono::milliseconds timeout);
};

} // namespace trailgrid::runtime
