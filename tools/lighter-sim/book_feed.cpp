#include "tools/lighter-sim/book_feed.hpp"

#include "tools/lighter-sim/rng.hpp"

#include <algorithm>

namespace trailgrid::sim {

side_levels background_side(const book_cfg& cfg, int64_t ref, bool asks,
                            uint64_t seed) {
  side_levels out;
  for (int i = 0; i < cfg.levels; ++i) {
    int64_t price = asks ? ref + cfg.half_spread + i * cfg.level_step
                         : ref - cfg.half_spread - i * cfg.level_step;
    if (price < 1) break;
    double f = 0.5 + unit_interval(hash3(seed, asks ? 1 : 2,
                                         static_cast<uint64_t>(price)));
    out[price] = std::max<int64_t>(
        1, static_cast<int64_t>(static_cast<double>(cfg.level_size) * f));
  }
  return out;
}

namespace {

// Levels of `now` that differ from `before`, plus removals as size 0.
std::vector<book_level> diff(const side_levels& before,
                             const side_levels& now) {
  std::vector<book_level> out;
  for (const auto& [p, s] : now) {
    auto it = before.find(p);
    if (it == before.end() || it->second != s) out.push_back({p, s});
  }
  for (const auto& [p, s] : before)
    if (!now.count(p)) out.push_back({p, 0});
  std::sort(out.begin(), out.end(),
            [](const book_level& a, const book_level& b) {
              return a.price < b.price;
            });
  return out;
}

std::vector<book_level> levels(const side_levels& s) {
  std::vector<book_level> out;
  for (const auto& [p, q] : s)
    out.push_back({p, q});
  return out;
}

} // namespace

std::optional<book_message> book_feed::update(side_levels asks,
                                              side_levels bids, ms_t now) {
  book_message m;
  m.asks = diff(asks_, asks);
  m.bids = diff(bids_, bids);
  if (m.asks.empty() && m.bids.empty()) return std::nullopt;
  // Asks are listed best (lowest) first, bids best (highest) first.
  std::reverse(m.bids.begin(), m.bids.end());
  asks_ = std::move(asks);
  bids_ = std::move(bids);
  m.begin_nonce = nonce_;
  nonce_ += static_cast<int64_t>(m.asks.size() + m.bids.size());
  ++offset_;
  last_updated_us_ = std::max(last_updated_us_ + 1, now * 1000);
  m.offset = offset_;
  m.nonce = nonce_;
  m.last_updated_at = last_updated_us_;
  m.timestamp = now;
  return m;
}

book_message book_feed::snapshot(ms_t now) const {
  book_message m;
  m.snapshot = true;
  m.asks = levels(asks_);
  m.bids = levels(bids_);
  std::reverse(m.bids.begin(), m.bids.end());
  m.offset = offset_;
  m.nonce = nonce_;
  m.begin_nonce = 0;
  m.last_updated_at = last_updated_us_;
  m.timestamp = now;
  return m;
}

std::optional<int64_t> book_feed::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.begin()->first;
}

std::optional<int64_t> book_feed::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.rbegin()->first;
}

} // namespace trailgrid::sim
