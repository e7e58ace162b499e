#include "execution/batch_settler.hpp"

namespace trailgrid::execution {

void batch_settler::on_sent(sent_batch b) {
  auto id = b.id;
  in_flight_[id] = std::move(b);
}

std::optional<sent_batch> batch_settler::take(uint64_t id) {
  auto i = in_flight_.find(id);
  if (i == in_flight_.end()) return std::nullopt;
  auto b = std::move(i->second);
  in_flight_.erase(i);
  return b;
}

bool batch_settler::on_lost(uint64_t id) {
  auto b = take(id);
  if (!b) return false;
  auto& waiting = lost_[b->api_key];
  waiting.push_back(*b);
  return waiting.size() == 1;
}

std::vector<settled_batch> batch_settler::on_nonce(uint8_t key, int64_t next) {
  std::vector<settled_batch> out;
  auto i = lost_.find(key);
  if (i == lost_.end()) return out;
  for (auto& b : i->second) {
    settled_batch s{b, nonce_fate::uncertain};
    if (next >= b.first_nonce + b.count)
      s.fate = nonce_fate::consumed;
    else if (next <= b.first_nonce)
      s.fate = nonce_fate::not_consumed;
    out.push_back(std::move(s));
  }
  lost_.erase(i);
  return out;
}

std::vector<uint8_t> batch_settler::keys_to_settle() const {
  std::vector<uint8_t> out;
  for (auto& [key, batches] : lost_)
    if (!batches.empty()) out.push_back(key);
  return out;
}

size_t batch_settler::lost() const {
  size_t n = 0;
  for (auto& [key, batches] : lost_)
    n += batches.size();
  return n;
}

} // namespace trailgrid::execution
