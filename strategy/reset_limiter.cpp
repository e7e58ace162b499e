#include "strategy/reset_limiter.hpp"

#include "strategy/int_math.hpp"

#include <algorithm>
#include <limits>

namespace trailgrid::strategy {

reset_limiter::reset_limiter(int64_t capacity, int64_t refill_per_minute)
    : capacity_(std::max<int64_t>(capacity, 0)),
      refill_per_minute_(std::max<int64_t>(refill_per_minute, 0)),
      level_(capacity_ * unit) {}

int64_t reset_limiter::level_at(int64_t now) const {
  if (!started_ || now <= last_ || level_ >= capacity_ * unit) return level_;
  int128 level = static_cast<int128>(level_) +
                 static_cast<int128>(now - last_) * refill_per_minute_;
  return static_cast<int64_t>(
      std::min(level, static_cast<int128>(capacity_) * unit));
}

void reset_limiter::advance(int64_t now) {
  level_ = level_at(now);
  if (!started_ || now > last_) last_ = now;
  started_ = true;
}

int64_t reset_limiter::charge(int64_t cost) const {
  return std::clamp<int64_t>(cost, 0, capacity_) * unit;
}

bool reset_limiter::try_acquire(int64_t cost, int64_t now) {
  advance(now);
  if (level_ < charge(cost)) return false;
  level_ -= charge(cost);
  return true;
}

int64_t reset_limiter::ready_at(int64_t cost, int64_t now) const {
  int64_t level = level_at(now);
  int64_t missing = charge(cost) - level;
  if (missing <= 0) return now;
  if (refill_per_minute_ == 0) return std::numeric_limits<int64_t>::max();
  int64_t from = started_ ? std::max(now, last_) : now;
  return from + static_cast<int64_t>(ceil_div(missing, refill_per_minute_));
}

void reset_limiter::force(int64_t cost, int64_t now) {
  advance(now);
  level_ -= std::max<int64_t>(cost, 0) * unit;
}

int64_t reset_limiter::tokens(int64_t now) const {
  return static_cast<int64_t>(floor_div(level_at(now), unit));
}

} // namespace trailgrid::strategy
