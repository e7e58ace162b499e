#include "execution/reset_batches.hpp"

#include "lighter/codec/batch_planner.hpp"

#include <variant>

namespace trailgrid::execution {

namespace {

tx_intent to_intent(int32_t market, const lighter::tx_intent& x) {
  if (auto c = std::get_if<lighter::cancel_intent>(&x))
    return make_cancel_order(market, c->index, 0);
  auto& c = std::get<lighter::create_intent>(x);
  return make_create_order(market, c.client_order_index, c.is_ask, c.price,
                           c.size, 0, 0);
}

} // namespace

reset_batches plan_reset_batches(int32_t market_index,
                                 const std::vector<int64_t>& cancels,
                                 const std::vector<planned_create>& creates,
                                 size_t max_batch) {
  std::vector<lighter::cancel_intent> cs;
  cs.reserve(cancels.size());
  for (auto coi : cancels)
    cs.push_back({market_index, coi});
  std::vector<lighter::create_intent> cr;
  cr.reserve(creates.size());
  for (auto& p : creates) {
    lighter::create_intent c;
    c.market_id = market_index;
    c.client_order_index = p.client_order_index;
    c.price = p.level.price;
    c.size = p.level.size;
    c.is_ask = p.level.level_side == strategy::side::ask;
    c.post_only = true;
    cr.push_back(c);
  }
  auto plan =
      lighter::batch_planner{max_batch}.plan_reset(market_index, cs, cr);
  reset_batches out;
  if (!plan.ok()) {
    out.error = *plan.error;
    return out;
  }
  out.batches.reserve(plan.batches.size());
  for (auto& b : plan.batches) {
    std::vector<tx_intent> txs;
    txs.reserve(b.txs.size());
    for (auto& x : b.txs)
      txs.push_back(to_intent(market_index, x));
    out.batches.push_back(std::move(txs));
  }
  return out;
}

} // namespace trailgrid::execution
