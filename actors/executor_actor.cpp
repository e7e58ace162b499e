#include "actors/executor_actor.hpp"

#include "actors/executor_status.hpp"
#include "lighter/net/unix_time.hpp"
#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <utility>
#include <variant>

// g++ 12 at -O3 reports moves of the command variant as "maybe
// uninitialized" (a known false positive of the variant's storage).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace trailgrid::actors {

using namespace messages;

namespace {

using self_ptr = executor_actor::stateful_pointer<executor_state>;

int64_t wall_ms(self_ptr self) {
  if (self->state.cfg.wall_ms) return self->state.cfg.wall_ms();
  return lighter::net::unix_ms();
}

execution::market_executor& core(self_ptr self) {
  return *self->state.core;
}

int32_t market_of(self_ptr self) {
  return self->state.cfg.core.market_index;
}

void carry_out(self_ptr self, execution::executor_commands cmds);

// How a sign-and-send that got no verdict failed: the signer refusing to
// sign (nothing sent, no nonce used), for good or for now, or a lost answer.
execution::send_failure failure_of(const caf::error& err) {
  if (err.category() != caf::atom("trailgrid"))
    return execution::send_failure::no_answer;
  switch (static_cast<error_code>(err.code())) {
  case error_code::signing_failed:
  case error_code::unknown_api_key:
  case error_code::batch_too_large:
    return execution::send_failure::refused;
  default:
    return execution::send_failure::refused_for_now;
  }
}

// Hands a batch to the signer, which signs it in the key's turn and has the
// gateway send it; the gateway's verdict comes back here.
void sign_and_send_batch(self_ptr self, execution::send_txs cmd) {
  auto& st = self->state;
  sign_and_send req;
  req.request = sign_request{
      st.cfg.api_key_index, market_of(self), std::move(cmd.txs), {}};
  req.gateway = st.cfg.gateway;
  req.batch_id = cmd.batch_id;
  req.trigger_ns = cmd.trigger_ns;
  req.urgent = cmd.urgent;
  req.max_wait_ms = static_cast<int32_t>(st.cfg.sign_timeout.count());
  auto token = cmd.token;
  auto batch_id = cmd.batch_id;
  self->request(st.cfg.signer, st.cfg.send_timeout, std::move(req))
      .then(
          [=](batch_reply& rep) {
            carry_out(self,
                      core(self).on_batch_reply(token, rep, wall_ms(self)));
          },
          [=](caf::error& err) {
            // Still waiting for its key's turn in the signer: give it up
            // there, so it is never signed for nobody (a nonce hole).
            if (err == caf::sec::request_timeout)
              self->send(self->state.cfg.signer, withdraw_atom::value,
                         batch_id);
            carry_out(self, core(self).on_send_failed(
                                token, failure_of(err),
                                self->system().render(err), wall_ms(self)));
          });
}

void read_live_orders(self_ptr self, uint64_t token) {
  auto& st = self->state;
  self->request(st.cfg.gateway, st.cfg.query_timeout, active_orders_atom::value,
                market_of(self))
      .then(
          [=](std::vector<live_order>& live) {
            carry_out(self,
                      core(self).on_live_orders(token, live, wall_ms(self)));
          },
          [=](caf::error& err) {
            carry_out(self,
                      core(self).on_query_failed(
                          token, self->system().render(err), wall_ms(self)));
          });
}

void answer(self_ptr self, execution::answer_reconcile& a) {
  auto& waiting = self->state.reconciles;
  auto i = waiting.find(a.request);
  if (i == waiting.end()) return;
  if (a.ok)
    i->second.deliver(a.result);
  else
    i->second.deliver(make_error(error_code::reconcile_failed, a.error));
  waiting.erase(i);
}

// Carries out one command of the core.
struct command_runner {
  self_ptr self;

  void operator()(execution::send_txs& c) const {
    sign_and_send_batch(self, std::move(c));
  }
  void operator()(execution::query_orders& c) const {
    read_live_orders(self, c.token);
  }
  void operator()(execution::wake_after& c) const {
    self->delayed_send(self, std::chrono::milliseconds(c.delay_ms),
                       tick_atom::value, c.token);
  }
  void operator()(execution::answer_reconcile& c) const { answer(self, c); }
  void operator()(execution::hurry_batch& c) const {
    self->send(self->state.cfg.signer, hurry_atom::value, c.batch_id);
  }
  void operator()(execution::reset_latency& c) const {
    self->state.latency.add(c.ns);
    self->state.latency_histogram.observe_us(c.ns / 1'000);
  }
  /// Order events and reset_done: for the grid.
  template <class GridEvent>
  void operator()(GridEvent& ev) const {
    if (self->state.grid) self->send(self->state.grid, std::move(ev));
  }
};

void carry_out(self_ptr self, execution::executor_commands cmds) {
  for (auto& c : cmds)
    std::visit(command_runner{self}, c);
}

bool same_actor(const grid_actor& a, const grid_actor& b) {
  return a.address() == b.address();
}

} // namespace

executor_actor::behavior_type executor_actor_impl(self_ptr self,
                                                  executor_config cfg) {
  auto& init = self->state;
  init.cfg = std::move(cfg);
  init.started_at = self->clock().now();
  init.core.emplace(init.cfg.core, wall_ms(self));
  return {
      [=](status_atom) {
        return executor_status(self->state, self->clock().now(),
                               self->mailbox().size());
      },
      [=](const market_peers& p) {
        auto& st = self->state;
        if (same_actor(st.grid, p.grid)) return;
        core(self).on_new_grid();
        st.grid = p.grid;
      },
      [=](pause_atom) { carry_out(self, core(self).on_pause(wall_ms(self))); },
      [=](resume_atom) {
        carry_out(self, core(self).on_resume(wall_ms(self)));
      },
      [=](cancel_atom) {
        carry_out(self, core(self).on_cancel(wall_ms(self)));
      },
      [=](drain_atom) { carry_out(self, core(self).on_drain(wall_ms(self))); },
      [=](reconcile_atom) -> caf::result<reconciled> {
        auto& st = self->state;
        auto id = st.next_request++;
        auto rp = self->make_response_promise<reconciled>();
        st.reconciles.emplace(id, rp);
        carry_out(self, core(self).on_reconcile(id, wall_ms(self)));
        return rp;
      },
      [=](replace_grid& g) {
        carry_out(self, core(self).on_grid(std::move(g), wall_ms(self)));
      },
      [=](const cancel_grid& c) {
        if (c.market_index == market_of(self))
          carry_out(self, core(self).on_cancel(wall_ms(self)));
      },
      [=](const halt_notice& h) {
        if (h.market_index == market_of(self))
          self->state.grid_halted = h.halted;
      },
      [=](fill& f) { carry_out(self, core(self).on_fill(std::move(f))); },
      [=](const order_accepted& a) {
        carry_out(self, core(self).on_accepted(a));
      },
      [=](const order_cancelled& c) {
        carry_out(self, core(self).on_cancelled(c));
      },
      [=](const order_rejected& r) {
        carry_out(self, core(self).on_rejected(r));
      },
      [=](tick_atom, uint64_t token) {
        carry_out(self, core(self).on_wake(token, wall_ms(self)));
      },
  };
}

executor_factory make_executor_factory(executor_config base,
                                       gateway_actor gateway) {
  return [base = std::move(base),
          gateway](caf::local_actor* parent,
                   const child_context& ctx) -> executor_actor {
    auto cfg = base;
    cfg.name = ctx.market + "/executor";
    cfg.core.market_index = ctx.market_index;
    cfg.signer = ctx.signer;
    cfg.gateway = gateway;
    return parent->spawn(executor_actor_impl, std::move(cfg));
  };
}

} // namespace trailgrid::actors
