#include "lighter/codec/batch_planner.hpp"

#include "lighter/codec/signed_tx.hpp"

#include <algorithm>
#include <unordered_set>

namespace trailgrid::lighter {

int tx_type_of(const tx_intent& intent) {
  return std::holds_alternative<cancel_intent>(intent)
             ? tx_type_id::cancel_order
             : tx_type_id::create_order;
}

batch_planner::batch_planner(size_t max_batch_size)
    : max_batch_(std::clamp<size_t>(max_batch_size, 1, max_allowed_batch)) {}

reset_plan
batch_planner::plan_reset(int market_id,
                          const std::vector<cancel_intent>& cancels,
                          const std::vector<create_intent>& creates) const {
  reset_plan plan;
  auto fail = [&](std::string msg) {
    plan.error =
        "reset of market " + std::to_string(market_id) + ": " + std::move(msg);
    return std::move(plan);
  };
  std::vector<tx_intent> all;
  all.reserve(cancels.size() + creates.size());
  std::unordered_set<int64_t> seen;
  for (const auto& c : cancels) {
    if (c.market_id != market_id)
      return fail("cancel of order " + std::to_string(c.index) +
                  " belongs to market " + std::to_string(c.market_id));
    if (seen.insert(c.index).second) all.emplace_back(c);
  }
  seen.clear();
  for (const auto& c : creates) {
    if (c.market_id != market_id)
      return fail("create belongs to market " + std::to_string(c.market_id));
    if (c.price.value <= 0 || c.size.value <= 0)
      return fail("create with non-positive price or size (client index " +
                  std::to_string(c.client_order_index) + ")");
    if (c.client_order_index != 0 && !seen.insert(c.client_order_index).second)
      return fail("duplicate client order index " +
                  std::to_string(c.client_order_index));
    all.emplace_back(c);
  }
  // Fill batches front to back: the minimum count is ceil(n / max), and
  // keeping the input order puts every cancel before every create.
  for (size_t i = 0; i < all.size(); i += max_batch_) {
    auto end = std::min(all.size(), i + max_batch_);
    plan.batches.push_back(
        tx_batch{std::vector<tx_intent>(all.begin() + static_cast<long>(i),
                                        all.begin() + static_cast<long>(end))});
  }
  return plan;
}

} // namespace trailgrid::lighter
