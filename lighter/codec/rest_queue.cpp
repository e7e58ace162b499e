#include "lighter/codec/rest_queue.hpp"

#include "lighter/codec/rest_encoder.hpp"

#include <algorithm>
#include <limits>

namespace trailgrid::lighter {

rest_lane lane_of(std::string_view path) {
  path = path.substr(0, path.find('?'));
  if (path == rest_path::send_tx || path == rest_path::send_tx_batch ||
      path == rest_path::next_nonce)
    return rest_lane::transaction;
  return rest_lane::read;
}

rest_queue::rest_queue(options opts)
    : opts_(opts), limiter_(opts.capacity, opts.window_ms) {}

int64_t rest_queue::retry_after(int64_t now_ms, int64_t cost) const {
  auto when = limiter_.when(now_ms, cost);
  return when ? *when - now_ms : 0;
}

rest_queue::decision rest_queue::submit(int64_t now_ms, uint64_t id,
                                        rest_lane l, int64_t cost) {
  decision d;
  // A read waits behind waiting transactions too; a transaction only
  // behind transactions.
  const bool ahead = l == rest_lane::transaction ? !tx_.empty() : waiting() > 0;
  if (!ahead && limiter_.try_acquire(now_ms, cost)) return d;
  if (cost > limiter_.capacity()) {
    d.kind = decision::refuse;
    d.reason = "costs " + std::to_string(cost) + ", more than the whole " +
               "budget of " + std::to_string(limiter_.capacity());
    return d;
  }
  if (waiting() >= opts_.max_queued) {
    d.kind = decision::refuse;
    d.reason = "refused, " + std::to_string(waiting()) +
               " requests already wait for the budget";
    d.retry_after_ms = retry_after(now_ms, cost);
    return d;
  }
  lane(l).push_back(entry{id, cost, now_ms});
  d.kind = decision::wait;
  return d;
}

std::vector<rest_queue::release> rest_queue::pump(int64_t now_ms) {
  std::vector<release> out;
  // Heads that waited too long fail in either lane, so a stuck transaction
  // head does not keep a timed-out read waiting.
  for (auto* q : {&tx_, &reads_}) {
    while (!q->empty() &&
           now_ms - q->front().enqueued_ms >= opts_.queue_timeout_ms) {
      const auto& head = q->front();
      out.push_back(release{head.id, false,
                            "waited " +
                                std::to_string(now_ms - head.enqueued_ms) +
                                " ms for the budget (queue timeout " +
                                std::to_string(opts_.queue_timeout_ms) + " ms)",
                            retry_after(now_ms, head.cost)});
      q->pop_front();
    }
  }
  while (auto* q = head_lane()) {
    if (!limiter_.try_acquire(now_ms, q->front().cost)) break;
    out.push_back(release{q->front().id, true, {}, 0});
    q->pop_front();
  }
  return out;
}

std::optional<int64_t> rest_queue::next_wake(int64_t now_ms) const {
  const auto* q = head_lane();
  if (q == nullptr) return std::nullopt;
  int64_t wake = std::numeric_limits<int64_t>::max();
  for (const auto* l : {&tx_, &reads_})
    if (!l->empty())
      wake = std::min(wake, l->front().enqueued_ms + opts_.queue_timeout_ms);
  if (auto fits = limiter_.when(now_ms, q->front().cost))
    wake = std::min(wake, *fits);
  return std::max(wake, now_ms);
}

void rest_queue::on_rate_limited(int64_t now_ms) {
  limiter_.on_rate_limited(now_ms);
}

} // namespace trailgrid::lighter
