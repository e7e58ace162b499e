#include "runtime/node_stop.hpp"

#include "runtime/drain_wait.hpp"
#include "runtime/journal.hpp"

#include "execution/client_index.hpp"
#include "multi_market/status_figures.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

namespace trailgrid::runtime {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

std::optional<messages::actor_status>
node_status(caf::scoped_actor& self, const messages::node_root_actor& root) {
  std::optional<messages::actor_status> out;
  self->request(root, 5s, messages::status_atom::value)
      .receive([&](messages::actor_status& s) { out = std::move(s); },
               [](caf::error&) {});
  return out;
}

// A status sample taken here also counts for the summary.
std::optional<messages::actor_status> sample(node& n) {
  auto s = node_status(n.self, n.actors.root);
  if (s) n.self->send(n.actors.sampler, *s);
  return s;
}

// Polled (every 200 ms, bounded): the gateway reports no event when a
// recovery ends.
bool wait_for_recovery(caf::scoped_actor& self,
                       const messages::gateway_actor& gateway,
                       std::chrono::seconds bound) {
  auto until = clock_type::now() + bound;
  for (;;) {
    bool recovering = true;
    self->request(gateway, 5s, messages::status_atom::value)
        .receive(
            [&](messages::actor_status& s) { recovering = s.facts.recovering; },
            [&](caf::error&) {});
    if (!recovering) return true;
    if (clock_type::now() >= until) return false;
    std::this_thread::sleep_for(200ms);
  }
}

void stop_and_wait(caf::scoped_actor& self, const caf::actor& who,
                   caf::exit_reason why, std::chrono::seconds patience) {
  if (!who) return;
  self->monitor(who);
  self->send_exit(who, why);
  self->receive([](caf::down_msg&) {}, caf::after(patience) >> [] {});
}

std::string describe(const messages::live_order& o) {
  return "market " + std::to_string(o.market_index) + " order " +
         std::to_string(o.order_index) + " client " +
         std::to_string(o.client_order_index) + (o.is_ask ? " ask" : " bid");
}

} // namespace

void drain(node& n) {
  n.self->request(n.actors.root, 5s, messages::drain_atom::value)
      .receive([](std::string& text) { spdlog::info("{}", text); },
               [&](caf::error& e) {
                 spdlog::warn("drain: {}", n.self->system().render(e));
               });
  // Polled (every 200 ms, bounded): executors report no event when their
  // last order is gone.
  auto ms_since = [start = clock_type::now()] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               clock_type::now() - start)
        .count();
  };
  drain_wait wait{{}, 0};
  bool again = true;
  while (again) {
    std::this_thread::sleep_for(200ms);
    auto s = sample(n);
    again = wait.keep_waiting(s ? multi_market::live_orders(*s) : std::nullopt,
                              ms_since());
  }
  if (auto live = wait.live(); live && *live > 0)
    spdlog::warn("{} orders still live after the drain", *live);
  else
    spdlog::info("every market cancelled its orders");
}

sweep_report sweep(node& n, shutdown_facts& facts) {
  std::vector<int32_t> indexes;
  for (auto& m : n.books.setups)
    indexes.push_back(m.info.market_id);
  auto swept = sweep_orders(
      n.self, n.actors.signer, n.actors.gateway, indexes,
      static_cast<uint8_t>(n.in.cfg.exchange.api_key_index.value_or(0)),
      execution::client_index_space::default_tag);
  facts.confirmed_empty = swept.confirmed_empty;
  if (swept.found > 0)
    spdlog::warn("{} orders of ours were still live on the "
                 "exchange after the drain; {} cancelled",
                 swept.found, swept.cancelled);
  for (auto& e : swept.errors)
    spdlog::warn("order sweep: {}", e);
  if (swept.confirmed_empty)
    spdlog::info("the exchange lists no order of ours");
  else
    spdlog::error("{} orders of ours may still rest on the "
                  "exchange{}",
                  swept.remaining.size(),
                  swept.remaining.empty() ? " (it could not be asked)" : "");
  return swept;
}

void wait_for_gap(node& n, shutdown_facts& facts) {
  // Fills made while the account stream stalled show only in REST; the
  // periodic stall check may not have come round since the drain.
  bool read = false;
  n.self->request(n.actors.gateway, 30s, messages::check_trades_atom::value)
      .receive([&](bool ok) { read = ok; }, [](caf::error&) {});
  if (!read)
    spdlog::warn("the account's last trades could not be read: a fill the "
                 "stream missed since the last check would not be booked");
  if (wait_for_recovery(n.self, n.actors.gateway, 30s)) return;
  spdlog::error("the account stream's last gap could not be read "
                "from the exchange: fills made in it may be missing from the "
                "journal and the summary");
  facts.gap_read = false;
}

void settle_dead_man(node& n, const shutdown_verdict& verdict) {
  auto& dead_man = n.actors.dead_man;
  if (!dead_man) return;
  if (verdict.disarm_dead_man) {
    n.self->request(dead_man, 15s, disarm_atom::value)
        .receive([](std::string&) {}, [](caf::error&) {});
    stop_and_wait(n.self, caf::actor_cast<caf::actor>(dead_man),
                  caf::exit_reason::user_shutdown, 5s);
    return;
  }
  // Orders may rest: the exchange's scheduled cancel-all stays armed and
  // fires when its window runs out.
  spdlog::warn("leaving the dead-man switch armed");
  stop_and_wait(n.self, caf::actor_cast<caf::actor>(dead_man),
                caf::exit_reason::kill, 5s);
}

void stop_actors(node& n, bool root_down) {
  auto& self = n.self;
  auto& root = n.actors.root;
  if (!root_down) {
    if (auto s = sample(n))
      spdlog::debug("final status:\n{}", multi_market::render_tree(*s));
    self->send(root, messages::stop_atom::value);
    self->receive([](caf::down_msg&) {},
                  caf::after(15s) >>
                      [&] {
                        spdlog::warn("the node did not stop in time");
                        self->send_exit(root, caf::exit_reason::kill);
                      });
  }
  for (auto& a : n.actors.to_stop)
    stop_and_wait(self, a, caf::exit_reason::user_shutdown, 5s);
  // A detached actor counts as running until its last handle is gone.
  n.actors.to_stop.clear();
}

void flush_journal(node& n) {
  auto& journal = *n.books.journal;
  if (auto err =
          n.in.cfg.runtime.journal_sync.policy == journal_sync_policy::off
              ? journal.flush()
              : journal.sync())
    spdlog::error("journal: {}", *err);
}

run_summary report_summary(node& n, int64_t duration_ms,
                           const sweep_report& swept, shutdown_facts& facts) {
  run_summary summary;
  summary.duration_ms = duration_ms;
  summary.dry_run = n.in.opts.dry_run;
  n.self
      ->request(n.actors.sampler, 5s, summary_atom::value, duration_ms,
                n.in.opts.dry_run)
      .receive([&](run_summary& s) { summary = std::move(s); },
               [&](caf::error& e) {
                 spdlog::error("no summary: {}", n.self->system().render(e));
               });
  stop_and_wait(n.self, caf::actor_cast<caf::actor>(n.actors.sampler),
                caf::exit_reason::user_shutdown, 5s);
  if (n.in.trades && !swept.confirmed_empty) {
    summary.orders_confirmed_gone = false;
    for (auto& o : swept.remaining)
      summary.orders_left.push_back(describe(o));
  }
  std::printf("%s", to_text(summary).c_str());
  std::fflush(stdout);
  const auto& json_path = n.in.opts.summary_json;
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << to_json(summary);
    if (!out) {
      spdlog::error("cannot write {}", json_path);
      facts.summary_written = false;
    }
  }
  return summary;
}

} // namespace trailgrid::runtime
