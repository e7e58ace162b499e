#include "lighter/codec/rate_limiter.hpp"

#include "lighter/codec/rest_encoder.hpp"

#include <algorithm>
#include <limits>

namespace trailgrid::lighter {

int64_t requests_per_minute(account_tier tier) {
  return tier == account_tier::premium ? 24'000 : 60;
}

int64_t rest_weight(std::string_view path) {
  path = path.substr(0, path.find('?'));
  if (path == rest_path::send_tx || path == rest_path::send_tx_batch ||
      path == rest_path::next_nonce)
    return 6;
  if (path == rest_path::api_keys) return 150;
  if (path == rest_path::trades || path == rest_path::recent_trades)
    return 1200;
  if (path == rest_path::account_inactive_orders) return 100;
  return 300;
}

int64_t request_cost(account_tier tier, std::string_view path) {
  return tier == account_tier::premium ? rest_weight(path) : 1;
}

rate_limiter::rate_limiter(account_tier tier)
    : rate_limiter(requests_per_minute(tier), 60'000) {}

rate_limiter::rate_limiter(int64_t capacity, int64_t window_ms)
    : capacity_(std::max<int64_t>(capacity, 1)),
      window_ms_(std::max<int64_t>(window_ms, 1)),
      level_(capacity_ * window_ms_), last_ms_(0) {}

int64_t rate_limiter::level_at(int64_t now_ms) const {
  int64_t full = capacity_ * window_ms_;
  if (!started_ || now_ms <= last_ms_) return started_ ? level_ : full;
  int64_t elapsed = now_ms - last_ms_;
  // Past one window the bucket is full whatever it held.
  if (elapsed >= window_ms_) return full;
  return std::min(full, level_ + elapsed * capacity_);
}

void rate_limiter::refill(int64_t now_ms) {
  level_ = level_at(now_ms);
  if (!started_ || now_ms > last_ms_) last_ms_ = now_ms;
  started_ = true;
}

bool rate_limiter::may_send(int64_t now_ms, int64_t cost) const {
  if (cost > capacity_) return false;
  return level_at(now_ms) >= std::max<int64_t>(cost, 0) * window_ms_;
}

bool rate_limiter::try_acquire(int64_t now_ms, int64_t cost) {
  if (!may_send(now_ms, cost)) return false;
  refill(now_ms);
  level_ -= std::max<int64_t>(cost, 0) * window_ms_;
  return true;
}

std::optional<int64_t> rate_limiter::when(int64_t now_ms, int64_t cost) const {
  if (cost > capacity_) return std::nullopt;
  int64_t need = std::max<int64_t>(cost, 0) * window_ms_;
  int64_t have = level_at(now_ms);
  if (have >= need) return now_ms;
  // Refill starts from the later of now and the bucket's own time.
  int64_t from = started_ ? std::max(now_ms, last_ms_) : now_ms;
  int64_t deficit = need - have;
  return from + (deficit + capacity_ - 1) / capacity_;
}

void rate_limiter::on_rate_limited(int64_t now_ms) {
  refill(now_ms);
  level_ = 0;
}

int64_t rate_limiter::available(int64_t now_ms) const {
  return level_at(now_ms) / window_ms_;
}

} // namespace trailgrid::lighter
