#define CAF_SUITE restart_policy
#include "caf/test/unit_test.hpp"

#include "actors/restart_policy.hpp"

#include <vector>

using namespace trailgrid::actors;
using namespace std::chrono_literals;

namespace {

using time_point = restart_policy::time_point;

const time_point t0 = time_point{} + 10h;

restart_policy_config no_jitter() {
  restart_policy_config cfg;
  cfg.jitter_ppm = 0;
  return cfg;
}

} // namespace

CAF_TEST(backoff doubles from one second up to the sixty second cap) {
  restart_policy p{no_jitter()};
  auto now = t0;
  p.on_started(now);
  std::vector<int64_t> delays;
  for (int i = 0; i < 9; ++i) {
    now += 1s; // fails quickly after every restart
    auto d = p.on_failure(now);
    delays.push_back(d.count());
    CAF_CHECK_EQUAL(p.attempt(), static_cast<uint32_t>(i + 1));
    CAF_REQUIRE(p.next_retry().has_value());
    CAF_CHECK(*p.next_retry() == now + d);
    now += d;
    p.on_started(now);
    CAF_CHECK(!p.next_retry().has_value());
  }
  std::vector<int64_t> expected{1'000,  2'000,  4'000,  8'000, 16'000,
                                32'000, 60'000, 60'000, 60'000};
  CAF_CHECK_EQUAL(delays, expected);
}

CAF_TEST(a child stable for a minute starts again at one second) {
  restart_policy p{no_jitter()};
  auto now = t0;
  p.on_started(now);
  for (int i = 0; i < 4; ++i) {
    now += p.on_failure(now);
    p.on_started(now);
  }
  CAF_CHECK_EQUAL(p.attempt(), 4u);
  // 59.999 s is not stable yet: the next delay keeps doubling.
  CAF_CHECK_EQUAL(p.on_failure(now + 59'999ms).count(), 16'000);
  now += 59'999ms + 16s;
  p.on_started(now);
  // Exactly one stable minute resets the count.
  CAF_CHECK_EQUAL(p.on_failure(now + 60s).count(), 1'000);
  CAF_CHECK_EQUAL(p.attempt(), 1u);
}

CAF_TEST(settle shows attempt zero once the child has been stable) {
  restart_policy p{no_jitter()};
  p.on_started(t0);
  p.on_failure(t0 + 1s);
  p.on_started(t0 + 2s);
  p.settle(t0 + 61s);
  CAF_CHECK_EQUAL(p.attempt(), 1u);
  p.settle(t0 + 62s);
  CAF_CHECK_EQUAL(p.attempt(), 0u);
}

CAF_TEST(a failure before any start still backs off from one second) {
  restart_policy p{no_jitter()};
  CAF_CHECK_EQUAL(p.on_failure(t0).count(), 1'000);
}

CAF_TEST(jitter stays within ten percent and never exceeds the cap) {
  restart_policy_config cfg; // default: +/- 10 %
  for (uint64_t seed = 0; seed < 200; ++seed) {
    restart_policy p{cfg, seed};
    auto now = t0;
    for (uint32_t n = 1; n <= 9; ++n) {
      p.on_started(now);
      auto d = p.on_failure(now).count();
      auto base = p.base_delay(n).count();
      CAF_CHECK_GREATER_OR_EQUAL(d, base - base / 10);
      CAF_CHECK_LESS_OR_EQUAL(d, base + base / 10);
      CAF_CHECK_LESS_OR_EQUAL(d, 60'000);
      now += std::chrono::milliseconds{d};
    }
  }
}

CAF_TEST(jitter is deterministic per seed and differs between seeds) {
  auto run = [](uint64_t seed) {
    restart_policy p{restart_policy_config{}, seed};
    std::vector<int64_t> out;
    auto now = t0;
    for (int i = 0; i < 6; ++i) {
      p.on_started(now);
      out.push_back(p.on_failure(now).count());
    }
    return out;
  };
  CAF_CHECK_EQUAL(run(7), run(7));
  CAF_CHECK_NOT_EQUAL(run(7), run(8));
  // The jitter is not constant: it uses more than one value in the band.
  auto a = run(7);
  CAF_CHECK(a[0] != 1'000 || a[1] != 2'000 || a[2] != 4'000);
}

CAF_TEST(huge attempt counts saturate at the cap without overflow) {
  restart_policy p{no_jitter()};
  CAF_CHECK_EQUAL(p.base_delay(40).count(), 60'000);
  CAF_CHECK_EQUAL(p.base_delay(4'000'000'000u).count(), 60'000);
  CAF_CHECK_EQUAL(p.base_delay(1).count(), 1'000);
}
