#include "actors/executor_actor.hpp"

#include "actors/executor_status.hpp"
#include "lighter/codec/error_classifier.hpp"
#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace trailgrid::actors {

using namespace messages;

namespace {

using self_ptr = executor_actor::stateful_pointer<executor_state>;
using job_t = executor_state::job;
using job_kind = executor_state::job_kind;
using step = executor_state::step;

void start_next(self_ptr self);
void run_front(self_ptr self);
void query_exchange(self_ptr self);

int64_t wall_ms(self_ptr self) {
  if (self->state.cfg.wall_ms) return self->state.cfg.wall_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool is_ours(self_ptr self, int64_t coi) {
  return self->state.indexes->space().owns(coi);
}

// Paused, draining or halted: nothing of ours may rest.
bool quiet(const executor_state& st) {
  return st.paused || st.draining || !st.halted.empty();
}

job_t& job(self_ptr self) {
  return *self->state.current;
}

bool is_create(const tx_intent& t) {
  return t.kind == tx_kind::create_order;
}

int32_t creates_in(const std::vector<tx_intent>& b) {
  return static_cast<int32_t>(std::count_if(b.begin(), b.end(), is_create));
}

/// A fresh token for the next asynchronous step of the current job; answers
/// and timers carrying an older one are dropped.
uint64_t begin_step(self_ptr self, step s) {
  auto& j = job(self);
  j.now = s;
  j.token = self->state.next_token++;
  return j.token;
}

bool still_current(self_ptr self, uint64_t token) {
  auto& c = self->state.current;
  return c && c->token == token;
}

std::chrono::milliseconds backoff_delay(const executor_config& cfg,
                                        int attempt) {
  auto d = cfg.backoff_base;
  for (int i = 1; i < attempt && d < cfg.backoff_cap; ++i)
    d *= 2;
  return std::min(d, cfg.backoff_cap);
}

void back_off(self_ptr self) {
  auto token = begin_step(self, step::backing_off);
  self->delayed_send(self, backoff_delay(self->state.cfg, job(self).attempts),
                     tick_atom::value, token);
}

// The exchange's reason (lighter's one code table) as the grid's reject class.
reject_class reject_class_of(int32_t code, const std::string& message) {
  switch (lighter::reject_reason_of(code, message)) {
  case lighter::reject_reason::post_only_cross:
    return reject_class::post_only_cross;
  case lighter::reject_reason::invalid_amount:
    return reject_class::invalid_amount;
  case lighter::reject_reason::insufficient_margin:
    return reject_class::insufficient_margin;
  case lighter::reject_reason::rate_limited:
    return reject_class::rate_limited;
  case lighter::reject_reason::invalid_nonce:
    return reject_class::invalid_nonce;
  case lighter::reject_reason::other:
    break;
  }
  return reject_class::other;
}

// The creates of the front batch were refused: forget them, tell the grid,
// and keep the rest of the batch.
void drop_creates(self_ptr self, const batch_reply& rep) {
  auto& st = self->state;
  auto& j = job(self);
  auto& b = j.batches.front();
  for (auto& t : b) {
    if (!is_create(t)) continue;
    st.orders.remove(t.client_order_index);
    ++j.failed;
    if (st.grid)
      self->send(st.grid,
                 order_rejected{st.cfg.market_index, t.client_order_index, 0,
                                reject_class_of(rep.code, rep.message),
                                rep.code, rep.message, wall_ms(self)});
  }
  b.erase(std::remove_if(b.begin(), b.end(), is_create), b.end());
}

// The cancels of the front batch hit orders that are gone: treat them as
// done and keep the rest of the batch.
void forget_cancels(self_ptr self) {
  auto& b = job(self).batches.front();
  for (auto& t : b)
    if (!is_create(t)) self->state.orders.remove(t.cancel_index);
  b.erase(std::remove_if(b.begin(), b.end(),
                         [](const tx_intent& t) { return !is_create(t); }),
          b.end());
}

// Leaves out of the front batch the cancels of orders no longer tracked
// (a fill or cancel event came meanwhile); how many it left out.
size_t drop_cancels_of_gone(self_ptr self) {
  auto& st = self->state;
  auto& b = job(self).batches.front();
  auto before = b.size();
  b.erase(std::remove_if(b.begin(), b.end(),
                         [&](const tx_intent& t) {
                           return !is_create(t) &&
                                  st.orders.find(t.cancel_index) == nullptr;
                         }),
          b.end());
  return before - b.size();
}

void untrack_creates(self_ptr self, const std::vector<tx_intent>& b) {
  for (auto& t : b)
    if (is_create(t)) self->state.orders.remove(t.client_order_index);
}

void next_batch(self_ptr self) {
  auto& j = job(self);
  j.batches.pop_front();
  j.attempts = 0;
  run_front(self);
}

void give_up_front(self_ptr self, std::string why) {
  auto& j = job(self);
  untrack_creates(self, j.batches.front());
  j.failed += creates_in(j.batches.front());
  self->state.last_error = std::move(why);
  next_batch(self);
}

void finish_job(self_ptr self) {
  auto& st = self->state;
  auto j = std::move(*st.current);
  st.current.reset();
  auto market = st.cfg.market_index;
  switch (j.kind) {
  case job_kind::reset:
    ++st.resets_done;
    if (st.grid)
      self->send(st.grid, reset_done{market, j.grid.reset_seq, j.placed,
                                     j.failed, wall_ms(self)});
    break;
  case job_kind::reconcile:
    st.orphans_cancelled += static_cast<uint64_t>(j.orphans);
    if (j.promise)
      j.promise->deliver(reconciled{market, j.orphans,
                                    static_cast<int32_t>(st.orders.size())});
    break;
  case job_kind::cancel:
    break;
  }
  if (quiet(st) && !st.cancel_confirmed && !st.verify_due) {
    // Check with the exchange (and cancel what it still lists) after a
    // backoff: a cancel given up or an order we never knew must not rest.
    st.verify_due = true;
    st.verify_pending_timer = true;
    auto delay = backoff_delay(st.cfg, ++st.verify_attempts);
    self->delayed_send(self, delay, tick_atom::value, uint64_t{0});
    return start_next(self);
  }
  start_next(self);
}

// Plans the job's batches: cancels of `cancels`, and for a reset the levels
// of its grid under fresh client order indexes.
void plan_job(self_ptr self, const std::vector<int64_t>& cancels) {
  auto& st = self->state;
  auto& j = job(self);
  j.creates.clear();
  j.placed = 0;
  j.failed = 0;
  if (j.kind == job_kind::reset)
    for (auto& level : j.grid.levels)
      j.creates.push_back({st.indexes->next(), level});
  auto plan = plan_reset_batches(st.cfg.market_index, cancels, j.creates,
                                 st.cfg.max_batch);
  j.batches.clear();
  if (plan.error) {
    st.last_error = *plan.error;
    j.failed = static_cast<int32_t>(j.creates.size());
    return;
  }
  for (auto& b : plan.batches)
    j.batches.push_back(std::move(b));
}

void on_reply(self_ptr self, const batch_reply& rep);

void on_sign_error(self_ptr self, const caf::error& err) {
  auto& j = job(self);
  auto text = "sign: " + self->system().render(err);
  bool hopeless =
      err.category() == caf::atom("trailgrid") &&
      (err.code() == static_cast<uint8_t>(error_code::signing_failed) ||
       err.code() == static_cast<uint8_t>(error_code::unknown_api_key) ||
       err.code() == static_cast<uint8_t>(error_code::batch_too_large));
  if (hopeless || ++j.attempts >= self->state.cfg.max_attempts)
    return give_up_front(self, std::move(text));
  self->state.last_error = std::move(text);
  back_off(self);
}

// True when `err` comes from the signer refusing to sign (nothing was sent,
// no nonce was used), not from a lost answer.
bool unsigned_refusal(const caf::error& err) {
  return err.category() == caf::atom("trailgrid");
}

// Hands the front batch to the signer, which signs it in the key's turn and
// has the gateway send it; the gateway's verdict comes back here.
void send_front(self_ptr self) {
  auto& st = self->state;
  auto& j = job(self);
  auto now = wall_ms(self);
  auto& front = j.batches.front();
  stamp_times(front, now + st.cfg.order_lifetime.count(),
              now + st.cfg.tx_deadline.count());
  j.batch_id = st.next_batch_id++;
  // Tracked before the answer: order events may overtake the batch reply.
  for (auto& t : front)
    if (is_create(t))
      st.orders.add_sent(t.client_order_index, t.is_ask ? side::ask : side::bid,
                         t.price, t.base_amount);
  ++st.batches_sent;
  auto token = begin_step(self, step::sending);
  sign_and_send req;
  req.request =
      sign_request{st.cfg.api_key_index, st.cfg.market_index, front, {}};
  req.gateway = st.cfg.gateway;
  req.batch_id = j.batch_id;
  req.trigger_ns = j.kind == job_kind::reset ? j.grid.trigger_ns : 0;
  req.urgent = req.trigger_ns > 0;
  req.max_wait_ms = static_cast<int32_t>(st.cfg.sign_timeout.count());
  auto batch_id = j.batch_id;
  self->request(st.cfg.signer, st.cfg.send_timeout, std::move(req))
      .then(
          [=](batch_reply& rep) {
            if (still_current(self, token)) on_reply(self, rep);
          },
          [=](caf::error& err) {
            // Still waiting for its key's turn in the signer: give it up
            // there, so it is never signed for nobody (a nonce hole).
            if (err == caf::sec::request_timeout)
              self->send(self->state.cfg.signer, withdraw_atom::value,
                         batch_id);
            if (!still_current(self, token)) return;
            if (unsigned_refusal(err)) {
              untrack_creates(self, job(self).batches.front());
              return on_sign_error(self, err);
            }
            batch_reply rep; // no answer in time: its fate is unknown
            rep.batch_id = batch_id;
            rep.verdict = exchange_verdict::unknown;
            rep.message = self->system().render(err);
            on_reply(self, rep);
          });
}

void run_front(self_ptr self) {
  auto& j = job(self);
  j.now = step::idle;
  while (!j.batches.empty()) {
    auto& b = j.batches.front();
    if (j.abort) {
      untrack_creates(self, b);
      j.failed += creates_in(b);
      b.erase(std::remove_if(b.begin(), b.end(), is_create), b.end());
    }
    // A cancel of an order that left the book meanwhile (filled, cancelled)
    // would fail the whole batch as already_gone: leave it out.
    drop_cancels_of_gone(self);
    if (!b.empty()) break;
    j.batches.pop_front();
    j.attempts = 0;
  }
  if (j.batches.empty()) return finish_job(self);
  send_front(self);
}

// The fate of the front batch is unknown (no answer, disconnect): learn the
// exchange's live orders and plan the job again from there.
void recover(self_ptr self) {
  auto& st = self->state;
  auto& j = job(self);
  if (++j.recoveries > st.cfg.max_recoveries) {
    for (auto& b : j.batches)
      j.failed += creates_in(b);
    j.batches.clear();
    st.last_error =
        "gave up after " + std::to_string(j.recoveries - 1) + " reconciles";
    return finish_job(self);
  }
  j.batches.clear();
  j.needs_query = true;
  j.attempts = 0;
  query_exchange(self);
}

void on_reply(self_ptr self, const batch_reply& rep) {
  auto& st = self->state;
  auto& j = job(self);
  auto& b = j.batches.front();
  if (rep.verdict != exchange_verdict::accepted) ++st.rejects[rep.verdict];
  switch (rep.verdict) {
  case exchange_verdict::accepted:
    for (auto& t : b)
      if (is_create(t)) {
        ++j.placed;
        st.orders.on_create_accepted(t.client_order_index, wall_ms(self));
      } else {
        st.orders.remove(t.cancel_index); // on its way out
      }
    if (j.kind == job_kind::reset && !j.measured) {
      j.measured = true;
      if (rep.trigger_ns > 0 && rep.written_ns >= rep.trigger_ns) {
        st.latency.add(rep.written_ns - rep.trigger_ns);
        st.latency_histogram.observe_us((rep.written_ns - rep.trigger_ns) /
                                        1'000);
      }
    }
    return next_batch(self);
  case exchange_verdict::retry_later:
    untrack_creates(self, b);
    if (++j.attempts >= st.cfg.max_attempts)
      return give_up_front(self, "retry_later: " + rep.message);
    return back_off(self);
  case exchange_verdict::resync_nonce:
    // The gateway told the signer, which re-reads the exchange's next nonce
    // before it signs this key's next batch.
    ++st.nonce_errors;
    untrack_creates(self, b);
    if (++j.attempts >= st.cfg.max_attempts)
      return give_up_front(self, "invalid nonce: " + rep.message);
    return run_front(self);
  case exchange_verdict::drop_order:
    if (creates_in(b) > 0)
      drop_creates(self, rep);
    else
      forget_cancels(self); // nothing else to drop: make progress
    return run_front(self);
  case exchange_verdict::already_gone: {
    const auto cancels = b.size() - static_cast<size_t>(creates_in(b));
    if (cancels == 0) {
      drop_creates(self, rep); // no cancel to blame: make progress
      return run_front(self);
    }
    // The exchange refuses the whole batch for one cancel of an order that
    // left the book, and does not say which. One cancel: that one. Else
    // leave out those we now know are gone; knowing of none, ask the
    // exchange which orders rest: forgetting every cancel of the batch
    // would leave the others resting, unknown to us.
    if (cancels == 1) {
      forget_cancels(self);
      return run_front(self);
    }
    if (drop_cancels_of_gone(self) > 0) return run_front(self);
    for (auto& t : b)
      if (!is_create(t)) st.orders.let_listing_decide(t.cancel_index);
    st.last_error = "already gone: " + rep.message;
    return recover(self);
  }
  case exchange_verdict::fatal:
    untrack_creates(self, b);
    st.halted = std::to_string(rep.code) + " " + rep.message;
    st.last_error = "fatal: " + st.halted;
    // Halted: nothing of ours may rest unattended.
    st.cancel_waiting = true;
    st.cancel_confirmed = false;
    for (auto& rest : j.batches)
      j.failed += creates_in(rest);
    j.batches.clear();
    return finish_job(self);
  case exchange_verdict::unknown:
    // The exchange consumed the nonces but its answer is lost (or none came
    // in time): learn the live orders and plan again.
    st.last_error = "unknown: " + rep.message;
    return recover(self);
  }
}

// Makes the tracked set match the exchange (our namespace only) and plans
// the job again.
void on_live_orders(self_ptr self, const std::vector<live_order>& live) {
  auto& st = self->state;
  auto& j = job(self);
  j.needs_query = false;
  j.attempts = 0;
  order_tracker seen;
  for (auto& o : live) {
    if (o.market_index != st.cfg.market_index) continue;
    if (!is_ours(self, o.client_order_index)) continue; // foreign: leave it
    st.indexes->bump_above(o.client_order_index);
    auto s = o.is_ask ? side::ask : side::bid;
    seen.adopt(o.client_order_index, o.order_index, s, o.price, o.remaining);
  }
  // The exchange's list is the truth for everything sent before the query,
  // but for creates it took that it may not list yet.
  auto orphans = st.orders.take_listing(std::move(seen), wall_ms(self),
                                        st.cfg.unseen_grace.count());
  if (j.kind == job_kind::reconcile && quiet(st)) {
    // Nothing of ours may rest: cancel whatever the exchange lists.
    j.orphans = static_cast<int32_t>(orphans.size());
    if (st.orders.size() == 0) st.cancel_confirmed = true;
    plan_job(self, st.orders.client_indexes());
  } else if (j.kind == job_kind::reconcile) {
    // Policy: our orders that we do not know are cancelled, not adopted:
    // the grid re-quotes anyway, and an order nobody owns must not rest.
    j.orphans = static_cast<int32_t>(orphans.size());
    plan_job(self, orphans);
  } else {
    plan_job(self, st.orders.client_indexes());
  }
  run_front(self);
}

void query_failed(self_ptr self, const caf::error& err) {
  auto& st = self->state;
  auto& j = job(self);
  st.last_error = "active orders: " + self->system().render(err);
  if (j.kind == job_kind::reconcile) {
    if (j.promise)
      j.promise->deliver(
          make_error(error_code::reconcile_failed, st.last_error));
    st.current.reset();
    return start_next(self);
  }
  if (j.kind == job_kind::reset)
    j.failed = static_cast<int32_t>(j.grid.levels.size());
  finish_job(self);
}

void query_exchange(self_ptr self) {
  auto& st = self->state;
  auto token = begin_step(self, step::querying);
  self->request(st.cfg.gateway, st.cfg.query_timeout, active_orders_atom::value,
                st.cfg.market_index)
      .then(
          [=](std::vector<live_order>& live) {
            if (still_current(self, token)) on_live_orders(self, live);
          },
          [=](caf::error& err) {
            if (!still_current(self, token)) return;
            if (++job(self).attempts >= self->state.cfg.max_attempts)
              return query_failed(self, err);
            self->state.last_error =
                "active orders: " + self->system().render(err);
            back_off(self);
          });
}

void start_job(self_ptr self, job_t j) {
  self->state.current = std::move(j);
}

void start_next(self_ptr self) {
  auto& st = self->state;
  if (st.current) return;
  if (st.reconcile_waiting) {
    job_t j;
    j.kind = job_kind::reconcile;
    j.promise = std::move(st.reconcile_waiting);
    st.reconcile_waiting.reset();
    j.needs_query = true;
    start_job(self, std::move(j));
    return query_exchange(self);
  }
  if (st.verify_due && !st.verify_pending_timer) {
    st.verify_due = false;
    ++st.cancel_checks;
    job_t j;
    j.kind = job_kind::reconcile;
    j.needs_query = true;
    start_job(self, std::move(j));
    return query_exchange(self);
  }
  if (st.cancel_waiting) {
    st.cancel_waiting = false;
    job_t j;
    j.kind = job_kind::cancel;
    start_job(self, std::move(j));
    plan_job(self, st.orders.client_indexes());
    return run_front(self);
  }
  if (st.pending && !st.paused && !st.draining && st.halted.empty()) {
    job_t j;
    j.kind = job_kind::reset;
    j.grid = std::move(*st.pending);
    st.pending.reset();
    start_job(self, std::move(j));
    plan_job(self, st.orders.client_indexes());
    return run_front(self);
  }
}

// Cancels the market's orders after the current job; a running reset stops
// sending creates.
void request_cancel(self_ptr self, bool keep_pending) {
  auto& st = self->state;
  st.cancel_waiting = true;
  st.cancel_confirmed = false;
  st.verify_attempts = 0;
  if (!keep_pending) st.pending.reset();
  if (st.current && st.current->kind == job_kind::reset) {
    auto& j = job(self);
    j.abort = true;
    if (j.now == step::backing_off && !j.needs_query) {
      ++j.token; // drops the pending timer
      return run_front(self);
    }
  }
  start_next(self);
}

bool same_actor(const grid_actor& a, const grid_actor& b) {
  return a.address() == b.address();
}

// Asks the gateway to send this market's account events here (and balances
// to the grid).
void claim_route(self_ptr self) {
  auto& st = self->state;
  if (st.cfg.gateway)
    self->send(st.cfg.gateway,
               route_market{st.cfg.market_index, self, st.grid});
}

// Forwards an order event of our namespace to the grid; false when it is not
// ours (foreign orders are left alone).
template <class Event>
bool forward_ours(self_ptr self, const Event& ev) {
  auto& st = self->state;
  if (ev.market_index != st.cfg.market_index ||
      !is_ours(self, ev.client_order_index)) {
    ++st.foreign_events;
    return false;
  }
  if (st.grid) self->send(st.grid, ev);
  return true;
}

} // namespace

executor_actor::behavior_type executor_actor_impl(self_ptr self,
                                                  executor_config cfg) {
  auto& init = self->state;
  init.cfg = std::move(cfg);
  init.started_at = self->clock().now();
  init.indexes.emplace(
      client_index_space{init.cfg.namespace_tag, init.cfg.market_index},
      seed_from_time(wall_ms(self)));
  claim_route(self);
  return {
      [=](status_atom) {
        return executor_status(self->state, self->clock().now(),
                               self->mailbox().size());
      },
      [=](const market_peers& p) {
        auto& st = self->state;
        if (same_actor(st.grid, p.grid)) return;
        st.last_seq.reset(); // a new grid numbers its resets afresh
        st.grid = p.grid;
        claim_route(self);
      },
      [=](pause_atom) {
        self->state.paused = true;
        request_cancel(self, true);
      },
      [=](resume_atom) {
        auto& st = self->state;
        st.paused = false;
        st.halted.clear();
        start_next(self);
      },
      [=](cancel_atom) { request_cancel(self, false); },
      [=](drain_atom) {
        self->state.draining = true;
        request_cancel(self, false);
      },
      [=](reconcile_atom) -> caf::result<reconciled> {
        auto& st = self->state;
        auto rp = self->make_response_promise<reconciled>();
        if (st.reconcile_waiting)
          st.reconcile_waiting->deliver(
              make_error(error_code::reconcile_failed, "superseded"));
        st.reconcile_waiting = rp;
        start_next(self);
        return rp;
      },
      [=](replace_grid& g) {
        auto& st = self->state;
        if (g.market_index != st.cfg.market_index) {
          ++st.foreign_events;
          return;
        }
        if (st.last_seq && g.reset_seq <= *st.last_seq) {
          ++st.stale_grids;
          return;
        }
        st.last_seq = g.reset_seq;
        if (st.draining) return;
        if (st.pending) ++st.superseded_grids;
        st.pending = std::move(g);
        start_next(self);
      },
      [=](const cancel_grid& c) {
        if (c.market_index == self->state.cfg.market_index)
          request_cancel(self, false);
      },
      [=](const halt_notice& h) {
        if (h.market_index == self->state.cfg.market_index)
          self->state.grid_halted = h.halted;
      },
      [=](fill& f) {
        auto& st = self->state;
        if (f.client_order_index == 0)
          f.client_order_index = st.orders.client_index_of(f.order_index);
        if (forward_ours(self, f))
          st.orders.on_fill(f.client_order_index, f.order_index, f.remaining);
      },
      [=](const order_accepted& a) {
        auto& st = self->state;
        if (!forward_ours(self, a)) return;
        // An order of ours we did not know (its batch's fate was unknown):
        // adopt it so the next reset cancels it.
        if (!st.orders.on_accepted(a.client_order_index, a.order_index))
          st.orders.adopt(a.client_order_index, a.order_index, side::bid,
                          strategy::price_ticks{}, strategy::qty_lots{});
      },
      [=](const order_cancelled& c) {
        if (forward_ours(self, c))
          self->state.orders.remove(c.client_order_index);
      },
      [=](const order_rejected& r) {
        if (forward_ours(self, r))
          self->state.orders.remove(r.client_order_index);
      },
      [=](const position_report& p) {
        // Behind the fills it contains (same sender, same order).
        auto& st = self->state;
        if (p.market_index == st.cfg.market_index && st.grid)
          self->send(st.grid, p);
      },
      [=](tick_atom, uint64_t token) {
        if (token == 0) { // the cancel check's backoff ended
          self->state.verify_pending_timer = false;
          return start_next(self);
        }
        auto& c = self->state.current;
        if (!c || c->now != step::backing_off || c->token != token) return;
        if (c->needs_query) return query_exchange(self);
        run_front(self);
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
    cfg.market_index = ctx.market_index;
    cfg.signer = ctx.signer;
    cfg.gateway = gateway;
    return parent->spawn(executor_actor_impl, std::move(cfg));
  };
}

} // namespace trailgrid::actors
