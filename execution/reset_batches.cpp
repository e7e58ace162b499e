#include "execution/reset_batches.hpp"

#include "lighter/codec/exchange_limits.hpp"

#include <algorithm>
#include <unordered_set>

namespace trailgrid::execution {

reset_batches plan_reset_batches(int32_t market_index,
                                 const std::vector<int64_t>& cancels,
                                 const std::vector<planned_create>& creates,
                                 size_t max_batch) {
  reset_batches out;
  auto fail = [&](std::string why) {
    out.error = "reset of market " + std::to_string(market_index) + ": " +
                std::move(why);
    return std::move(out);
  };
  std::vector<tx_intent> all;
  all.reserve(cancels.size() + creates.size());
  std::unordered_set<int64_t> seen;
  for (auto index : cancels)
    if (seen.insert(index).second)
      all.push_back(make_cancel_order(market_index, index, 0));
  seen.clear();
  for (auto& c : creates) {
    if (c.level.price.value <= 0 || c.level.size.value <= 0)
      return fail("create with non-positive price or size (client index " +
                  std::to_string(c.client_order_index) + ")");
    if (c.client_order_index != 0 && !seen.insert(c.client_order_index).second)
      return fail("duplicate client order index " +
                  std::to_string(c.client_order_index));
    all.push_back(make_create_order(market_index, c.client_order_index,
                                    c.level.level_side == strategy::side::ask,
                                    c.level.price, c.level.size, 0, 0));
  }
  // Fill batches front to back: the fewest batches (ceil(n / limit)), and
  // the input order keeps every cancel before every create.
  auto limit =
      std::clamp<size_t>(max_batch, 1, lighter::limits::max_txs_per_rest_batch);
  for (size_t i = 0; i < all.size(); i += limit) {
    auto end = std::min(all.size(), i + limit);
    out.batches.emplace_back(all.begin() + static_cast<long>(i),
                             all.begin() + static_cast<long>(end));
  }
  return out;
}

} // namespace trailgrid::execution
