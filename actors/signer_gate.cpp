#include "actors/signer_gate.hpp"

#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::actors {

using namespace messages;
using execution::signer_access;
using execution::signer_grant;

namespace {

struct session_state {
  signer_actor signer;
  signer_grant grant;
  std::string origin;
  std::shared_ptr<signer_peer_counters> counters;

  static inline const char* name = "trailgrid.signer_session";
};

using session_ptr = signer_actor::stateful_pointer<session_state>;

caf::error refuse(session_ptr self, const std::string& why) {
  auto& st = self->state;
  ++st.counters->refused;
  spdlog::warn("signer: refused a request of peer {}: {}", st.origin, why);
  return make_error(error_code::unauthorized, why);
}

// One authenticated peer's view of the signer.
signer_actor::behavior_type
session_impl(session_ptr self, signer_actor signer, signer_grant grant,
             std::string origin,
             std::shared_ptr<signer_peer_counters> counters) {
  auto& init = self->state;
  init.signer = std::move(signer);
  init.grant = std::move(grant);
  init.origin = std::move(origin);
  init.counters = std::move(counters);
  return {
      [=](sign_and_send& m) -> caf::result<batch_reply> {
        auto& st = self->state;
        auto why = signer_access::refusal(st.grant, m.request.api_key_index,
                                          m.request.market_index);
        if (!why.empty()) return refuse(self, why);
        return self->delegate(st.signer, std::move(m));
      },
      [=](auth_token_atom a, uint8_t key,
          int64_t deadline) -> caf::result<std::string> {
        auto why = signer_access::key_refusal(self->state.grant, key);
        if (!why.empty()) return refuse(self, why);
        return self->delegate(self->state.signer, a, key, deadline);
      },
      [=](withdraw_atom a, uint64_t batch_id) -> caf::result<void> {
        return self->delegate(self->state.signer, a, batch_id);
      },
      [=](hurry_atom a, uint64_t batch_id) -> caf::result<void> {
        return self->delegate(self->state.signer, a, batch_id);
      },
      // A verdict or a nonce moves a key's sequence: only for its own keys.
      [=](tx_outcome& o) -> caf::result<void> {
        auto why =
            signer_access::key_refusal(self->state.grant, o.api_key_index);
        if (!why.empty()) return refuse(self, why);
        return self->delegate(self->state.signer, std::move(o));
      },
      [=](nonce_resync& r) -> caf::result<void> {
        auto why =
            signer_access::key_refusal(self->state.grant, r.api_key_index);
        if (!why.empty()) return refuse(self, why);
        return self->delegate(self->state.signer, std::move(r));
      },
      // The signer's own timer: not for peers.
      [=](tick_atom) -> caf::result<void> {
        return refuse(self, "tick is not a peer request");
      },
      [=](status_atom a) -> caf::result<actor_status> {
        return self->delegate(self->state.signer, a);
      },
  };
}

} // namespace

signer_gate_actor::behavior_type
signer_gate_impl(signer_gate_actor::stateful_pointer<signer_gate_state> self,
                 signer_gate_config cfg) {
  self->state.cfg = std::move(cfg);
  if (!self->state.cfg.counters)
    self->state.cfg.counters = std::make_shared<signer_peer_counters>();
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& sessions = self->state.sessions;
    auto i = sessions.find(dm.source);
    if (i == sessions.end()) return;
    caf::anon_send_exit(i->second, caf::exit_reason::user_shutdown);
    sessions.erase(i);
  });
  return {
      [=](hello_atom, const std::string& token,
          const std::string& origin) -> caf::result<signer_session> {
        auto& st = self->state;
        auto grant = st.cfg.access.authenticate(token);
        if (!grant) {
          ++st.cfg.counters->unauthorized;
          spdlog::warn("signer: refused peer {}: wrong signer token", origin);
          return make_error(error_code::unauthorized, "wrong signer token");
        }
        ++st.cfg.counters->admitted;
        auto session = self->spawn(session_impl, st.cfg.signer, *grant, origin,
                                   st.cfg.counters);
        auto peer = caf::actor_cast<caf::actor_addr>(self->current_sender());
        if (peer) {
          if (auto old = st.sessions.find(peer); old != st.sessions.end())
            caf::anon_send_exit(old->second, caf::exit_reason::user_shutdown);
          else
            self->monitor(peer);
          st.sessions[peer] = session;
        }
        spdlog::info("signer: peer {} admitted", origin);
        return signer_session{session};
      },
      [=](status_atom) {
        auto& c = *self->state.cfg.counters;
        actor_status s;
        s.name = "signer_gate";
        s.kind = "signer_gate";
        s.state = run_state::running;
        s.figures["peers_admitted"] = std::to_string(c.admitted.load());
        s.figures["peers_unauthorized"] = std::to_string(c.unauthorized.load());
        s.figures["peer_requests_refused"] = std::to_string(c.refused.load());
        s.figures["sessions"] = std::to_string(self->state.sessions.size());
        return s;
      },
  };
}

signer_gate_actor spawn_signer_gate(caf::actor_system& sys,
                                    signer_gate_config cfg) {
  return sys.spawn(signer_gate_impl, std::move(cfg));
}

} // namespace trailgrid::actors
