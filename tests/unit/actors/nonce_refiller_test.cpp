#define CAF_SUITE nonce_refiller
#include "caf/test/unit_test.hpp"

#include "actors/nonce_refiller.hpp"

#include <chrono>
#include <thread>

using namespace trailgrid;
using namespace std::chrono_literals;

namespace {

// Waits (polling) until the reserve holds `n`, for at most 20 s: a bound
// for a loaded machine, not a performance figure.
bool holds_within(const lighter::crypto::nonce_reserve& r, size_t n) {
  auto until = std::chrono::steady_clock::now() + 20s;
  while (r.size() != n) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

} // namespace

CAF_TEST(the refiller fills to its target and again once below low water) {
  auto reserve = std::make_shared<lighter::crypto::nonce_reserve>(64);
  actors::nonce_refiller refiller(reserve, 16);
  CAF_REQUIRE(holds_within(*reserve, 64));
  // Down to 20: still above low water, so nothing is added.
  for (int i = 0; i < 44; ++i)
    CAF_REQUIRE(reserve->take().has_value());
  std::this_thread::sleep_for(50ms);
  CAF_CHECK_EQUAL(reserve->size(), 20u);
  // Below low water: back to the target.
  for (int i = 0; i < 5; ++i)
    CAF_REQUIRE(reserve->take().has_value());
  CAF_CHECK(holds_within(*reserve, 64));
}

CAF_TEST(a refiller stops when it is destroyed and the reserve stays usable) {
  auto reserve = std::make_shared<lighter::crypto::nonce_reserve>(32);
  {
    actors::nonce_refiller refiller(reserve, 8);
    CAF_REQUIRE(holds_within(*reserve, 32));
  }
  auto left = reserve->size();
  CAF_CHECK_EQUAL(left, 32u);
  CAF_CHECK(reserve->take().has_value());
  std::this_thread::sleep_for(30ms);
  CAF_CHECK_EQUAL(reserve->size(), left - 1); // nobody refills it now
}
