#pragma once

// What the notifier tells an operator: one critical event of a node (a
// market halted, the kill switch engaged, the signer lost, ...), as found
// by status_watch or reported by gridbot at exit. Plain data, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// How urgent an event is; messages carry the highest of their events.
enum class notify_severity : uint8_t {
  info,     ///< a problem went away (kill switch cleared, signer back)
  warning,  ///< degraded: look today
  critical, ///< trading stopped or cannot be controlled: look now
};

/// "info", "warning", "critical".
std::string_view to_string(notify_severity s);

/// Parses "info", "warning" or "critical".
std::optional<notify_severity> parse_notify_severity(std::string_view text);

/// The kinds of event, by name (config `events`, the JSON preset's "kind").
namespace notify_kind {
inline constexpr std::string_view halt = "halt";
inline constexpr std::string_view drawdown_stop = "drawdown_stop";
inline constexpr std::string_view breaker_trip = "breaker_trip";
inline constexpr std::string_view breaker_cleared = "breaker_cleared";
inline constexpr std::string_view kill_switch = "kill_switch";
inline constexpr std::string_view kill_switch_cleared = "kill_switch_cleared";
inline constexpr std::string_view signer_lost = "signer_lost";
inline constexpr std::string_view signer_back = "signer_back";
inline constexpr std::string_view stream_down = "stream_down";
inline constexpr std::string_view stream_back = "stream_back";
inline constexpr std::string_view fills_recovered = "fills_recovered";
inline constexpr std::string_view restart = "restart";
inline constexpr std::string_view orders_left = "orders_left";
inline constexpr std::string_view node_failed = "node_failed";
} // namespace notify_kind

/// Every kind above, for validating the config's `events`.
const std::string_view* notify_kinds_begin();
/// End of the kinds.
const std::string_view* notify_kinds_end();

/// One event.
struct notify_event {
  std::string kind; ///< one of notify_kind
  notify_severity severity = notify_severity::warning;
  /// What it is about: a market symbol, an actor, or the node's name.
  std::string subject;
  /// One line for a human, e.g. "BTC halted: drawdown stop (net PnL -52.10)".
  std::string text;
  /// Events of one group pair up (lost / back): the dedupe window applies
  /// to a repeat of the same kind within the group, e.g. "signer".
  std::string group;
  int64_t ts_ms = 0; ///< when it was seen, Unix ms
};

} // namespace trailgrid::runtime
