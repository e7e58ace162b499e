#include "execution/quota_rules.hpp"

namespace trailgrid::execution {

quota_rules rules_for(lighter::account_tier tier) {
  quota_rules r;
  switch (tier) {
  case lighter::account_tier::standard:
    r.unit = quota_unit::request;
    r.capacity = 60;
    r.refill_per_minute = 60;
    return r;
  case lighter::account_tier::premium:
    r.unit = quota_unit::tx;
    r.capacity = 4'000;
    r.refill_per_minute = 4'000;
    r.cancel_order_free = true;
    r.free_every_ms = 15'000;
    return r;
  }
  return r; // standard's numbers: the smallest budget is the safe guess
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
