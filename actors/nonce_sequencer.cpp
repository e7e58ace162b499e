#include "actors/nonce_sequencer.hpp"

namespace trailgrid::actors {

void nonce_sequencer::resync(uint8_t key, int64_t next_nonce) {
  auto& k = keys_[key];
  k.next = next_nonce;
  k.synced = true;
  k.in_flight.clear();
}

bool nonce_sequencer::ready(uint8_t key) const {
  auto k = find(key);
  return k != nullptr && k->synced;
}

std::optional<int64_t> nonce_sequencer::reserve(uint8_t key, int32_t count) {
  auto i = keys_.find(key);
  if (i == keys_.end() || !i->second.synced || count < 1) return std::nullopt;
  auto& k = i->second;
  auto first = k.next;
  for (int32_t n = 0; n < count; ++n)
    k.in_flight.insert(first + n);
  k.next += count;
  while (k.in_flight.size() > max_in_flight)
    k.in_flight.erase(k.in_flight.begin());
  return first;
}

void nonce_sequencer::unreserve(uint8_t key, int64_t first, int32_t count) {
  auto i = keys_.find(key);
  if (i == keys_.end() || i->second.next != first + count)
    return; // precondition violated: keep the count rather than guess
  auto& k = i->second;
  for (int32_t n = 0; n < count; ++n)
    k.in_flight.erase(first + n);
  k.next = first;
}

nonce_action nonce_sequencer::on_verdict(uint8_t key, int64_t first,
                                         int32_t count, nonce_verdict verdict) {
  auto i = keys_.find(key);
  if (i == keys_.end() || !i->second.synced || count < 1)
    return nonce_action::none;
  auto& k = i->second;
  int32_t live = 0;
  for (int32_t n = 0; n < count; ++n)
    live += k.in_flight.count(first + n) > 0 ? 1 : 0;
  if (live == 0)
    return nonce_action::none; // stale: resolved or forgotten by a resync
  switch (verdict) {
  case nonce_verdict::consumed:
    for (int32_t n = 0; n < count; ++n)
      k.in_flight.erase(first + n);
    return nonce_action::none;
  case nonce_verdict::not_consumed:
    if (live == count && first + count == k.next) {
      for (int32_t n = 0; n < count; ++n)
        k.in_flight.erase(first + n);
      k.next = first;
      return nonce_action::rolled_back;
    }
    // Later nonces are out already and the exchange will refuse them
    // (gap): only the exchange knows where the count stands now.
    k.synced = false;
    k.in_flight.clear();
    return nonce_action::resync_needed;
  case nonce_verdict::invalid:
    k.synced = false;
    k.in_flight.clear();
    return nonce_action::resync_needed;
  }
  return nonce_action::none;
}

void nonce_sequencer::invalidate(uint8_t key) {
  auto& k = keys_[key];
  k.synced = false;
  k.in_flight.clear();
}

int64_t nonce_sequencer::next(uint8_t key) const {
  auto k = find(key);
  return k != nullptr ? k->next : 0;
}

size_t nonce_sequencer::in_flight(uint8_t key) const {
  auto k = find(key);
  return k != nullptr ? k->in_flight.size() : 0;
}

const nonce_sequencer::key_state* nonce_sequencer::find(uint8_t key) const {
  auto i = keys_.find(key);
  return i != keys_.end() ? &i->second : nullptr;
}

} // namespace trailgrid::actors
