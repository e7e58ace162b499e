#include "execution/quota_rules.hpp"

#include "lighter/codec/exchange_limits.hpp"

#include <algorithm>

namespace trailgrid::execution {

quota_rules rules_for(lighter::account_tier tier) {
  // From the one tier table (lighter/codec/tiers.hpp), as lighter-sim reads it.
  const auto& info = lighter::tier_info_of(tier);
  quota_rules r;
  r.unit = info.send_tx_unit == lighter::tx_quota_unit::per_tx
               ? quota_unit::tx
               : quota_unit::request;
  r.capacity = std::max<int64_t>(1, info.send_tx_in_rest_budget
                                        ? info.rest_per_minute
                                        : info.send_tx_per_minute);
  r.refill_per_minute = r.capacity;
  if (info.volume_quota) {
    r.cancel_order_free = true;
    r.free_every_ms = lighter::volume_quota_rules{}.free_tx_every_ms;
  }
  return r;
}

quota_rules with_arrival_reserve(quota_rules r) {
  // Never below the cost of the largest batch, or that batch could not go.
  const int64_t largest =
      r.unit == quota_unit::tx
          ? static_cast<int64_t>(lighter::limits::max_txs_per_rest_batch)
          : 1;
  const int64_t reserve = std::max<int64_t>(1, r.refill_per_minute / 60);
  r.capacity = std::max(std::min(r.capacity, largest), r.capacity - reserve);
  return r;
}

quota_rules lifted_rules() {
  quota_rules r;
  r.unit = quota_unit::request;
  r.capacity = 1'000'000'000;
  r.refill_per_minute = 1'000'000'000;
  return r;
}

const char* to_string(quota_unit unit) {
  return unit == quota_unit::tx ? "tx" : "request";
}

} // namespace trailgrid::execution
