#include "runtime/notify/notify_event.hpp"

#include <iterator>

namespace trailgrid::runtime {

namespace {

constexpr std::string_view all_kinds[] = {
    notify_kind::halt,
    notify_kind::drawdown_stop,
    notify_kind::breaker_trip,
    notify_kind::breaker_cleared,
    notify_kind::kill_switch,
    notify_kind::kill_switch_cleared,
    notify_kind::signer_lost,
    notify_kind::signer_back,
    notify_kind::stream_down,
    notify_kind::stream_back,
    notify_kind::fills_recovered,
    notify_kind::restart,
    notify_kind::orders_left,
    notify_kind::node_failed,
};

} // namespace

std::string_view to_string(notify_severity s) {
  switch (s) {
  case notify_severity::info:
    return "info";
  case notify_severity::warning:
    return "warning";
  case notify_severity::critical:
    return "critical";
  }
  return "?";
}

std::optional<notify_severity> parse_notify_severity(std::string_view text) {
  for (auto s : {notify_severity::info, notify_severity::warning,
                 notify_severity::critical})
    if (to_string(s) == text) return s;
  return std::nullopt;
}

const std::string_view* notify_kinds_begin() {
  return std::begin(all_kinds);
}

const std::string_view* notify_kinds_end() {
  return std::end(all_kinds);
}

} // namespace trailgrid::runtime
