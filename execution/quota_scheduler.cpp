#include "execution/quota_scheduler.hpp"

#include <algorithm>

namespace trailgrid::execution {

quota_scheduler::quota_scheduler(quota_scheduler_options opts) : opts_(opts) {}

uint64_t quota_scheduler::enqueue(int market, int64_t cost, bool urgent,
                                  int64_t now_ms) {
  const uint64_t ticket = next_ticket_++;
  auto& q = markets_[market];
  q.requests.push_back(
      entry{ticket, std::max<int64_t>(cost, 0), urgent, now_ms});
  if (urgent) ++q.urgent;
  tickets_.emplace(ticket, market);
  return ticket;
}

bool quota_scheduler::cancel(uint64_t ticket) {
  auto t = tickets_.find(ticket);
  if (t == tickets_.end()) return false;
  auto m = markets_.find(t->second);
  tickets_.erase(t);
  auto& reqs = m->second.requests;
  auto e = std::find_if(reqs.begin(), reqs.end(), [ticket](const entry& x) {
    return x.ticket == ticket;
  });
  if (e->urgent) --m->second.urgent;
  reqs.erase(e);
  if (reqs.empty()) markets_.erase(m);
  return true;
}

std::size_t quota_scheduler::waiting(int market) const {
  auto m = markets_.find(market);
  return m == markets_.end() ? 0 : m->second.requests.size();
}

bool quota_scheduler::is_urgent(const market_queue& q, int64_t now_ms) const {
  return q.urgent > 0 ||
         now_ms - q.requests.front().enqueued_ms >= opts_.aging_ms;
}

std::optional<int> quota_scheduler::pick(int64_t now_ms) const {
  if (markets_.empty()) return std::nullopt;
  bool any_urgent = false;
  for (const auto& [id, q] : markets_)
    if (is_urgent(q, now_ms)) {
      any_urgent = true;
      break;
    }
  auto in_class = [&](const market_queue& q) {
    return !any_urgent || is_urgent(q, now_ms);
  };
  // Round robin: the first market of the class after the last served,
  // wrapping around to the lowest id.
  auto start =
      last_served_ ? markets_.upper_bound(*last_served_) : markets_.begin();
  for (auto it = start; it != markets_.end(); ++it)
    if (in_class(it->second)) return it->first;
  for (auto it = markets_.begin(); it != start; ++it)
    if (in_class(it->second)) return it->first;
  return std::nullopt; // not reached: the class is never empty
}

quota_scheduler::entry quota_scheduler::pop(int market) {
  auto m = markets_.find(market);
  entry e = m->second.requests.front();
  m->second.requests.pop_front();
  if (e.urgent) --m->second.urgent;
  if (m->second.requests.empty()) markets_.erase(m);
  tickets_.erase(e.ticket);
  return e;
}

std::vector<quota_grant> quota_scheduler::dispatch(quota_governor& gov,
                                                   int64_t now_ms) {
  std::vector<quota_grant> out;
  while (auto market = pick(now_ms)) {
    const entry& head = markets_.at(*market).requests.front();
    if (head.cost > gov.max_cost()) {
      // Never fits: report it rather than block every market behind it.
      auto e = pop(*market);
      out.push_back(quota_grant{e.ticket, *market, e.cost, false});
      continue;
    }
    if (!gov.try_take(head.cost, now_ms)) break;
    auto e = pop(*market);
    last_served_ = *market;
    out.push_back(quota_grant{e.ticket, *market, e.cost, true});
  }
  return out;
}

std::optional<int64_t> quota_scheduler::next_wait_ms(const quota_governor& gov,
                                                     int64_t now_ms) const {
  auto market = pick(now_ms);
  if (!market) return std::nullopt;
  auto wait = gov.wait_ms(markets_.at(*market).requests.front().cost, now_ms);
  return wait ? *wait : 0; // too large: dispatch() reports it at once
}

} // namespace trailgrid::execution
