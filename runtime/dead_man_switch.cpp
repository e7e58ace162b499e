#include "runtime/dead_man_switch.hpp"

#include "lighter/net/unix_time.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::runtime {

using namespace messages;

namespace {

using self_ptr = dead_man_actor::stateful_pointer<dead_man_state>;

constexpr uint8_t tif_scheduled = 1;
constexpr uint8_t tif_abort = 2;
constexpr int32_t all_markets = 255;

int64_t now_ms(self_ptr self) {
  if (self->state.cfg.unix_now_ms) return self->state.cfg.unix_now_ms();
  return lighter::net::unix_ms();
}

// Signs and sends one cancel-all; `done` gets "" or the error text.
void send_cancel_all(self_ptr self, uint8_t tif, int64_t time_ms,
                     std::function<void(std::string)> done) {
  auto& cfg = self->state.cfg;
  auto now = now_ms(self);
  auto intent = make_cancel_all(all_markets, now + 5 * 60'000);
  intent.time_in_force = tif;
  intent.cancel_all_time_ms = time_ms;
  sign_and_send req;
  req.request = sign_request{cfg.api_key_index, all_markets, {intent}, {}};
  req.gateway = cfg.gateway;
  req.batch_id = self->state.next_batch_id++;
  req.max_wait_ms = static_cast<int32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(cfg.timeout)
          .count());
  // The signer signs in the key's turn and the gateway answers here (and
  // reports the verdict to the signer).
  self->request(cfg.signer, cfg.timeout * 2, std::move(req))
      .then(
          [=](const batch_reply& rep) {
            if (rep.verdict == exchange_verdict::accepted)
              done("");
            else
              done(std::to_string(rep.code) + " " + rep.message);
          },
          [=](caf::error& err) { done(self->system().render(err)); });
}

void arm(self_ptr self) {
  auto& st = self->state;
  if (st.disarmed) return;
  auto until = now_ms(self) + st.cfg.window.count() * 1000;
  send_cancel_all(self, tif_scheduled, until, [self, until](std::string err) {
    auto& s = self->state;
    if (s.disarmed) return;
    if (err.empty()) {
      if (s.arms++ == 0)
        spdlog::info("dead-man switch: armed (every order of the account is "
                     "cancelled {} s after the last heartbeat)",
                     s.cfg.window.count());
      s.armed_until_ms = until;
      return;
    }
    ++s.failures;
    s.last_error = err;
    spdlog::warn("dead-man switch: arming failed: {}", err);
  });
  self->delayed_send(self, st.cfg.heartbeat, arm_atom::value);
}

} // namespace

dead_man_actor::behavior_type dead_man_impl(self_ptr self,
                                            dead_man_config cfg) {
  self->state.cfg = std::move(cfg);
  arm(self);
  return {
      [=](arm_atom) { arm(self); },
      [=](disarm_atom) -> caf::result<std::string> {
        auto& st = self->state;
        st.disarmed = true;
        auto rp = self->make_response_promise<std::string>();
        send_cancel_all(
            self, tif_abort, 0, [self, rp](std::string err) mutable {
              if (err.empty()) {
                self->state.armed_until_ms = 0;
                spdlog::info("dead-man switch: scheduled cancel-all aborted");
                rp.deliver(std::string{"aborted"});
              } else {
                spdlog::warn("dead-man switch: abort failed: {}", err);
                rp.deliver("abort failed: " + err);
              }
            });
        return rp;
      },
      [=](status_atom) {
        auto& st = self->state;
        actor_status out;
        out.name = "dead_man_switch";
        out.kind = "dead_man_switch";
        out.state = st.disarmed ? run_state::stopped : run_state::running;
        out.figures["window_s"] = std::to_string(st.cfg.window.count());
        out.figures["heartbeat_s"] = std::to_string(st.cfg.heartbeat.count());
        out.figures["armed_until_ms"] = std::to_string(st.armed_until_ms);
        out.figures["arms"] = std::to_string(st.arms);
        out.figures["failures"] = std::to_string(st.failures);
        if (!st.last_error.empty()) out.figures["last_error"] = st.last_error;
        return out;
      },
  };
}

} // namespace trailgrid::runtime
