#include "runtime/notify/notify_policy.hpp"

#include <algorithm>

namespace trailgrid::runtime {

notify_severity notify_message::severity() const {
  auto s = notify_severity::info;
  for (auto& e : events)
    s = std::max(s, e.severity);
  return s;
}

notify_policy::notify_policy(notify_limits limits)
    : limits_(std::move(limits)) {}

bool notify_policy::rate_allows(int64_t now_ms) {
  while (!sent_at_.empty() && now_ms - sent_at_.front() >= 60'000)
    sent_at_.pop_front();
  return static_cast<int64_t>(sent_at_.size()) <
         std::max<int64_t>(limits_.max_per_minute, 1);
}

notify_message notify_policy::take(std::vector<notify_event> events,
                                   int64_t now_ms) {
  notify_message m;
  m.events = std::move(events);
  m.suppressed = suppressed_;
  suppressed_ = 0;
  sent_at_.push_back(now_ms);
  ++messages_;
  return m;
}

std::optional<notify_message> notify_policy::offer(notify_event e,
                                                   int64_t now_ms) {
  if (e.severity < limits_.min_severity ||
      (!limits_.kinds.empty() &&
       std::find(limits_.kinds.begin(), limits_.kinds.end(), e.kind) ==
           limits_.kinds.end())) {
    ++filtered_;
    return std::nullopt;
  }
  auto group = e.group.empty() ? e.kind + ":" + e.subject : e.group;
  if (auto i = last_.find(group);
      i != last_.end() && i->second.first == e.kind &&
      now_ms - i->second.second < limits_.dedupe_ms) {
    ++duplicates_;
    ++suppressed_;
    return std::nullopt;
  }
  last_[group] = {e.kind, now_ms};
  if (!held_.empty() || !rate_allows(now_ms)) {
    if (held_.size() < limits_.max_held)
      held_.push_back(std::move(e));
    else
      ++suppressed_;
    return std::nullopt;
  }
  std::vector<notify_event> one;
  one.push_back(std::move(e));
  return take(std::move(one), now_ms);
}

std::optional<notify_message> notify_policy::tick(int64_t now_ms) {
  if (held_.empty() || !rate_allows(now_ms)) return std::nullopt;
  return drain(now_ms);
}

std::optional<notify_message> notify_policy::drain(int64_t now_ms) {
  if (held_.empty()) return std::nullopt;
  auto events = std::move(held_);
  held_.clear();
  return take(std::move(events), now_ms);
}

} // namespace trailgrid::runtime
