#include "runtime/node_actors.hpp"

#include "runtime/admin/node_services.hpp"
#include "runtime/exchange_services.hpp"
#include "runtime/journal_actor.hpp"
#include "runtime/node_factories.hpp"
#include "runtime/node_reconcile.hpp"

#include "multi_market/node_root.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <csignal>
#include <mutex>
#include <signal.h>
#include <unistd.h>

namespace trailgrid::runtime {

/// A text written by one actor and read by another.
class shared_text {
public:
  explicit shared_text(std::string text) : text_(std::move(text)) {}
  std::string get() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return text_;
  }
  void set(std::string text) {
    std::lock_guard<std::mutex> guard{mtx_};
    text_ = std::move(text);
  }

private:
  mutable std::mutex mtx_;
  std::string text_;
};

namespace {

template <class Handle>
void stop_later(node& n, const Handle& h) {
  n.actors.to_stop.push_back(caf::actor_cast<caf::actor>(h));
}

// The node's own signer (not a market node's: that one is linked).
std::optional<std::string> spawn_own_signer(node& n) {
  auto& sys = n.self->system();
  const auto& in = n.in;
  const auto& ex = in.cfg.exchange;
  auto& a = n.actors;
  messages::nonce_source_actor source{a.gateway};
  if (!in.opts.dry_run) {
    auto rest = make_rest(n.runner, ex, n.books.rest_gate);
    if (!rest) return rest.error();
    source = spawn_rest_nonce_source(sys, rest.value());
    stop_later(n, source);
  }
  auto peers = n.services.peer_counters();
  auto s = in.pool.empty() ? spawn_node_signer(sys, ex, *in.key, source, peers)
                           : spawn_node_signer(sys, ex, in.pool, source, peers);
  if (!s) {
    kill_all(n);
    return s.error();
  }
  a.signer = s.value();
  stop_later(n, a.signer);
  if (in.opts.dry_run)
    caf::anon_send(caf::actor_cast<caf::actor>(a.gateway),
                   messages::link_signer_atom::value,
                   caf::actor_cast<caf::actor>(a.signer));
  n.services.publish(a.signer);
  return std::nullopt;
}

// Builds a market added at run time from the current config.
multi_market::market_builder market_builder(node& n, const node_context& ctx) {
  auto all_markets = n.books.exchange_markets;
  auto path = n.in.opts.config_path;
  auto pacing = reset_pacing_of(n.in.cfg.exchange);
  auto current = n.actors.current_config;
  auto ledger = n.books.ledger;
  return [=](const std::string& symbol, const std::string& settings)
             -> std::variant<multi_market::market_plan, std::string> {
    auto mc = market_from_settings(current->get(), path, symbol, settings);
    if (!mc) return mc.error();
    auto setup = resolve_market(mc.value(), all_markets, pacing);
    if (!setup) return setup.error();
    ledger->add_market(symbol, setup.value().params.fees);
    return make_market_plan(setup.value(), ctx);
  };
}

} // namespace

void kill_all(node& n) {
  for (auto& a : n.actors.to_stop)
    n.self->send_exit(a, caf::exit_reason::kill);
}

std::optional<std::string> spawn_signer_and_gateway(node& n) {
  auto& sys = n.self->system();
  const auto& in = n.in;
  auto& a = n.actors;
  if (in.opts.dry_run) {
    a.gateway =
        spawn_paper_gateway(sys, n.runner, in.cfg.exchange,
                            in.trades ? n.books.exchange_markets
                                      : std::vector<lighter::market_info>{});
    stop_later(n, a.gateway);
  }
  if (!in.holds_key)
    a.signer = n.services.remote_signer();
  else if (auto err = spawn_own_signer(n))
    return err;
  if (!in.opts.dry_run && in.trades) {
    if (in.read_only_token)
      spdlog::info("the gateway reads the account with the "
                   "read-only token (LIGHTER_READ_ONLY_TOKEN)");
    a.gateway = spawn_live_gateway(
        sys, n.account_runner, in.cfg.exchange, n.books.exchange_markets,
        a.signer, n.books.rest_gate,
        in.read_only_token ? std::string{in.read_only_token->reveal()}
                           : std::string{});
    stop_later(n, a.gateway);
  }
  return std::nullopt;
}

void reconcile_with_exchange(node& n) {
  auto& b = n.books;
  if (n.in.trades && !n.in.opts.dry_run)
    book_missing_fills(n.self, n.actors.gateway, b.journal_path, *b.journal,
                       *b.ledger, b.exchange_markets);
  if (n.in.trades)
    reconcile_positions(n.self, n.actors.gateway, b.setups, *b.ledger);
}

void spawn_journal(node& n) {
  journal_actor_config jc;
  jc.writer = n.books.journal;
  jc.ledger = n.books.ledger;
  jc.sync = n.in.cfg.runtime.journal_sync;
  for (auto& m : n.books.exchange_markets)
    jc.symbols[m.market_id] = m.symbol;
  n.actors.journal = n.self->system().spawn(journal_actor_impl, std::move(jc));
  stop_later(n, n.actors.journal);
}

void spawn_root(node& n) {
  const auto& cfg = n.in.cfg;
  auto& a = n.actors;
  node_context ctx;
  ctx.runner = &n.runner;
  ctx.rest_gate = n.books.rest_gate;
  ctx.exchange = cfg.exchange;
  ctx.journal = a.journal;
  ctx.ledger = n.books.ledger;
  multi_market::node_root_config rcfg;
  rcfg.name = cfg.runtime.node_name;
  rcfg.signer = a.signer; // owned by this process or the link: not the root
  if (n.in.trades)
    rcfg.make_gateway = [gateway = a.gateway](caf::local_actor*,
                                              const messages::signer_actor&) {
      return gateway;
    };
  for (auto& m : n.books.setups)
    rcfg.markets.push_back(make_market_plan(m, ctx));
  a.current_config = std::make_shared<shared_text>(n.in.config_text);
  rcfg.build_market = market_builder(n, ctx);
  rcfg.max_total_exposure_micro =
      cfg.risk.max_total_exposure_quote.nanos / 1'000;
  rcfg.kill_switch_file = cfg.risk.kill_switch_file;
  rcfg.max_account_drawdown_micro =
      cfg.risk.max_account_drawdown_quote.nanos / 1'000;
  a.root = multi_market::spawn_node_root(n.self->system(), std::move(rcfg));
  if (n.in.trades && cfg.runtime.market_status_poll_s > 0)
    a.to_stop.push_back(spawn_market_status(
        n.self->system(), n.runner, cfg.exchange, n.books.setups, a.root,
        cfg.runtime.market_status_poll_s, n.books.rest_gate));
  n.self->monitor(a.root);
  // While the account stream is down too long the gateway holds the root
  // (every market paused, orders cancelled over REST).
  if (a.gateway)
    n.self->send(a.gateway, messages::link_root_atom::value,
                 caf::actor_cast<caf::actor>(a.root));
  // A journal that cannot write holds the root too.
  n.self->send(a.journal, messages::link_root_atom::value,
               caf::actor_cast<caf::actor>(a.root));
}

std::optional<std::string> start_admin(node& n) {
  // gridctl stop takes the same road as SIGTERM: the signal reaches
  // signals.wait() of the run phase, whichever thread sends it.
  node_hooks hooks;
  hooks.request_stop = [] { ::kill(::getpid(), SIGTERM); };
  hooks.adopt_config = [current = n.actors.current_config](
                           const std::string& text) { current->set(text); };
  if (auto err = n.services.start(n.actors.root, std::move(hooks));
      !err.empty()) {
    n.self->send_exit(n.actors.root, caf::exit_reason::kill);
    kill_all(n);
    return err;
  }
  return std::nullopt;
}

void arm_dead_man(node& n) {
  const auto& in = n.in;
  if (in.opts.dry_run || !in.trades || in.cfg.runtime.dead_man_switch_s <= 0)
    return;
  dead_man_config dc;
  dc.signer = n.actors.signer;
  dc.gateway = n.actors.gateway;
  dc.api_key_index =
      static_cast<uint8_t>(in.cfg.exchange.api_key_index.value_or(0));
  dc.window = std::chrono::seconds{in.cfg.runtime.dead_man_switch_s};
  dc.heartbeat = std::chrono::seconds{in.cfg.runtime.dead_man_heartbeat_s};
  n.actors.dead_man = n.self->system().spawn(dead_man_impl, std::move(dc));
}

void spawn_sampler(node& n) {
  status_sampler_config sc;
  sc.root = n.actors.root;
  for (auto& m : n.books.setups)
    sc.tracker.add_market(m.symbol, m.spec);
  sc.status_every_s = n.in.opts.status_every_s;
  n.actors.sampler = n.self->system().spawn(status_sampler_impl, std::move(sc));
}

} // namespace trailgrid::runtime
