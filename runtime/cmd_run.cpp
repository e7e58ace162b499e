// gridbot run: the live (or paper) node: config, logging, journal, the
// exchange, the actor system and the node root; a clean shutdown on
// SIGINT/SIGTERM or after --duration, then the summary.

#include "runtime/admin/node_services.hpp"
#include "runtime/commands.hpp"
#include "runtime/config.hpp"
#include "runtime/dead_man_switch.hpp"
#include "runtime/exchange_services.hpp"
#include "runtime/journal.hpp"
#include "runtime/journal_actor.hpp"
#include "runtime/key_pool.hpp"
#include "runtime/logging.hpp"
#include "runtime/malloc_arenas.hpp"
#include "runtime/market_setup.hpp"
#include "runtime/node_factories.hpp"
#include "runtime/order_sweeper.hpp"
#include "runtime/preflight.hpp"
#include "runtime/run_options.hpp"
#include "runtime/run_summary.hpp"
#include "runtime/secret.hpp"
#include "runtime/session_ledger.hpp"
#include "runtime/shutdown_verdict.hpp"
#include "runtime/signals.hpp"

#include "actors/market_status_actor.hpp"
#include "execution/account_ledger.hpp"
#include "execution/client_index.hpp"
#include "lighter/net/io_runner.hpp"
#include "messages/register_types.hpp"
#include "multi_market/node_root.hpp"
#include "multi_market/status_figures.hpp"
#include "strategy/decimal.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <signal.h>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace trailgrid::runtime {

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

struct node_config : caf::actor_system_config {
  node_config() { messages::register_types(*this); }
};

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

int fail(const std::string& text) {
  std::fprintf(stderr, "gridbot run: %s\n", text.c_str());
  return exit_failure;
}

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<messages::actor_status>
node_status(caf::scoped_actor& self, const messages::node_root_actor& root) {
  std::optional<messages::actor_status> out;
  self->request(root, 5s, messages::status_atom::value)
      .receive([&](messages::actor_status& s) { out = std::move(s); },
               [](caf::error&) {});
  return out;
}

// One line per market, for --status-every.
void print_status_lines(const messages::actor_status& root) {
  for (auto& m : root.children) {
    if (m.kind != "market_supervisor") continue;
    auto* g = multi_market::find_status(m, m.name + "/grid");
    if (g == nullptr) continue;
    auto get = [&](const char* k) {
      auto i = g->figures.find(k);
      return i == g->figures.end() ? std::string{"-"} : i->second;
    };
    spdlog::info("{} status: {} mid {} spacing {} position {} fills {} "
                 "resets {} live {}",
                 m.name, get("state"), get("mid"), get("spacing"),
                 get("position"), get("fills"), get("resets"),
                 get("live_orders"));
  }
}

// What the journal at `path` holds of the account's fills: since when it
// has been written (its first record) and the key of every fill in it.
messages::fills_since booked_in_journal(const std::string& path) {
  messages::fills_since out;
  bool first = true;
  auto scan = replay_journal(path, [&](const journal_record& r) {
    if (first) out.since_ms = r.ts_ms;
    first = false;
    if (auto f = std::get_if<journal_fill>(&r.entry))
      out.booked_keys.push_back(
          execution::fill_key(f->trade_id, f->side == strategy::side::ask));
  });
  if (!scan || first) out.since_ms = -1; // nothing written yet
  return out;
}

// Fills made while no bot of ours ran (or that a kill -9 cut off before the
// journal got them) are on the exchange but not in the journal: book them
// now, before positions are compared, so journal, ledger and exchange agree.
void book_missing_fills(caf::scoped_actor& self,
                        const messages::gateway_actor& gateway,
                        const std::string& journal_path,
                        journal_writer& journal, session_ledger& ledger,
                        const std::vector<lighter::market_info>& markets) {
  auto q = booked_in_journal(journal_path);
  if (q.since_ms < 0) return;
  std::vector<messages::fill> missing;
  std::string error;
  self->request(gateway, 20s, std::move(q))
      .receive([&](std::vector<messages::fill>& f) { missing = std::move(f); },
               [&](caf::error& e) { error = self->system().render(e); });
  if (!error.empty()) {
    spdlog::warn("gridbot: could not read the account's trades ({}); fills "
                 "made while no bot ran are not in the journal",
                 error);
    return;
  }
  for (auto& f : missing) {
    std::string symbol = std::to_string(f.market_index);
    for (auto& m : markets)
      if (m.market_id == f.market_index) symbol = m.symbol;
    if (auto r = journal.append(journal_fill_of(f, symbol), unix_ms()); !r)
      spdlog::error("journal: {}", r.error());
    ledger.on_fill(symbol, f.order_side, f.price, f.size, f.is_maker);
  }
  if (!missing.empty())
    spdlog::warn("gridbot: {} fills made while no bot ran booked from the "
                 "exchange",
                 missing.size());
}

// The fills of a gap in the account stream reach the journal only once the
// gateway has read them from REST: waits (bounded) for an open recovery.
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

// The exchange's account wins over the journal: positions that differ are
// taken from the exchange (cost basis at its average entry).
void reconcile_positions(caf::scoped_actor& self,
                         const messages::gateway_actor& gateway,
                         const std::vector<market_setup>& markets,
                         session_ledger& ledger) {
  std::optional<messages::account_snapshot> account;
  std::string error;
  self->request(gateway, 20s, messages::account_atom::value)
      .receive([&](messages::account_snapshot& a) { account = std::move(a); },
               [&](caf::error& e) { error = self->system().render(e); });
  if (!account) {
    spdlog::warn("gridbot: could not read the account ({}); positions come "
                 "from the journal",
                 error);
    return;
  }
  for (auto& m : markets) {
    strategy::qty_lots pos{0};
    strategy::price_ticks entry{0};
    for (auto& p : account->positions)
      if (p.market_index == m.info.market_id) {
        pos = p.position;
        entry = p.avg_entry;
      }
    auto booked = ledger.get(m.symbol);
    auto mine = booked ? booked->pnl.position() : strategy::qty_lots{0};
    if (mine == pos) {
      spdlog::info("{}: position {} (journal and exchange agree)", m.symbol,
                   strategy::format_qty(pos, m.spec));
      continue;
    }
    spdlog::warn("{}: the journal says position {}, the exchange {}: using "
                 "the exchange's",
                 m.symbol, strategy::format_qty(mine, m.spec),
                 strategy::format_qty(pos, m.spec));
    auto abs = pos.value < 0 ? -pos.value : pos.value;
    ledger.set_position(m.symbol, pos,
                        strategy::notional(entry, strategy::qty_lots{abs}));
  }
}

// Drain: every market cancels its own orders; waits (bounded) until no
// executor reports a live order.
void drain(caf::scoped_actor& self, const messages::node_root_actor& root,
           summary_tracker& tracker) {
  self->request(root, 5s, messages::drain_atom::value)
      .receive([](std::string& text) { spdlog::info("gridbot: {}", text); },
               [&](caf::error& e) {
                 spdlog::warn("gridbot: drain: {}", self->system().render(e));
               });
  auto deadline = clock_type::now() + 15s;
  std::optional<int64_t> live;
  while (clock_type::now() < deadline) {
    std::this_thread::sleep_for(200ms);
    auto s = node_status(self, root);
    if (!s) continue;
    tracker.sample(*s);
    live = multi_market::live_orders(*s);
    if (live && *live == 0) break;
  }
  if (live && *live > 0)
    spdlog::warn("gridbot: {} orders still live after the drain", *live);
  else
    spdlog::info("gridbot: every market cancelled its orders");
}

void stop_and_wait(caf::scoped_actor& self, const caf::actor& who,
                   caf::exit_reason why, std::chrono::seconds patience) {
  if (!who) return;
  self->monitor(who);
  self->send_exit(who, why);
  self->receive([](caf::down_msg&) {}, caf::after(patience) >> [] {});
}

// The pre-flight checks (runtime/preflight.hpp), one log line each.
bool preflight_ok(lighter::net::io_runner& runner,
                  std::shared_ptr<lighter::rest_gate> gate, const config& cfg,
                  const std::string& path, bool holds_key) {
  auto facts = gather_preflight(runner, cfg,
                                holds_key ? our_public_keys(cfg, path)
                                          : std::map<int, std::string>{},
                                std::move(gate));
  auto lines = evaluate_preflight(cfg, facts);
  for (auto& l : lines) {
    if (l.pass)
      spdlog::info("check: {}", to_string(l));
    else
      spdlog::error("check: {}", to_string(l));
  }
  return all_passed(lines);
}

} // namespace

int cmd_run(const std::vector<std::string_view>& args) {
  auto parsed = parse_run_options(args);
  if (auto err = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "gridbot run: %s\n\n%s", err->c_str(),
                 run_usage().c_str());
    return exit_usage;
  }
  auto opts = std::get<run_options>(parsed);
  if (opts.help) {
    std::printf("%s", run_usage().c_str());
    return exit_ok;
  }
  limit_malloc_arenas(2); // before any thread: see malloc_arenas.hpp
  // Before any thread exists: SIGINT/SIGTERM wait for us in signals.wait().
  shutdown_signals signals;

  auto loaded = load_config(opts.config_path);
  if (!loaded) return fail(loaded.error().to_string());
  auto cfg = loaded.value();
  for (const auto& w : cfg.warnings) // before logging starts: to stderr
    std::fprintf(stderr, "warning: %s\n", w.to_string().c_str());
  std::string config_text;
  {
    std::ifstream in(opts.config_path);
    std::ostringstream ss;
    ss << in.rdbuf();
    config_text = ss.str();
  }
  auto sec = load_secrets(opts.config_path);
  if (!sec) return fail(sec.error());
  auto& ex = cfg.exchange;
  if (!opts.rest_url.empty()) ex.rest_url = opts.rest_url;
  if (!opts.ws_url.empty()) ex.ws_url = opts.ws_url;
  // A market node holds no key: the signer node signs for it.
  const auto role = cfg.runtime.role;
  const bool holds_key = role != node_role::market;
  const bool trades = role != node_role::signer;
  std::optional<secret> key = std::move(sec.value().lighter_private_key);
  std::optional<secret> read_only_token =
      std::move(sec.value().read_only_token);
  // An API key pool: one key per index (LIGHTER_PRIVATE_KEY_<index>).
  key_pool pool;
  const bool uses_pool = !ex.api_key_indices.empty();
  if (holds_key && uses_pool) {
    auto p = load_key_pool(ex, opts.config_path);
    if (p) {
      pool = std::move(p.value());
    } else if (!opts.dry_run) {
      return fail(p.error());
    } else {
      for (int index : ex.api_key_indices) // paper signatures only
        pool.emplace(index, secret{random_private_key_hex()});
    }
    key.reset();
  } else if (!holds_key) {
    key.reset();
  } else if (!opts.dry_run && !key) {
    return fail("LIGHTER_PRIVATE_KEY is not set (environment or "
                ".env); --dry-run trades on paper without one");
  } else if (!key) {
    key.emplace(random_private_key_hex()); // paper signatures only
  }
  // Read once, now held as secrets: the environment (readable in
  // /proc/<pid>/environ and inherited by children) forgets them.
  forget_env_secret("LIGHTER_PRIVATE_KEY");
  forget_env_secret("LIGHTER_READ_ONLY_TOKEN");
  for (int index : ex.api_key_indices)
    forget_env_secret(pool_key_variable(index).c_str());
  if (!opts.dry_run && (!ex.account_index || !ex.api_key_index))
    return fail("[exchange] account_index and api_key_index are required "
                "for live trading");

  logging_options lo;
  lo.log_dir = cfg.runtime.log_dir;
  auto logs = setup_logging(lo);
  if (!logs) return fail(logs.error());
  if (key) never_log(logs.value(), *key);
  for (auto& entry : pool)
    never_log(logs.value(), entry.second);
  spdlog::info("gridbot: {} node '{}' starting {} market(s) from {}{}",
               to_string(role), cfg.runtime.node_name, cfg.markets.size(),
               opts.config_path,
               opts.dry_run ? " (dry run: paper orders)" : "");

  // The journal: one writer per node (locked), replayed into the ledger.
  auto journal_path = cfg.runtime.journal_path + (opts.dry_run ? ".paper" : "");
  journal_options jopts;
  jopts.fsync_on_flush =
      cfg.runtime.journal_sync.policy == journal_sync_policy::every_entry;
  auto writer = journal_writer::open(journal_path, jopts);
  if (!writer) return fail("journal " + journal_path + ": " + writer.error());
  auto journal = std::make_shared<journal_writer>(std::move(writer.value()));
  if (journal->repaired())
    spdlog::warn("journal: cut a torn last record ({})",
                 journal->repaired()->reason);
  if (opts.new_session)
    if (auto r = journal->append(journal_session{"gridbot", "new session"},
                                 unix_ms());
        !r)
      return fail("journal: " + r.error());

  lighter::net::io_runner runner{"gridbot-io"};
  // One REST budget for the account: gateway, feeds, status poller, nonces.
  auto rest_gate = make_rest_gate(runner, ex);
  auto exchange_markets = fetch_markets(runner, ex, rest_gate);
  if (!exchange_markets) return fail(exchange_markets.error());
  auto setups = resolve_markets(cfg, exchange_markets.value());
  if (!setups) return fail(setups.error());
  // Live: the pre-flight checks of `gridbot check`, before anything quotes.
  if (!opts.dry_run && trades &&
      !preflight_ok(runner, rest_gate, cfg, opts.config_path, holds_key))
    return fail("a pre-flight check failed (lines above; `gridbot check "
                "--config " +
                opts.config_path + "` repeats them)");

  auto ledger = std::make_shared<session_ledger>();
  for (auto& m : setups.value())
    ledger->add_market(m.symbol, m.params.fees);
  auto replayed = ledger->replay(journal_path);
  if (!replayed)
    return fail("journal " + journal_path + ": " + replayed.error());
  spdlog::info("journal: {} entries of the current session replayed from {}",
               replayed.value(), journal_path);

  node_config caf_cfg;
  node_services::configure(caf_cfg, cfg.runtime); // middleman, TLS
  int rc = exit_ok;
  {
    caf::actor_system sys{caf_cfg};
    {
      caf::scoped_actor self{sys};
      std::vector<caf::actor> to_stop; // spawned here, stopped at the end
      auto kill_all = [&] {
        for (auto& a : to_stop)
          self->send_exit(a, caf::exit_reason::kill);
      };
      // Admin service, signer publication (signer node), signer link
      // (market node); they go when this block ends, after the node.
      node_services services{sys, cfg, config_text};
      if (!services.problem().empty()) return fail(services.problem());

      // Signer and gateway first: startup reconciliation needs the account.
      // A signer node runs no gateway (it trades nothing); in a dry run the
      // paper gateway also answers the signer's nonce questions.
      messages::signer_actor signer;
      messages::gateway_actor gateway;
      if (opts.dry_run) {
        gateway =
            spawn_paper_gateway(sys, runner, ex,
                                trades ? exchange_markets.value()
                                       : std::vector<lighter::market_info>{});
        to_stop.push_back(caf::actor_cast<caf::actor>(gateway));
      }
      if (!holds_key) {
        signer = services.remote_signer();
      } else {
        messages::nonce_source_actor source{gateway};
        if (!opts.dry_run) {
          auto rest = make_rest(runner, ex, rest_gate);
          if (!rest) return fail(rest.error());
          source = spawn_rest_nonce_source(sys, rest.value());
          to_stop.push_back(caf::actor_cast<caf::actor>(source));
        }
        auto peers = services.peer_counters();
        auto s = pool.empty() ? spawn_node_signer(sys, ex, *key, source, peers)
                              : spawn_node_signer(sys, ex, pool, source, peers);
        if (!s) {
          kill_all();
          return fail(s.error());
        }
        signer = s.value();
        to_stop.push_back(caf::actor_cast<caf::actor>(signer));
        if (opts.dry_run)
          caf::anon_send(caf::actor_cast<caf::actor>(gateway),
                         messages::link_signer_atom::value,
                         caf::actor_cast<caf::actor>(signer));
        services.publish(signer);
      }
      if (!opts.dry_run && trades) {
        if (read_only_token)
          spdlog::info("gridbot: the gateway reads the account with the "
                       "read-only token (LIGHTER_READ_ONLY_TOKEN)");
        gateway = spawn_live_gateway(
            sys, runner, ex, exchange_markets.value(), signer, rest_gate,
            read_only_token ? std::string{read_only_token->reveal()}
                            : std::string{});
        to_stop.push_back(caf::actor_cast<caf::actor>(gateway));
      }
      if (trades && !opts.dry_run)
        book_missing_fills(self, gateway, journal_path, *journal, *ledger,
                           exchange_markets.value());
      if (trades) reconcile_positions(self, gateway, setups.value(), *ledger);

      journal_actor_config jc;
      jc.writer = journal;
      jc.ledger = ledger;
      jc.sync = cfg.runtime.journal_sync;
      for (auto& m : exchange_markets.value())
        jc.symbols[m.market_id] = m.symbol;
      auto journal_handle = sys.spawn(journal_actor_impl, std::move(jc));
      to_stop.push_back(caf::actor_cast<caf::actor>(journal_handle));

      node_context ctx;
      ctx.runner = &runner;
      ctx.rest_gate = rest_gate;
      ctx.exchange = ex;
      ctx.journal = journal_handle;
      ctx.ledger = ledger;

      multi_market::node_root_config rcfg;
      rcfg.name = cfg.runtime.node_name;
      rcfg.signer = signer; // owned by this process or the link: not the root
      if (trades)
        rcfg.make_gateway = [gateway](caf::local_actor*,
                                      const messages::signer_actor&) {
          return gateway;
        };
      summary_tracker tracker;
      for (auto& m : setups.value()) {
        rcfg.markets.push_back(make_market_plan(m, ctx));
        tracker.add_market(m.symbol, m.spec);
      }
      auto all_markets = exchange_markets.value();
      auto path = opts.config_path;
      // The config markets are built from: gridctl reload replaces it.
      auto current = std::make_shared<shared_text>(config_text);
      rcfg.build_market = [=](const std::string& symbol,
                              const std::string& settings)
          -> std::variant<multi_market::market_plan, std::string> {
        auto mc = market_from_settings(current->get(), path, symbol, settings);
        if (!mc) return mc.error();
        auto setup = resolve_market(mc.value(), all_markets,
                                    reset_pacing_of(cfg.exchange));
        if (!setup) return setup.error();
        ledger->add_market(symbol, setup.value().params.fees);
        return make_market_plan(setup.value(), ctx);
      };
      rcfg.max_total_exposure_micro =
          cfg.risk.max_total_exposure_quote.nanos / 1'000;
      rcfg.kill_switch_file = cfg.risk.kill_switch_file;
      rcfg.max_account_drawdown_micro =
          cfg.risk.max_account_drawdown_quote.nanos / 1'000;
      auto root = multi_market::spawn_node_root(sys, std::move(rcfg));
      if (trades && cfg.runtime.market_status_poll_s > 0)
        to_stop.push_back(
            spawn_market_status(sys, runner, ex, setups.value(), root,
                                cfg.runtime.market_status_poll_s, rest_gate));
      self->monitor(root);
      // While the account stream is down too long the gateway holds the
      // root (every market paused, orders cancelled over REST).
      if (gateway)
        self->send(gateway, messages::link_root_atom::value,
                   caf::actor_cast<caf::actor>(root));
      // A journal that cannot write holds the root too.
      self->send(journal_handle, messages::link_root_atom::value,
                 caf::actor_cast<caf::actor>(root));
      // gridctl stop takes the same road as SIGTERM: the signal reaches
      // signals.wait() below, whichever thread sends it.
      node_hooks hooks;
      hooks.request_stop = [] { ::kill(::getpid(), SIGTERM); };
      hooks.adopt_config = [current](const std::string& text) {
        current->set(text);
      };
      if (auto err = services.start(root, std::move(hooks)); !err.empty()) {
        self->send_exit(root, caf::exit_reason::kill);
        kill_all();
        return fail(err);
      }

      dead_man_actor dead_man;
      if (!opts.dry_run && trades && cfg.runtime.dead_man_switch_s > 0) {
        dead_man_config dc;
        dc.signer = signer;
        dc.gateway = gateway;
        dc.api_key_index = static_cast<uint8_t>(ex.api_key_index.value_or(0));
        dc.window = std::chrono::seconds{cfg.runtime.dead_man_switch_s};
        dc.heartbeat = std::chrono::seconds{cfg.runtime.dead_man_heartbeat_s};
        dead_man = sys.spawn(dead_man_impl, std::move(dc));
      }

      // Run until a signal, the duration, or the root's failure.
      const auto started = clock_type::now();
      auto next_sample = started + 1s;
      auto next_status =
          started +
          std::chrono::seconds{std::max<int64_t>(opts.status_every_s, 1)};
      bool root_down = false;
      for (;;) {
        if (auto sig = signals.wait(200ms)) {
          spdlog::info("gridbot: received {}: shutting down",
                       *sig == SIGINT ? "SIGINT" : "SIGTERM");
          break;
        }
        self->receive(
            [&](caf::down_msg& dm) {
              root_down = true;
              spdlog::error("gridbot: the node stopped: {}",
                            sys.render(dm.reason));
            },
            caf::after(0s) >> [] {});
        if (root_down) break;
        auto now = clock_type::now();
        if (opts.duration_s &&
            now - started >= std::chrono::seconds{*opts.duration_s}) {
          spdlog::info("gridbot: --duration {} s reached: shutting down",
                       *opts.duration_s);
          break;
        }
        if (now >= next_sample) {
          next_sample = now + 1s;
          if (auto s = node_status(self, root)) {
            tracker.sample(*s);
            if (opts.status_every_s > 0 && now >= next_status) {
              next_status = now + std::chrono::seconds{opts.status_every_s};
              print_status_lines(*s);
            }
          }
        }
      }

      // Shutdown: each market cancels its own orders; never account-wide.
      // Then the exchange is asked until it lists none of ours (bounded):
      // exit 0 means nothing of ours rests there. A node that failed (its
      // gateway gone) cannot ask: it exits 3 with the dead-man switch armed.
      shutdown_facts facts;
      facts.trades = trades;
      facts.node_failed = root_down;
      sweep_report swept;
      if (trades) {
        if (!root_down) drain(self, root, tracker);
        std::vector<int32_t> indexes;
        for (auto& m : setups.value())
          indexes.push_back(m.info.market_id);
        swept = sweep_orders(self, signer, gateway, indexes,
                             static_cast<uint8_t>(ex.api_key_index.value_or(0)),
                             execution::client_index_space::default_tag);
        facts.confirmed_empty = swept.confirmed_empty;
        if (swept.found > 0)
          spdlog::warn("gridbot: {} orders of ours were still live on the "
                       "exchange after the drain; {} cancelled",
                       swept.found, swept.cancelled);
        for (auto& e : swept.errors)
          spdlog::warn("gridbot: order sweep: {}", e);
        if (swept.confirmed_empty)
          spdlog::info("gridbot: the exchange lists no order of ours");
        else
          spdlog::error("gridbot: {} orders of ours may still rest on the "
                        "exchange{}",
                        swept.remaining.size(),
                        swept.remaining.empty() ? " (it could not be asked)"
                                                : "");
        if (!wait_for_recovery(self, gateway, 30s)) {
          spdlog::error("gridbot: the account stream's last gap could not "
                        "be read from the exchange: fills made in it may be "
                        "missing from the journal and the summary");
          facts.gap_read = false;
        }
      }
      auto verdict = decide_shutdown(facts);
      if (dead_man && verdict.disarm_dead_man) {
        self->request(dead_man, 15s, disarm_atom::value)
            .receive([](std::string&) {}, [](caf::error&) {});
        stop_and_wait(self, caf::actor_cast<caf::actor>(dead_man),
                      caf::exit_reason::user_shutdown, 5s);
      } else if (dead_man) {
        // Orders may rest: the exchange's scheduled cancel-all stays armed
        // and fires when its window runs out.
        spdlog::warn("gridbot: leaving the dead-man switch armed");
        stop_and_wait(self, caf::actor_cast<caf::actor>(dead_man),
                      caf::exit_reason::kill, 5s);
      }
      auto duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             clock_type::now() - started)
                             .count();
      if (!root_down) {
        if (auto s = node_status(self, root)) {
          tracker.sample(*s);
          spdlog::debug("gridbot: final status:\n{}",
                        multi_market::render_tree(*s));
        }
        self->send(root, messages::stop_atom::value);
        self->receive([](caf::down_msg&) {},
                      caf::after(15s) >>
                          [&] {
                            spdlog::warn(
                                "gridbot: the node did not stop in time");
                            self->send_exit(root, caf::exit_reason::kill);
                          });
      }
      for (auto& a : to_stop)
        stop_and_wait(self, a, caf::exit_reason::user_shutdown, 5s);
      // A detached actor counts as running until its last handle is gone.
      to_stop.clear();
      if (auto err = cfg.runtime.journal_sync.policy == journal_sync_policy::off
                         ? journal->flush()
                         : journal->sync())
        spdlog::error("journal: {}", *err);

      auto summary = tracker.summary(duration_ms, opts.dry_run);
      if (trades && !swept.confirmed_empty) {
        summary.orders_confirmed_gone = false;
        for (auto& o : swept.remaining)
          summary.orders_left.push_back(
              "market " + std::to_string(o.market_index) + " order " +
              std::to_string(o.order_index) + " client " +
              std::to_string(o.client_order_index) +
              (o.is_ask ? " ask" : " bid"));
      }
      std::printf("%s", to_text(summary).c_str());
      std::fflush(stdout);
      if (!opts.summary_json.empty()) {
        std::ofstream out(opts.summary_json);
        out << to_json(summary);
        if (!out) {
          spdlog::error("gridbot: cannot write {}", opts.summary_json);
          facts.summary_written = false;
        }
      }
      rc = decide_shutdown(facts).exit_code;
      services.notify_exit(rc, summary.orders_left); // [notify] webhook
    } // the scoped actor counts as running until it is gone
    // Actors holding connections go first, then the io thread, then CAF.
    // Bounded: a stuck actor must not keep the process from exiting.
    auto give_up = clock_type::now() + 10s;
    while (sys.registry().running() > 0 && clock_type::now() < give_up)
      std::this_thread::sleep_for(20ms);
    if (auto n = sys.registry().running(); n > 0) {
      spdlog::warn("gridbot: {} actors still running at exit", n);
      sys.await_actors_before_shutdown(false);
    }
    runner.stop();
  }
  spdlog::info("gridbot: stopped");
  spdlog::shutdown();
  return rc;
}

} // namespace trailgrid::runtime
