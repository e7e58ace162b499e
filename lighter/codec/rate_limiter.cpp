#include "lighter/codec/rate_limiter.hpp"

#include "lighter/codec/rest_encoder.hpp"

#include <algorithm>
#include <limits>

namespace trailgrid::lighter {

int64_t requests_per_minute(account_tier tier) {
  return tier_info_of(tier).rest_per_minute;
}

int64_t rest_weight(std::string_view path) {
  path = path.substr(0, path.find('?'));
  if (path == rest_path::send_tx || path == rest_path::send_tx_batch ||
      path == rest_path::next_nonce)
    return 6;
  if (path == rest_path::api_keys) return 150;
  if (path == rest_path::trades || path == rest_path::recent_trades) return 600;
  if (path == rest_path::account_inactive_orders) return 100;
  if (path == rest_path::create_token) return 23'000;
  return 300;
}

int64_t request_cost(account_tier tier, std::string_view path) {
  return tier_info_of(tier).rest_unit == rest_budget_unit::weighted
             ? rest_weight(path)
             : 1;
}

rate_limiter::rate_limiter(account_tier tier, refill mode)
    : rate_limiter(requests_per_minute(tier), 60'000, mode) {}

rate_limiter::rate_limiter(int64_t capacity, int64_t window_ms, refill mode)
    : capacity_(std::max<int64_t>(capacity, 1)),
      window_ms_(std::max<int64_t>(window_ms, 1)), mode_(mode),
      level_(capacity_ * window_ms_) {}

int64_t rate_limiter::clamp(int64_t now_ms) const {
  return started_ ? std::max(now_ms, last_ms_) : now_ms;
}

int64_t rate_limiter::level_at(int64_t now_ms) const {
  const int64_t full = capacity_ * window_ms_;
  if (!started_) return full;
  now_ms = clamp(now_ms);
  if (mode_ == refill::rolling) {
    // Takes made one window ago or earlier have come back.
    int64_t used = taken_sum_;
    for (const auto& [t, cost] : taken_) {
      if (t > now_ms - window_ms_) break;
      used -= cost;
    }
    return (capacity_ - used) * window_ms_;
  }
  const int64_t elapsed = now_ms - last_ms_;
  // Past one window the bucket is full whatever it held.
  if (elapsed >= window_ms_) return full;
  return std::min(full, level_ + elapsed * capacity_);
}

void rate_limiter::advance(int64_t now_ms) {
  now_ms = clamp(now_ms);
  if (mode_ == refill::rolling) {
    while (!taken_.empty() && taken_.front().first <= now_ms - window_ms_) {
      taken_sum_ -= taken_.front().second;
      taken_.pop_front();
    }
  } else {
    level_ = level_at(now_ms);
  }
  last_ms_ = now_ms;
  started_ = true;
}

void rate_limiter::spend(int64_t cost) {
  if (cost <= 0) return;
  if (mode_ == refill::rolling) {
    taken_.emplace_back(last_ms_, cost);
    taken_sum_ += cost;
  } else {
    level_ -= cost * window_ms_;
  }
}

bool rate_limiter::may_send(int64_t now_ms, int64_t cost) const {
  if (cost > capacity_) return false;
  return level_at(now_ms) >= std::max<int64_t>(cost, 0) * window_ms_;
}

bool rate_limiter::try_acquire(int64_t now_ms, int64_t cost) {
  if (!may_send(now_ms, cost)) return false;
  advance(now_ms);
  spend(cost);
  return true;
}

std::optional<int64_t> rate_limiter::when(int64_t now_ms, int64_t cost) const {
  if (cost > capacity_) return std::nullopt;
  const int64_t need = std::max<int64_t>(cost, 0) * window_ms_;
  const int64_t have = level_at(now_ms);
  if (have >= need) return now_ms;
  // Refill starts from the later of now and the limiter's own time.
  const int64_t from = clamp(now_ms);
  if (mode_ == refill::rolling) {
    // Takes come back one window after they were made, oldest first.
    int64_t missing = (need - have) / window_ms_;
    for (const auto& [t, taken] : taken_) {
      if (t <= from - window_ms_) continue; // already back
      missing -= taken;
      if (missing <= 0) return t + window_ms_;
    }
    return from + window_ms_; // not reached while cost <= capacity
  }
  const int64_t deficit = need - have;
  return from + (deficit + capacity_ - 1) / capacity_;
}

void rate_limiter::on_rate_limited(int64_t now_ms) {
  advance(now_ms);
  if (mode_ == refill::rolling)
    // Takes we did not see may expire as late as one window from now.
    spend(capacity_ - taken_sum_);
  else
    level_ = 0;
}

int64_t rate_limiter::available(int64_t now_ms) const {
  return level_at(now_ms) / window_ms_;
}

} // namespace trailgrid::lighter
