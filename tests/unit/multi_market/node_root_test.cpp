#define CAF_SUITE node_root
#include "caf/test/dsl.hpp"

#include "multi_market/node_root.hpp"
#include "multi_market/status_figures.hpp"

#include "messages/errors.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace trailgrid;
using namespace trailgrid::multi_market;
using namespace trailgrid::messages;
using namespace std::chrono_literals;
using strategy::price_ticks;
using strategy::qty_lots;
using strategy::quote_units;

namespace {

/// What the stubs saw, e.g. "BTC/grid: pause"; and what they report.
struct world {
  std::vector<std::string> log;
  /// Position and mark each market's grid reports, by market index.
  std::map<int32_t, market_exposure> exposure;
  /// Live orders each market's executor reports, by market index.
  std::map<int32_t, int64_t> live;
  bool kill_file = false;
  int signers = 0;
  int gateways = 0;

  size_t count(const std::string& entry) const {
    return static_cast<size_t>(std::count(log.begin(), log.end(), entry));
  }
};

using world_ptr = std::shared_ptr<world>;

// Swallows what a stub does not handle. caf::drop would answer the sender
// with an unexpected_message error, which ends a typed supervisor.
caf::result<caf::message> ignore(caf::scheduled_actor*, caf::message_view&) {
  return caf::message{};
}

// Children are untyped stubs cast to the typed handles, so they keep
// working as the interfaces grow (unknown messages are dropped).
caf::behavior child_stub(caf::event_based_actor* self, world_ptr w,
                         actors::child_context ctx) {
  auto tag = ctx.market + "/" + actors::to_string(ctx.role);
  auto index = ctx.market_index;
  auto role = ctx.role;
  self->set_default_handler(ignore);
  auto note = [w, tag](const std::string& what) {
    w->log.push_back(tag + ": " + what);
  };
  return {
      [=](status_atom) {
        actor_status s;
        s.name = tag;
        s.kind = actors::to_string(role);
        if (role == actors::child_role::executor)
          s.facts.live_orders = w->live[index];
        return s;
      },
      [=](pause_atom) { note("pause"); },
      [=](resume_atom) { note("resume"); },
      [=](cancel_atom) { note("cancel"); },
      [=](drain_atom) { note("drain"); },
      [=](reconcile_atom) {
        return reconciled{index, 0, 0};
      },
      [=](exposure_atom) {
        auto x = w->exposure[index];
        x.market_index = index;
        return x;
      },
      [=](const reduce_only& x) {
        note(std::string{"reduce_only "} + (x.on ? "on" : "off"));
      },
      [=](const risk_halt& x) { note("risk_halt " + x.why); },
      [=](const market_status& x) {
        note(std::string{"market_status "} +
             (x.active ? "active" : "inactive"));
      },
  };
}

template <class Handle>
Handle spawn_child(caf::local_actor* parent, world_ptr w,
                   const actors::child_context& ctx) {
  return caf::actor_cast<Handle>(parent->spawn(child_stub, w, ctx));
}

caf::behavior signer_stub(caf::event_based_actor* self, world_ptr w) {
  self->set_default_handler(ignore);
  ++w->signers;
  return {[](status_atom) {
    actor_status s;
    s.name = "signer";
    s.kind = "signer";
    return s;
  }};
}

caf::behavior gateway_stub(caf::event_based_actor* self, world_ptr w) {
  self->set_default_handler(ignore);
  ++w->gateways;
  return {[](status_atom) {
    actor_status s;
    s.name = "gateway";
    s.kind = "gateway";
    return s;
  }};
}

market_plan plan(world_ptr w, std::string symbol, int32_t index) {
  market_plan out;
  out.symbol = std::move(symbol);
  out.market_index = index;
  out.price_decimals = 1;
  out.size_decimals = 5;
  out.children = [w](const node_handles&) {
    actors::market_children c;
    c.feed = [w](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<feed_actor>(p, w, ctx);
    };
    c.atr = [w](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<atr_actor>(p, w, ctx);
    };
    c.grid = [w](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<grid_actor>(p, w, ctx);
    };
    c.executor = [w](caf::local_actor* p, const actors::child_context& ctx) {
      return spawn_child<executor_actor>(p, w, ctx);
    };
    return c;
  };
  return out;
}

struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

using root_base = node_root_actor::stateful_base<node_root_state>;

struct fixture : test_coordinator_fixture<test_config> {
  world_ptr w = std::make_shared<world>();
  node_root_actor uut;

  node_root_config make_config() {
    node_root_config cfg;
    auto wp = w;
    cfg.make_signer = [wp](caf::local_actor* p) {
      return caf::actor_cast<signer_actor>(p->spawn(signer_stub, wp));
    };
    cfg.make_gateway = [wp](caf::local_actor* p, const signer_actor&) {
      return caf::actor_cast<gateway_actor>(p->spawn(gateway_stub, wp));
    };
    cfg.markets.push_back(plan(w, "BTC", 1));
    cfg.markets.push_back(plan(w, "ETH", 0));
    cfg.build_market = [wp](const std::string& symbol,
                            const std::string& settings)
        -> std::variant<market_plan, std::string> {
      if (settings.find("levels = 0") != std::string::npos)
        return std::string{"levels must be in 1..100"};
      return plan(wp, symbol, 7);
    };
    cfg.kill_switch_file = "gridbot.kill";
    cfg.file_exists = [wp](const std::string&) { return wp->kill_file; };
    cfg.max_total_exposure_micro = 100'000'000'000; // 100,000 USDC
    return cfg;
  }

  void start(node_root_config cfg) {
    uut = sys.spawn(node_root_impl, std::move(cfg));
    sched.run();
  }

  node_root_state& st() { return deref<root_base>(uut).state; }

  /// Sends a command and returns its reply line or rendered error.
  template <class... Ts>
  std::string ask(Ts... xs) {
    self->send(uut, xs...);
    sched.run();
    std::string out = "<no reply>";
    self->receive([&](std::string& text) { out = text; },
                  [&](caf::error& err) { out = sys.render(err); },
                  caf::after(0s) >> [] {});
    return out;
  }

  actor_status status() {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status out;
    self->receive([&](actor_status& s) { out = std::move(s); },
                  caf::after(0s) >> [] { CAF_FAIL("no status"); });
    return out;
  }

  /// Steps the virtual clock by `d`, running what became due.
  void step(caf::timespan d) {
    advance_time(d);
    sched.run();
  }

  ~fixture() override {
    if (uut) self->send_exit(uut, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(node_root_tests, fixture)

CAF_TEST(the root starts one signer one gateway and a supervisor per market) {
  start(make_config());
  CAF_CHECK_EQUAL(w->signers, 1);
  CAF_CHECK_EQUAL(w->gateways, 1);
  CAF_CHECK_EQUAL(st().markets.size(), 2u);
  CAF_CHECK(st().owns_signer);
}

CAF_TEST(status nests signer gateway markets and their children) {
  start(make_config());
  auto s = status();
  CAF_CHECK_EQUAL(s.kind, "node_root");
  CAF_CHECK_EQUAL(s.figures["markets"], "2");
  CAF_REQUIRE_EQUAL(s.children.size(), 4u);
  CAF_CHECK_EQUAL(s.children[0].name, "signer");
  CAF_CHECK_EQUAL(s.children[0].figures["location"], "local");
  CAF_CHECK_EQUAL(s.children[1].name, "gateway");
  CAF_CHECK_EQUAL(s.children[2].name, "BTC");
  CAF_CHECK_EQUAL(s.children[3].name, "ETH");
  CAF_REQUIRE_EQUAL(s.children[2].children.size(), 4u);
  CAF_CHECK_EQUAL(s.children[2].children[3].name, "BTC/executor");
  CAF_CHECK(find_status(s, "ETH/grid") != nullptr);
}

CAF_TEST(a given signer is used as is and the root spawns none) {
  auto cfg = make_config();
  auto remote = caf::actor_cast<signer_actor>(sys.spawn(signer_stub, w));
  cfg.signer = remote;
  start(std::move(cfg));
  CAF_CHECK_EQUAL(w->signers, 1); // only the one spawned above
  CAF_CHECK(!st().owns_signer);
  CAF_CHECK(st().signer == remote);
  auto s = status();
  CAF_CHECK_EQUAL(s.children[0].figures["location"], "remote");
  self->send(uut, stop_atom::value);
  sched.run();
  // The remote signer outlives the node.
  CAF_CHECK(!deref(remote).getf(caf::abstract_actor::is_terminated_flag));
  self->send_exit(remote, caf::exit_reason::user_shutdown);
}

CAF_TEST(pause resume and cancel by symbol reach only that market) {
  start(make_config());
  CAF_CHECK_EQUAL(ask(pause_atom::value, std::string{"BTC"}), "BTC paused");
  CAF_CHECK_EQUAL(w->count("BTC/grid: pause"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: pause"), 0u);
  CAF_CHECK_EQUAL(ask(resume_atom::value, std::string{"BTC"}), "BTC resumed");
  CAF_CHECK_EQUAL(w->count("BTC/executor: resume"), 1u);
  CAF_CHECK_EQUAL(ask(cancel_atom::value, std::string{"ETH"}),
                  "ETH cancelling its orders; quoting stops until resume");
  CAF_CHECK_EQUAL(w->count("ETH/executor: cancel"), 1u);
  CAF_CHECK_EQUAL(w->count("BTC/executor: cancel"), 0u);
}

CAF_TEST(a star names every market and an unknown symbol is an error) {
  start(make_config());
  CAF_CHECK_EQUAL(ask(pause_atom::value, std::string{"*"}), "2 markets paused");
  CAF_CHECK_EQUAL(w->count("BTC/feed: pause"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/feed: pause"), 1u);
  CAF_CHECK_EQUAL(ask(pause_atom::value, std::string{"SOL"}),
                  "trailgrid: unknown_market (SOL)");
}

CAF_TEST(markets can be added while the others run) {
  start(make_config());
  CAF_CHECK_EQUAL(ask(add_market_atom::value, std::string{"SOL"},
                      std::string{"order_size = 1"}),
                  "SOL started (market 7)");
  CAF_CHECK_EQUAL(st().markets.size(), 3u);
  auto s = status();
  CAF_CHECK(find_status(s, "SOL/executor") != nullptr);
  CAF_CHECK_EQUAL(
      ask(add_market_atom::value, std::string{"BTC"}, std::string{}),
      "trailgrid: market_exists (BTC)");
  CAF_CHECK_EQUAL(ask(add_market_atom::value, std::string{"DOGE"},
                      std::string{"levels = 0"}),
                  "trailgrid: bad_market_config (levels must be in 1..100)");
  CAF_CHECK_EQUAL(st().markets.size(), 3u);
  // The others never noticed.
  CAF_CHECK_EQUAL(w->count("BTC/grid: pause"), 0u);
}

CAF_TEST(a removed market drains then stops once its orders are gone) {
  start(make_config());
  w->live[0] = 3; // ETH still has 3 live orders
  self->send(uut, remove_market_atom::value, std::string{"ETH"});
  sched.run();
  CAF_CHECK_EQUAL(w->count("ETH/executor: drain"), 1u);
  CAF_CHECK_EQUAL(w->count("BTC/executor: drain"), 0u);
  step(200ms);
  CAF_CHECK_EQUAL(st().markets.size(), 2u); // still waiting
  w->live[0] = 0;
  step(200ms);
  CAF_CHECK_EQUAL(st().markets.size(), 1u);
  CAF_CHECK_EQUAL(st().markets.count("BTC"), 1u);
  std::string reply;
  self->receive([&](std::string& r) { reply = r; },
                caf::after(0s) >> [] { CAF_FAIL("no reply"); });
  CAF_CHECK_EQUAL(reply, "ETH removed");
  CAF_CHECK_EQUAL(ask(remove_market_atom::value, std::string{"ETH"}),
                  "trailgrid: unknown_market (ETH)");
}

CAF_TEST(a market that keeps live orders is stopped after the timeout) {
  auto cfg = make_config();
  cfg.remove_timeout = 1s;
  start(std::move(cfg));
  w->live[1] = 5;
  self->send(uut, remove_market_atom::value, std::string{"BTC"});
  sched.run();
  for (int i = 0; i < 4; ++i)
    step(200ms);
  CAF_CHECK_EQUAL(st().markets.count("BTC"), 1u);
  step(200ms);
  step(200ms);
  CAF_CHECK_EQUAL(st().markets.count("BTC"), 0u);
}

CAF_TEST(above the exposure cap every market quotes reduce only) {
  start(make_config());
  // BTC: 1.0 at 60,000.0 and ETH: -1.0 at 30,000.0 = 90,000 < 100,000.
  w->exposure[1] = {1, qty_lots{100'000}, price_ticks{600'000}, quote_units{0}};
  w->exposure[0] = {0, qty_lots{-100'000}, price_ticks{300'000},
                    quote_units{0}};
  step(1s);
  CAF_CHECK_EQUAL(st().total_exposure_micro, 90'000'000'000);
  CAF_CHECK_EQUAL(w->count("BTC/grid: reduce_only on"), 0u);
  // ETH grows to -1.5: 105,000 > 100,000.
  w->exposure[0].position = qty_lots{-150'000};
  step(1s);
  CAF_CHECK_EQUAL(st().total_exposure_micro, 105'000'000'000);
  CAF_CHECK_EQUAL(w->count("BTC/grid: reduce_only on"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: reduce_only on"), 1u);
  auto s = status();
  CAF_CHECK_EQUAL(s.figures["reduce_only"], "yes");
  // 96,000: below the cap but above the 95,000 release level: stays on.
  w->exposure[0].position = qty_lots{-120'000};
  step(1s);
  CAF_CHECK_EQUAL(w->count("ETH/grid: reduce_only off"), 0u);
  // 93,000: released.
  w->exposure[0].position = qty_lots{-110'000};
  step(1s);
  CAF_CHECK_EQUAL(w->count("BTC/grid: reduce_only off"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: reduce_only off"), 1u);
}

CAF_TEST(a position without any price holds the cap until it has one) {
  start(make_config());
  // BTC restarted holding 0.1 with no price yet; ETH is priced and small.
  w->exposure[1] = {1, qty_lots{10'000}, price_ticks{0}, quote_units{0}};
  w->exposure[0] = {0, qty_lots{10'000}, price_ticks{300'000}, quote_units{0}};
  step(1s);
  CAF_CHECK(st().cap.engaged());
  CAF_CHECK_EQUAL(w->count("ETH/grid: reduce_only on"), 1u);
  // BTC's price arrives: 0.1 x 60,000 + 0.1 x 30,000 is far below the cap.
  w->exposure[1].mark = price_ticks{600'000};
  step(1s);
  CAF_CHECK(!st().cap.engaged());
  CAF_CHECK_EQUAL(w->count("ETH/grid: reduce_only off"), 1u);
  // Its price goes again: the last one still values the position.
  w->exposure[1].mark = price_ticks{0};
  step(1s);
  CAF_CHECK(!st().cap.engaged());
  CAF_CHECK_EQUAL(st().total_exposure_micro, 9'000'000'000);
}

CAF_TEST(a market added while the cap is engaged starts reduce only) {
  start(make_config());
  w->exposure[1] = {1, qty_lots{200'000}, price_ticks{600'000}, quote_units{0}};
  step(1s);
  CAF_REQUIRE(st().cap.engaged());
  ask(add_market_atom::value, std::string{"SOL"}, std::string{});
  CAF_CHECK_EQUAL(w->count("SOL/grid: reduce_only on"), 1u);
}

CAF_TEST(the kill switch file halts every market until it is gone) {
  start(make_config());
  ask(pause_atom::value, std::string{"ETH"}); // operator pause, kept
  w->kill_file = true;
  step(500ms);
  CAF_CHECK(st().kill_active);
  CAF_CHECK_EQUAL(w->count("BTC/grid: pause"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: pause"), 2u);
  auto s = status();
  CAF_CHECK_EQUAL(s.figures["kill_switch"], "active: gridbot.kill");
  // Resume is refused while the file exists.
  CAF_CHECK_EQUAL(ask(resume_atom::value, std::string{"BTC"}),
                  "BTC stays halted: kill switch file gridbot.kill exists");
  CAF_CHECK_EQUAL(w->count("BTC/grid: resume"), 0u);
  w->kill_file = false;
  step(500ms);
  CAF_CHECK(!st().kill_active);
  CAF_CHECK_EQUAL(w->count("BTC/grid: resume"), 1u);
  // ETH stays paused: the operator paused it before the kill switch.
  CAF_CHECK_EQUAL(w->count("ETH/grid: resume"), 0u);
}

CAF_TEST(markets start halted when the kill switch file exists at start) {
  w->kill_file = true;
  start(make_config());
  CAF_CHECK_EQUAL(w->count("BTC/grid: pause"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: pause"), 1u);
}

CAF_TEST(a hold pauses every market until released and keeps operator pauses) {
  // Guards the market node's signer link: while the signer node is away
  // every market holds; its return must not resume an operator pause.
  start(make_config());
  ask(pause_atom::value, std::string{"ETH"});
  self->send(uut, hold_atom::value, std::string{"signer"}, true);
  sched.run();
  CAF_CHECK_EQUAL(st().holds.size(), 1u);
  CAF_CHECK_EQUAL(w->count("BTC/grid: pause"), 1u);
  CAF_CHECK_EQUAL(w->count("BTC/executor: cancel"), 1u);
  auto s = status();
  CAF_CHECK_EQUAL(to_string(s.state), "halted");
  CAF_CHECK_EQUAL(s.figures["holds"], "signer");
  CAF_CHECK_EQUAL(ask(resume_atom::value, std::string{"BTC"}),
                  "BTC stays halted: hold 'signer'");
  CAF_CHECK_EQUAL(w->count("BTC/grid: resume"), 0u);
  // A second hold for the same reason changes nothing.
  self->send(uut, hold_atom::value, std::string{"signer"}, true);
  sched.run();
  CAF_CHECK_EQUAL(w->count("BTC/grid: pause"), 1u);
  self->send(uut, hold_atom::value, std::string{"signer"}, false);
  sched.run();
  CAF_CHECK(st().holds.empty());
  CAF_CHECK_EQUAL(w->count("BTC/grid: resume"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: resume"), 0u);
}

CAF_TEST(drain reaches every market and stop ends the whole node) {
  start(make_config());
  CAF_CHECK_EQUAL(ask(drain_atom::value), "draining 2 markets");
  CAF_CHECK_EQUAL(w->count("BTC/executor: drain"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/executor: drain"), 1u);
  CAF_CHECK_EQUAL(
      ask(add_market_atom::value, std::string{"SOL"}, std::string{}),
      "trailgrid: shutting_down (node is stopping)");
  auto gw = st().gateway;
  auto signer = st().signer;
  self->monitor(uut);
  self->send(uut, stop_atom::value);
  sched.run();
  CAF_CHECK(deref(uut).getf(caf::abstract_actor::is_terminated_flag));
  CAF_CHECK(deref(gw).getf(caf::abstract_actor::is_terminated_flag));
  CAF_CHECK(deref(signer).getf(caf::abstract_actor::is_terminated_flag));
  uut = nullptr;
}

CAF_TEST(a failing gateway takes the node down) {
  start(make_config());
  auto gw = st().gateway;
  auto btc = st().markets["BTC"].supervisor;
  self->send_exit(gw, caf::sec::runtime_error);
  sched.run();
  CAF_CHECK(deref(uut).getf(caf::abstract_actor::is_terminated_flag));
  CAF_CHECK(deref(btc).getf(caf::abstract_actor::is_terminated_flag));
  uut = nullptr;
}

CAF_TEST(the account drawdown stop halts every market once) {
  auto cfg = make_config();
  cfg.max_account_drawdown_micro = 50'000'000; // 50 USDC
  start(std::move(cfg));
  // Quote units of these markets (1 + 5 decimals) are micro-USDC.
  w->exposure[1] = {1, qty_lots{0}, price_ticks{600'000},
                    quote_units{30'000'000}};
  w->exposure[0] = {0, qty_lots{0}, price_ticks{300'000}, quote_units{0}};
  step(1s);
  CAF_CHECK_EQUAL(st().account_equity_micro, 30'000'000);
  CAF_CHECK_EQUAL(st().account_dd.peak(), 30'000'000);
  // 30 -> -15 on BTC and -5 on ETH: -20, 50 below the peak of 30.
  w->exposure[1].equity = quote_units{-15'000'000};
  w->exposure[0].equity = quote_units{-5'000'000};
  step(1s);
  CAF_CHECK_EQUAL(w->count("BTC/grid: risk_halt account_drawdown"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: risk_halt account_drawdown"), 1u);
  CAF_CHECK_EQUAL(std::string{status().figures["account_drawdown_tripped"]},
                  "1");
  step(1s); // stays tripped: no second halt
  CAF_CHECK_EQUAL(w->count("BTC/grid: risk_halt account_drawdown"), 1u);
  // An operator resume measures again from the current equity.
  CAF_CHECK_EQUAL(ask(resume_atom::value, std::string{"*"}),
                  "2 markets resumed");
  CAF_CHECK_EQUAL(st().account_dd.peak(), -20'000'000);
  step(1s);
  CAF_CHECK_EQUAL(w->count("BTC/grid: risk_halt account_drawdown"), 1u);
}

CAF_TEST(a market status reaches only the market it names) {
  start(make_config());
  self->send(uut, market_status{1, false, "market status inactive"});
  sched.run();
  CAF_CHECK_EQUAL(w->count("BTC/grid: market_status inactive"), 1u);
  CAF_CHECK_EQUAL(w->count("ETH/grid: market_status inactive"), 0u);
}

CAF_TEST(equity converts to micro units rounding toward minus infinity) {
  CAF_CHECK_EQUAL(equity_micro(quote_units{-15}, 2, 5), -2);
  CAF_CHECK_EQUAL(equity_micro(quote_units{15}, 2, 5), 1);
  CAF_CHECK_EQUAL(equity_micro(quote_units{15}, 1, 3), 1'500);
  account_drawdown off;
  CAF_CHECK(!off.update(-1'000'000'000));
}

CAF_TEST_FIXTURE_SCOPE_END()
