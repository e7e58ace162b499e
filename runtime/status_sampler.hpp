#pragma once

#include "messages/interfaces.hpp"
#include "runtime/run_summary.hpp"

#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/typed_actor.hpp"

#include <chrono>
#include <cstdint>

// Sent between local actors only (the summary at the end of a run).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(trailgrid::runtime::run_summary)

namespace trailgrid::runtime {

/// Atoms of the status sampler.
using sample_atom = caf::atom_constant<caf::atom("ss_sample")>;
using halt_atom = caf::atom_constant<caf::atom("ss_halt")>;
using summary_atom = caf::atom_constant<caf::atom("ss_summary")>;

/// Samples the node root's status on its own timer for the run summary and
/// the --status-every lines; the summary is asked of it at the end.
using status_sampler_actor = caf::typed_actor<
    // itself (delayed, every `every`): ask the root for its status.
    caf::reacts_to<sample_atom>,
    // gridbot (shutdown) -> sampler: a sample taken elsewhere (the drain's,
    // the final status).
    caf::reacts_to<messages::actor_status>,
    // gridbot (shutdown) -> sampler: stop sampling and printing on the
    // timer; samples sent to it still count.
    caf::reacts_to<halt_atom>,
    // gridbot -> sampler: the summary from the last sample (duration ms,
    // dry run).
    caf::replies_to<summary_atom, int64_t, bool>::with<run_summary>>;

/// Spawn arguments of the status sampler.
struct status_sampler_config {
  messages::node_root_actor root;
  /// With every market added (summary_tracker::add_market).
  summary_tracker tracker;
  /// How often the root's status is sampled.
  std::chrono::milliseconds every{1'000};
  /// Print one status line per market this often (0 = never).
  int64_t status_every_s = 0;
};

/// State of the status sampler.
struct status_sampler_state {
  status_sampler_config cfg;
  std::chrono::steady_clock::time_point next_status;
  bool pending = false; ///< a status request is out
  bool halted = false;

  static inline const char* name = "trailgrid.status_sampler";
};

/// Samples the root every `every` (the first one `every` after the
/// spawn), feeds the samples to the summary tracker and prints the status
/// lines every `status_every_s` (the first ones max(status_every_s, 1) s
/// after the spawn).
status_sampler_actor::behavior_type status_sampler_impl(
    status_sampler_actor::stateful_pointer<status_sampler_state> self,
    status_sampler_config cfg);

} // namespace trailgrid::runtime
