#include "tools/lighter-sim/faults.hpp"

#include "tools/lighter-sim/rng.hpp"

#include <utility>

namespace trailgrid::sim {

namespace {
// Salts that keep the decision streams independent.
constexpr uint64_t salt_reject = 0x72656a;
constexpr uint64_t salt_delay = 0x646c79;
constexpr uint64_t salt_reorder = 0x726f72;
} // namespace

fault_plan::fault_plan(fault_cfg cfg, uint64_t seed)
    : cfg_(std::move(cfg)), seed_(seed) {}

bool fault_plan::reject_request(uint64_t request_seq) const {
  return cfg_.reject_fraction > 0 &&
         unit_interval(hash3(seed_, salt_reject, request_seq)) <
             cfg_.reject_fraction;
}

bool fault_plan::desync_after(uint64_t accepted) const {
  return cfg_.nonce_desync_every > 0 && accepted > 0 &&
         accepted % static_cast<uint64_t>(cfg_.nonce_desync_every) == 0;
}

ms_t fault_plan::frame_delay(uint64_t frame_seq) const {
  if (cfg_.delay_fraction <= 0 || cfg_.delay_ms <= 0) return 0;
  return unit_interval(hash3(seed_, salt_delay, frame_seq)) <
                 cfg_.delay_fraction
             ? cfg_.delay_ms
             : 0;
}

bool fault_plan::reorder_frame(uint64_t frame_seq) const {
  return cfg_.reorder_fraction > 0 &&
         unit_interval(hash3(seed_, salt_reorder, frame_seq)) <
             cfg_.reorder_fraction;
}

bool fault_plan::malformed_frame(uint64_t data_seq) const {
  return cfg_.malformed_every > 0 && data_seq > 0 &&
         data_seq % static_cast<uint64_t>(cfg_.malformed_every) == 0;
}

std::string fault_plan::malformed_text(uint64_t data_seq) const {
  switch (data_seq % 4) {
  case 0:
    return R"({"type":"update/order_book","channel":"order_book:)";
  case 1:
    return "this is not json";
  case 2:
    return R"({"type":42,"channel":null})";
  default:
    return R"({"channel":"order_book:0","order_book":{"asks":[{"price":"x","size":"-"}]},"type":"update/order_book"})";
  }
}

bool fault_plan::stalled(std::string_view channel, ms_t since_start) const {
  for (const auto& s : cfg_.stalls) {
    if (channel.substr(0, s.channel.size()) != s.channel) continue;
    if (since_start >= s.start_ms && since_start < s.start_ms + s.duration_ms)
      return true;
  }
  return false;
}

int64_t fault_plan::drops_due(ms_t since_start) const {
  if (cfg_.ws_drop_every_ms <= 0 || since_start <= 0) return 0;
  return since_start / cfg_.ws_drop_every_ms;
}

} // namespace trailgrid::sim
