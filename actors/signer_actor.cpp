#include "actors/signer_actor.hpp"

#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::actors {

using namespace messages;
using execution::nonce_fate;
using execution::sign_command;

namespace {

using self_ptr = signer_actor::stateful_pointer<signer_state>;

int64_t now_ms(self_ptr self) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             self->clock().now().time_since_epoch())
      .count();
}

nonce_fate to_fate(tx_verdict v) {
  switch (v) {
  case tx_verdict::accepted:
    return nonce_fate::consumed;
  case tx_verdict::invalid_nonce:
    return nonce_fate::invalid;
  case tx_verdict::rejected_other:
    return nonce_fate::not_consumed;
  case tx_verdict::uncertain:
    return nonce_fate::uncertain;
  }
  return nonce_fate::uncertain;
}

void run(self_ptr self, execution::sign_commands cmds);

// What the request carries, as the account's quota counts it.
execution::batch_shape shape_of(const sign_request& req) {
  execution::batch_shape shape;
  for (auto& tx : req.txs) {
    switch (tx.kind) {
    case tx_kind::create_order:
      ++shape.creates;
      break;
    case tx_kind::cancel_order:
      ++shape.cancels;
      break;
    case tx_kind::cancel_all_orders:
      ++shape.cancel_alls;
      break;
    }
  }
  return shape;
}

// The exchange's codes for "over the quota".
bool is_quota_refusal(int32_t code) {
  return code == 23000 || code == 429;
}

// Signs every tx of the request with consecutive nonces from `first`;
// nothing when one fails (the nonces stay unused).
std::optional<std::vector<signed_tx>> sign_all(self_ptr self,
                                               const sign_request& req,
                                               int64_t first,
                                               std::string& why) {
  auto& signer = self->state.signers.at(req.api_key_index);
  std::vector<signed_tx> out;
  out.reserve(req.txs.size());
  for (size_t i = 0; i < req.txs.size(); ++i) {
    auto nonce = first + static_cast<int64_t>(i);
    auto made = signer->sign(req.txs[i], nonce);
    if (auto failure = std::get_if<sign_failure>(&made)) {
      why = "tx " + std::to_string(i) + ": " + failure->reason;
      return std::nullopt;
    }
    auto& payload = std::get<signed_payload>(made);
    out.push_back(signed_tx{nonce, static_cast<uint8_t>(req.txs[i].kind),
                            std::move(payload.tx_info),
                            std::move(payload.tx_hash)});
  }
  return out;
}

void enqueue(self_ptr self, signer_state::pending p, bool alone);

// Answers every member of a merged batch from the exchange's one reply: each
// its own batch id, trigger and slice of the tx hashes.
void answer_members(std::vector<signer_state::pending>& members,
                    const batch_reply& r) {
  size_t hash = 0;
  for (auto& m : members) {
    batch_reply out = r;
    out.batch_id = m.msg.batch_id;
    out.trigger_ns = m.msg.trigger_ns;
    out.tx_hashes.clear();
    for (size_t i = 0; i < m.msg.request.txs.size(); ++i, ++hash)
      if (hash < r.tx_hashes.size()) out.tx_hashes.push_back(r.tx_hashes[hash]);
    m.promise.deliver(std::move(out));
  }
}

// A refusal that names one tx of the batch (an order gone, one that cannot
// be placed, a fatal code) belongs to one member only: each is signed again
// on its own to get its own verdict. The others concern the whole batch.
bool names_one_tx(exchange_verdict v) {
  return v == exchange_verdict::already_gone ||
         v == exchange_verdict::drop_order || v == exchange_verdict::fatal;
}

// Signs ticket `id` and then `merged` (cancels of other requesters merged
// into its batch) with consecutive nonces from `first`, and hands the batch
// to their gateway. A batch of one request is delegated: the gateway answers
// the requester. A merged one is answered here, each requester from the
// exchange's one reply.
void sign_and_forward(self_ptr self, uint64_t id,
                      const std::vector<uint64_t>& merged, int64_t first) {
  auto& st = self->state;
  std::vector<uint64_t> ids{id};
  ids.insert(ids.end(), merged.begin(), merged.end());
  std::vector<signer_state::pending> members;
  for (auto m : ids) {
    auto i = st.waiting.find(m);
    if (i == st.waiting.end()) continue;
    members.push_back(std::move(i->second));
    st.waiting.erase(i);
  }
  // Signs nothing and frees every nonce of the batch.
  auto fail = [&](const std::string& why) {
    ++st.sign_failures;
    for (auto& m : members)
      m.promise.deliver(make_error(error_code::signing_failed, why));
    run(self, st.sequence.on_sign_failed(id, now_ms(self)));
  };
  if (members.size() != ids.size())
    return fail("a request of its batch is gone");
  auto& lead = members.front().msg;
  if (!lead.gateway) return fail("no gateway to send it");
  const auto key = lead.request.api_key_index;
  std::vector<signed_tx> txs;
  for (auto& m : members) {
    std::string why;
    auto signed_txs = sign_all(self, m.msg.request,
                               first + static_cast<int64_t>(txs.size()), why);
    if (!signed_txs) return fail(why);
    for (auto& t : *signed_txs)
      txs.push_back(std::move(t));
  }
  st.signatures.add(self->clock().now(), txs.size());
  st.sent_via[{key, first}] = lead.gateway.node();
  send_batch b{lead.request.market_index, key, lead.batch_id, std::move(txs),
               lead.trigger_ns};
  if (members.size() == 1) {
    members.front().promise.delegate(lead.gateway, std::move(b));
    return;
  }
  auto gateway = lead.gateway;
  auto shared =
      std::make_shared<std::vector<signer_state::pending>>(std::move(members));
  self->request(gateway, caf::infinite, std::move(b))
      .then(
          [=](batch_reply& r) {
            if (!names_one_tx(r.verdict)) return answer_members(*shared, r);
            self->state.split_after_refusal += shared->size();
            for (auto& m : *shared)
              enqueue(self, std::move(m), true);
          },
          [=](caf::error& err) {
            for (auto& m : *shared)
              m.promise.deliver(err);
          });
}

void fetch_nonce(self_ptr self, uint8_t key) {
  auto& st = self->state;
  if (!st.cfg.nonce_source) return; // a nonce_resync message will come
  self->request(st.cfg.nonce_source, st.cfg.source_timeout,
                next_nonce_atom::value, key)
      .then(
          [=](nonce_resync& r) {
            run(self,
                self->state.sequence.on_nonce(key, r.next_nonce, now_ms(self)));
          },
          [=](caf::error& err) {
            run(self, self->state.sequence.on_nonce_failed(
                          key, self->system().render(err), now_ms(self)));
          });
}

void schedule_wake(self_ptr self, int64_t at_ms) {
  auto& st = self->state;
  if (st.wake_at && *st.wake_at <= at_ms) return;
  st.wake_at = at_ms;
  auto delay = std::max<int64_t>(0, at_ms - now_ms(self));
  self->delayed_send(self, std::chrono::milliseconds(delay), tick_atom::value);
}

void run(self_ptr self, execution::sign_commands cmds) {
  auto& st = self->state;
  for (auto& c : cmds) {
    switch (c.what) {
    case sign_command::kind::sign:
      sign_and_forward(self, c.id, c.merged, c.first_nonce);
      break;
    case sign_command::kind::fail: {
      auto i = st.waiting.find(c.id);
      if (i == st.waiting.end()) break;
      i->second.promise.deliver(
          make_error(error_code::nonce_unavailable, c.why));
      st.waiting.erase(i);
      break;
    }
    case sign_command::kind::fetch_nonce:
      fetch_nonce(self, c.key);
      break;
    case sign_command::kind::wake:
      schedule_wake(self, c.at_ms);
      break;
    }
  }
}

// The waiting ticket of the current sender's request `batch_id`, if any.
std::optional<uint64_t> senders_ticket(self_ptr self, uint64_t batch_id) {
  auto from = caf::actor_cast<caf::actor_addr>(self->current_sender());
  for (auto& [id, p] : self->state.waiting)
    if (p.requester == from && p.msg.batch_id == batch_id) return id;
  return std::nullopt;
}

// Gives up ticket `id` unless it was signed already: it then uses no nonce.
void withdraw(self_ptr self, uint64_t id) {
  auto& st = self->state;
  if (st.waiting.count(id) == 0) return;
  ++st.withdrawn;
  run(self, st.sequence.on_withdraw(id, now_ms(self)));
}

// A request whose requester or gateway is gone would be signed for nobody
// and never sent: a nonce hole until the verdict timeout. Watch both.
void watch(self_ptr self, const caf::actor_addr& who) {
  if (!who || !self->state.watched.insert(who).second) return;
  self->monitor(who);
}

void on_down(self_ptr self, const caf::down_msg& dm) {
  auto& st = self->state;
  st.watched.erase(dm.source);
  st.gateway_handles.erase(dm.source);
  std::vector<uint64_t> gone;
  for (auto& [id, p] : st.waiting)
    if (p.requester == dm.source || p.msg.gateway.address() == dm.source)
      gone.push_back(id);
  for (auto id : gone)
    withdraw(self, id);
}

// Queues a request for its key's turn (`alone`: never merged with others).
void enqueue(self_ptr self, signer_state::pending p, bool alone) {
  auto& st = self->state;
  auto now = now_ms(self);
  auto& msg = p.msg;
  execution::sign_ticket t;
  t.id = st.next_ticket++;
  t.key = msg.request.api_key_index;
  t.market = msg.request.market_index;
  t.count = static_cast<int32_t>(msg.request.txs.size());
  t.urgent = msg.urgent;
  t.deadline_ms = now + std::max<int32_t>(0, msg.max_wait_ms);
  t.origin = msg.request.origin;
  t.shape = shape_of(msg.request);
  t.alone = alone;
  if (msg.gateway) {
    auto [h, added] = st.gateway_handles.try_emplace(msg.gateway.address(),
                                                     st.next_gateway_handle);
    if (added) ++st.next_gateway_handle;
    t.sender = h->second;
  }
  st.waiting.emplace(t.id, std::move(p));
  run(self, st.sequence.on_request(std::move(t), now));
}

caf::error check(const signer_state& st, const sign_request& req) {
  if (st.signers.count(req.api_key_index) == 0)
    return make_error(error_code::unknown_api_key,
                      std::to_string(req.api_key_index));
  if (req.txs.empty()) return make_error(error_code::empty_batch);
  if (req.txs.size() > st.cfg.max_batch)
    return make_error(error_code::batch_too_large,
                      std::to_string(req.txs.size()));
  return {};
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  auto now = self->clock().now();
  actor_status s;
  s.name = st.cfg.name;
  s.kind = "signer";
  s.state = run_state::running;
  s.uptime_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - st.started_at)
          .count();
  s.mailbox_size = self->mailbox().size();
  auto& seq = st.sequence;
  s.figures["signatures"] = std::to_string(st.signatures.total());
  s.figures["sigs_per_s"] = st.signatures.per_second(now);
  s.figures["batches_signed"] = std::to_string(seq.signed_batches());
  s.figures["merged_requests"] = std::to_string(seq.merged_requests());
  s.figures["split_after_refusal"] = std::to_string(st.split_after_refusal);
  s.figures["rollbacks"] = std::to_string(seq.rollbacks());
  s.figures["resyncs"] = std::to_string(seq.resyncs());
  s.figures["expired_requests"] = std::to_string(seq.expired());
  s.figures["verdict_timeouts"] = std::to_string(seq.verdict_timeouts());
  s.figures["auth_tokens"] = std::to_string(st.auth_tokens);
  s.figures["refused"] = std::to_string(st.refused);
  s.figures["sign_failures"] = std::to_string(st.sign_failures);
  s.figures["withdrawn"] = std::to_string(st.withdrawn);
  if (auto& p = st.cfg.peers) {
    s.figures["peers_admitted"] = std::to_string(p->admitted.load());
    s.figures["peers_unauthorized"] = std::to_string(p->unauthorized.load());
    s.figures["peer_requests_refused"] = std::to_string(p->refused.load());
  }
  if (auto& n = st.cfg.nonces) {
    auto& r = *n->reserve();
    s.figures["nonces_ready"] = std::to_string(r.size());
    s.figures["nonces_taken"] = std::to_string(r.taken());
    s.figures["nonce_reserve_misses"] = std::to_string(r.misses());
  }
  if (auto left = seq.quota_remaining(now_ms(self))) {
    const auto& rules = seq.quota()->rules();
    s.figures["quota_remaining"] = std::to_string(*left);
    s.figures["quota_per_minute"] = std::to_string(rules.refill_per_minute);
    s.figures["quota_unit"] = execution::to_string(rules.unit);
    s.figures["quota_waits"] = std::to_string(seq.quota_waits());
    s.figures["quota_refusals"] = std::to_string(seq.quota_refusals());
  }
  for (auto key : seq.keys()) {
    auto v = *seq.view(key);
    auto prefix = "key." + std::to_string(key) + ".";
    s.figures[prefix + "next_nonce"] = std::to_string(v.next_nonce);
    s.figures[prefix + "in_flight"] = std::to_string(v.in_flight);
    s.figures[prefix + "synced"] = v.synced ? "yes" : "no";
    s.figures[prefix + "waiting"] = std::to_string(v.waiting);
    if (!v.holder.empty()) s.figures[prefix + "holder"] = v.holder;
  }
  return s;
}

} // namespace

signer_actor::behavior_type signer_actor_impl(self_ptr self,
                                              signer_config cfg) {
  auto& init = self->state;
  init.cfg = std::move(cfg);
  init.started_at = self->clock().now();
  execution::sign_sequencer::config sc;
  sc.max_in_flight = std::max(1, init.cfg.max_in_flight);
  sc.verdict_timeout_ms = init.cfg.verdict_timeout.count();
  sc.quota = init.cfg.quota;
  sc.merge_cancels_up_to = init.cfg.merge_cancels_up_to;
  init.sequence = execution::sign_sequencer(sc);
  for (auto& k : init.cfg.keys) {
    if (!k.signer) continue;
    init.signers[k.api_key_index] = k.signer;
    init.sequence.add_key(k.api_key_index); // no trusted nonce yet
  }
  self->set_down_handler([=](caf::down_msg& dm) { on_down(self, dm); });
  return {
      [=](sign_and_send& msg) -> caf::result<batch_reply> {
        auto& st = self->state;
        if (auto err = check(st, msg.request)) {
          ++st.refused;
          return err;
        }
        // Before the promise: making it takes the sender out of the message.
        auto requester =
            caf::actor_cast<caf::actor_addr>(self->current_sender());
        auto promise = self->make_response_promise<batch_reply>();
        watch(self, requester);
        watch(self, msg.gateway.address());
        enqueue(self, signer_state::pending{std::move(msg), promise, requester},
                false);
        return promise;
      },
      [=](auth_token_atom, uint8_t key,
          int64_t deadline_unix_s) -> caf::result<std::string> {
        auto& st = self->state;
        auto i = st.signers.find(key);
        if (i == st.signers.end()) {
          ++st.refused;
          return make_error(error_code::unknown_api_key, std::to_string(key));
        }
        auto made = i->second->auth_token(deadline_unix_s);
        if (auto failure = std::get_if<sign_failure>(&made))
          return make_error(error_code::signing_failed,
                            "auth token: " + failure->reason);
        ++st.auth_tokens;
        return std::move(std::get<std::string>(made));
      },
      [=](withdraw_atom, uint64_t batch_id) {
        if (auto id = senders_ticket(self, batch_id)) withdraw(self, *id);
      },
      [=](hurry_atom, uint64_t batch_id) {
        if (auto id = senders_ticket(self, batch_id))
          run(self, self->state.sequence.on_hurry(*id, now_ms(self)));
      },
      [=](const tx_outcome& o) {
        auto& st = self->state;
        auto via = st.sent_via.find({o.api_key_index, o.first_nonce});
        auto from = self->current_sender() ? self->current_sender()->node()
                                           : self->node();
        if (via == st.sent_via.end() || via->second != from) {
          // Unknown key, a batch long settled, or a node that did not send
          // it: never moves the sequence.
          ++st.refused;
          spdlog::warn("signer: ignored a verdict on key {} nonce {} that "
                       "its sender did not send",
                       o.api_key_index, o.first_nonce);
          return;
        }
        st.sent_via.erase(via);
        if (is_quota_refusal(o.code))
          run(self, self->state.sequence.on_quota_refused(now_ms(self)));
        run(self, self->state.sequence.on_verdict(
                      o.api_key_index, o.first_nonce, o.count,
                      to_fate(o.verdict), now_ms(self)));
      },
      [=](const nonce_resync& r) {
        auto& st = self->state;
        if (!st.sequence.has_key(r.api_key_index)) {
          ++st.refused;
          spdlog::warn("signer: ignored a nonce for unknown API key {}",
                       r.api_key_index);
          return;
        }
        for (auto i = st.sent_via.begin(); i != st.sent_via.end();)
          i = i->first.first == r.api_key_index ? st.sent_via.erase(i)
                                                : std::next(i);
        run(self, self->state.sequence.on_nonce(r.api_key_index, r.next_nonce,
                                                now_ms(self)));
      },
      [=](tick_atom) {
        self->state.wake_at.reset();
        run(self, self->state.sequence.on_tick(now_ms(self)));
      },
      [=](status_atom) { return make_status(self); },
  };
}

signer_actor spawn_signer(caf::actor_system& sys, signer_config cfg) {
  return sys.spawn(signer_actor_impl, std::move(cfg));
}

} // namespace trailgrid::actors
