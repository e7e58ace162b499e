#include "actors/signer_actor.hpp"

#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::actors {

using namespace messages;

namespace {

using self_ptr = signer_actor::stateful_pointer<signer_state>;

nonce_verdict to_nonce_verdict(tx_verdict v) {
  switch (v) {
  case tx_verdict::accepted:
    return nonce_verdict::consumed;
  case tx_verdict::invalid_nonce:
    return nonce_verdict::invalid;
  case tx_verdict::rejected_other:
    return nonce_verdict::not_consumed;
  }
  return nonce_verdict::invalid;
}

// True when `req` must wait for the verdicts on another node's nonces.
bool awaits_handover(self_ptr self, const sign_request& req) {
  auto& st = self->state;
  return st.nonces.in_flight(req.api_key_index) > 0 &&
         st.keys.at(req.api_key_index).holder != req.origin;
}

// Resyncs `key` if its handover still waits after handover_timeout.
void arm_handover_timer(self_ptr self, uint8_t key) {
  auto& slot = self->state.keys.at(key);
  if (slot.handover_pending) return;
  slot.handover_pending = true;
  self->delayed_send(self, self->state.cfg.handover_timeout,
                     handover_atom::value, key, slot.handover_generation);
}

// Reserves nonces and signs the whole batch; all or nothing.
caf::expected<sign_result> sign_batch(self_ptr self, const sign_request& req) {
  auto& st = self->state;
  auto& slot = st.keys.at(req.api_key_index);
  auto count = static_cast<int32_t>(req.txs.size());
  bool settled = st.nonces.in_flight(req.api_key_index) == 0;
  auto first = st.nonces.reserve(req.api_key_index, count);
  if (!first) return make_error(error_code::nonce_unavailable);
  if (slot.holder != req.origin) {
    ++st.handovers;
    slot.holder = req.origin;
  }
  sign_result out;
  out.api_key_index = req.api_key_index;
  out.predecessors_settled = settled;
  out.txs.reserve(req.txs.size());
  for (int32_t i = 0; i < count; ++i) {
    auto nonce = *first + i;
    auto signed_one = slot.signer->sign(req.txs[i], nonce);
    if (auto failure = std::get_if<sign_failure>(&signed_one)) {
      // Nothing of the batch leaves the signer: the nonces are free again.
      st.nonces.unreserve(req.api_key_index, *first, count);
      return make_error(error_code::signing_failed,
                        "tx " + std::to_string(i) + ": " + failure->reason);
    }
    auto& payload = std::get<signed_payload>(signed_one);
    out.txs.push_back(signed_tx{nonce, static_cast<uint8_t>(req.txs[i].kind),
                                std::move(payload.tx_info),
                                std::move(payload.tx_hash)});
  }
  st.signatures.add(self->clock().now(), out.txs.size());
  return out;
}

// Signs what waited for `key` in arrival order, while the key stays ready
// and the front request is not waiting for another node's verdicts.
void drain_queue(self_ptr self, uint8_t key) {
  auto& slot = self->state.keys.at(key);
  while (!slot.queue.empty() && self->state.nonces.ready(key)) {
    if (awaits_handover(self, slot.queue.front().request)) {
      arm_handover_timer(self, key);
      return;
    }
    if (slot.handover_pending) { // the wait is over: its timer is stale
      slot.handover_pending = false;
      ++slot.handover_generation;
    }
    auto w = std::move(slot.queue.front());
    slot.queue.pop_front();
    auto res = sign_batch(self, w.request);
    if (res)
      w.promise.deliver(std::move(*res));
    else
      w.promise.deliver(std::move(res.error()));
  }
}

void fail_queue(self_ptr self, uint8_t key, const caf::error& err) {
  auto& slot = self->state.keys.at(key);
  while (!slot.queue.empty()) {
    slot.queue.front().promise.deliver(err);
    slot.queue.pop_front();
  }
}

void apply_resync(self_ptr self, const nonce_resync& r) {
  auto& st = self->state;
  if (st.keys.count(r.api_key_index) == 0) return;
  st.nonces.resync(r.api_key_index, r.next_nonce);
  ++st.resyncs;
  drain_queue(self, r.api_key_index);
}

// Asks the nonce source (if any) for the next nonce of `key`, once.
void fetch_nonce(self_ptr self, uint8_t key) {
  auto& st = self->state;
  auto& slot = st.keys.at(key);
  if (!st.cfg.nonce_source || slot.fetching) return;
  slot.fetching = true;
  self->request(st.cfg.nonce_source, st.cfg.source_timeout,
                next_nonce_atom::value, key)
      .then(
          [=](nonce_resync& r) {
            self->state.keys.at(key).fetching = false;
            r.api_key_index = key;
            apply_resync(self, r);
          },
          [=](caf::error& err) {
            self->state.keys.at(key).fetching = false;
            fail_queue(
                self, key,
                make_error(error_code::nonce_unavailable,
                           "nonce source: " + self->system().render(err)));
          });
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
  s.figures["signatures"] = std::to_string(st.signatures.total());
  s.figures["sigs_per_s"] = st.signatures.per_second(now);
  s.figures["rollbacks"] = std::to_string(st.rollbacks);
  s.figures["resyncs"] = std::to_string(st.resyncs);
  s.figures["auth_tokens"] = std::to_string(st.auth_tokens);
  s.figures["handovers"] = std::to_string(st.handovers);
  s.figures["handover_timeouts"] = std::to_string(st.handover_timeouts);
  for (auto& [key, slot] : st.keys) {
    auto prefix = "key." + std::to_string(key) + ".";
    s.figures[prefix + "next_nonce"] = std::to_string(st.nonces.next(key));
    s.figures[prefix + "in_flight"] = std::to_string(st.nonces.in_flight(key));
    s.figures[prefix + "synced"] = st.nonces.ready(key) ? "yes" : "no";
    s.figures[prefix + "waiting"] = std::to_string(slot.queue.size());
  }
  return s;
}

} // namespace

signer_actor::behavior_type signer_actor_impl(self_ptr self,
                                              signer_config cfg) {
  auto& init = self->state;
  init.cfg = std::move(cfg);
  init.started_at = self->clock().now();
  for (auto& k : init.cfg.keys) {
    init.keys[k.api_key_index].signer = k.signer;
    init.nonces.invalidate(k.api_key_index); // no trusted nonce yet
  }
  return {
      [=](sign_request& req) -> caf::result<sign_result> {
        auto& st = self->state;
        auto i = st.keys.find(req.api_key_index);
        if (i == st.keys.end() || !i->second.signer)
          return make_error(error_code::unknown_api_key,
                            std::to_string(req.api_key_index));
        if (req.txs.empty()) return make_error(error_code::empty_batch);
        if (req.txs.size() > st.cfg.max_batch)
          return make_error(error_code::batch_too_large,
                            std::to_string(req.txs.size()));
        // Earlier waiters go first, so nonces follow arrival order.
        if (!st.nonces.ready(req.api_key_index) || !i->second.queue.empty() ||
            awaits_handover(self, req)) {
          auto promise = self->make_response_promise<sign_result>();
          i->second.queue.push_back({std::move(req), promise});
          if (!st.nonces.ready(i->first))
            fetch_nonce(self, i->first);
          else
            drain_queue(self, i->first); // arms the handover timer
          return promise;
        }
        auto res = sign_batch(self, req);
        if (!res) return std::move(res.error());
        return std::move(*res);
      },
      [=](auth_token_atom, uint8_t key,
          int64_t deadline_unix_s) -> caf::result<std::string> {
        auto& st = self->state;
        auto i = st.keys.find(key);
        if (i == st.keys.end() || !i->second.signer)
          return make_error(error_code::unknown_api_key, std::to_string(key));
        auto made = i->second.signer->auth_token(deadline_unix_s);
        if (auto failure = std::get_if<sign_failure>(&made))
          return make_error(error_code::signing_failed,
                            "auth token: " + failure->reason);
        ++st.auth_tokens;
        return std::move(std::get<std::string>(made));
      },
      [=](const tx_outcome& o) {
        auto& st = self->state;
        if (st.keys.count(o.api_key_index) == 0) return;
        auto action =
            st.nonces.on_verdict(o.api_key_index, o.first_nonce, o.count,
                                 to_nonce_verdict(o.verdict));
        if (action == nonce_action::rolled_back)
          ++st.rollbacks;
        else if (action == nonce_action::resync_needed)
          fetch_nonce(self, o.api_key_index);
        drain_queue(self, o.api_key_index); // a handover may go ahead now
      },
      [=](handover_atom, uint8_t key, uint64_t generation) {
        auto& st = self->state;
        auto& slot = st.keys.at(key);
        if (!slot.handover_pending || generation != slot.handover_generation)
          return;
        slot.handover_pending = false;
        ++slot.handover_generation;
        // Verdicts that never came (a node died with batches in flight):
        // only the exchange knows which nonces were used.
        ++st.handover_timeouts;
        spdlog::warn("{}: key {}: no verdict on {} nonces of {} within {} ms; "
                     "resyncing from the exchange",
                     st.cfg.name, key, st.nonces.in_flight(key), slot.holder,
                     st.cfg.handover_timeout.count());
        st.nonces.invalidate(key);
        fetch_nonce(self, key);
      },
      [=](const nonce_resync& r) { apply_resync(self, r); },
      [=](status_atom) { return make_status(self); },
  };
}

signer_actor spawn_signer(caf::actor_system& sys, signer_config cfg) {
  return sys.spawn(signer_actor_impl, std::move(cfg));
}

} // namespace trailgrid::actors
