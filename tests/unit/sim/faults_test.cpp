#define CAF_SUITE sim_faults
#include "caf/test/unit_test.hpp"

#include "tests/unit/sim/sim_fixture.hpp"

#include <nlohmann/json.hpp>

using namespace sim_test;

CAF_TEST(fault decisions are deterministic and near their fractions) {
  fault_cfg c;
  c.reject_fraction = 0.25;
  c.reorder_fraction = 0.5;
  c.delay_fraction = 0.1;
  c.delay_ms = 250;
  fault_plan a(c, 7), b(c, 7);
  int rejects = 0, delays = 0;
  for (uint64_t i = 1; i <= 10000; ++i) {
    CAF_REQUIRE_EQUAL(a.reject_request(i), b.reject_request(i));
    rejects += a.reject_request(i);
    const auto d = a.frame_delay(i);
    CAF_REQUIRE(d == 0 || d == 250);
    delays += d > 0;
  }
  CAF_CHECK_GREATER(rejects, 2300);
  CAF_CHECK_LESS(rejects, 2700);
  CAF_CHECK_GREATER(delays, 850);
  CAF_CHECK_LESS(delays, 1150);
  fault_plan off(fault_cfg{}, 7);
  CAF_CHECK(!off.reject_request(1));
  CAF_CHECK_EQUAL(off.frame_delay(1), 0);
  CAF_CHECK_EQUAL(off.drops_due(1000000), 0);
}

CAF_TEST(periodic faults fire on their period) {
  fault_cfg c;
  c.nonce_desync_every = 3;
  c.malformed_every = 2;
  c.ws_drop_every_ms = 1000;
  c.stalls = {stall_cfg{"order_book:1", 500, 100}};
  fault_plan f(c, 1);
  CAF_CHECK(!f.desync_after(2));
  CAF_CHECK(f.desync_after(3));
  CAF_CHECK(f.desync_after(6));
  CAF_CHECK(!f.malformed_frame(1));
  CAF_CHECK(f.malformed_frame(2));
  CAF_CHECK_EQUAL(f.drops_due(999), 0);
  CAF_CHECK_EQUAL(f.drops_due(2500), 2);
  CAF_CHECK(!f.stalled("order_book:1", 499));
  CAF_CHECK(f.stalled("order_book:1", 500));
  CAF_CHECK(f.stalled("order_book:1", 599));
  CAF_CHECK(!f.stalled("order_book:1", 600));
  CAF_CHECK(!f.stalled("order_book:0", 550));
  for (uint64_t i = 0; i < 4; ++i)
    CAF_CHECK(nlohmann::json::parse(f.malformed_text(i), nullptr, false)
                  .is_discarded() ||
              i >= 2);
}

CAF_TEST(injected rejections and nonce desyncs reach the exchange) {
  auto cfg = test_cfg();
  cfg.faults.reject_fraction = 1.0;
  cfg.faults.reject_code = 21506;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  CAF_CHECK_EQUAL(send(ex, cancel_all(0, 0, 0), t0), 21506);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
  cfg.faults.reject_fraction = 0;
  cfg.faults.nonce_desync_every = 2;
  exchange ex2(cfg, t0, path_of({{0, 650000}}));
  CAF_CHECK_EQUAL(send(ex2, cancel_all(0, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex2, cancel_all(1, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(ex2.next_nonce(acct, key).value_or(-1), 3);
  CAF_CHECK_EQUAL(send(ex2, cancel_all(2, 0, 0), t0), err::invalid_nonce);
  CAF_CHECK(ex2.record().back().kind == record_kind::reject);
  bool desync_recorded = false;
  for (const auto& r : ex2.record())
    desync_recorded |= r.kind == record_kind::nonce_desync && r.nonce == 3;
  CAF_CHECK(desync_recorded);
}
