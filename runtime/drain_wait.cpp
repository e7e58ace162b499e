#include "runtime/drain_wait.hpp"

namespace trailgrid::runtime {

bool drain_wait::keep_waiting(std::optional<int64_t> live, int64_t now_ms) {
  if (live) {
    if (*live == 0) {
      lowest_ = 0;
      return false;
    }
    if (!lowest_ || *live < *lowest_) {
      lowest_ = live;
      last_fall_ms_ = now_ms;
    }
  }
  return now_ms - last_fall_ms_ < cfg_.quiet_ms &&
         now_ms - start_ms_ < cfg_.bound_ms;
}

} // namespace trailgrid::runtime
