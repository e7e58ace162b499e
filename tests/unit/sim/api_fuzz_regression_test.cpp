#define CAF_SUITE sim_api_fuzz_regressions
#include "caf/test/unit_test.hpp"

// Inputs that once overflowed lighter-sim's integer handling (undefined
// behaviour, caught by the sim_api fuzz harness under UBSan). Under the
// sanitized build (tools/test-sanitized) a regression aborts these tests;
// in the default build they pin the answers.

#include "tests/unit/sim/sim_fixture.hpp"
#include "tools/lighter-sim/sim_api.hpp"

#include <nlohmann/json.hpp>

using namespace sim_test;
using json = nlohmann::json;

namespace {

struct fixture {
  exchange ex{test_cfg(), t0, path_of({{0, 650000}, {1000, 649000}})};
  sim_api api{ex, verifiers{}, t0};

  http_response get(const std::string& target, std::string auth = "") {
    return api.handle_http({"GET", target, "", std::move(auth)}, t0);
  }
};

std::string zeros_sig() {
  return std::string(160, '0');
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(sim_api_fuzz_regressions, fixture)

CAF_TEST(an auth token with an absurd deadline is refused without overflow) {
  for (const char* deadline :
       {"9223372036854775807", "9223372036854776", "-9223372036854775808"}) {
    auto r = get("/api/v1/accountActiveOrders?account_index=7&market_id=1",
                 std::string(deadline) + ":7:3:" + zeros_sig());
    CAF_CHECK_EQUAL(r.status, 400);
    CAF_CHECK_EQUAL(json::parse(r.body)["message"].get<std::string>().rfind(
                        "invalid auth: invalid deadline", 0),
                    0u);
  }
}

CAF_TEST(integers past the int64 range are malformed not wrapped) {
  // 19 nines: the old parser multiplied past INT64_MAX.
  auto r = get("/api/v1/nextNonce?account_index=9999999999999999999"
               "&api_key_index=3");
  CAF_CHECK_EQUAL(r.status, 400);
  r = get("/api/v1/nextNonce?account_index=7&api_key_index=3");
  CAF_CHECK_EQUAL(r.status, 200);
  r = get("/api/v1/nextNonce?account_index=+7&api_key_index=3");
  CAF_CHECK_EQUAL(r.status, 400);
}

CAF_TEST(a far negative candle timestamp is not scaled to ms) {
  auto r = get("/api/v1/candles?market_id=1&resolution=1m"
               "&start_timestamp=-999999999999999999&count_back=2");
  CAF_CHECK_EQUAL(r.status, 200);
}

CAF_TEST_FIXTURE_SCOPE_END()
