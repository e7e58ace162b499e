#include "runtime/status_sampler.hpp"

#include "multi_market/status_figures.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::runtime {

namespace {

using self_ptr = status_sampler_actor::stateful_pointer<status_sampler_state>;
using clock_type = std::chrono::steady_clock;

// One line per market, for --status-every.
void print_status_lines(const messages::actor_status& root) {
  for (auto& m : root.children) {
    if (m.kind != "market_supervisor") continue;
    auto* g = multi_market::find_status(m, m.name + "/grid");
    if (g == nullptr) continue;
    auto get = [&](const char* k) {
      return multi_market::figure_text(*g, k, "-");
    };
    spdlog::info("{} status: {} mid {} spacing {} position {} fills {} "
                 "resets {} live {}",
                 m.name, get("state"), get("mid"), get("spacing"),
                 get("position"), get("fills"), get("resets"),
                 get("live_orders"));
  }
}

void on_sample(self_ptr self, const messages::actor_status& s,
               clock_type::time_point asked) {
  auto& st = self->state;
  st.pending = false;
  if (st.halted) return;
  st.cfg.tracker.sample(s);
  if (st.cfg.status_every_s > 0 && asked >= st.next_status) {
    st.next_status = asked + std::chrono::seconds{st.cfg.status_every_s};
    print_status_lines(s);
  }
}

// One request at a time: a slow root delays samples, it does not queue
// them.
void sample(self_ptr self) {
  auto& st = self->state;
  if (st.halted) return;
  self->delayed_send(self, st.cfg.every, sample_atom::value);
  if (st.pending) return;
  st.pending = true;
  auto asked = clock_type::now();
  self->request(st.cfg.root, std::chrono::seconds{5},
                messages::status_atom::value)
      .then([=](const messages::actor_status& s) { on_sample(self, s, asked); },
            [=](caf::error&) { self->state.pending = false; });
}

} // namespace

status_sampler_actor::behavior_type
status_sampler_impl(self_ptr self, status_sampler_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.next_status =
      clock_type::now() +
      std::chrono::seconds{std::max<int64_t>(st.cfg.status_every_s, 1)};
  self->delayed_send(self, st.cfg.every, sample_atom::value);
  return {
      [=](sample_atom) { sample(self); },
      [=](const messages::actor_status& s) {
        self->state.cfg.tracker.sample(s);
      },
      [=](halt_atom) { self->state.halted = true; },
      [=](summary_atom, int64_t duration_ms, bool dry_run) {
        return self->state.cfg.tracker.summary(duration_ms, dry_run);
      },
  };
}

} // namespace trailgrid::runtime
