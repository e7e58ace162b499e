#include "lighter/codec/market.hpp"

namespace trailgrid::lighter {

strategy::market_spec market_info::to_market_spec() const {
  strategy::market_spec spec;
  spec.symbol = symbol;
  spec.price_decimals = decimals.price;
  spec.size_decimals = decimals.size;
  spec.tick = 1;
  spec.lot = 1;
  spec.min_base = min_base;
  spec.min_quote = min_quote;
  return spec;
}

bool market_table::add(int market_id, market_decimals decimals) {
  if (market_id < 0 || market_id >= max_market_id) return false;
  auto i = static_cast<size_t>(market_id);
  if (decimals_.size() <= i) {
    decimals_.resize(i + 1);
    known_.resize(i + 1, false);
  }
  decimals_[i] = decimals;
  known_[i] = true;
  return true;
}

void market_table::add_all(const std::vector<market_info>& markets) {
  for (const auto& m : markets)
    add(m.market_id, m.decimals);
}

} // namespace trailgrid::lighter
