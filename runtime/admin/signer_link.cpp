#include "runtime/admin/signer_link.hpp"

#include "messages/errors.hpp"

#include "caf/all.hpp"
#include "caf/io/all.hpp"
#include "caf/openssl/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::runtime {

using namespace messages;

namespace {

using self_ptr = signer_link_actor::stateful_pointer<signer_link_state>;

constexpr const char* hold_reason = "signer";

std::string endpoint(const signer_link_config& c) {
  return c.host + ":" + std::to_string(c.port);
}

int64_t ms_between(caf::actor_clock::time_point a,
                   caf::actor_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

void set_held(self_ptr self, bool held) {
  auto& st = self->state;
  if (st.held == held) return;
  st.held = held;
  if (st.root)
    self->send(st.root, hold_atom::value, std::string{hold_reason}, held);
}

void connect(self_ptr self);

// The signer is unreachable: hold the markets, retry after the backoff.
void schedule_retry(self_ptr self, const std::string& why) {
  auto& st = self->state;
  st.last_error = why;
  set_held(self, true);
  auto delay = st.policy.on_failure(self->clock().now());
  ++st.generation;
  self->delayed_send(self, delay, relink_atom::value, st.generation);
  spdlog::warn("signer_link: signer {} unreachable ({}); retry {} in {} ms",
               endpoint(st.cfg), why, st.policy.attempt(), delay.count());
}

void on_session(self_ptr self, signer_actor remote) {
  auto& st = self->state;
  st.remote = std::move(remote);
  st.connected_at = self->clock().now();
  st.policy.on_started(st.connected_at);
  st.last_error.clear();
  self->monitor(st.remote);
  spdlog::info("signer_link: connected to signer {}", endpoint(st.cfg));
  set_held(self, false);
}

// The signer node publishes a gate: present the token, get a session.
void on_connected(self_ptr self, caf::strong_actor_ptr ptr) {
  auto& st = self->state;
  auto gate = caf::actor_cast<signer_gate_actor>(ptr);
  if (!gate) {
    st.connecting = false;
    schedule_retry(self, "no signer published there");
    return;
  }
  self->request(gate, st.cfg.connect_timeout, hello_atom::value, st.cfg.token,
                st.cfg.origin)
      .then(
          [=](signer_session& s) {
            self->state.connecting = false;
            if (!s.signer)
              return schedule_retry(self, "the signer gave no session");
            on_session(self, std::move(s.signer));
          },
          [=](caf::error& err) {
            self->state.connecting = false;
            schedule_retry(self,
                           "signer refused us: " + self->system().render(err));
          });
}

void connect(self_ptr self) {
  auto& st = self->state;
  if (st.remote || st.connecting) return;
  st.connecting = true;
  ++st.attempts;
  auto& sys = self->system();
  caf::io::middleman_actor mm = st.cfg.tls
                                    ? sys.openssl_manager().actor_handle()
                                    : sys.middleman().actor_handle();
  self->request(mm, st.cfg.connect_timeout, caf::connect_atom::value,
                st.cfg.host, st.cfg.port)
      .then(
          [=](const caf::node_id&, caf::strong_actor_ptr& ptr,
              const std::set<std::string>&) {
            on_connected(self, std::move(ptr));
          },
          [=](caf::error& err) {
            self->state.connecting = false;
            schedule_retry(self, self->system().render(err));
          });
}

actor_status own_status(self_ptr self) {
  auto& st = self->state;
  auto now = self->clock().now();
  actor_status out;
  out.name = "signer_link";
  out.kind = "signer_link";
  out.state = st.remote ? run_state::running : run_state::backing_off;
  out.attempt = st.policy.attempt();
  if (!st.remote && st.policy.next_retry())
    out.next_retry_in_ms =
        std::max<int64_t>(0, ms_between(now, *st.policy.next_retry()));
  out.uptime_ms = ms_between(st.remote ? st.connected_at : st.started_at, now);
  out.mailbox_size = self->mailbox().size();
  auto& f = out.figures;
  f["signer"] = endpoint(st.cfg);
  f["transport"] = st.cfg.tls ? "tls" : "plain";
  f["link"] = st.remote ? "connected" : st.connecting ? "connecting" : "down";
  f["losses"] = std::to_string(st.losses);
  f["attempts"] = std::to_string(st.attempts);
  if (st.held) f["holding_markets"] = "yes";
  if (!st.last_error.empty()) f["last_error"] = st.last_error;
  return out;
}

} // namespace

signer_link_actor::behavior_type signer_link_impl(self_ptr self,
                                                  signer_link_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.policy = actors::restart_policy{st.cfg.retry, st.cfg.seed};
  st.started_at = self->clock().now();
  st.held = true; // nothing quotes before the signer is reachable
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& s = self->state;
    if (!s.remote || dm.source != s.remote.address()) return;
    s.remote = nullptr;
    ++s.losses;
    spdlog::error("signer_link: lost signer {} ({}): holding markets",
                  endpoint(s.cfg), self->system().render(dm.reason));
    schedule_retry(self, "connection lost");
  });
  connect(self);
  return {
      [=](sign_and_send& req) -> caf::result<batch_reply> {
        auto& s = self->state;
        if (!s.remote)
          return make_error(error_code::nonce_unavailable,
                            "signer node " + endpoint(s.cfg) + " unreachable");
        req.request.origin = s.cfg.origin;
        // Delegated: the signer hands the signed batch to our gateway,
        // which answers the executor directly.
        return self->delegate(s.remote, std::move(req));
      },
      [=](auth_token_atom a, uint8_t key,
          int64_t deadline) -> caf::result<std::string> {
        auto& s = self->state;
        if (!s.remote)
          return make_error(error_code::signing_failed,
                            "signer node " + endpoint(s.cfg) + " unreachable");
        return self->delegate(s.remote, a, key, deadline);
      },
      // Delegated, so the signer sees the requester that gave up.
      [=](withdraw_atom a, uint64_t batch_id) -> caf::result<void> {
        if (self->state.remote)
          return self->delegate(self->state.remote, a, batch_id);
        return caf::unit;
      },
      [=](hurry_atom a, uint64_t batch_id) -> caf::result<void> {
        if (self->state.remote)
          return self->delegate(self->state.remote, a, batch_id);
        return caf::unit;
      },
      // The signer's own timer: never meant for a link.
      [](tick_atom) {},
      [=](const tx_outcome& x) {
        if (self->state.remote) self->send(self->state.remote, x);
      },
      [=](const nonce_resync& x) {
        if (self->state.remote) self->send(self->state.remote, x);
      },
      [=](status_atom) -> caf::result<actor_status> {
        auto& s = self->state;
        auto out = own_status(self);
        if (!s.remote) return out;
        auto rp = self->make_response_promise<actor_status>();
        self->request(s.remote, s.cfg.status_timeout, status_atom::value)
            .then(
                [=](actor_status& remote) mutable {
                  auto o = out;
                  remote.figures["location"] =
                      "remote " + endpoint(self->state.cfg);
                  o.children.push_back(std::move(remote));
                  rp.deliver(std::move(o));
                },
                [=](caf::error& err) mutable {
                  auto o = out;
                  o.figures["status_error"] = self->system().render(err);
                  rp.deliver(std::move(o));
                });
        return rp;
      },
      [=](link_root_atom, node_root_actor root) {
        auto& s = self->state;
        s.root = std::move(root);
        if (s.held)
          self->send(s.root, hold_atom::value, std::string{hold_reason}, true);
      },
      [=](relink_atom, uint64_t generation) {
        if (generation != self->state.generation) return;
        connect(self);
      },
  };
}

signer_link_actor spawn_signer_link(caf::actor_system& sys,
                                    signer_link_config cfg) {
  return sys.spawn(signer_link_impl, std::move(cfg));
}

} // namespace trailgrid::runtime
