#include "actors/component_logger.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::actors {

std::shared_ptr<spdlog::logger>
component_logger(std::shared_ptr<spdlog::logger> given,
                 const std::string& name) {
  if (given) return given;
  if (auto base = spdlog::default_logger()) return base->clone(name);
  return silent_logger(name);
}

std::shared_ptr<spdlog::logger> silent_logger(const std::string& name) {
  return std::make_shared<spdlog::logger>(name);
}

} // namespace trailgrid::actors
