#pragma once

// How `gridbot run` ends, decided from what the shutdown found: the exit
// code and whether the exchange's dead-man switch may be disarmed. Pure, so
// every way a node can end (signal, duration, a failed node, a lost
// gateway, a sweep that could not confirm, a gap that could not be read)
// is a unit test.

namespace trailgrid::runtime {

/// What the shutdown of a run found.
struct shutdown_facts {
  /// The run traded (not a dry run, not a signer-only node).
  bool trades = true;
  /// The node stopped on its own (its root, gateway or signer failed)
  /// rather than on a signal or --duration.
  bool node_failed = false;
  /// The exchange answered for every market and listed none of our orders
  /// (the sweep's confirmation; false when it could not be asked).
  bool confirmed_empty = false;
  /// The account stream's last gap was read from REST (or there was none).
  bool gap_read = true;
  /// The summary file asked for could be written.
  bool summary_written = true;
};

/// The exit code and the dead-man switch's fate.
struct shutdown_verdict {
  int exit_code = 0;
  /// Disarm the scheduled cancel-all only when nothing of ours rests;
  /// otherwise it stays armed and fires when its window runs out.
  bool disarm_dead_man = false;
};

/// Orders that may rest outrank every other failure (exit 3): it is what
/// an operator must act on. Then any failure (exit 1). Exit 0 means the
/// exchange confirmed nothing of ours rests and nothing else failed.
shutdown_verdict decide_shutdown(const shutdown_facts& f);

} // namespace trailgrid::runtime
