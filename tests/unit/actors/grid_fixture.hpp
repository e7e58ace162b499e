#pragma once

// Deterministic fixture of the grid actor tests: the grid under test (uut)
// talks to a stub executor; the test plays feed, atr and executor replies.
// Strategy time is the virtual clock shifted to read 0 at start, so ms are
// exact.

#include "actors/clock.hpp"
#include "actors/grid_actor.hpp"
#include "market_stubs.hpp"

#include "caf/test/dsl.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>

namespace grid_test {

using namespace trailgrid::actors;
using namespace trailgrid::messages;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using trailgrid::strategy::side;

/// Market 1 "BTC": 1 price decimal, 4 size decimals, tick and lot 1. Two
/// levels a side of 100 lots; ATR 4000 ppm x 0.5 = 0.2 % spacing; book
/// 99990 / 100010 (mid 100000 = "10,000.0"). Skew off; a big token bucket
/// unless a test shrinks it.
inline grid_actor_config base_config() {
  grid_actor_config cfg;
  cfg.market = "BTC";
  cfg.market_index = 1;
  cfg.spec.symbol = "BTC";
  cfg.spec.price_decimals = 1;
  cfg.spec.size_decimals = 4;
  auto& p = cfg.params;
  p.grid.levels_per_side = 2;
  p.grid.order_size = qty_lots{100};
  p.skew.enabled = false;
  p.risk.tx_bucket_capacity = 1'000;
  p.risk.tx_refill_per_minute = 60'000;
  return cfg;
}

struct fixture : test_coordinator_fixture<stubs::test_config> {
  std::shared_ptr<stubs::executor_log> exec_log =
      std::make_shared<stubs::executor_log>();
  executor_actor exec;
  grid_actor uut;
  std::ostringstream log_text;
  std::shared_ptr<spdlog::logger> logger;

  fixture() {
    exec = sys.spawn(stubs::executor_stub, exec_log);
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(log_text);
    sink->set_pattern("%l %n %v");
    logger = std::make_shared<spdlog::logger>("BTC/grid", sink);
    logger->set_level(spdlog::level::info);
  }

  void start(grid_actor_config cfg = base_config()) {
    cfg.executor = exec;
    cfg.logger = logger;
    // The fixture's virtual clock does not start at 0; strategy time does.
    cfg.unix_offset_ms = -clock_ms(sched.clock().now());
    uut = sys.spawn(grid_actor_impl, std::move(cfg));
    sched.run(); // messages only: timers stay pending
  }

  template <class T>
  void send(const T& msg) {
    self->send(uut, msg);
    sched.run();
  }

  /// Book and ATR: the start grid (reset #1) goes out.
  void warm_up() {
    send(top_of_book{1, price_ticks{99'990}, qty_lots{5}, price_ticks{100'010},
                     qty_lots{5}, 0});
    send(atr_update{1, price_ticks{400}, 4'000, true, 0});
  }

  /// warm_up() plus the executor's reset_done for reset #1.
  void quoting() {
    warm_up();
    send(reset_done{1, 1, 4, 0, 0});
  }

  void send_fill(side s, int64_t price, int64_t remaining = 0,
                 int64_t recv_ns = 0) {
    fill f;
    f.recv_ns = recv_ns;
    f.market_index = 1;
    f.client_order_index = 7;
    f.order_side = s;
    f.price = price_ticks{price};
    f.size = qty_lots{100};
    f.remaining = qty_lots{remaining};
    send(f);
  }

  size_t replaces() const { return exec_log->replaces.size(); }

  const replace_grid& last_replace() const { return exec_log->replaces.back(); }

  grid_actor_state& st() {
    return deref<grid_actor::stateful_base<grid_actor_state>>(uut).state;
  }

  actor_status status() {
    self->send(uut, status_atom::value);
    sched.run();
    actor_status out;
    self->receive([&](actor_status& s) { out = std::move(s); });
    return out;
  }

  /// One status figure, by value (a CAF_CHECK must not hold a reference
  /// into a temporary status).
  std::string figure(const std::string& key) {
    auto s = status();
    auto i = s.figures.find(key);
    return i == s.figures.end() ? "<none>" : i->second;
  }

  ~fixture() override {
    for (auto h :
         {caf::actor_cast<caf::actor>(uut), caf::actor_cast<caf::actor>(exec)})
      if (h) self->send_exit(h, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

} // namespace grid_test
