#include "runtime/node_factories.hpp"

#include "actors/atr_actor.hpp"
#include "actors/executor_actor.hpp"
#include "actors/feed_actor.hpp"
#include "actors/grid_actor.hpp"

#include "caf/all.hpp"

namespace trailgrid::runtime {

multi_market::market_plan make_market_plan(const market_setup& m,
                                           const node_context& ctx) {
  multi_market::market_plan plan;
  plan.symbol = m.symbol;
  plan.market_index = m.info.market_id;
  plan.price_decimals = m.spec.price_decimals;
  plan.size_decimals = m.spec.size_decimals;
  // Catches orders whose acknowledgement a dropped socket swallowed.
  plan.reconcile_every = std::chrono::seconds{20};
  plan.children = [m, ctx](const multi_market::node_handles& node) {
    actors::market_children kids;
    kids.feed = [m, ctx](caf::local_actor* parent,
                         const actors::child_context& c) {
      actors::feed_config cfg;
      cfg.market = m.symbol;
      cfg.market_index = m.info.market_id;
      cfg.decimals = m.info.decimals;
      cfg.runner = ctx.runner;
      cfg.ws_url = ctx.exchange.ws_url;
      cfg.rest_url = ctx.exchange.rest_url;
      cfg.tier = ctx.exchange.tier;
      cfg.rest_gate = ctx.rest_gate;
      cfg.warmup_candles = ctx.warm_up_atr ? warmup_candles(m.params.atr) : 0;
      cfg.restarts = c.restarts;
      return messages::feed_actor{
          parent->spawn(actors::feed_actor_impl, std::move(cfg))};
    };
    kids.atr = [m](caf::local_actor* parent, const actors::child_context&) {
      actors::atr_actor_config cfg;
      cfg.market = m.symbol;
      cfg.market_index = m.info.market_id;
      cfg.price_decimals = m.spec.price_decimals;
      cfg.params = m.params.atr;
      return parent->spawn(actors::atr_actor_impl, std::move(cfg));
    };
    kids.grid = [m, ctx](caf::local_actor* parent,
                         const actors::child_context&) {
      actors::grid_actor_config cfg;
      cfg.market = m.symbol;
      cfg.market_index = m.info.market_id;
      cfg.spec = m.spec;
      cfg.params = m.params;
      cfg.journal = ctx.journal;
      // A (re)started grid continues the session the journal booked.
      if (ctx.ledger)
        if (auto s = ctx.ledger->get(m.symbol)) {
          cfg.restore_pnl = s->pnl;
          cfg.restore_fills = s->fills;
          cfg.restore_resets = s->resets;
          cfg.restore_risk = s->risk;
        }
      return parent->spawn(actors::grid_actor_impl, std::move(cfg));
    };
    actors::executor_config exec;
    // A market added at run time without its own key: spread by market id.
    exec.api_key_index = static_cast<uint8_t>(m.api_key_index.value_or(
        pool_key(ctx.exchange, static_cast<std::size_t>(m.info.market_id))
            .value_or(0)));
    exec.core.max_batch =
        lighter::limits::max_batch_txs(ctx.exchange.resets_over());
    kids.executor = actors::make_executor_factory(exec, node.gateway);
    return kids;
  };
  return plan;
}

} // namespace trailgrid::runtime
