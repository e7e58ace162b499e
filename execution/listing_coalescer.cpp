#include "execution/listing_coalescer.hpp"

#include <utility>

namespace trailgrid::execution {

bool listing_coalescer::ask(uint64_t id, int32_t market) {
  waiting_.push_back({id, market});
  return !in_flight_;
}

void listing_coalescer::start() {
  if (in_flight_ || waiting_.empty()) return;
  in_flight_ = true;
  ++reads_;
  joined_ += waiting_.size() - 1;
  reading_ = std::move(waiting_);
  waiting_.clear();
}

std::optional<int32_t> listing_coalescer::scope() const {
  if (reading_.empty()) return std::nullopt;
  for (const auto& a : reading_)
    if (a.market != reading_.front().market) return std::nullopt;
  return reading_.front().market;
}

std::vector<listing_ask> listing_coalescer::finish() {
  in_flight_ = false;
  auto out = std::move(reading_);
  reading_.clear();
  return out;
}

} // namespace trailgrid::execution
