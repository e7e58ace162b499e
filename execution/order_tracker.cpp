#include "execution/order_tracker.hpp"

namespace trailgrid::execution {

void order_tracker::add_sent(int64_t coi, strategy::side s,
                             strategy::price_ticks price,
                             strategy::qty_lots size) {
  orders_[coi] = tracked_order{coi, 0, s, price, size, size, order_phase::sent};
}

void order_tracker::adopt(int64_t coi, int64_t order_index, strategy::side s,
                          strategy::price_ticks price,
                          strategy::qty_lots remaining) {
  auto& o = orders_[coi];
  o = tracked_order{coi,       order_index,      s, price, remaining,
                    remaining, order_phase::live};
}

void order_tracker::on_create_accepted(int64_t coi, int64_t now_ms) {
  auto i = orders_.find(coi);
  if (i != orders_.end() && i->second.phase == order_phase::sent)
    i->second.accepted_ms = now_ms;
}

void order_tracker::let_listing_decide(int64_t coi) {
  auto i = orders_.find(coi);
  if (i != orders_.end()) i->second.accepted_ms = 0;
}

std::vector<int64_t> order_tracker::take_listing(order_tracker listed,
                                                 int64_t now_ms,
                                                 int64_t grace_ms) {
  std::vector<int64_t> orphans;
  for (auto& [coi, o] : listed.orders_)
    if (orders_.count(coi) == 0) orphans.push_back(coi);
  for (auto& [coi, o] : orders_) {
    const bool unseen_but_taken = o.phase == order_phase::sent &&
                                  o.accepted_ms > 0 &&
                                  now_ms - o.accepted_ms <= grace_ms;
    if (unseen_but_taken && listed.orders_.count(coi) == 0)
      listed.orders_.emplace(coi, o);
  }
  orders_ = std::move(listed.orders_);
  return orphans;
}

bool order_tracker::on_accepted(int64_t coi, int64_t order_index) {
  auto i = orders_.find(coi);
  if (i == orders_.end()) return false;
  i->second.phase = order_phase::live;
  if (order_index != 0) i->second.order_index = order_index;
  return true;
}

bool order_tracker::on_fill(int64_t coi, int64_t order_index,
                            strategy::qty_lots remaining) {
  auto i = orders_.find(coi);
  if (i == orders_.end()) return false;
  if (remaining.value <= 0) {
    orders_.erase(i);
    return true;
  }
  i->second.phase = order_phase::live;
  i->second.remaining = remaining;
  if (order_index != 0) i->second.order_index = order_index;
  return true;
}

bool order_tracker::remove(int64_t coi) {
  return orders_.erase(coi) > 0;
}

const tracked_order* order_tracker::find(int64_t coi) const {
  auto i = orders_.find(coi);
  return i == orders_.end() ? nullptr : &i->second;
}

int64_t order_tracker::client_index_of(int64_t order_index) const {
  if (order_index == 0) return 0;
  for (auto& [coi, o] : orders_)
    if (o.order_index == order_index) return coi;
  return 0;
}

std::vector<int64_t> order_tracker::client_indexes() const {
  std::vector<int64_t> out;
  out.reserve(orders_.size());
  for (auto& [coi, o] : orders_)
    out.push_back(coi);
  return out;
}

size_t order_tracker::confirmed() const {
  size_t n = 0;
  for (auto& [coi, o] : orders_)
    n += o.phase == order_phase::live ? 1 : 0;
  return n;
}

} // namespace trailgrid::execution
