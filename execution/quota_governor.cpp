#include "execution/quota_governor.hpp"

#include <algorithm>

namespace trailgrid::execution {

namespace {

constexpr int64_t minute_ms = 60'000;

} // namespace

batch_shape shape_of_types(const int* types, int count) {
  batch_shape s;
  for (int i = 0; i < count; ++i) {
    switch (types[i]) {
    case 14:
      ++s.creates;
      break;
    case 15:
      ++s.cancels;
      break;
    case 16:
      ++s.cancel_alls;
      break;
    case 17:
      ++s.modifies;
      break;
    default:
      ++s.others;
    }
  }
  return s;
}

quota_governor::quota_governor(quota_rules rules) : rules_(rules) {
  rules_.capacity = std::max<int64_t>(rules_.capacity, 1);
  rules_.refill_per_minute = std::max<int64_t>(rules_.refill_per_minute, 1);
  rules_.free_every_ms = std::max<int64_t>(rules_.free_every_ms, 0);
  full_ = rules_.capacity * minute_ms;
  level_ = full_;
}

int64_t quota_governor::cost_of(const batch_shape& shape) const {
  const int64_t txs = shape.txs();
  if (rules_.unit == quota_unit::request) return txs > 0 ? 1 : 0;
  return rules_.cancel_order_free ? txs - shape.cancels : txs;
}

int64_t quota_governor::clamp(int64_t now_ms) const {
  return started_ ? std::max(now_ms, last_ms_) : now_ms;
}

int64_t quota_governor::level_at(int64_t now_ms) const {
  if (!started_) return full_;
  const int64_t elapsed = clamp(now_ms) - last_ms_;
  // Compared before multiplying: a long gap must not overflow.
  const int64_t to_full = (full_ - level_ + rules_.refill_per_minute - 1) /
                          rules_.refill_per_minute;
  if (elapsed >= to_full) return full_;
  return level_ + elapsed * rules_.refill_per_minute;
}

bool quota_governor::free_at(int64_t now_ms) const {
  if (rules_.free_every_ms == 0) return false;
  return !free_from_ms_ || clamp(now_ms) >= *free_from_ms_;
}

void quota_governor::advance(int64_t now_ms) {
  now_ms = clamp(now_ms);
  level_ = level_at(now_ms);
  last_ms_ = now_ms;
  started_ = true;
}

bool quota_governor::try_take(int64_t cost, int64_t now_ms) {
  if (cost <= 0) return true;
  if (cost > rules_.capacity) return false;
  const int64_t need = cost * minute_ms;
  if (level_at(now_ms) >= need) {
    advance(now_ms);
    level_ -= need;
    return true;
  }
  // The free unit covers the last unit of the cost.
  if (free_at(now_ms) && level_at(now_ms) >= need - minute_ms) {
    advance(now_ms);
    level_ -= need - minute_ms;
    free_from_ms_ = last_ms_ + rules_.free_every_ms;
    return true;
  }
  return false;
}

int64_t quota_governor::bucket_wait(int64_t units, int64_t now_ms) const {
  const int64_t deficit = units * minute_ms - level_at(now_ms);
  if (deficit <= 0) return 0;
  const int64_t from = clamp(now_ms);
  const int64_t ready = from + (deficit + rules_.refill_per_minute - 1) /
                                   rules_.refill_per_minute;
  return ready - now_ms;
}

std::optional<int64_t> quota_governor::wait_ms(int64_t cost,
                                               int64_t now_ms) const {
  if (cost <= 0) return 0;
  if (cost > rules_.capacity) return std::nullopt;
  int64_t wait = bucket_wait(cost, now_ms);
  if (rules_.free_every_ms > 0) {
    // Or: the bucket holds cost - 1 and the free unit is back.
    const int64_t free_wait = free_at(now_ms) ? 0 : *free_from_ms_ - now_ms;
    wait = std::min(wait, std::max(free_wait, bucket_wait(cost - 1, now_ms)));
  }
  return wait;
}

int64_t quota_governor::remaining(int64_t now_ms) const {
  return level_at(now_ms) / minute_ms + (free_at(now_ms) ? 1 : 0);
}

void quota_governor::refund(int64_t cost) {
  if (cost <= 0) return;
  const int64_t room = full_ - level_;
  level_ += std::min(room, cost * minute_ms);
}

void quota_governor::on_exchange_refusal(int64_t now_ms) {
  advance(now_ms);
  level_ = 0;
  if (rules_.free_every_ms > 0) free_from_ms_ = last_ms_ + rules_.free_every_ms;
}

} // namespace trailgrid::execution
