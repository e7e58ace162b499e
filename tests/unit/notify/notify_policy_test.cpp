#define CAF_SUITE notify_policy
#include "caf/test/unit_test.hpp"

#include "runtime/notify/notify_policy.hpp"

using namespace trailgrid::runtime;

namespace {

notify_event ev(std::string kind, std::string group,
                notify_severity s = notify_severity::critical,
                std::string subject = "BTC") {
  notify_event e;
  e.kind = std::move(kind);
  e.group = std::move(group);
  e.severity = s;
  e.subject = std::move(subject);
  e.text = e.kind + " " + e.subject;
  return e;
}

notify_limits limits(int64_t per_minute = 6, int64_t dedupe_ms = 600'000) {
  notify_limits l;
  l.max_per_minute = per_minute;
  l.dedupe_ms = dedupe_ms;
  return l;
}

} // namespace

CAF_TEST(the first event of a kind goes out at once) {
  notify_policy p{limits()};
  auto m = p.offer(ev("halt", "halt:BTC"), 1'000);
  CAF_REQUIRE(m);
  CAF_REQUIRE_EQUAL(m->events.size(), 1u);
  CAF_CHECK_EQUAL(m->events[0].kind, "halt");
  CAF_CHECK_EQUAL(m->suppressed, 0);
  CAF_CHECK(p.idle());
}

CAF_TEST(a repeat in the dedupe window is counted on the next message) {
  notify_policy p{limits(6, 60'000)};
  CAF_CHECK(p.offer(ev("restart", "restart:BTC/feed"), 0));
  CAF_CHECK(!p.offer(ev("restart", "restart:BTC/feed"), 10'000));
  CAF_CHECK(!p.offer(ev("restart", "restart:BTC/feed"), 59'999));
  CAF_CHECK_EQUAL(p.duplicates(), 2u);
  // Another group is not a repeat, and carries the suppressed count.
  auto other = p.offer(ev("restart", "restart:ETH/feed"), 20'000);
  CAF_REQUIRE(other);
  CAF_CHECK_EQUAL(other->suppressed, 2);
  // After the window the same event goes out again.
  CAF_CHECK(p.offer(ev("restart", "restart:BTC/feed"), 60'000));
}

// A flapping signer must still show its last state: "back" after "lost"
// is a different kind in the same group, so it is never a repeat.
CAF_TEST(paired events alternate freely within one group) {
  notify_policy p{limits(100, 600'000)};
  CAF_CHECK(p.offer(ev("signer_lost", "hold:signer"), 0));
  CAF_CHECK(p.offer(ev("signer_back", "hold:signer"), 1'000));
  CAF_CHECK(p.offer(ev("signer_lost", "hold:signer"), 2'000));
  CAF_CHECK(!p.offer(ev("signer_lost", "hold:signer"), 3'000));
}

CAF_TEST(events past the rate wait and go out as one digest) {
  notify_policy p{limits(2)};
  CAF_CHECK(p.offer(ev("halt", "halt:BTC"), 0));
  CAF_CHECK(p.offer(ev("halt", "halt:ETH"), 1'000));
  CAF_CHECK(!p.offer(ev("halt", "halt:SOL"), 2'000));
  CAF_CHECK(!p.offer(
      ev("breaker_trip", "breaker:XRP", notify_severity::warning), 3'000));
  CAF_CHECK(!p.idle());
  CAF_CHECK(!p.tick(59'999)); // two messages in the last minute
  auto d = p.tick(60'000);    // the first one left the window
  CAF_REQUIRE(d);
  CAF_REQUIRE_EQUAL(d->events.size(), 2u);
  CAF_CHECK_EQUAL(d->events[0].group, "halt:SOL");
  CAF_CHECK_EQUAL(d->events[1].group, "breaker:XRP");
  CAF_CHECK(d->severity() == notify_severity::critical);
  CAF_CHECK(p.idle());
  CAF_CHECK_EQUAL(p.messages(), 3u);
}

CAF_TEST(while a digest waits new events join it in order) {
  notify_policy p{limits(1)};
  CAF_CHECK(p.offer(ev("halt", "halt:BTC"), 0));
  CAF_CHECK(!p.offer(ev("halt", "halt:ETH"), 1'000));
  // The rate would allow this one, but it must not overtake the held one.
  CAF_CHECK(!p.offer(ev("halt", "halt:SOL"), 61'000));
  auto d = p.tick(61'000);
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->events.size(), 2u);
}

CAF_TEST(drain releases held events whatever the rate) {
  notify_policy p{limits(1)};
  CAF_CHECK(p.offer(ev("halt", "halt:BTC"), 0));
  CAF_CHECK(!p.offer(ev("orders_left", "orders_left"), 1'000));
  auto d = p.drain(1'001);
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->events.at(0).kind, "orders_left");
  CAF_CHECK(!p.drain(1'002));
}

CAF_TEST(the held list is bounded and overflow is counted) {
  auto l = limits(1);
  l.max_held = 2;
  notify_policy p{l};
  CAF_CHECK(p.offer(ev("halt", "a"), 0));
  for (auto g : {"b", "c", "d", "e"})
    CAF_CHECK(!p.offer(ev("halt", g), 1'000));
  auto d = p.drain(2'000);
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->events.size(), 2u);
  CAF_CHECK_EQUAL(d->suppressed, 2);
}

CAF_TEST(severity and kind filters drop events before anything else) {
  auto l = limits();
  l.min_severity = notify_severity::warning;
  l.kinds = {"halt", "signer_back"};
  notify_policy p{l};
  CAF_CHECK(
      !p.offer(ev("signer_back", "hold:signer", notify_severity::info), 0));
  CAF_CHECK(!p.offer(ev("kill_switch", "kill_switch"), 0));
  CAF_CHECK(p.offer(ev("halt", "halt:BTC"), 0));
  CAF_CHECK_EQUAL(p.filtered(), 2u);
  CAF_CHECK_EQUAL(p.duplicates(), 0u);
}
