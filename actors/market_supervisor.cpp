#include "actors/market_supervisor.hpp"

#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <memory>

namespace trailgrid::actors {

using namespace messages;

namespace {

using self_ptr =
    market_supervisor_actor::stateful_pointer<market_supervisor_state>;
using slot_t = market_supervisor_state::slot;

constexpr std::array<child_role, 4> spawn_order{
    child_role::executor, child_role::grid, child_role::atr, child_role::feed};

int64_t ms_between(caf::actor_clock::time_point from,
                   caf::actor_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from)
      .count();
}

std::string child_name(self_ptr self, child_role role) {
  return self->state.cfg.market + "/" + to_string(role);
}

// Siblings only see the executor once it has reconciled.
market_peers visible_peers(self_ptr self) {
  auto peers = self->state.peers;
  if (self->state.at(child_role::executor).reconciling)
    peers.executor = executor_actor{};
  return peers;
}

void broadcast_peers(self_ptr self) {
  auto peers = visible_peers(self);
  for (auto& s : self->state.slots)
    if (s.handle) self->send(s.handle, peers);
  // Account events follow the same rule: only to a reconciled executor.
  if (auto& gw = self->state.cfg.gateway)
    self->send(gw, route_market{self->state.cfg.market_index, peers.executor,
                                peers.grid});
}

void set_peer(self_ptr self, child_role role, const caf::actor_addr& addr) {
  (*self->state.live)[static_cast<size_t>(role)] = addr;
}

void start_reconcile(self_ptr self) {
  auto& slot = self->state.at(child_role::executor);
  slot.reconciling = true;
  auto exec = self->state.peers.executor;
  auto gen = slot.generation;
  self->request(exec, self->state.cfg.reconcile_timeout, reconcile_atom::value)
      .then(
          [=](const reconciled&) {
            auto& s = self->state.at(child_role::executor);
            if (s.generation != gen) return;
            s.reconciling = false;
            broadcast_peers(self);
          },
          [=](caf::error& err) {
            auto& s = self->state.at(child_role::executor);
            if (s.generation != gen) return;
            // Quoting must not resume on an unknown order set: fail the
            // executor; the down handler restarts it after a backoff.
            self->send_exit(exec, make_error(error_code::reconcile_failed,
                                             self->system().render(err)));
          });
}

// Spawns the child of `s` through its factory; does not tell the siblings.
void spawn_child(self_ptr self, slot_t& s) {
  auto& st = self->state;
  child_context ctx{st.cfg.market, st.cfg.market_index, s.role, s.restarts,
                    st.cfg.signer};
  auto& kids = st.cfg.children;
  switch (s.role) {
  case child_role::feed:
    st.peers.feed = kids.feed(self, ctx);
    s.handle = st.peers.feed;
    break;
  case child_role::atr:
    st.peers.atr = kids.atr(self, ctx);
    s.handle = st.peers.atr;
    break;
  case child_role::grid:
    st.peers.grid = kids.grid(self, ctx);
    s.handle = st.peers.grid;
    break;
  case child_role::executor:
    st.peers.executor = kids.executor(self, ctx);
    s.handle = st.peers.executor;
    break;
  }
  auto now = self->clock().now();
  ++s.generation;
  s.started_at = now;
  s.policy.on_started(now);
  s.state = run_state::running;
  self->monitor(s.handle);
  set_peer(self, s.role, s.handle.address());
  if (st.paused) self->send(s.handle, pause_atom::value);
  if (s.role == child_role::grid && st.reduce)
    self->send(st.peers.grid, *st.reduce);
  if (s.role == child_role::grid && st.status && !st.status->active)
    self->send(st.peers.grid, *st.status);
  if (s.role == child_role::grid && st.risk_halt)
    self->send(st.peers.grid, *st.risk_halt);
  if (s.role == child_role::executor) start_reconcile(self);
}

void clear_peer(self_ptr self, child_role role) {
  auto& p = self->state.peers;
  switch (role) {
  case child_role::feed:
    p.feed = feed_actor{};
    break;
  case child_role::atr:
    p.atr = atr_actor{};
    break;
  case child_role::grid:
    p.grid = grid_actor{};
    break;
  case child_role::executor:
    p.executor = executor_actor{};
    break;
  }
  set_peer(self, role, caf::actor_addr{});
}

void quit_when_all_down(self_ptr self) {
  for (auto& s : self->state.slots)
    if (s.handle) return;
  self->quit();
}

void on_child_down(self_ptr self, slot_t& s, const caf::error& reason) {
  auto& st = self->state;
  s.handle = supervised_actor{};
  s.reconciling = false;
  clear_peer(self, s.role);
  if (st.stopping || !reason) {
    // Stopped on purpose (or finished normally): not restarted.
    s.state = run_state::stopped;
    ++s.generation;
    if (st.stopping) quit_when_all_down(self);
    return;
  }
  auto delay = s.policy.on_failure(self->clock().now());
  spdlog::warn("{} failed ({}); restart #{} in {} ms", child_name(self, s.role),
               self->system().render(reason), s.restarts + 1, delay.count());
  ++s.restarts;
  ++s.generation;
  s.state = run_state::backing_off;
  self->delayed_send(self, delay, restart_atom::value, to_string(s.role),
                     s.generation);
}

actor_status slot_status(self_ptr self, slot_t& s) {
  auto now = self->clock().now();
  s.policy.settle(now);
  actor_status out;
  out.name = child_name(self, s.role);
  out.kind = to_string(s.role);
  out.state = s.state;
  out.attempt = s.policy.attempt();
  out.restarts = s.restarts;
  if (s.state == run_state::backing_off && s.policy.next_retry())
    out.next_retry_in_ms = ms_between(now, *s.policy.next_retry());
  if (s.handle) out.uptime_ms = ms_between(s.started_at, now);
  if (s.reconciling) out.figures["reconciling"] = "yes";
  return out;
}

// The child's own answer, with what only the supervisor knows on top.
void merge_child(actor_status& placeholder, actor_status&& child) {
  if (child.name.empty()) child.name = placeholder.name;
  if (child.kind.empty()) child.kind = placeholder.kind;
  child.attempt = placeholder.attempt;
  child.restarts = placeholder.restarts;
  child.uptime_ms = placeholder.uptime_ms;
  for (auto& [k, v] : placeholder.figures)
    child.figures.emplace(k, v);
  placeholder = std::move(child);
}

actor_status own_status(self_ptr self) {
  auto& st = self->state;
  actor_status out;
  out.name = st.cfg.market;
  out.kind = "market_supervisor";
  out.state = st.stopping ? run_state::stopped
              : st.paused ? run_state::paused
                          : run_state::running;
  out.uptime_ms = ms_between(st.started_at, self->clock().now());
  out.mailbox_size = self->mailbox().size();
  out.figures["market_index"] = std::to_string(st.cfg.market_index);
  return out;
}

template <class Atom>
void forward(self_ptr self, Atom command) {
  for (auto& s : self->state.slots)
    if (s.handle) self->send(s.handle, command);
}

caf::result<actor_status> answer_status(self_ptr self) {
  auto out = std::make_shared<actor_status>(own_status(self));
  std::vector<std::pair<size_t, supervised_actor>> asks;
  for (auto& s : self->state.slots) {
    if (!s.enabled) continue;
    if (s.handle) asks.emplace_back(out->children.size(), s.handle);
    out->children.push_back(slot_status(self, s));
  }
  if (asks.empty()) return *out;
  auto rp = self->make_response_promise<actor_status>();
  auto pending = std::make_shared<size_t>(asks.size());
  for (auto& [index, child] : asks) {
    auto i = index;
    self->request(child, self->state.cfg.status_timeout, status_atom::value)
        .then(
            [=](actor_status& answer) mutable {
              merge_child(out->children[i], std::move(answer));
              if (--*pending == 0) rp.deliver(std::move(*out));
            },
            [=](caf::error& err) mutable {
              out->children[i].figures["status_error"] =
                  self->system().render(err);
              if (--*pending == 0) rp.deliver(std::move(*out));
            });
  }
  return rp;
}

// The periodic reconcile: the executor compares its book with the
// exchange's and cancels ours it did not know. Nothing restarts on failure.
void periodic_reconcile(self_ptr self) {
  auto& st = self->state;
  if (st.stopping) return;
  auto every = st.cfg.reconcile_every;
  auto& slot = st.at(child_role::executor);
  if (slot.handle && !slot.reconciling && !st.paused) {
    auto market = st.cfg.market;
    self->request(st.peers.executor, st.cfg.reconcile_timeout,
                  reconcile_atom::value)
        .then(
            [market](const reconciled& r) {
              if (r.orphans_cancelled > 0)
                spdlog::warn("{}/executor: reconcile cancelled {} orders of "
                             "ours it had lost track of",
                             market, r.orphans_cancelled);
            },
            [self, market](caf::error& err) {
              spdlog::warn("{}/executor: periodic reconcile failed: {}", market,
                           self->system().render(err));
            });
  }
  self->delayed_send(self, every, reconcile_atom::value);
}

} // namespace

std::string to_string(child_role x) {
  switch (x) {
  case child_role::feed:
    return "feed";
  case child_role::atr:
    return "atr";
  case child_role::grid:
    return "grid";
  case child_role::executor:
    return "executor";
  }
  return "child_role(?)";
}

market_supervisor_actor::behavior_type
market_supervisor_impl(self_ptr self, market_supervisor_config cfg) {
  auto& init = self->state;
  init.cfg = std::move(cfg);
  init.started_at = self->clock().now();
  auto& kids = init.cfg.children;
  const bool enabled[] = {
      static_cast<bool>(kids.feed), static_cast<bool>(kids.atr),
      static_cast<bool>(kids.grid), static_cast<bool>(kids.executor)};
  for (size_t i = 0; i < init.slots.size(); ++i) {
    auto& s = init.slots[i];
    s.role = static_cast<child_role>(i);
    s.enabled = enabled[i];
    s.policy = restart_policy{init.cfg.restart, init.cfg.seed + i};
  }
  // Children go down with the supervisor, whatever ends it.
  self->attach_functor([live = init.live] {
    for (auto& addr : *live)
      caf::anon_send_exit(addr, caf::exit_reason::user_shutdown);
  });
  self->set_down_handler([=](caf::down_msg& dm) {
    for (auto& s : self->state.slots)
      if (s.handle && s.handle.address() == dm.source) {
        on_child_down(self, s, dm.reason);
        return;
      }
  });
  for (auto role : spawn_order)
    if (auto& s = init.at(role); s.enabled) spawn_child(self, s);
  broadcast_peers(self);
  if (init.cfg.reconcile_every.count() > 0)
    self->delayed_send(self, first_periodic_reconcile(init.cfg),
                       reconcile_atom::value);
  return {
      [=](status_atom) { return answer_status(self); },
      [=](pause_atom a) {
        self->state.paused = true;
        forward(self, a);
      },
      [=](resume_atom a) {
        self->state.paused = false;
        self->state.risk_halt.reset(); // an operator resume lifts it
        forward(self, a);
      },
      [=](cancel_atom a) { forward(self, a); },
      [=](exposure_atom a) -> caf::result<market_exposure> {
        auto& grid = self->state.peers.grid;
        if (!grid)
          return make_error(error_code::child_unavailable,
                            self->state.cfg.market + "/grid");
        return self->delegate(grid, a);
      },
      [=](const reduce_only& x) {
        self->state.reduce = x;
        if (auto& grid = self->state.peers.grid) self->send(grid, x);
      },
      [=](const risk_halt& x) {
        self->state.risk_halt = x;
        if (auto& grid = self->state.peers.grid) self->send(grid, x);
      },
      [=](const market_status& x) {
        self->state.status = x;
        if (auto& grid = self->state.peers.grid) self->send(grid, x);
      },
      [=](drain_atom a) { forward(self, a); },
      [=](stop_atom) {
        auto& st = self->state;
        st.stopping = true;
        for (auto& s : st.slots) {
          if (s.handle) {
            self->send_exit(s.handle, caf::exit_reason::user_shutdown);
          } else if (s.state == run_state::backing_off) {
            s.state = run_state::stopped;
            ++s.generation; // drops the pending restart timer
          }
        }
        quit_when_all_down(self);
      },
      [=](reconcile_atom) { periodic_reconcile(self); },
      [=](restart_atom, const std::string& name, uint64_t generation) {
        for (auto& s : self->state.slots) {
          if (to_string(s.role) != name) continue;
          if (s.generation != generation || s.state != run_state::backing_off)
            return; // stale timer
          spawn_child(self, s);
          broadcast_peers(self);
          return;
        }
      },
  };
}

market_supervisor_actor spawn_market_supervisor(caf::actor_system& sys,
                                                market_supervisor_config cfg) {
  return sys.spawn(market_supervisor_impl, std::move(cfg));
}

std::chrono::milliseconds
first_periodic_reconcile(const market_supervisor_config& cfg) {
  const double share = std::fmod(
      static_cast<double>(cfg.market_index) * 0.6180339887498949, 1.0);
  return cfg.reconcile_every +
         std::chrono::milliseconds{static_cast<int64_t>(
             share * static_cast<double>(cfg.reconcile_every.count()))};
}

} // namespace trailgrid::actors
