#include "execution/account_ledger.hpp"

namespace trailgrid::execution {

const char* to_string(gap_cause c) {
  switch (c) {
  case gap_cause::start:
    return "start";
  case gap_cause::reconnect:
    return "reconnect";
  case gap_cause::malformed:
    return "malformed";
  case gap_cause::stall:
    return "stall";
  }
  return "?";
}

void account_ledger::forget_oldest_trade() {
  trade_set_.erase(trade_log_.front());
  trade_log_.pop_front();
}

void account_ledger::remember(int64_t trade_id) {
  if (trade_id == 0 || !trade_set_.insert(trade_id).second) return;
  trade_log_.push_back(trade_id);
  if (trade_log_.size() > cfg_.trade_memory) forget_oldest_trade();
}

bool account_ledger::first_sight(int64_t trade_id, bool from_recovery) {
  if (trade_id != 0 && trade_set_.count(trade_id) != 0) {
    ++duplicate_fills_;
    return false;
  }
  remember(trade_id);
  if (from_recovery) ++fills_recovered_;
  return true;
}

order_news account_ledger::on_order(int64_t order_index, int32_t market,
                                    bool is_final) {
  if (final_set_.count(order_index) != 0) return order_news::none;
  if (!is_final) {
    if (live_.count(order_index) != 0) return order_news::none;
    live_.emplace(order_index, live_entry{market, ++accepted_seq_});
    return order_news::accepted;
  }
  live_.erase(order_index);
  final_set_.insert(order_index);
  final_log_.push_back(order_index);
  if (final_log_.size() > cfg_.final_order_memory) {
    final_set_.erase(final_log_.front());
    final_log_.pop_front();
  }
  return order_news::final;
}

std::set<int64_t>
account_ledger::prune_market(int32_t market, uint64_t mark,
                             const std::set<int64_t>& exchange_live) {
  std::set<int64_t> gone;
  for (auto& [order, e] : live_)
    if (e.market == market && e.seq <= mark && exchange_live.count(order) == 0)
      gone.insert(order);
  for (auto o : gone)
    live_.erase(o);
  orders_pruned_ += gone.size();
  return gone;
}

void account_ledger::on_gap(gap_cause cause, int64_t) {
  ++gaps_;
  ++gaps_by_cause_[cause];
  recovery_needed_ = true;
}

void account_ledger::on_recovery_started(int64_t) {
  recovery_needed_ = false;
  recovering_ = true;
}

void account_ledger::on_recovery_done(int64_t) {
  recovering_ = false;
  ++recoveries_;
}

void account_ledger::on_stream_down(int64_t now_ms) {
  if (!stream_up_ && down_since_ms_ != 0) return;
  stream_up_ = false;
  down_since_ms_ = now_ms;
}

void account_ledger::on_stream_up(int64_t) {
  stream_up_ = true;
  down_since_ms_ = 0;
}

int64_t account_ledger::down_for_ms(int64_t now_ms) const {
  if (stream_up_ || down_since_ms_ == 0) return 0;
  return now_ms - down_since_ms_;
}

} // namespace trailgrid::execution
