#define CAF_SUITE market_supervisor
#include "caf/test/dsl.hpp"

#include "actors/market_supervisor.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace trailgrid::actors;
using namespace trailgrid::messages;
using namespace std::chrono_literals;

namespace {

/// What the stub children saw, in order: "grid#1: pause" is the second
/// instance of the grid receiving a pause.
using event_log = std::vector<std::string>;

struct stub_state {
  std::string tag; ///< e.g. "grid#0"
  std::shared_ptr<event_log> log;
  bool paused = false;
};

/// Test knobs shared with the executor stubs.
struct control {
  int failing_reconciles = 0; ///< the next n reconciles answer an error
};

std::string tag_of(const child_context& ctx) {
  return to_string(ctx.role) + "#" + std::to_string(ctx.restarts);
}

// The handlers every supervised child has, plus the role's own ones.
template <class Self, class... Extra>
auto stub_behavior(Self self, const child_context& ctx,
                   std::shared_ptr<event_log> log, Extra... extra) {
  self->state.tag = tag_of(ctx);
  self->state.log = std::move(log);
  auto note = [self](const std::string& what) {
    self->state.log->push_back(self->state.tag + ": " + what);
  };
  return typename std::remove_pointer_t<Self>::behavior_type{
      [=](status_atom) {
        actor_status s;
        s.state = self->state.paused ? run_state::paused : run_state::running;
        s.figures["stub"] = self->state.tag;
        return s;
      },
      [=](const market_peers& p) {
        note(std::string{"peers executor="} + (p.executor ? "yes" : "no"));
      },
      [=](pause_atom) {
        self->state.paused = true;
        note("pause");
      },
      [=](resume_atom) {
        self->state.paused = false;
        note("resume");
      },
      [=](cancel_atom) { note("cancel"); },
      [=](drain_atom) { note("drain"); },
      extra...};
}

feed_actor::behavior_type
feed_stub(feed_actor::stateful_pointer<stub_state> self, child_context ctx,
          std::shared_ptr<event_log> log) {
  return stub_behavior(self, ctx, log);
}

atr_actor::behavior_type atr_stub(atr_actor::stateful_pointer<stub_state> self,
                                  child_context ctx,
                                  std::shared_ptr<event_log> log) {
  return stub_behavior(
      self, ctx, log, [](const top_of_book&) {}, [](const trade_print&) {},
      [](const mark_price&) {}, [](tick_atom) {}, [](const atr_warmup&) {});
}

grid_actor::behavior_type
grid_stub(grid_actor::stateful_pointer<stub_state> self, child_context ctx,
          std::shared_ptr<event_log> log) {
  return stub_behavior(
      self, ctx, log, [](const top_of_book&) {}, [](const trade_print&) {},
      [](const mark_price&) {}, [](const atr_update&) {}, [](const fill&) {},
      [](const order_accepted&) {}, [](const order_cancelled&) {},
      [](const order_rejected&) {}, [](const reset_done&) {},
      [](const balance_update&) {}, [](tick_atom, int64_t) {},
      [=](exposure_atom) {
        return market_exposure{ctx.market_index, qty_lots{-3},
                               price_ticks{1'000}, quote_units{0}};
      },
      [=](const reduce_only& x) {
        self->state.log->push_back(self->state.tag + ": reduce_only " +
                                   (x.on ? "on" : "off"));
      },
      [](const position_report&) {},
      [=](const risk_halt& x) {
        self->state.log->push_back(self->state.tag + ": risk_halt " + x.why);
      },
      [=](const market_status& x) {
        self->state.log->push_back(self->state.tag + ": market_status " +
                                   (x.active ? "active" : "inactive"));
      });
}

executor_actor::behavior_type
executor_stub(executor_actor::stateful_pointer<stub_state> self,
              child_context ctx, std::shared_ptr<event_log> log,
              std::shared_ptr<control> knobs) {
  auto market = ctx.market_index;
  return stub_behavior(
      self, ctx, log,
      [=](reconcile_atom) -> caf::result<reconciled> {
        self->state.log->push_back(self->state.tag + ": reconcile");
        if (knobs->failing_reconciles > 0) {
          --knobs->failing_reconciles;
          return caf::sec::runtime_error;
        }
        return reconciled{market, 2, 0};
      },
      [](const replace_grid&) {}, [](const cancel_grid&) {},
      [](const halt_notice&) {}, [](const fill&) {},
      [](const order_accepted&) {}, [](const order_rejected&) {},
      [](const order_cancelled&) {}, [](tick_atom, uint64_t) {});
}

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

using sup_state = market_supervisor_state;
using sup_base = market_supervisor_actor::stateful_base<sup_state>;

struct fixture : test_coordinator_fixture<test_config> {
  std::shared_ptr<event_log> log = std::make_shared<event_log>();
  std::shared_ptr<control> knobs = std::make_shared<control>();
  market_supervisor_actor uut;

  market_supervisor_config make_config() {
    market_supervisor_config cfg;
    cfg.market = "BTC";
    cfg.market_index = 1;
    cfg.restart.jitter_ppm = 0; // exact delays; jitter: restart_policy_test
    auto lg = log;
    auto kn = knobs;
    cfg.children.feed = [lg](caf::local_actor* p, const child_context& c) {
      return p->spawn(feed_stub, c, lg);
    };
    cfg.children.atr = [lg](caf::local_actor* p, const child_context& c) {
      return p->spawn(atr_stub, c, lg);
    };
    cfg.children.grid = [lg](caf::local_actor* p, const child_context& c) {
      return p->spawn(grid_stub, c, lg);
    };
    cfg.children.executor = [lg, kn](caf::local_actor* p,
                                     const child_context& c) {
      return p->spawn(executor_stub, c, lg, kn);
    };
    return cfg;
  }

  void start(market_supervisor_config cfg) {
    uut = sys.spawn(market_supervisor_impl, std::move(cfg));
    sched.run(); // messages only: pending timers stay pending
  }

  sup_state& st() { return deref<sup_base>(uut).state; }

  sup_state::slot& slot(child_role role) { return st().at(role); }

  /// Kills a running child with an error, as a crash would.
  void crash(child_role role) {
    auto h = slot(role).handle;
    CAF_REQUIRE(h);
    self->send_exit(h, caf::sec::runtime_error);
    sched.run();
  }

  size_t count(const std::string& entry) {
    return static_cast<size_t>(std::count(log->begin(), log->end(), entry));
  }

  ptrdiff_t index_of(const std::string& entry) {
    auto i = std::find(log->begin(), log->end(), entry);
    return i == log->end() ? -1 : i - log->begin();
  }

  actor_status status() {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status out;
    bool got = false;
    self->receive([&](actor_status& s) {
      out = std::move(s);
      got = true;
    });
    CAF_REQUIRE(got);
    return out;
  }

  ~fixture() override {
    if (uut) self->send_exit(uut, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(market_supervisor_tests, fixture)

CAF_TEST(it starts all four children and the executor reconciles first) {
  start(make_config());
  for (auto role : {child_role::feed, child_role::atr, child_role::grid,
                    child_role::executor}) {
    CAF_CHECK(slot(role).handle);
    CAF_CHECK(slot(role).state == run_state::running);
  }
  CAF_CHECK(!slot(child_role::executor).reconciling);
  auto reconcile = index_of("executor#0: reconcile");
  CAF_REQUIRE_NOT_EQUAL(reconcile, -1);
  // Siblings learn the executor's handle only after it reconciled.
  for (auto tag : {"feed#0", "atr#0", "grid#0"}) {
    auto hidden = index_of(std::string{tag} + ": peers executor=no");
    auto shown = index_of(std::string{tag} + ": peers executor=yes");
    CAF_CHECK_NOT_EQUAL(hidden, -1);
    CAF_CHECK_GREATER(shown, reconcile);
  }
}

CAF_TEST(a failed child restarts after 1 s then 2 s 4 s and on up to 60 s) {
  start(make_config());
  auto feed = slot(child_role::feed).handle;
  const int64_t expected[] = {1'000,  2'000,  4'000,  8'000,
                              16'000, 32'000, 60'000, 60'000};
  uint32_t n = 0;
  for (auto delay : expected) {
    ++n;
    crash(child_role::grid);
    CAF_CHECK(slot(child_role::grid).state == run_state::backing_off);
    CAF_CHECK(!slot(child_role::grid).handle);
    CAF_CHECK_EQUAL(slot(child_role::grid).restarts, n);
    // One millisecond early: still waiting.
    advance_time(std::chrono::milliseconds{delay - 1});
    sched.run();
    CAF_CHECK(slot(child_role::grid).state == run_state::backing_off);
    advance_time(1ms);
    sched.run();
    CAF_CHECK(slot(child_role::grid).state == run_state::running);
    CAF_CHECK_EQUAL(count("grid#" + std::to_string(n) + ": peers executor=yes"),
                    1u);
  }
  // Only the grid was restarted.
  CAF_CHECK(slot(child_role::feed).handle == feed);
  CAF_CHECK_EQUAL(slot(child_role::feed).restarts, 0u);
  CAF_CHECK_EQUAL(slot(child_role::executor).restarts, 0u);
  CAF_CHECK_EQUAL(count("executor#1: reconcile"), 0u);
}

CAF_TEST(a child that ran for a stable minute backs off from 1 s again) {
  start(make_config());
  for (int i = 0; i < 3; ++i) { // delays 1 s, 2 s, 4 s
    crash(child_role::atr);
    advance_time(std::chrono::milliseconds{1'000 << i});
    sched.run();
  }
  CAF_CHECK_EQUAL(slot(child_role::atr).policy.attempt(), 3u);
  advance_time(60s);
  sched.run();
  crash(child_role::atr);
  CAF_CHECK_EQUAL(slot(child_role::atr).policy.attempt(), 1u);
  advance_time(1s);
  sched.run();
  CAF_CHECK(slot(child_role::atr).state == run_state::running);
  CAF_CHECK_EQUAL(slot(child_role::atr).restarts, 4u);
}

CAF_TEST(a restarted executor reconciles before siblings see it) {
  start(make_config());
  crash(child_role::executor);
  CAF_CHECK(!st().peers.executor);
  advance_time(1s);
  sched.run();
  auto reconcile = index_of("executor#1: reconcile");
  CAF_REQUIRE_NOT_EQUAL(reconcile, -1);
  // The grid got the new executor handle once, after the reconcile.
  CAF_CHECK_EQUAL(count("grid#0: peers executor=yes"), 2u);
  auto last_yes =
      log->rend() -
      std::find(log->rbegin(), log->rend(), "grid#0: peers executor=yes") - 1;
  CAF_CHECK_GREATER(last_yes, reconcile);
  CAF_CHECK(st().peers.executor);
}

CAF_TEST(a failed reconcile fails the executor and restarts it later) {
  knobs->failing_reconciles = 1;
  start(make_config());
  CAF_CHECK(slot(child_role::executor).state == run_state::backing_off);
  CAF_CHECK_EQUAL(slot(child_role::executor).restarts, 1u);
  CAF_CHECK_EQUAL(count("grid#0: peers executor=yes"), 0u);
  advance_time(1s);
  sched.run();
  CAF_CHECK(slot(child_role::executor).state == run_state::running);
  CAF_CHECK_EQUAL(count("executor#1: reconcile"), 1u);
  CAF_CHECK_EQUAL(count("grid#0: peers executor=yes"), 1u);
}

CAF_TEST(status nests the children with the supervisor view on top) {
  start(make_config());
  crash(child_role::grid);
  advance_time(250ms);
  auto s = status();
  CAF_CHECK_EQUAL(s.name, "BTC");
  CAF_CHECK_EQUAL(s.kind, "market_supervisor");
  CAF_CHECK(s.state == run_state::running);
  CAF_CHECK_EQUAL(s.figures.at("market_index"), "1");
  CAF_REQUIRE_EQUAL(s.children.size(), 4u);
  CAF_CHECK_EQUAL(s.children[0].name, "BTC/feed");
  CAF_CHECK_EQUAL(s.children[1].name, "BTC/atr");
  CAF_CHECK_EQUAL(s.children[2].name, "BTC/grid");
  CAF_CHECK_EQUAL(s.children[3].name, "BTC/executor");
  // Running children answered themselves (their stub figure is there).
  CAF_CHECK_EQUAL(s.children[0].figures.at("stub"), "feed#0");
  CAF_CHECK_EQUAL(s.children[3].figures.at("stub"), "executor#0");
  CAF_CHECK_EQUAL(s.children[3].kind, "executor");
  CAF_CHECK_EQUAL(s.children[0].uptime_ms, 250);
  // The failed one is described by the supervisor.
  auto& grid = s.children[2];
  CAF_CHECK(grid.state == run_state::backing_off);
  CAF_CHECK_EQUAL(grid.attempt, 1u);
  CAF_CHECK_EQUAL(grid.restarts, 1u);
  CAF_CHECK_EQUAL(grid.next_retry_in_ms, 750);
  CAF_CHECK_EQUAL(grid.figures.count("stub"), 0u);
}

CAF_TEST(pause resume cancel and drain reach every running child) {
  start(make_config());
  self->send(uut, pause_atom::value);
  self->send(uut, cancel_atom::value);
  self->send(uut, drain_atom::value);
  sched.run();
  for (auto tag : {"feed#0", "atr#0", "grid#0", "executor#0"}) {
    CAF_CHECK_EQUAL(count(std::string{tag} + ": pause"), 1u);
    CAF_CHECK_EQUAL(count(std::string{tag} + ": cancel"), 1u);
    CAF_CHECK_EQUAL(count(std::string{tag} + ": drain"), 1u);
  }
  auto s = status();
  CAF_CHECK(s.state == run_state::paused);
  CAF_CHECK(s.children[2].state == run_state::paused);
  // A child restarted while paused comes back paused.
  crash(child_role::grid);
  advance_time(1s);
  sched.run();
  CAF_CHECK_EQUAL(count("grid#1: pause"), 1u);
  self->send(uut, resume_atom::value);
  sched.run();
  CAF_CHECK_EQUAL(count("grid#1: resume"), 1u);
  CAF_CHECK_EQUAL(count("feed#0: resume"), 1u);
  CAF_CHECK(status().state == run_state::running);
}

CAF_TEST(stop ends every child and drops pending restarts) {
  start(make_config());
  crash(child_role::atr);
  auto feed = slot(child_role::feed).handle;
  self->send(uut, stop_atom::value);
  sched.run();
  for (auto& s : st().slots) {
    CAF_CHECK(!s.handle);
    CAF_CHECK(s.state == run_state::stopped);
  }
  // The backoff timer still fires but restarts nothing; the supervisor has
  // exited once all children were down.
  advance_time(2s);
  sched.run();
  CAF_CHECK_EQUAL(count("atr#1: peers executor=yes"), 0u);
  CAF_CHECK(deref<sup_base>(uut).getf(caf::abstract_actor::is_terminated_flag));
}

CAF_TEST(roles without a factory are not run) {
  auto cfg = make_config();
  cfg.children.feed = nullptr;
  cfg.children.atr = nullptr;
  start(std::move(cfg));
  CAF_CHECK(!slot(child_role::feed).handle);
  CAF_CHECK(slot(child_role::grid).handle);
  auto s = status();
  CAF_REQUIRE_EQUAL(s.children.size(), 2u);
  CAF_CHECK_EQUAL(s.children[0].name, "BTC/grid");
  CAF_CHECK_EQUAL(s.children[1].name, "BTC/executor");
}

CAF_TEST(children go down with the supervisor) {
  start(make_config());
  auto grid = slot(child_role::grid).handle;
  self->send_exit(uut, caf::exit_reason::kill);
  sched.run();
  CAF_CHECK(deref(grid).getf(caf::abstract_actor::is_terminated_flag));
  uut = nullptr;
}

CAF_TEST(the executor also reconciles every reconcile_every) {
  auto cfg = make_config();
  cfg.reconcile_every = std::chrono::seconds{5};
  const auto first = first_periodic_reconcile(cfg);
  start(std::move(cfg));
  CAF_CHECK_EQUAL(count("executor#0: reconcile"), 1u);
  advance_time(first - std::chrono::milliseconds{1});
  sched.run();
  CAF_CHECK_EQUAL(count("executor#0: reconcile"), 1u);
  advance_time(std::chrono::milliseconds{1});
  sched.run();
  CAF_CHECK_EQUAL(count("executor#0: reconcile"), 2u);
  // A failing periodic reconcile is logged, the executor keeps running.
  knobs->failing_reconciles = 1;
  advance_time(std::chrono::seconds{5});
  sched.run();
  CAF_CHECK_EQUAL(count("executor#0: reconcile"), 3u);
  CAF_CHECK(slot(child_role::executor).state == run_state::running);
  CAF_CHECK_EQUAL(slot(child_role::executor).restarts, 0u);
}

CAF_TEST(markets started together spread their periodic reconciles) {
  market_supervisor_config cfg;
  cfg.reconcile_every = std::chrono::seconds{20};
  std::map<int64_t, int> per_second;
  for (int32_t index = 0; index < 100; ++index) {
    cfg.market_index = index;
    auto at = first_periodic_reconcile(cfg);
    CAF_CHECK_GREATER_OR_EQUAL(at, cfg.reconcile_every);
    CAF_CHECK_LESS(at, 2 * cfg.reconcile_every);
    ++per_second[at.count() / 1'000];
  }
  // Five a second on average; none of the 20 seconds gets more than seven.
  CAF_CHECK_EQUAL(per_second.size(), 20u);
  for (auto& [second, n] : per_second)
    CAF_CHECK_LESS_OR_EQUAL(n, 7);
}

CAF_TEST(exposure requests are answered by the grid) {
  start(make_config());
  self->send(uut, exposure_atom::value);
  sched.run();
  market_exposure got;
  self->receive([&](market_exposure& x) { got = x; });
  CAF_CHECK_EQUAL(got.market_index, 1);
  CAF_CHECK_EQUAL(got.position.value, -3);
  CAF_CHECK_EQUAL(got.mark.value, 1'000);
}

CAF_TEST(reduce only reaches the grid and a restarted grid gets it again) {
  start(make_config());
  self->send(uut, reduce_only{1, true, "cap"});
  sched.run();
  CAF_CHECK_EQUAL(count("grid#0: reduce_only on"), 1u);
  crash(child_role::grid);
  advance_time(std::chrono::milliseconds{1'000});
  sched.run();
  CAF_CHECK_EQUAL(count("grid#1: reduce_only on"), 1u);
}

CAF_TEST(the gateway learns the reconciled executor and the grid) {
  auto cfg = make_config();
  auto routes = std::make_shared<std::vector<route_market>>();
  using routes_ptr = decltype(routes);
  // `routes` goes in as a spawn argument: CAF 0.17 binds a reference to a
  // null argument tuple when a functor is spawned without one (UBSan).
  cfg.gateway = sys.spawn(
      [](routes_ptr seen) -> gateway_actor::behavior_type {
        return {
            [](next_nonce_atom, uint8_t k) {
              return nonce_resync{k, 0};
            },
            [](const send_batch&) { return batch_reply{}; },
            [](active_orders_atom, int32_t) {
              return std::vector<live_order>{};
            },
            [](account_atom) { return account_snapshot{}; },
            [](const fills_since&) { return std::vector<fill>{}; },
            [](check_trades_atom) { return true; },
            [seen](const route_market& r) { seen->push_back(r); },
            [](link_root_atom, const caf::actor&) {},
            [](status_atom) { return actor_status{}; },
        };
      },
      routes);
  start(std::move(cfg));
  CAF_REQUIRE(!routes->empty());
  // Before the reconcile: no executor; after it: the reconciled one.
  CAF_CHECK(!routes->front().executor);
  CAF_CHECK_EQUAL(routes->back().market_index, 1);
  CAF_CHECK(routes->back().executor == st().peers.executor);
  CAF_CHECK(routes->back().grid == st().peers.grid);
}

CAF_TEST_FIXTURE_SCOPE_END()
