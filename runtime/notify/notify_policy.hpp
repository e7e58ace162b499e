#pragma once

// Which events become webhook messages, and when: a filter (severity,
// kinds), deduplication (a repeat of the same kind in the same group within
// the window is counted, not sent) and a rate limit (at most N messages a
// minute; events beyond it are held and go out together as one digest as
// soon as the rate allows). Pure: time is an argument.

#include "runtime/notify/notify_event.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trailgrid::runtime {

/// The policy's settings ([notify] in the config).
struct notify_limits {
  /// A repeat of an event (same kind, same group) within this window is
  /// not sent again; the next message counts it as suppressed.
  int64_t dedupe_ms = 600'000;
  /// Messages per rolling minute; events past it wait for one digest.
  int64_t max_per_minute = 6;
  /// Events held for the digest at most; more are counted as suppressed.
  std::size_t max_held = 50;
  /// Events below this severity are not sent.
  notify_severity min_severity = notify_severity::info;
  /// Only these kinds are sent; empty: every kind.
  std::vector<std::string> kinds;
};

/// One webhook message: one event, or a digest of held ones.
struct notify_message {
  std::vector<notify_event> events;
  /// Events suppressed since the previous message (repeats within the
  /// dedupe window, and events past max_held).
  int64_t suppressed = 0;

  /// The highest severity of its events.
  notify_severity severity() const;
};

/// Decides what is sent; see the top of the file.
class notify_policy {
public:
  /// A policy that has sent nothing yet.
  explicit notify_policy(notify_limits limits = {});

  /// An event seen at `now_ms`: the message to send now, or nothing (it was
  /// filtered, is a repeat, or waits for a digest).
  std::optional<notify_message> offer(notify_event e, int64_t now_ms);

  /// The digest of held events once the rate allows (call it regularly).
  std::optional<notify_message> tick(int64_t now_ms);

  /// Everything held, now, whatever the rate (at shutdown).
  std::optional<notify_message> drain(int64_t now_ms);

  /// True when no event waits for a digest.
  bool idle() const { return held_.empty(); }

  /// Messages handed out so far.
  uint64_t messages() const { return messages_; }
  /// Repeats not sent (dedupe window).
  uint64_t duplicates() const { return duplicates_; }
  /// Events filtered out by severity or kind.
  uint64_t filtered() const { return filtered_; }

private:
  bool rate_allows(int64_t now_ms);
  notify_message take(std::vector<notify_event> events, int64_t now_ms);

  notify_limits limits_;
  std::deque<int64_t> sent_at_; ///< message times of the last minute
  /// group -> (kind, when) of the last accepted event of the group.
  std::map<std::string, std::pair<std::string, int64_t>> last_;
  std::vector<notify_event> held_;
  int64_t suppressed_ = 0;
  uint64_t messages_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t filtered_ = 0;
};

} // namespace trailgrid::runtime
