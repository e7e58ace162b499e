#include "execution/client_index.hpp"

namespace trailgrid::execution {

namespace {

constexpr int64_t epoch_2025_ms = 1'735'689'600'000; // 2025-01-01T00:00:00Z
constexpr int64_t per_second = 16;
constexpr int64_t sequence_mask =
    static_cast<int64_t>(client_index_space::max_sequence);

uint64_t wrap(uint64_t seq) {
  return seq == 0 ? 1 : (seq - 1) % client_index_space::max_sequence + 1;
}

} // namespace

client_index_space::client_index_space(uint8_t tag, int32_t market_index)
    : prefix_((int64_t{tag & 0xF} << (sequence_bits + market_bits)) |
              (int64_t{market_index & 0xFFF} << sequence_bits)),
      market_(market_index) {}

int64_t client_index_space::make(uint64_t seq) const {
  return prefix_ | static_cast<int64_t>(seq & max_sequence);
}

bool client_index_space::owns(int64_t coi) const {
  return coi > 0 && (coi & ~sequence_mask) == prefix_ &&
         (coi & sequence_mask) != 0;
}

uint64_t client_index_space::sequence_of(int64_t coi) {
  return static_cast<uint64_t>(coi & sequence_mask);
}

uint64_t seed_from_time(int64_t unix_ms) {
  if (unix_ms <= epoch_2025_ms) return 1;
  auto ticks = (unix_ms - epoch_2025_ms) / 1000 * per_second +
               (unix_ms - epoch_2025_ms) % 1000 * per_second / 1000;
  return wrap(static_cast<uint64_t>(ticks));
}

client_index_allocator::client_index_allocator(client_index_space space,
                                               uint64_t seed)
    : space_(space), last_(wrap(seed)) {}

int64_t client_index_allocator::next() {
  last_ = last_ >= client_index_space::max_sequence ? 1 : last_ + 1;
  return space_.make(last_);
}

void client_index_allocator::bump_above(int64_t coi) {
  if (!space_.owns(coi)) return;
  auto seq = client_index_space::sequence_of(coi);
  if (seq > last_) last_ = seq;
}

} // namespace trailgrid::execution
