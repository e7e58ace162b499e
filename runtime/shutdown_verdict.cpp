#include "runtime/shutdown_verdict.hpp"

#include "runtime/commands.hpp"

namespace trailgrid::runtime {

shutdown_verdict decide_shutdown(const shutdown_facts& f) {
  shutdown_verdict v;
  const bool nothing_rests = !f.trades || f.confirmed_empty;
  v.disarm_dead_man = nothing_rests;
  if (!nothing_rests)
    v.exit_code = exit_orders_left;
  else if (f.node_failed || !f.gap_read || !f.summary_written)
    v.exit_code = exit_failure;
  else
    v.exit_code = exit_ok;
  return v;
}

} // namespace trailgrid::runtime
