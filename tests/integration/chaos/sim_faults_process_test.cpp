#define CAF_SUITE chaos_sim_faults
#include "caf/test/unit_test.hpp"

#include "lighter/net/https_client.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/url.hpp"
#include "lighter/net/ws_client.hpp"
#include "tests/support/lighter_sim.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

using json = nlohmann::json;
using namespace trailgrid::lighter;
using trailgrid::test_support::lighter_sim;
using namespace std::chrono_literals;

CAF_TEST(the simulator closes old sessions normally and counts rest outages) {
  lighter_sim sim({{LIGHTER_SIM_BIN, "--port", "0", "--session-max-age", "800",
                    "--rest-outage", "1500:700"}});
  const std::string p = std::to_string(sim.port());
  net::io_runner runner("sim-faults");
  {
    std::mutex m;
    std::condition_variable cv;
    std::string reason;
    net::ws_callbacks cb;
    cb.on_close = [&](const std::string& why) {
      std::lock_guard<std::mutex> g(m);
      reason = why.empty() ? "?" : why;
      cv.notify_all();
    };
    net::ws_client ws(
        runner, *net::parse_url("ws://127.0.0.1:" + p + "/stream"), {}, {}, cb);
    ws.connect();
    std::unique_lock<std::mutex> g(m);
    CAF_REQUIRE(cv.wait_for(g, 5s, [&] { return !reason.empty(); }));
    CAF_CHECK_NOT_EQUAL(reason.find("code 1000"), std::string::npos);
  }
  net::https_client rest(runner, *net::parse_url("http://127.0.0.1:" + p));
  // Poll through the first outage window (1.5 s .. 2.2 s after start).
  bool saw_503 = false, back_up = false;
  for (int i = 0; i < 60 && !back_up; ++i) {
    auto r = rest.get("/api/v1/orderBooks");
    CAF_REQUIRE(r);
    if (r->status == 503) saw_503 = true;
    if (saw_503 && r->status == 200) back_up = true;
    std::this_thread::sleep_for(100ms);
  }
  CAF_CHECK(saw_503);
  CAF_CHECK(back_up);
  auto rec = rest.get("/sim/record");
  CAF_REQUIRE(rec);
  CAF_REQUIRE_EQUAL(rec->status, 200);
  auto j = json::parse(rec->body);
  CAF_CHECK_GREATER_OR_EQUAL(j["faults"]["session_age_closes"].get<int>(), 1);
  CAF_CHECK_GREATER_OR_EQUAL(j["faults"]["rest_outage_refusals"].get<int>(), 1);
  CAF_CHECK_EQUAL(j["faults"]["ws_drops"].get<int>(), 0);
  CAF_CHECK_EQUAL(j["state"]["markets"].size(), 2u);
  runner.stop();
  CAF_CHECK_EQUAL(sim.stop(), 0);
}
