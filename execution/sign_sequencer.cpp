#include "execution/sign_sequencer.hpp"

#include <algorithm>
#include <limits>

namespace trailgrid::execution {

const char* to_string(nonce_fate f) {
  switch (f) {
  case nonce_fate::consumed:
    return "consumed";
  case nonce_fate::not_consumed:
    return "not_consumed";
  case nonce_fate::invalid:
    return "invalid";
  case nonce_fate::uncertain:
    return "uncertain";
  }
  return "?";
}

namespace {

sign_command fail(const sign_ticket& t, std::string why) {
  sign_command c;
  c.what = sign_command::kind::fail;
  c.id = t.id;
  c.key = t.key;
  c.why = std::move(why);
  return c;
}

} // namespace

sign_sequencer::sign_sequencer(config cfg) : cfg_(std::move(cfg)) {
  if (cfg_.quota) quota_.emplace(*cfg_.quota);
}

void sign_sequencer::add_key(uint8_t key) {
  keys_.try_emplace(key);
}

void sign_sequencer::resync(uint8_t key, key_state& k, sign_commands& out) {
  k.synced = false;
  k.in_flight.clear();
  ++resyncs_;
  if (k.fetching) return;
  k.fetching = true;
  sign_command c;
  c.what = sign_command::kind::fetch_nonce;
  c.key = key;
  out.push_back(c);
}

namespace {

// Pulls orders off the book and adds no risk: never waits behind a reset.
bool cancels_only(const sign_ticket& t) {
  return t.shape.creates == 0 && t.shape.modifies == 0 &&
         (t.shape.cancels > 0 || t.shape.cancel_alls > 0);
}

} // namespace

// 0: cancels only, 1: urgent (a reset after a fill) or waited long enough
// to rank with them, 2: the rest.
int sign_sequencer::rank_of(const sign_ticket& t, int64_t now) const {
  if (cancels_only(t)) return 0;
  return t.urgent || now - t.since_ms >= cfg_.promote_after_ms ? 1 : 2;
}

// The most pressing of `waiting`: lowest rank, then arrival.
std::deque<sign_ticket>::iterator
sign_sequencer::most_pressing(std::deque<sign_ticket>& waiting,
                              int64_t now) const {
  return std::min_element(waiting.begin(), waiting.end(),
                          [&](const sign_ticket& a, const sign_ticket& b) {
                            return rank_of(a, now) < rank_of(b, now);
                          });
}

std::vector<std::deque<sign_ticket>::iterator>
sign_sequencer::merge_with(std::deque<sign_ticket>& waiting,
                           std::deque<sign_ticket>::iterator first) const {
  std::vector<std::deque<sign_ticket>::iterator> out;
  auto mergeable = [&](const sign_ticket& t) {
    return cancels_only(t) && !t.alone && t.sender != 0 &&
           t.sender == first->sender;
  };
  if (cfg_.merge_cancels_up_to <= 1 || !mergeable(*first)) return out;
  auto txs = first->count;
  for (auto i = waiting.begin(); i != waiting.end(); ++i) {
    if (i == first || !mergeable(*i)) continue;
    if (txs + i->count > cfg_.merge_cancels_up_to) continue;
    txs += i->count;
    out.push_back(i);
  }
  return out;
}

void sign_sequencer::dispatch(uint8_t key, key_state& k, int64_t now,
                              sign_commands& out) {
  while (!k.waiting.empty()) {
    // Expired requests leave first, whatever the key's state.
    auto expired = std::find_if(
        k.waiting.begin(), k.waiting.end(),
        [&](const sign_ticket& t) { return t.deadline_ms <= now; });
    if (expired != k.waiting.end()) {
      ++expired_;
      out.push_back(fail(*expired, "waited too long for its key's turn"));
      k.waiting.erase(expired);
      continue;
    }
    if (!k.synced || static_cast<int>(k.in_flight.size()) >= cfg_.max_in_flight)
      return;
    auto pick = most_pressing(k.waiting, now);
    if (quota_ && quota_->cost_of(pick->shape) > quota_->max_cost()) {
      out.push_back(fail(*pick, "the batch costs more than the account's "
                                "whole sendTx quota: split it"));
      k.waiting.erase(pick);
      continue;
    }
    // One batch: the pick, then the cancels merged into it.
    auto group = merge_with(k.waiting, pick);
    sign_ticket batch = *pick;
    for (auto m : group) {
      batch.count += m->count;
      batch.shape.cancels += m->shape.cancels;
      batch.shape.cancel_alls += m->shape.cancel_alls;
    }
    if (!spend_quota(batch, now, out)) return;
    sign_command c;
    c.what = sign_command::kind::sign;
    c.id = batch.id;
    c.key = key;
    c.first_nonce = k.next;
    for (auto m : group)
      c.merged.push_back(m->id);
    merged_requests_ += group.size();
    k.waiting.erase(std::remove_if(k.waiting.begin(), k.waiting.end(),
                                   [&](const sign_ticket& t) {
                                     return t.id == c.id ||
                                            std::find(c.merged.begin(),
                                                      c.merged.end(),
                                                      t.id) != c.merged.end();
                                   }),
                    k.waiting.end());
    k.in_flight.push_back(flight{batch.id, k.next, batch.count, now});
    out.push_back(c);
    k.next += batch.count;
    k.holder = batch.origin;
    ++signed_batches_;
  }
}

bool sign_sequencer::spend_quota(const sign_ticket& t, int64_t now,
                                 sign_commands& out) {
  if (!quota_) return true;
  const auto cost = quota_->cost_of(t.shape);
  if (quota_->try_take(cost, now)) {
    quota_wait_until_.reset();
    return true;
  }
  if (!quota_wait_until_) ++quota_waits_;
  quota_wait_until_ = now + quota_->wait_ms(cost, now).value_or(0);
  sign_command c;
  c.what = sign_command::kind::wake;
  c.at_ms = *quota_wait_until_;
  out.push_back(c);
  return false;
}

void sign_sequencer::dispatch_all(int64_t now, sign_commands& out) {
  // The key whose next request is most pressing goes first: cancels only
  // (pulling orders, as on a shutdown or a halt), then an urgent one (a
  // reset after a fill, a job a fill waits for, or one that waited
  // promote_after_ms), then the earliest ticket. Ticket ids ascend in
  // arrival order (the shell numbers them).
  std::vector<std::pair<std::pair<int, uint64_t>, uint8_t>> order;
  for (auto& [key, k] : keys_) {
    if (k.waiting.empty()) continue;
    auto pick = most_pressing(k.waiting, now);
    order.push_back({{rank_of(*pick, now), pick->id}, key});
  }
  std::sort(order.begin(), order.end());
  for (auto& [rank, key] : order) {
    auto& k = keys_.at(key);
    dispatch(key, k, now, out);
    // Nothing overtakes a request that waits for budget.
    if (quota_wait_until_) return;
  }
}

std::optional<int64_t> sign_sequencer::quota_remaining(int64_t now) const {
  if (!quota_) return std::nullopt;
  return quota_->remaining(now);
}

sign_commands sign_sequencer::on_quota_refused(int64_t now) {
  sign_commands out;
  ++quota_refusals_;
  if (quota_) quota_->on_exchange_refusal(now);
  dispatch_all(now, out);
  wake_for_next_due(out);
  return out;
}

void sign_sequencer::wake_for_next_due(sign_commands& out) const {
  auto due = std::numeric_limits<int64_t>::max();
  if (quota_wait_until_) due = *quota_wait_until_;
  for (auto& [key, k] : keys_) {
    for (auto& t : k.waiting)
      due = std::min(due, t.deadline_ms);
    if (!k.in_flight.empty())
      due =
          std::min(due, k.in_flight.front().since_ms + cfg_.verdict_timeout_ms);
  }
  if (due == std::numeric_limits<int64_t>::max()) return;
  sign_command c;
  c.what = sign_command::kind::wake;
  c.at_ms = due;
  out.push_back(c);
}

sign_commands sign_sequencer::on_request(sign_ticket t, int64_t now) {
  sign_commands out;
  auto i = keys_.find(t.key);
  if (i == keys_.end()) {
    out.push_back(fail(t, "unknown API key " + std::to_string(t.key)));
    return out;
  }
  if (t.count <= 0) {
    out.push_back(fail(t, "empty batch"));
    return out;
  }
  auto& k = i->second;
  t.since_ms = now;
  k.waiting.push_back(std::move(t));
  if (!k.synced && !k.fetching) {
    k.fetching = true;
    sign_command c;
    c.what = sign_command::kind::fetch_nonce;
    c.key = i->first;
    out.push_back(c);
  }
  dispatch_all(now, out);
  wake_for_next_due(out);
  return out;
}

sign_commands sign_sequencer::on_withdraw(uint64_t id, int64_t now) {
  sign_commands out;
  for (auto& [key, k] : keys_) {
    auto i = std::find_if(k.waiting.begin(), k.waiting.end(),
                          [&](const sign_ticket& t) { return t.id == id; });
    if (i == k.waiting.end()) continue;
    out.push_back(fail(*i, "withdrawn"));
    k.waiting.erase(i);
    dispatch_all(now, out);
    break;
  }
  return out;
}

sign_commands sign_sequencer::on_hurry(uint64_t id, int64_t now) {
  sign_commands out;
  for (auto& [key, k] : keys_)
    for (auto& t : k.waiting)
      if (t.id == id && !t.urgent) {
        t.urgent = true;
        dispatch_all(now, out);
        wake_for_next_due(out);
        return out;
      }
  return out;
}

sign_commands sign_sequencer::on_sign_failed(uint64_t id, int64_t now) {
  sign_commands out;
  for (auto& [key, k] : keys_) {
    auto i = std::find_if(k.in_flight.begin(), k.in_flight.end(),
                          [&](const flight& f) { return f.id == id; });
    if (i == k.in_flight.end()) continue;
    if (std::next(i) == k.in_flight.end()) {
      k.next = i->first; // never used: the next batch takes them
      k.in_flight.erase(i);
      ++rollbacks_;
    } else {
      resync(key, k, out);
    }
    dispatch_all(now, out);
    break;
  }
  return out;
}

sign_commands sign_sequencer::on_verdict(uint8_t key, int64_t first,
                                         int32_t count, nonce_fate fate,
                                         int64_t now) {
  sign_commands out;
  auto ki = keys_.find(key);
  if (ki == keys_.end()) return out;
  auto& k = ki->second;
  auto i = std::find_if(
      k.in_flight.begin(), k.in_flight.end(),
      [&](const flight& f) { return f.first == first && f.count == count; });
  if (i == k.in_flight.end()) return out; // stale: settled by a resync
  switch (fate) {
  case nonce_fate::consumed:
    k.in_flight.erase(i);
    break;
  case nonce_fate::not_consumed:
    if (std::next(i) == k.in_flight.end()) {
      k.next = first;
      k.in_flight.erase(i);
      ++rollbacks_;
    } else {
      resync(key, k, out); // later batches carry nonces that will fail
    }
    break;
  case nonce_fate::invalid:
  case nonce_fate::uncertain:
    resync(key, k, out);
    break;
  }
  dispatch_all(now, out);
  wake_for_next_due(out);
  return out;
}

sign_commands sign_sequencer::on_nonce(uint8_t key, int64_t next, int64_t now) {
  sign_commands out;
  auto ki = keys_.find(key);
  if (ki == keys_.end()) return out;
  auto& k = ki->second;
  k.next = next;
  k.synced = true;
  k.fetching = false;
  k.in_flight.clear();
  dispatch_all(now, out);
  wake_for_next_due(out);
  return out;
}

sign_commands sign_sequencer::on_nonce_failed(uint8_t key,
                                              const std::string& why,
                                              int64_t now) {
  sign_commands out;
  auto ki = keys_.find(key);
  if (ki == keys_.end()) return out;
  auto& k = ki->second;
  k.fetching = false;
  for (auto& t : k.waiting)
    out.push_back(fail(t, "no next nonce: " + why));
  k.waiting.clear();
  (void)now;
  return out;
}

sign_commands sign_sequencer::on_tick(int64_t now) {
  sign_commands out;
  for (auto& [key, k] : keys_) {
    if (!k.in_flight.empty() &&
        k.in_flight.front().since_ms + cfg_.verdict_timeout_ms <= now) {
      ++verdict_timeouts_;
      resync(key, k, out);
    }
  }
  dispatch_all(now, out);
  wake_for_next_due(out);
  return out;
}

std::optional<sign_sequencer::key_view>
sign_sequencer::view(uint8_t key) const {
  auto i = keys_.find(key);
  if (i == keys_.end()) return std::nullopt;
  key_view v;
  v.next_nonce = i->second.next;
  v.synced = i->second.synced;
  v.in_flight = static_cast<int32_t>(i->second.in_flight.size());
  v.waiting = i->second.waiting.size();
  v.holder = i->second.holder;
  return v;
}

std::vector<uint8_t> sign_sequencer::keys() const {
  std::vector<uint8_t> out;
  for (auto& [key, k] : keys_)
    out.push_back(key);
  return out;
}

} // namespace trailgrid::execution
