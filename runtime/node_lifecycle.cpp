#include "runtime/node_lifecycle.hpp"

#include "runtime/admin/node_services.hpp"
#include "runtime/commands.hpp"
#include "runtime/node_actors.hpp"
#include "runtime/node_stop.hpp"
#include "runtime/signals.hpp"

#include "lighter/net/io_runner.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace trailgrid::runtime {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

struct node_config : caf::actor_system_config {
  node_config() { messages::register_types(*this); }
};

int fail(const std::string& text) {
  std::fprintf(stderr, "gridbot run: %s\n", text.c_str());
  return exit_failure;
}

std::optional<std::string> start(node& n) {
  if (auto err = spawn_signer_and_gateway(n)) return err;
  reconcile_with_exchange(n);
  spawn_journal(n);
  spawn_root(n);
  if (auto err = start_admin(n)) return err;
  arm_dead_man(n);
  spawn_sampler(n);
  return std::nullopt;
}

// Waits for the first of SIGINT/SIGTERM, --duration and the root going
// down; true when the root went down. A signal can only be taken with
// signals.wait() (sigtimedwait) and the root's down message only from the
// scoped actor's mailbox, so this thread alternates a short signals.wait()
// (200 ms, or what is left of --duration) with a look at the mailbox that
// does not block. Sampling and status lines run on the sampler's timer.
bool run_until_stop(node& n, shutdown_signals& signals,
                    clock_type::time_point started) {
  const auto& duration_s = n.in.opts.duration_s;
  const auto until = started + std::chrono::seconds{duration_s.value_or(0)};
  bool root_down = false;
  for (;;) {
    std::chrono::milliseconds slice = 200ms;
    if (duration_s)
      slice = std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(
                             until - clock_type::now()),
                         0ms, slice);
    if (auto sig = signals.wait(slice)) {
      spdlog::info("received {}: shutting down",
                   *sig == SIGINT ? "SIGINT" : "SIGTERM");
      return false;
    }
    n.self->receive(
        [&](caf::down_msg& dm) {
          root_down = true;
          spdlog::error("the node stopped: {}",
                        n.self->system().render(dm.reason));
        },
        caf::after(0s) >> [] {});
    if (root_down) return true;
    if (duration_s && clock_type::now() >= until) {
      spdlog::info("--duration {} s reached: shutting down", *duration_s);
      return false;
    }
  }
}

// Exit 0 means the exchange confirmed nothing of ours rests there. A node
// that failed (its gateway gone) cannot ask: it exits 3 with the dead-man
// switch armed.
int stop(node& n, bool root_down, clock_type::time_point started) {
  n.self->send(n.actors.sampler, halt_atom::value);
  shutdown_facts facts;
  facts.trades = n.in.trades;
  facts.node_failed = root_down;
  sweep_report swept;
  if (n.in.trades) {
    if (!root_down) drain(n);
    swept = sweep(n, facts);
    wait_for_gap(n, facts);
  }
  settle_dead_man(n, decide_shutdown(facts));
  auto duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         clock_type::now() - started)
                         .count();
  stop_actors(n, root_down);
  flush_journal(n);
  auto summary = report_summary(n, duration_ms, swept, facts);
  int rc = decide_shutdown(facts).exit_code;
  n.services.notify_exit(rc, summary.orders_left); // [notify] webhook
  return rc;
}

// Actors holding connections go first, then the io thread, then CAF.
// Bounded: a stuck actor must not keep the process from exiting.
void await_actors(caf::actor_system& sys) {
  auto give_up = clock_type::now() + 10s;
  while (sys.registry().running() > 0 && clock_type::now() < give_up)
    std::this_thread::sleep_for(20ms);
  if (auto n = sys.registry().running(); n > 0) {
    spdlog::warn("{} actors still running at exit", n);
    sys.await_actors_before_shutdown(false);
  }
}

} // namespace

int run_node(shutdown_signals& signals, lighter::net::io_runner& runner,
             const node_inputs& in, node_books& books) {
  node_config caf_cfg;
  node_services::configure(caf_cfg, in.cfg.runtime); // middleman, TLS
  int rc = exit_ok;
  lighter::net::io_runner account_runner{"gridbot-account"};
  {
    caf::actor_system sys{caf_cfg};
    {
      caf::scoped_actor self{sys};
      // Admin service, signer publication (signer node), signer link
      // (market node); they go when this block ends, after the node.
      node_services services{sys, in.cfg, in.config_text};
      if (!services.problem().empty()) return fail(services.problem());
      node n{self, runner, account_runner, in, books, services, {}};
      if (auto err = start(n)) return fail(*err);
      const auto started = clock_type::now();
      bool root_down = run_until_stop(n, signals, started);
      rc = stop(n, root_down, started);
    } // the scoped actor counts as running until it is gone
    await_actors(sys);
    account_runner.stop();
    runner.stop();
  }
  return rc;
}

} // namespace trailgrid::runtime
