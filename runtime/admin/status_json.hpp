#pragma once

// actor_status <-> JSON, for `gridctl --json` and scripts. Field names are
// those of messages::actor_status; `state` is its snake_case name.

#include "messages/status.hpp"
#include "runtime/expected.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// The status tree as compact JSON (one object, children nested).
std::string status_to_json(const messages::actor_status& x);

/// Parses what status_to_json wrote (tests, tools reading saved output).
expected<messages::actor_status, std::string>
status_from_json(const std::string& text);

/// Parses a run_state name ("running", "backing_off", ...).
std::optional<messages::run_state> parse_run_state(std::string_view s);

} // namespace trailgrid::runtime
