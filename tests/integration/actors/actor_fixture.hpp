#pragma once

// Shared pieces of the exchange-actor tests: an actor system on CAF's normal
// scheduler, stub peers that record what they receive, and a fake tx_signer
// that makes auth tokens.

#include "actors/tx_signer.hpp"
#include "messages/interfaces.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include "../lighter/fake_exchange.hpp"

#include <memory>
#include <string>

namespace trailgrid::actors::test {

using namespace trailgrid::messages;
using trailgrid::lighter::test::recorder;

struct test_config : caf::actor_system_config {
  test_config() {
    register_types(*this);
    set("scheduler.max-threads", 2);
  }
};

/// Everything the stub peers received.
struct sink {
  recorder<top_of_book> tops;
  recorder<trade_print> trades;
  recorder<mark_price> marks;
  recorder<atr_warmup> warmups;
  recorder<fill> fills;
  recorder<fill> grid_fills; ///< the fills the grid got
  recorder<order_accepted> accepted;
  recorder<order_cancelled> cancelled;
  recorder<order_rejected> rejected;
  recorder<position_report> positions;
  recorder<balance_update> balances;
};

/// An atr that records prices and warm-ups.
inline atr_actor::behavior_type atr_stub(atr_actor::pointer,
                                         std::shared_ptr<sink> s) {
  return {
      [](status_atom) { return actor_status{}; },
      [](const market_peers&) {},
      [](pause_atom) {},
      [](resume_atom) {},
      [](cancel_atom) {},
      [](drain_atom) {},
      [s](const top_of_book& x) { s->tops.push(x); },
      [s](const trade_print& x) { s->trades.push(x); },
      [s](const mark_price& x) { s->marks.push(x); },
      [s](const atr_warmup& x) { s->warmups.push(x); },
      [](tick_atom) {},
  };
}

/// A grid that records prices, fills, positions and balances (and ignores
/// the rest).
inline grid_actor::behavior_type grid_stub(grid_actor::pointer,
                                           std::shared_ptr<sink> s) {
  return {
      [](status_atom) { return actor_status{}; },
      [](const market_peers&) {},
      [](pause_atom) {},
      [](resume_atom) {},
      [](cancel_atom) {},
      [](drain_atom) {},
      [s](const top_of_book& x) { s->tops.push(x); },
      [s](const trade_print& x) { s->trades.push(x); },
      [s](const mark_price& x) { s->marks.push(x); },
      [](const atr_update&) {},
      [s](const fill& x) { s->grid_fills.push(x); },
      [](const order_accepted&) {},
      [](const order_cancelled&) {},
      [](const order_rejected&) {},
      [](const reset_done&) {},
      [s](const balance_update& x) { s->balances.push(x); },
      [](tick_atom, int64_t) {},
      [](exposure_atom) { return market_exposure{}; },
      [](const reduce_only&) {},
      [s](const position_report& x) { s->positions.push(x); },
      [](const risk_halt&) {},
      [](const market_status&) {},
  };
}

/// An executor that records account events.
inline executor_actor::behavior_type executor_stub(executor_actor::pointer,
                                                   std::shared_ptr<sink> s) {
  return {
      [](status_atom) { return actor_status{}; },
      [](const market_peers&) {},
      [](pause_atom) {},
      [](resume_atom) {},
      [](cancel_atom) {},
      [](drain_atom) {},
      [](reconcile_atom) { return reconciled{}; },
      [](const replace_grid&) {},
      [](const cancel_grid&) {},
      [](const halt_notice&) {},
      [s](const fill& x) { s->fills.push(x); },
      [s](const order_accepted& x) { s->accepted.push(x); },
      [s](const order_rejected& x) { s->rejected.push(x); },
      [s](const order_cancelled& x) { s->cancelled.push(x); },
      [](tick_atom, uint64_t) {},
  };
}

/// Signs nothing; makes auth tokens "<deadline>:<account>:<key>:fake".
class token_signer : public tx_signer {
public:
  token_signer(int64_t account, uint8_t key) : account_(account), key_(key) {}
  sign_outcome sign(const tx_intent&, int64_t) override {
    return sign_failure{"token_signer signs no transactions"};
  }
  auth_outcome auth_token(int64_t deadline_unix_s) override {
    ++tokens;
    return std::to_string(deadline_unix_s) + ":" + std::to_string(account_) +
           ":" + std::to_string(key_) + ":fake";
  }
  std::atomic<int> tokens{0};

private:
  int64_t account_;
  uint8_t key_;
};

} // namespace trailgrid::actors::test
