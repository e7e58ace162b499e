#include "lighter/client/rest_gate.hpp"

#include "lighter/codec/rate_limiter.hpp"
#include "lighter/codec/rest_queue.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/monotonic.hpp"

#include <boost/asio/steady_timer.hpp>

#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace trailgrid::lighter {

namespace {

int64_t steady_ms() {
  return net::monotonic_ns() / 1'000'000;
}

rest_queue::options queue_options(const rest_gate_options& o) {
  rest_queue::options q;
  q.capacity = o.per_minute.value_or(requests_per_minute(o.tier));
  q.window_ms = 60'000;
  q.max_queued = o.max_queued;
  q.queue_timeout_ms = o.queue_timeout.count();
  return q;
}

rest_error throttled(std::string_view path, std::string reason,
                     int64_t retry_after_ms) {
  rest_error e;
  e.kind = rest_failure::throttled;
  e.cls = error_class::retry_later;
  e.retry_after_ms = retry_after_ms;
  e.message =
      "client rate limit: " + std::string(path) + " " + std::move(reason);
  return e;
}

} // namespace

struct rest_gate::impl {
  impl(net::io_runner& r, rest_gate_options o)
      : runner(r), opts(o), queue(queue_options(o)), timer(r.context()) {}

  struct waiter {
    std::string path;
    send_fn send;
    fail_fn fail;
  };

  net::io_runner& runner;
  rest_gate_options opts;
  mutable std::mutex mu; // everything below
  rest_queue queue;
  std::unordered_map<uint64_t, waiter> waiters;
  uint64_t next_id = 1;
  boost::asio::steady_timer timer;
  std::optional<int64_t> armed_for; ///< when the timer fires, if armed
  rest_gate_stats st;

  /// Runs the queue's decisions: sends under mu, failures posted.
  void apply(std::vector<rest_queue::release> released) {
    for (auto& r : released) {
      auto it = waiters.find(r.id);
      if (it == waiters.end()) continue;
      auto w = std::move(it->second);
      waiters.erase(it);
      if (r.sent) {
        ++st.sent;
        w.send();
      } else {
        ++st.throttled;
        runner.post([fail = std::move(w.fail),
                     e = throttled(w.path, std::move(r.reason),
                                   r.retry_after_ms)]() mutable {
          fail(std::move(e));
        });
      }
    }
  }

  /// Sets the timer for the queue's next wake, if earlier than armed.
  void arm(const std::weak_ptr<rest_gate>& weak, int64_t now) {
    auto wake = queue.next_wake(now);
    if (!wake || (armed_for && *armed_for <= *wake)) return;
    armed_for = *wake;
    timer.expires_after(std::chrono::milliseconds(*wake - now));
    timer.async_wait([weak](const boost::system::error_code& ec) {
      if (ec) return; // re-armed earlier, or the gate is going away
      if (auto self = weak.lock()) self->pump();
    });
  }
};

std::shared_ptr<rest_gate> rest_gate::create(net::io_runner& runner,
                                             rest_gate_options opts) {
  return std::shared_ptr<rest_gate>(
      new rest_gate(std::make_unique<impl>(runner, opts)));
}

rest_gate::rest_gate(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

rest_gate::~rest_gate() {
  // Every request completes once: the ones still waiting fail.
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (auto& [id, w] : impl_->waiters)
    impl_->runner.post([fail = std::move(w.fail), path = w.path]() mutable {
      fail(throttled(path, "not sent: the client is going away", 0));
    });
}

bool rest_gate::submit(std::string_view path, send_fn send, fail_fn fail) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto& g = *impl_;
  const auto now = steady_ms();
  const auto id = g.next_id++;
  auto d =
      g.queue.submit(now, id, lane_of(path), request_cost(g.opts.tier, path));
  switch (d.kind) {
  case rest_queue::decision::send:
    ++g.st.sent;
    send();
    return false;
  case rest_queue::decision::refuse:
    ++g.st.throttled;
    g.runner.post(
        [fail = std::move(fail),
         e = throttled(path, std::move(d.reason), d.retry_after_ms)]() mutable {
          fail(std::move(e));
        });
    return false;
  case rest_queue::decision::wait:
    break;
  }
  ++g.st.queued;
  g.waiters.emplace(
      id, impl::waiter{std::string(path), std::move(send), std::move(fail)});
  g.arm(weak_from_this(), now);
  return true;
}

void rest_gate::pump() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto& g = *impl_;
  g.armed_for.reset();
  const auto now = steady_ms();
  g.apply(g.queue.pump(now));
  g.arm(weak_from_this(), now);
}

void rest_gate::on_rate_limited() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->queue.on_rate_limited(steady_ms());
}

rest_gate_stats rest_gate::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto s = impl_->st;
  s.waiting = impl_->queue.waiting();
  s.available = impl_->queue.available(steady_ms());
  s.capacity = impl_->queue.capacity();
  return s;
}

std::chrono::milliseconds rest_gate::queue_timeout() const {
  return impl_->opts.queue_timeout;
}

account_tier rest_gate::tier() const {
  return impl_->opts.tier;
}

} // namespace trailgrid::lighter
