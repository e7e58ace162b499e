#pragma once

// The life of a `gridbot run` node inside its actor system: the start
// phases that spawn its actors (runtime/node_actors.hpp), the run until a
// signal, --duration or the root's failure, then the stop phases
// (runtime/node_stop.hpp).

#include "runtime/node_start.hpp"

namespace trailgrid::runtime {

class shutdown_signals;

/// Starts, runs and stops the node; the exit code of `gridbot run`.
int run_node(shutdown_signals& signals, lighter::net::io_runner& runner,
             const node_inputs& in, node_books& books);

} // namespace trailgrid::runtime
