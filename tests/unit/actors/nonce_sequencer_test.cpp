#define CAF_SUITE nonce_sequencer
#include "caf/test/unit_test.hpp"

#include "actors/nonce_sequencer.hpp"
#include "actors/rate_meter.hpp"

using namespace trailgrid::actors;

namespace {

constexpr uint8_t key = 3;

nonce_sequencer synced_at(int64_t next) {
  nonce_sequencer s;
  s.resync(key, next);
  return s;
}

} // namespace

CAF_TEST(an unknown or unsynced key hands out nothing) {
  nonce_sequencer s;
  CAF_CHECK(!s.ready(key));
  CAF_CHECK(!s.reserve(key, 1));
  s.invalidate(key);
  CAF_CHECK(!s.reserve(key, 1));
  s.resync(key, 40);
  CAF_CHECK(s.ready(key));
  CAF_CHECK_EQUAL(s.reserve(key, 1).value_or(-1), 40);
}

CAF_TEST(reservations are consecutive and never overlap) {
  auto s = synced_at(10);
  CAF_CHECK_EQUAL(s.reserve(key, 3).value_or(-1), 10);
  CAF_CHECK_EQUAL(s.reserve(key, 1).value_or(-1), 13);
  CAF_CHECK_EQUAL(s.reserve(key, 5).value_or(-1), 14);
  CAF_CHECK_EQUAL(s.next(key), 19);
  CAF_CHECK_EQUAL(s.in_flight(key), 9u);
  CAF_CHECK(!s.reserve(key, 0));
  CAF_CHECK_EQUAL(s.next(key), 19);
}

CAF_TEST(keys count independently) {
  nonce_sequencer s;
  s.resync(2, 100);
  s.resync(5, 7);
  CAF_CHECK_EQUAL(s.reserve(2, 2).value_or(-1), 100);
  CAF_CHECK_EQUAL(s.reserve(5, 1).value_or(-1), 7);
  CAF_CHECK_EQUAL(s.reserve(2, 1).value_or(-1), 102);
}

CAF_TEST(accepted nonces leave the in flight set without moving the count) {
  auto s = synced_at(0);
  s.reserve(key, 3);
  CAF_CHECK(s.on_verdict(key, 0, 2, nonce_verdict::consumed) ==
            nonce_action::none);
  CAF_CHECK_EQUAL(s.in_flight(key), 1u);
  CAF_CHECK_EQUAL(s.next(key), 3);
}

CAF_TEST(a refused last tx rolls its nonce back) {
  auto s = synced_at(5);
  s.reserve(key, 1); // 5
  s.reserve(key, 1); // 6
  CAF_CHECK(s.on_verdict(key, 6, 1, nonce_verdict::not_consumed) ==
            nonce_action::rolled_back);
  CAF_CHECK_EQUAL(s.next(key), 6);
  CAF_CHECK_EQUAL(s.reserve(key, 1).value_or(-1), 6);
}

CAF_TEST(a refused whole batch at the top rolls back to its first nonce) {
  auto s = synced_at(20);
  s.reserve(key, 4); // 20..23
  CAF_CHECK(s.on_verdict(key, 20, 4, nonce_verdict::not_consumed) ==
            nonce_action::rolled_back);
  CAF_CHECK_EQUAL(s.next(key), 20);
  CAF_CHECK_EQUAL(s.in_flight(key), 0u);
}

CAF_TEST(a refused tx below later ones needs a resync instead) {
  // Regression guard: rolling back here would reuse 6, which is already out.
  auto s = synced_at(5);
  s.reserve(key, 1); // 5
  s.reserve(key, 1); // 6
  CAF_CHECK(s.on_verdict(key, 5, 1, nonce_verdict::not_consumed) ==
            nonce_action::resync_needed);
  CAF_CHECK(!s.ready(key));
  CAF_CHECK(!s.reserve(key, 1));
  s.resync(key, 5);
  CAF_CHECK_EQUAL(s.reserve(key, 1).value_or(-1), 5);
}

CAF_TEST(an invalid nonce verdict always needs a resync) {
  auto s = synced_at(0);
  s.reserve(key, 2);
  CAF_CHECK(s.on_verdict(key, 1, 1, nonce_verdict::invalid) ==
            nonce_action::resync_needed);
  CAF_CHECK(!s.ready(key));
  CAF_CHECK_EQUAL(s.in_flight(key), 0u);
}

CAF_TEST(verdicts on nonces no longer in flight are stale and ignored) {
  auto s = synced_at(0);
  s.reserve(key, 3); // 0..2
  s.on_verdict(key, 1, 1, nonce_verdict::invalid);
  s.resync(key, 1);
  // Late reports about the old txs must not trigger a second resync or a
  // rollback below the exchange's count.
  CAF_CHECK(s.on_verdict(key, 2, 1, nonce_verdict::invalid) ==
            nonce_action::none);
  CAF_CHECK(s.on_verdict(key, 0, 1, nonce_verdict::not_consumed) ==
            nonce_action::none);
  CAF_CHECK(s.ready(key));
  CAF_CHECK_EQUAL(s.next(key), 1);
  // A verdict for a range that was never handed out is ignored too.
  CAF_CHECK(s.on_verdict(key, 50, 2, nonce_verdict::invalid) ==
            nonce_action::none);
  CAF_CHECK(s.ready(key));
}

CAF_TEST(unreserve gives back a batch that was never sent) {
  auto s = synced_at(9);
  s.reserve(key, 2); // 9, 10
  s.unreserve(key, 9, 2);
  CAF_CHECK_EQUAL(s.next(key), 9);
  CAF_CHECK_EQUAL(s.in_flight(key), 0u);
  // Not the top: ignored rather than risking a reuse.
  s.reserve(key, 3); // 9..11
  s.unreserve(key, 9, 1);
  CAF_CHECK_EQUAL(s.next(key), 12);
}

CAF_TEST(the in flight set is bounded) {
  auto s = synced_at(0);
  for (size_t i = 0; i < nonce_sequencer::max_in_flight + 10; ++i)
    s.reserve(key, 1);
  CAF_CHECK_EQUAL(s.in_flight(key), nonce_sequencer::max_in_flight);
  // The oldest were dropped: their verdicts are now stale.
  CAF_CHECK(s.on_verdict(key, 0, 1, nonce_verdict::invalid) ==
            nonce_action::none);
}

CAF_TEST(the rate meter counts the last ten whole seconds) {
  using namespace std::chrono_literals;
  rate_meter m;
  auto t = rate_meter::time_point{} + 1000s;
  m.add(t, 5);
  m.add(t + 500ms, 5);
  m.add(t + 3s, 13);
  CAF_CHECK_EQUAL(m.in_window(t + 3s), 23u);
  CAF_CHECK_EQUAL(m.per_second(t + 3s), "2.3");
  // At t + 10 s the first second has left the window.
  CAF_CHECK_EQUAL(m.in_window(t + 10s), 13u);
  CAF_CHECK_EQUAL(m.in_window(t + 13s), 0u);
  CAF_CHECK_EQUAL(m.per_second(t + 13s), "0.0");
  // A bucket reused ten seconds later starts from zero.
  m.add(t + 10s, 1);
  CAF_CHECK_EQUAL(m.in_window(t + 10s), 14u);
  CAF_CHECK_EQUAL(m.total(), 24u);
}
