#pragma once

// The stop phases of `gridbot run`, in order: drain, order sweep, the wait
// for the account stream's recovery, the dead-man switch, stopping the
// actors, the journal, the summary. Each market cancels its own orders;
// never account-wide.

#include "runtime/node_actors.hpp"
#include "runtime/order_sweeper.hpp"
#include "runtime/run_summary.hpp"
#include "runtime/shutdown_verdict.hpp"

#include <cstdint>

namespace trailgrid::runtime {

/// Every market cancels its own orders; waits (bounded) until no executor
/// reports a live order.
void drain(node& n);

/// Asks the exchange until it lists none of our orders (bounded),
/// cancelling those it still lists.
sweep_report sweep(node& n, shutdown_facts& facts);

/// The fills of a gap in the account stream reach the journal only once
/// the gateway has read them from REST: waits (bounded) for an open
/// recovery.
void wait_for_gap(node& n, shutdown_facts& facts);

/// Disarms the dead-man switch when the verdict allows, else leaves it
/// armed; stops its actor either way.
void settle_dead_man(node& n, const shutdown_verdict& verdict);

/// The final status sample, then the root and every other actor stopped.
void stop_actors(node& n, bool root_down);

/// The journal flushed (or synced) to disk.
void flush_journal(node& n);

/// The summary from the sampler (which then stops), with the orders the
/// sweep left; printed, and written as JSON if asked.
run_summary report_summary(node& n, int64_t duration_ms,
                           const sweep_report& swept, shutdown_facts& facts);

} // namespace trailgrid::runtime
