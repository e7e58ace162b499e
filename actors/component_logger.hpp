#pragma once

// One logger per component ("gateway", "BTC/feed", "BTC/grid"): a clone of
// spdlog's default logger under the component's name, so every line goes to
// the node's sinks with its level and the pattern's %n names the component
// once. Header light: spdlog itself is included by the .cpp only.

#include <memory>
#include <string>

namespace spdlog {
class logger;
} // namespace spdlog

namespace trailgrid::actors {

/// `given` when set (tests, embedders); else spdlog's default logger cloned
/// under `name`; else (no default logger) a silent one.
std::shared_ptr<spdlog::logger>
component_logger(std::shared_ptr<spdlog::logger> given,
                 const std::string& name);

/// A logger with no sinks: for tests that want no output.
std::shared_ptr<spdlog::logger> silent_logger(const std::string& name);

} // namespace trailgrid::actors
