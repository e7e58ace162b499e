#pragma once

#include <chrono>
#include <cstdint>

namespace trailgrid::runtime {

/// When the node's journal is made durable (fsync). Every entry reaches the
/// file (write(2)) as it is appended, so it survives kill -9 either way;
/// this decides what survives a power cut or a kernel crash.
enum class journal_sync_policy : uint8_t {
  off,         ///< never: the kernel writes back when it likes (~30 s)
  batched,     ///< at most one fsync per interval, soon after new entries
  every_entry, ///< fsync before an entry counts as written
};

/// [runtime] journal_sync and journal_sync_ms.
struct journal_sync_config {
  journal_sync_policy policy = journal_sync_policy::batched;
  /// With batched: at most this long between an entry and its fsync.
  std::chrono::milliseconds interval{200};
};

} // namespace trailgrid::runtime
