#include "tools/lighter-sim/faults.hpp"

#include "tools/lighter-sim/rng.hpp"

#include <utility>

namespace trailgrid::sim {

namespace {
// Salts that keep the decision streams independent.
constexpr uint64_t salt_reject = 0x72656a;
constexpr uint64_t salt_delay = 0x646c79;
constexpr uint64_t salt_reorder = 0x726f72;
constexpr uint64_t salt_partial = 0x706172;

// Periodic windows: the k-th (k >= 1) starts at k * every and lasts `length`,
// so the first period after start is always clean.
bool in_window(ms_t since_start, ms_t every, ms_t length) {
  return every > 0 && length > 0 && since_start >= every &&
         since_start % every < length;
}

bool is_account_channel(std::string_view channel) {
  return channel.substr(0, 8) == "account_";
}
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
  return is_account_channel(channel) && account_stalled(since_start);
}

bool fault_plan::account_stalled(ms_t since_start) const {
  return in_window(since_start, cfg_.account_stall_every_ms,
                   cfg_.account_stall_ms);
}

bool fault_plan::rest_down(ms_t since_start) const {
  return in_window(since_start, cfg_.rest_outage_every_ms, cfg_.rest_outage_ms);
}

bool fault_plan::ws_down(ms_t since_start) const {
  return in_window(since_start, cfg_.ws_outage_every_ms, cfg_.ws_outage_ms);
}

bool fault_plan::session_too_old(ms_t age) const {
  return cfg_.session_max_age_ms > 0 && age >= cfg_.session_max_age_ms;
}

bool fault_plan::partial_fill(uint64_t fill_seq) const {
  return cfg_.partial_fill_fraction > 0 &&
         unit_interval(hash3(seed_, salt_partial, fill_seq)) <
             cfg_.partial_fill_fraction;
}

int64_t fault_plan::drops_due(ms_t since_start) const {
  if (cfg_.ws_drop_every_ms <= 0 || since_start <= 0) return 0;
  return since_start / cfg_.ws_drop_every_ms;
}

} // namespace trailgrid::sim
