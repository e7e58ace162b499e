#include "multi_market/node_root.hpp"

#include "multi_market/status_figures.hpp"

#include "messages/errors.hpp"
#include "strategy/decimal.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <set>
#include <utility>

namespace trailgrid::multi_market {

using namespace messages;

namespace {

using self_ptr = node_root_actor::stateful_pointer<node_root_state>;
using market_t = node_root_state::market;

spdlog::logger& log() {
  return *spdlog::default_logger_raw();
}

std::string micro_text(int64_t micro) {
  return strategy::format_scaled(micro, 6);
}

int64_t ms_between(caf::actor_clock::time_point from,
                   caf::actor_clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from)
      .count();
}

bool kill_file_exists(self_ptr self) {
  auto& cfg = self->state.cfg;
  if (cfg.kill_switch_file.empty()) return false;
  if (cfg.file_exists) return cfg.file_exists(cfg.kill_switch_file);
  std::error_code ec;
  return std::filesystem::exists(cfg.kill_switch_file, ec);
}

// True when something other than the kill switch holds `m` paused.
bool held_by_operator(const node_root_state& st, const market_t& m) {
  return m.operator_paused || m.cancelled || m.removing || st.draining;
}

// The first market holding a position it has no price for ("" = none).
std::string unpriced_market(const node_root_state& st) {
  for (auto& [symbol, m] : st.markets)
    if (m.exposure_unknown) return symbol;
  return {};
}

std::string cap_reason(const node_root_state& st) {
  if (auto m = unpriced_market(st); !m.empty())
    return "exposure unknown: " + m + " holds a position without a price";
  return "exposure " + micro_text(st.total_exposure_micro) + " > cap " +
         micro_text(st.cap.cap());
}

void start_market(self_ptr self, market_plan plan) {
  auto& st = self->state;
  actors::market_supervisor_config cfg;
  cfg.market = plan.symbol;
  cfg.market_index = plan.market_index;
  if (plan.children) cfg.children = plan.children({st.signer, st.gateway});
  cfg.signer = st.signer;
  cfg.gateway = st.gateway;
  cfg.restart = plan.restart;
  cfg.reconcile_every = plan.reconcile_every;
  cfg.seed = st.cfg.seed + 16 * st.next_seed++;
  auto sup = self->spawn(actors::market_supervisor_impl, std::move(cfg));
  self->monitor(sup);
  auto symbol = plan.symbol;
  auto index = plan.market_index;
  auto& m = st.markets[symbol];
  m = market_t{};
  m.plan = std::move(plan);
  m.supervisor = sup;
  if (st.kill_active || !st.holds.empty()) self->send(sup, pause_atom::value);
  if (st.cap.engaged())
    self->send(sup, reduce_only{index, true, cap_reason(st)});
  log().info("node: market {} (index {}) started", symbol, index);
}

// Applies the cap to the current total; tells every market on a change.
void apply_cap(self_ptr self) {
  auto& st = self->state;
  int64_t total = 0;
  for (auto& [symbol, m] : st.markets)
    total += m.exposure_micro;
  st.total_exposure_micro = total;
  // A position that cannot be valued may be any size: over every cap.
  auto d = st.cap.update(unpriced_market(st).empty()
                             ? total
                             : std::numeric_limits<int64_t>::max());
  if (!d.changed) return;
  std::string why;
  if (d.engaged) {
    why = cap_reason(st);
    log().warn("node: {}: every market quotes reduce-only", why);
  } else {
    why = "exposure " + micro_text(total) +
          " <= " + micro_text(st.cap.release_at());
    log().info("node: {}: markets quote normally again", why);
  }
  for (auto& [symbol, m] : st.markets)
    self->send(m.supervisor, reduce_only{m.plan.market_index, d.engaged, why});
}

// Sums the markets' session equity; halts every market when the account
// drawdown stop trips.
void apply_account_drawdown(self_ptr self) {
  auto& st = self->state;
  int64_t total = 0;
  for (auto& [symbol, m] : st.markets)
    total += m.equity_micro;
  st.account_equity_micro = total;
  if (!st.account_dd.update(total)) return;
  log().error("node: account drawdown stop: equity {} is {} below its peak "
              "{} (limit {}): halting all {} markets until an operator "
              "resumes",
              micro_text(total), micro_text(st.account_dd.peak() - total),
              micro_text(st.account_dd.peak()),
              micro_text(st.account_dd.limit()), st.markets.size());
  for (auto& [symbol, m] : st.markets)
    self->send(m.supervisor,
               risk_halt{m.plan.market_index, "account_drawdown"});
}

void poll_exposure(self_ptr self) {
  auto& st = self->state;
  for (auto& [symbol, m] : st.markets) {
    if (m.removing) continue;
    auto sym = symbol;
    self->request(m.supervisor, st.cfg.exposure_interval, exposure_atom::value)
        .then(
            [=](market_exposure& x) {
              auto i = self->state.markets.find(sym);
              if (i == self->state.markets.end()) return;
              auto& mk = i->second;
              mk.exposure = x;
              if (x.mark.value > 0) mk.last_mark = x.mark;
              auto value =
                  exposure_micro(x.position, x.mark, mk.last_mark,
                                 mk.plan.price_decimals, mk.plan.size_decimals);
              mk.exposure_unknown = !value;
              mk.exposure_micro = value.value_or(0);
              mk.equity_micro = equity_micro(x.equity, mk.plan.price_decimals,
                                             mk.plan.size_decimals);
              apply_cap(self);
              apply_account_drawdown(self);
            },
            [](caf::error&) {
              // The grid is restarting: keep its last figure.
            });
  }
}

void check_kill_switch(self_ptr self) {
  auto& st = self->state;
  const bool exists = kill_file_exists(self);
  if (exists == st.kill_active) return;
  st.kill_active = exists;
  if (exists) {
    log().warn("node: kill switch file {} exists: halting all {} markets",
               st.cfg.kill_switch_file, st.markets.size());
    for (auto& [symbol, m] : st.markets)
      self->send(m.supervisor, pause_atom::value);
    return;
  }
  log().info("node: kill switch file {} is gone: resuming markets",
             st.cfg.kill_switch_file);
  if (!st.holds.empty()) return;
  for (auto& [symbol, m] : st.markets)
    if (!held_by_operator(st, m)) self->send(m.supervisor, resume_atom::value);
}

// A hold (hold_atom) turned on or off.
void set_hold(self_ptr self, const std::string& reason, bool on) {
  auto& st = self->state;
  bool was_held = !st.holds.empty();
  if (on ? !st.holds.insert(reason).second : st.holds.erase(reason) == 0)
    return;
  if (on) {
    log().warn("node: hold '{}': pausing all {} markets and cancelling their "
               "orders",
               reason, st.markets.size());
    if (!was_held)
      for (auto& [symbol, m] : st.markets) {
        self->send(m.supervisor, pause_atom::value);
        self->send(m.supervisor, cancel_atom::value);
      }
    return;
  }
  log().info("node: hold '{}' released", reason);
  if (!st.holds.empty() || st.kill_active || st.stopping) return;
  for (auto& [symbol, m] : st.markets)
    if (!held_by_operator(st, m)) self->send(m.supervisor, resume_atom::value);
}

// Ends the root once every supervisor is down (stop).
void finish_stop_if_done(self_ptr self) {
  auto& st = self->state;
  if (!st.stopping || !st.markets.empty()) return;
  if (st.gateway) self->send_exit(st.gateway, caf::exit_reason::user_shutdown);
  if (st.owns_signer && st.signer)
    self->send_exit(st.signer, caf::exit_reason::user_shutdown);
  log().info("node: stopped");
  self->quit();
}

// The markets a command names ("*" = all); an error when none matches.
caf::expected<std::vector<market_t*>> targets(self_ptr self,
                                              const std::string& symbol) {
  std::vector<market_t*> out;
  auto& markets = self->state.markets;
  if (symbol == "*") {
    for (auto& [s, m] : markets)
      if (!m.removing) out.push_back(&m);
    return out;
  }
  auto i = markets.find(symbol);
  if (i == markets.end() || i->second.removing)
    return make_error(error_code::unknown_market, symbol);
  out.push_back(&i->second);
  return out;
}

std::string subject(const std::string& symbol, size_t n) {
  if (symbol != "*") return symbol;
  return std::to_string(n) + (n == 1 ? " market" : " markets");
}

actor_status own_status(self_ptr self) {
  auto& st = self->state;
  actor_status out;
  out.name = st.cfg.name;
  out.kind = "node_root";
  out.state = st.stopping         ? run_state::stopped
              : st.kill_active    ? run_state::halted
              : !st.holds.empty() ? run_state::halted
              : st.draining       ? run_state::paused
                                  : run_state::running;
  out.uptime_ms = ms_between(st.started_at, self->clock().now());
  out.mailbox_size = self->mailbox().size();
  auto& f = out.figures;
  f["markets"] = std::to_string(st.markets.size());
  f["exposure_quote"] = micro_text(st.total_exposure_micro);
  f["exposure_cap"] =
      st.cap.cap() > 0 ? micro_text(st.cap.cap()) : std::string{"off"};
  f["reduce_only"] = st.cap.engaged() ? "yes" : "no";
  f["account_equity"] = micro_text(st.account_equity_micro);
  f["account_drawdown_stop"] = st.account_dd.limit() > 0
                                   ? micro_text(st.account_dd.limit())
                                   : std::string{"off"};
  f["account_drawdown_peak"] = micro_text(st.account_dd.peak());
  f["account_drawdown_tripped"] = st.account_dd.tripped() ? "1" : "0";
  f["kill_switch"] = st.cfg.kill_switch_file.empty() ? "off"
                     : st.kill_active ? "active: " + st.cfg.kill_switch_file
                                      : "armed: " + st.cfg.kill_switch_file;
  if (st.draining) f["draining"] = "yes";
  if (!st.holds.empty()) {
    std::string h;
    for (auto& r : st.holds)
      h += (h.empty() ? "" : ",") + r;
    f["holds"] = h;
  }
  return out;
}

actor_status placeholder(const std::string& name, const std::string& kind) {
  actor_status s;
  s.name = name;
  s.kind = kind;
  return s;
}

template <class Handle>
void ask_status(self_ptr self, Handle h, size_t index,
                std::shared_ptr<actor_status> out,
                std::shared_ptr<size_t> pending,
                caf::typed_response_promise<actor_status> rp) {
  self->request(h, self->state.cfg.status_timeout, status_atom::value)
      .then(
          [=](actor_status& answer) mutable {
            auto& slot = out->children[index];
            if (answer.name.empty()) answer.name = slot.name;
            if (answer.kind.empty()) answer.kind = slot.kind;
            for (auto& [k, v] : slot.figures)
              answer.figures.emplace(k, v);
            slot = std::move(answer);
            if (--*pending == 0) rp.deliver(std::move(*out));
          },
          [=](caf::error& err) mutable {
            out->children[index].figures["status_error"] =
                self->system().render(err);
            if (--*pending == 0) rp.deliver(std::move(*out));
          });
}

caf::result<actor_status> answer_status(self_ptr self) {
  auto& st = self->state;
  auto out = std::make_shared<actor_status>(own_status(self));
  auto rp = self->make_response_promise<actor_status>();
  size_t asks = (st.signer ? 1 : 0) + (st.gateway ? 1 : 0) + st.markets.size();
  if (asks == 0) return *out;
  auto pending = std::make_shared<size_t>(asks);
  // Every slot exists before the first answer can arrive.
  if (st.signer) {
    auto s = placeholder("signer", "signer");
    s.figures["location"] = st.owns_signer ? "local" : "remote";
    out->children.push_back(std::move(s));
  }
  if (st.gateway) out->children.push_back(placeholder("gateway", "gateway"));
  for (auto& [symbol, m] : st.markets) {
    auto s = placeholder(symbol, "market_supervisor");
    if (m.operator_paused) s.figures["operator_paused"] = "yes";
    if (m.removing) s.figures["removing"] = "yes";
    s.figures["exposure_quote"] = micro_text(m.exposure_micro);
    out->children.push_back(std::move(s));
  }
  size_t i = 0;
  if (st.signer) ask_status(self, st.signer, i++, out, pending, rp);
  if (st.gateway) ask_status(self, st.gateway, i++, out, pending, rp);
  for (auto& [symbol, m] : st.markets)
    ask_status(self, m.supervisor, i++, out, pending, rp);
  return rp;
}

void poll_removal(self_ptr self, const std::string& symbol, int32_t attempt) {
  auto i = self->state.markets.find(symbol);
  if (i == self->state.markets.end() || !i->second.removing) return;
  auto sup = i->second.supervisor;
  self->request(sup, self->state.cfg.status_timeout, status_atom::value)
      .then(
          [=](actor_status& s) {
            auto j = self->state.markets.find(symbol);
            if (j == self->state.markets.end()) return;
            auto& m = j->second;
            auto live = live_orders(s);
            const bool late = self->clock().now() - m.remove_started >=
                              self->state.cfg.remove_timeout;
            if (!live || *live == 0 || late) {
              if (late && live && *live > 0)
                log().warn("node: market {} still reports {} live orders "
                           "after the drain; stopping it anyway",
                           symbol, *live);
              self->send(m.supervisor, stop_atom::value);
              return;
            }
            self->delayed_send(self, self->state.cfg.remove_poll,
                               remove_market_atom::value, symbol, attempt + 1);
          },
          [=](caf::error&) {
            auto j = self->state.markets.find(symbol);
            if (j == self->state.markets.end()) return;
            self->delayed_send(self, self->state.cfg.remove_poll,
                               remove_market_atom::value, symbol, attempt + 1);
          });
}

void on_down(self_ptr self, const caf::down_msg& dm) {
  auto& st = self->state;
  if (st.gateway && dm.source == st.gateway.address()) {
    st.gateway = nullptr;
    if (st.stopping) return;
    log().error("node: the gateway exited ({}); the node stops",
                self->system().render(dm.reason));
    self->quit(dm.reason ? dm.reason : caf::exit_reason::unknown);
    return;
  }
  if (st.signer && dm.source == st.signer.address()) {
    st.signer = nullptr;
    if (st.stopping) return;
    log().error("node: the signer exited ({}); the node stops",
                self->system().render(dm.reason));
    self->quit(dm.reason ? dm.reason : caf::exit_reason::unknown);
    return;
  }
  for (auto i = st.markets.begin(); i != st.markets.end(); ++i) {
    auto& m = i->second;
    if (m.supervisor.address() != dm.source) continue;
    if (m.removing) {
      log().info("node: market {} removed", i->first);
      m.remove_promise.deliver(i->first + " removed");
    } else if (!st.stopping) {
      log().error("node: market {} supervisor exited unexpectedly ({})",
                  i->first, self->system().render(dm.reason));
    }
    st.markets.erase(i);
    apply_cap(self);
    finish_stop_if_done(self);
    return;
  }
}

} // namespace

node_root_actor::behavior_type node_root_impl(self_ptr self,
                                              node_root_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.started_at = self->clock().now();
  st.cap = exposure_cap{st.cfg.max_total_exposure_micro,
                        st.cfg.exposure_release_ppm};
  st.account_dd = account_drawdown{st.cfg.max_account_drawdown_micro};
  if (st.cfg.signer) {
    st.signer = st.cfg.signer;
  } else if (st.cfg.make_signer) {
    st.signer = st.cfg.make_signer(self);
    st.owns_signer = true;
  }
  if (st.signer) self->monitor(st.signer);
  if (st.cfg.make_gateway) {
    st.gateway = st.cfg.make_gateway(self, st.signer);
    if (st.gateway) self->monitor(st.gateway);
  }
  // Everything this root started goes down with it, whatever ends it.
  auto owned = std::make_shared<std::vector<caf::actor_addr>>();
  self->attach_functor([self, owned] {
    for (auto& addr : *owned)
      caf::anon_send_exit(addr, caf::exit_reason::user_shutdown);
  });
  self->set_down_handler([=](caf::down_msg& dm) { on_down(self, dm); });
  // The kill switch is checked before any market quotes.
  st.kill_active = kill_file_exists(self);
  if (st.kill_active)
    log().warn("node: kill switch file {} exists: markets start halted",
               st.cfg.kill_switch_file);
  auto plans = std::move(st.cfg.markets);
  st.cfg.markets.clear();
  for (auto& plan : plans)
    start_market(self, std::move(plan));
  auto remember_owned = [self, owned] {
    owned->clear();
    auto& s = self->state;
    if (s.gateway) owned->push_back(s.gateway.address());
    if (s.owns_signer && s.signer) owned->push_back(s.signer.address());
    for (auto& [sym, m] : s.markets)
      owned->push_back(m.supervisor.address());
  };
  remember_owned();
  if (!st.cfg.kill_switch_file.empty())
    self->delayed_send(self, st.cfg.kill_switch_interval,
                       kill_poll_atom::value);
  self->delayed_send(self, st.cfg.exposure_interval, expo_poll_atom::value);
  return {
      [=](status_atom) { return answer_status(self); },
      [=](pause_atom a, const std::string& symbol) -> caf::result<std::string> {
        auto ms = targets(self, symbol);
        if (!ms) return ms.error();
        for (auto* m : *ms) {
          m->operator_paused = true;
          self->send(m->supervisor, a);
        }
        log().info("node: operator paused {}", subject(symbol, ms->size()));
        return subject(symbol, ms->size()) + " paused";
      },
      [=](resume_atom a,
          const std::string& symbol) -> caf::result<std::string> {
        auto& s = self->state;
        if (s.draining || s.stopping)
          return make_error(error_code::shutting_down, "node is draining");
        auto ms = targets(self, symbol);
        if (!ms) return ms.error();
        // Resuming after the account stop measures again from here.
        if (s.account_dd.tripped()) s.account_dd.rearm(s.account_equity_micro);
        for (auto* m : *ms) {
          m->operator_paused = false;
          m->cancelled = false;
          if (!s.kill_active && s.holds.empty()) self->send(m->supervisor, a);
        }
        auto who = subject(symbol, ms->size());
        if (!s.holds.empty())
          return who + " stays halted: hold '" + *s.holds.begin() + "'";
        if (s.kill_active)
          return who + " stays halted: kill switch file " +
                 s.cfg.kill_switch_file + " exists";
        log().info("node: operator resumed {}", who);
        return who + " resumed";
      },
      [=](cancel_atom a,
          const std::string& symbol) -> caf::result<std::string> {
        auto ms = targets(self, symbol);
        if (!ms) return ms.error();
        for (auto* m : *ms) {
          m->cancelled = true;
          self->send(m->supervisor, a);
        }
        log().info("node: operator cancelled the orders of {}",
                   subject(symbol, ms->size()));
        return subject(symbol, ms->size()) +
               " cancelling its orders; quoting stops until resume";
      },
      [=](drain_atom a) -> std::string {
        auto& s = self->state;
        s.draining = true;
        for (auto& [symbol, m] : s.markets)
          self->send(m.supervisor, a);
        log().info("node: draining {} markets", s.markets.size());
        return "draining " + std::to_string(s.markets.size()) + " markets";
      },
      [=](stop_atom a) {
        auto& s = self->state;
        if (s.stopping) return;
        s.stopping = true;
        log().info("node: stopping {} markets", s.markets.size());
        for (auto& [symbol, m] : s.markets)
          self->send(m.supervisor, a);
        finish_stop_if_done(self);
      },
      [=](add_market_atom, const std::string& symbol,
          const std::string& settings) -> caf::result<std::string> {
        auto& s = self->state;
        if (s.draining || s.stopping)
          return make_error(error_code::shutting_down, "node is stopping");
        if (s.markets.count(symbol) != 0)
          return make_error(error_code::market_exists, symbol);
        if (!s.cfg.build_market)
          return make_error(error_code::bad_market_config,
                            "this node cannot add markets");
        auto built = s.cfg.build_market(symbol, settings);
        if (auto err = std::get_if<std::string>(&built))
          return make_error(error_code::bad_market_config, *err);
        auto& plan = std::get<market_plan>(built);
        auto index = plan.market_index;
        start_market(self, std::move(plan));
        remember_owned();
        return symbol + " started (market " + std::to_string(index) + ")";
      },
      [=](remove_market_atom,
          const std::string& symbol) -> caf::result<std::string> {
        auto& s = self->state;
        auto i = s.markets.find(symbol);
        if (i == s.markets.end() || i->second.removing)
          return make_error(error_code::unknown_market, symbol);
        auto& m = i->second;
        m.removing = true;
        m.remove_started = self->clock().now();
        m.remove_promise = self->make_response_promise<std::string>();
        self->send(m.supervisor, drain_atom::value);
        log().info("node: removing market {}: draining", symbol);
        self->delayed_send(self, s.cfg.remove_poll, remove_market_atom::value,
                           symbol, int32_t{1});
        return m.remove_promise;
      },
      [=](remove_market_atom, const std::string& symbol, int32_t attempt) {
        poll_removal(self, symbol, attempt);
      },
      [=](hold_atom, const std::string& reason, bool on) {
        set_hold(self, reason, on);
      },
      [=](kill_poll_atom) {
        check_kill_switch(self);
        if (!self->state.stopping)
          self->delayed_send(self, self->state.cfg.kill_switch_interval,
                             kill_poll_atom::value);
      },
      [=](const market_status& x) {
        for (auto& [symbol, m] : self->state.markets)
          if (m.plan.market_index == x.market_index)
            self->send(m.supervisor, x);
      },
      [=](expo_poll_atom) {
        poll_exposure(self);
        if (!self->state.stopping)
          self->delayed_send(self, self->state.cfg.exposure_interval,
                             expo_poll_atom::value);
      },
  };
}

node_root_actor spawn_node_root(caf::actor_system& sys, node_root_config cfg) {
  return sys.spawn(node_root_impl, std::move(cfg));
}

} // namespace trailgrid::multi_market
