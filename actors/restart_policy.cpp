#include "actors/restart_policy.hpp"

#include <algorithm>

namespace trailgrid::actors {

restart_policy::restart_policy(restart_policy_config cfg, uint64_t seed)
    : cfg_(cfg), rng_state_(seed) {}

void restart_policy::on_started(time_point now) {
  started_at_ = now;
  next_retry_.reset();
}

void restart_policy::settle(time_point now) {
  if (started_at_ && now - *started_at_ >= cfg_.stable_after) attempt_ = 0;
}

restart_policy::duration restart_policy::base_delay(uint32_t n) const {
  // Doubling past 2^30 would overflow long before any sane cap matters.
  auto shift = std::min<uint32_t>(n > 0 ? n - 1 : 0, 30);
  auto initial = cfg_.initial.count();
  auto cap = cfg_.cap.count();
  if (initial > (cap >> shift)) return cfg_.cap;
  return duration{std::min(initial << shift, cap)};
}

restart_policy::duration restart_policy::on_failure(time_point now) {
  settle(now);
  started_at_.reset();
  ++attempt_;
  auto base = base_delay(attempt_).count();
  auto span = base * cfg_.jitter_ppm / 1'000'000;
  auto offset = int64_t{0};
  if (span > 0) {
    auto width = static_cast<uint64_t>(2 * span + 1);
    offset = static_cast<int64_t>(next_random() % width) - span;
  }
  auto delay = std::clamp<int64_t>(base + offset, 0, cfg_.cap.count());
  next_retry_ = now + duration{delay};
  return duration{delay};
}

uint64_t restart_policy::next_random() {
  // splitmix64: tiny, fast, and the same sequence on every platform (unlike
  // the std distributions).
  uint64_t z = (rng_state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

} // namespace trailgrid::actors
