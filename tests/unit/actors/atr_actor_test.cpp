#define CAF_SUITE atr_actor
#include "caf/test/dsl.hpp"

#include "actors/atr_actor.hpp"
#include "actors/clock.hpp"
#include "market_stubs.hpp"

#include <memory>
#include <vector>

using namespace trailgrid::actors;
using namespace trailgrid::messages;
using trailgrid::strategy::ohlc_bar;
using trailgrid::strategy::price_ticks;
using trailgrid::strategy::qty_lots;
using namespace std::chrono_literals;

namespace {

constexpr int64_t minute = 60'000;

// Five one-minute candles. TA-Lib ATR(3): true ranges of bars 1..4 are 14,
// 8, 10, 7; the first ATR is 32 / 3 (bar 3), then (2 x 32/3 + 7) / 3 =
// 85 / 9 = 9.444 (bar 4): 85 / 9 / 108 (close) = 87448.56 ppm.
std::vector<ohlc_bar> candles() {
  return {{0 * minute, 100, 110, 90, 100},
          {1 * minute, 100, 112, 98, 105},
          {2 * minute, 105, 108, 100, 102},
          {3 * minute, 102, 106, 96, 104},
          {4 * minute, 104, 110, 103, 108}};
}

atr_actor_config base_config() {
  atr_actor_config cfg;
  cfg.market = "BTC";
  cfg.market_index = 1;
  cfg.params.period = 3;
  cfg.params.bar_interval_ms = minute;
  cfg.unix_offset_ms = 0; // Unix time at start (fixture::start)
  return cfg;
}

trade_print trade(int64_t price, int64_t ts) {
  return trade_print{1, 0, price_ticks{price}, qty_lots{1}, false, ts};
}

struct fixture : test_coordinator_fixture<stubs::test_config> {
  std::shared_ptr<std::vector<atr_update>> updates =
      std::make_shared<std::vector<atr_update>>();
  grid_actor grid;
  atr_actor uut;

  fixture() { grid = sys.spawn(stubs::grid_stub, updates); }

  /// Spawns the uut; its Unix clock reads cfg.unix_offset_ms now (the
  /// fixture's virtual clock does not start at 0).
  void start(atr_actor_config cfg) {
    auto now = clock_ms(sched.clock().now());
    cfg.unix_offset_ms = cfg.unix_offset_ms.value_or(0) - now;
    uut = sys.spawn(atr_actor_impl, std::move(cfg));
    sched.run();
  }

  template <class T>
  void send(const T& msg) {
    self->send(uut, msg);
    sched.run();
  }

  void step(caf::timespan d) {
    advance_time(d);
    sched.run();
  }

  atr_actor_state& st() {
    return deref<atr_actor::stateful_base<atr_actor_state>>(uut).state;
  }

  ~fixture() override {
    self->send_exit(uut, caf::exit_reason::user_shutdown);
    self->send_exit(grid, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(atr_actor_tests, fixture)

CAF_TEST(warm up from candles gives an initialized atr at once) {
  auto cfg = base_config();
  cfg.warmup = candles();
  cfg.grid = grid;
  // Start 1 s after the last candle ended: it is closed at once.
  cfg.unix_offset_ms = 5 * minute + 1'000;
  start(cfg);
  CAF_CHECK(st().atr->initialized());
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 5);
  // One update for the whole warm-up.
  CAF_REQUIRE_EQUAL(updates->size(), 1u);
  auto& up = updates->front();
  CAF_CHECK_EQUAL(up.market_index, 1);
  CAF_CHECK_EQUAL(up.atr_ppm, 87'449);
  CAF_CHECK_EQUAL(up.atr.value, 9);
  CAF_CHECK(up.warmed_up);
  CAF_CHECK_EQUAL(up.bar_close_ms, 5 * minute);
}

CAF_TEST(a partial last candle keeps its bar open for live prices) {
  auto cfg = base_config();
  cfg.params.bar_interval_ms = 5 * minute; // 1 m candles into 5 m bars
  cfg.warmup = candles();
  cfg.warmup.pop_back(); // 4 of the 5 minutes of the first bar
  cfg.unix_offset_ms = 4 * minute + 1'000;
  start(cfg);
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 0);
  auto& open = st().bars->current();
  CAF_REQUIRE(open.has_value());
  CAF_CHECK_EQUAL(open->high, 112);
  CAF_CHECK_EQUAL(open->low, 90);
  send(trade(120, 4 * minute + 2'000)); // still the first 5 m bar
  CAF_CHECK_EQUAL(st().bars->current()->high, 120);
}

CAF_TEST(bars close on the timer without a later price) {
  start(base_config()); // clock at Unix 0
  send(trade(100, 1'000));
  send(trade(110, 20'000));
  send(trade(95, 50'000));
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 0);
  // The bar [0, 60 s) closes 250 ms (the grace) after its end.
  step(60'249ms);
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 0);
  step(1ms);
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 1);
  CAF_CHECK(!st().bars->current().has_value());
  // A print stamped inside the closed bar arrives late: dropped, the bar is
  // not reopened.
  send(trade(200, 59'900));
  CAF_CHECK_EQUAL(st().late_prices, 1u);
  CAF_CHECK(!st().bars->current().has_value());
  // A quiet minute makes no bar; the next price starts the next one.
  step(60s);
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 1);
  send(trade(101, 125'000));
  step(60s);
  CAF_CHECK_EQUAL(st().atr->bars_seen(), 2);
}

CAF_TEST(atr updates reach the grid named by market peers) {
  auto cfg = base_config();
  cfg.warmup = candles();
  cfg.unix_offset_ms = 5 * minute + 1'000;
  start(cfg);
  CAF_CHECK(updates->empty()); // no grid known yet
  market_peers peers;
  peers.grid = grid;
  send(peers);
  CAF_REQUIRE_EQUAL(updates->size(), 1u);
  CAF_CHECK_EQUAL(updates->back().atr_ppm, 87'449);
  // The same peers again send nothing new.
  send(peers);
  CAF_CHECK_EQUAL(updates->size(), 1u);
  // A live bar [5 m, 6 m) with range 110..104 after close 108: TR 6.
  send(trade(110, 5 * minute + 2'000));
  send(trade(104, 5 * minute + 3'000));
  step(60s); // clock 6 m + 1 s: past the end and the grace
  CAF_REQUIRE_EQUAL(updates->size(), 2u);
  // (2 x 85/9 + 6) / 3 = 224 / 27 = 8.296; / 104 = 79772.08 ppm.
  CAF_CHECK_EQUAL(updates->back().atr_ppm, 79'772);
  CAF_CHECK_EQUAL(updates->back().bar_close_ms, 6 * minute);
}

CAF_TEST(only the configured price source builds bars) {
  auto cfg = base_config();
  cfg.source = bar_price_source::mid;
  start(cfg);
  send(trade(100, 1'000));
  CAF_CHECK(!st().bars->current().has_value());
  send(top_of_book{1, price_ticks{99}, qty_lots{1}, price_ticks{102},
                   qty_lots{1}, 2'000});
  CAF_REQUIRE(st().bars->current().has_value());
  CAF_CHECK_EQUAL(st().bars->current()->close, 100.5);
  // A one-sided or crossed book has no mid.
  send(top_of_book{1, price_ticks{103}, qty_lots{1}, price_ticks{102},
                   qty_lots{1}, 3'000});
  CAF_CHECK_EQUAL(st().bars->current()->close, 100.5);
}

CAF_TEST(status reports atr bars and warm up) {
  auto cfg = base_config();
  cfg.warmup = candles();
  cfg.price_decimals = 1;
  cfg.unix_offset_ms = 5 * minute + 1'000;
  start(cfg);
  self->send(uut, status_atom::value);
  sched.run();
  actor_status s;
  self->receive([&](actor_status& x) { s = std::move(x); });
  CAF_CHECK_EQUAL(s.name, "BTC/atr");
  CAF_CHECK_EQUAL(s.figures.at("bars"), "5");
  CAF_CHECK_EQUAL(s.figures.at("warmed_up"), "yes");
  CAF_CHECK_EQUAL(s.figures.at("atr"), "0.9");
  CAF_CHECK_EQUAL(s.figures.at("atr_pct"), "8.74 %");
  CAF_CHECK_EQUAL(s.figures.at("source"), "trade");
}

CAF_TEST_FIXTURE_SCOPE_END()
