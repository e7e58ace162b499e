#define CAF_SUITE sim_chaos_faults
#include "caf/test/unit_test.hpp"

#include "lighter/tx/tx_json.hpp"
#include "tests/unit/sim/sim_fixture.hpp"
#include "tools/lighter-sim/cli.hpp"
#include "tools/lighter-sim/sim_api.hpp"

#include <nlohmann/json.hpp>

using namespace sim_test;
using json = nlohmann::json;

namespace {

std::string encoded_tx_info(const create_order_tx& t) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : trailgrid::lighter::tx_info_json(t, {})) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

} // namespace

CAF_TEST(window faults repeat on their period and spare the first one) {
  fault_cfg c;
  c.rest_outage_every_ms = 10000;
  c.rest_outage_ms = 2000;
  c.account_stall_every_ms = 5000;
  c.account_stall_ms = 1000;
  c.session_max_age_ms = 30000;
  fault_plan f(c, 3);
  CAF_CHECK(!f.rest_down(0));
  CAF_CHECK(!f.rest_down(1999));
  CAF_CHECK(!f.rest_down(9999));
  CAF_CHECK(f.rest_down(10000));
  CAF_CHECK(f.rest_down(11999));
  CAF_CHECK(!f.rest_down(12000));
  CAF_CHECK(f.rest_down(20500));
  CAF_CHECK(!f.ws_down(15000)); // no WebSocket outage configured
  c.ws_outage_every_ms = 15000;
  c.ws_outage_ms = 4000;
  fault_plan w(c, 3);
  CAF_CHECK(!w.ws_down(14999));
  CAF_CHECK(w.ws_down(15000));
  CAF_CHECK(w.ws_down(18999));
  CAF_CHECK(!w.ws_down(19000));
  CAF_CHECK(w.ws_down(30000));
  CAF_CHECK(!f.stalled("account_all_orders:100", 999));
  CAF_CHECK(f.stalled("account_all_orders:100", 5000));
  CAF_CHECK(f.stalled("account_orders:1:100", 10999));
  CAF_CHECK(f.stalled("account_all_trades:100", 15500));
  CAF_CHECK(!f.stalled("account_all_trades:100", 16000));
  CAF_CHECK(!f.stalled("order_book:1", 5000));
  CAF_CHECK(!f.stalled("user_stats:100", 5000));
  CAF_CHECK(!f.session_too_old(29999));
  CAF_CHECK(f.session_too_old(30000));
  fault_plan off(fault_cfg{}, 3);
  CAF_CHECK(!off.rest_down(10000));
  CAF_CHECK(!off.account_stalled(5000));
  CAF_CHECK(!off.session_too_old(int64_t{1} << 40));
  CAF_CHECK(!off.partial_fill(1));
}

CAF_TEST(partial fill decisions are seeded and near their fraction) {
  fault_cfg c;
  c.partial_fill_fraction = 0.3;
  fault_plan a(c, 9), b(c, 9);
  int partial = 0;
  for (uint64_t i = 1; i <= 10000; ++i) {
    CAF_REQUIRE_EQUAL(a.partial_fill(i), b.partial_fill(i));
    partial += a.partial_fill(i);
  }
  CAF_CHECK_GREATER(partial, 2700);
  CAF_CHECK_LESS(partial, 3300);
}

CAF_TEST(the window faults come from toml and from the command line) {
  auto parsed = parse_config(R"(
[faults]
rest_outage_every_ms = 30000
rest_outage_ms = 3000
account_stall_every_ms = 20000
account_stall_ms = 4000
session_max_age_ms = 25000
partial_fill_fraction = 0.25
)",
                             "chaos.toml");
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(parsed));
  const auto& f = std::get<sim_cfg>(parsed).faults;
  CAF_CHECK_EQUAL(f.rest_outage_every_ms, 30000);
  CAF_CHECK_EQUAL(f.rest_outage_ms, 3000);
  CAF_CHECK_EQUAL(f.account_stall_every_ms, 20000);
  CAF_CHECK_EQUAL(f.account_stall_ms, 4000);
  CAF_CHECK_EQUAL(f.session_max_age_ms, 25000);
  CAF_CHECK_EQUAL(f.partial_fill_fraction, 0.25);
  auto bad = parse_config("[faults]\npartial_fill_fraction = 2.0\n", "b.toml");
  CAF_REQUIRE(std::holds_alternative<std::string>(bad));
  CAF_CHECK_NOT_EQUAL(std::get<std::string>(bad).find("partial_fill_fraction"),
                      std::string::npos);
  CAF_CHECK(std::holds_alternative<std::string>(
      parse_config("[faults]\nrest_outage_ms = -1\n", "n.toml")));

  const char* argv[] = {"lighter-sim", "--rest-outage",
                        "15000:2000",  "--account-stall",
                        "12000:3000",  "--session-max-age",
                        "20000",       "--partial-fill-fraction",
                        "0.5"};
  auto o = parse_cli(9, argv);
  CAF_REQUIRE(std::holds_alternative<cli_options>(o));
  auto c = build_config(std::get<cli_options>(o));
  CAF_REQUIRE(std::holds_alternative<sim_cfg>(c));
  const auto& g = std::get<sim_cfg>(c).faults;
  CAF_CHECK_EQUAL(g.rest_outage_every_ms, 15000);
  CAF_CHECK_EQUAL(g.rest_outage_ms, 2000);
  CAF_CHECK_EQUAL(g.account_stall_every_ms, 12000);
  CAF_CHECK_EQUAL(g.account_stall_ms, 3000);
  CAF_CHECK_EQUAL(g.session_max_age_ms, 20000);
  CAF_CHECK_EQUAL(g.partial_fill_fraction, 0.5);
  const char* inverted[] = {"lighter-sim", "--rest-outage", "2000:15000"};
  CAF_CHECK(std::holds_alternative<std::string>(parse_cli(3, inverted)));
  const char* no_colon[] = {"lighter-sim", "--account-stall", "2000"};
  CAF_CHECK(std::holds_alternative<std::string>(parse_cli(3, no_colon)));
  for (const char* flag : {"--rest-outage", "--account-stall",
                           "--session-max-age", "--partial-fill-fraction"})
    CAF_CHECK_NOT_EQUAL(cli_help().find(flag), std::string::npos);
}

CAF_TEST(a partial fill leaves the rest of the order resting and is counted) {
  auto cfg = test_cfg();
  cfg.faults.partial_fill_fraction = 1.0;
  exchange ex(cfg, t0, path_of({{0, 650000}, {1000, 649990}, {2000, 649989}}));
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649990, 100, false), t0), 0);
  ex.advance(t0 + 2000);
  CAF_CHECK_EQUAL(last_status(ex, 1), "open");
  CAF_CHECK_EQUAL(live(ex, 1).remaining_base, 50);
  CAF_CHECK_EQUAL(ex.account(acct)->positions.at(1).qty, 50);
  CAF_CHECK_EQUAL(ex.faults_injected().partial_fills, 1);
  int fills = 0;
  for (const auto& r : ex.record())
    if (r.kind == record_kind::fill) {
      ++fills;
      CAF_CHECK_EQUAL(r.size, 50);
      CAF_CHECK_EQUAL(r.remaining, 50);
    }
  CAF_CHECK_EQUAL(fills, 1);
}

CAF_TEST(injected rejects and desyncs are counted) {
  auto cfg = test_cfg();
  cfg.faults.nonce_desync_every = 2;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  CAF_CHECK_EQUAL(send(ex, cancel_all(0, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(send(ex, cancel_all(1, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(ex.faults_injected().nonce_desyncs, 1);
  cfg.faults.nonce_desync_every = 0;
  cfg.faults.reject_fraction = 1.0;
  exchange ex2(cfg, t0, path_of({{0, 650000}}));
  CAF_CHECK_NOT_EQUAL(send(ex2, cancel_all(0, 0, 0), t0), 0);
  CAF_CHECK_EQUAL(ex2.faults_injected().injected_rejects, 1);
}

CAF_TEST(a rest outage answers 503 but the record stays reachable) {
  auto cfg = test_cfg();
  cfg.faults.rest_outage_every_ms = 10000;
  cfg.faults.rest_outage_ms = 2000;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  sim_api api(ex, verifiers{}, t0);
  auto get = [&](const std::string& target, ms_t now) {
    return api.handle_http({"GET", target, "", ""}, now);
  };
  const std::string nonce = "/api/v1/nextNonce?account_index=7&api_key_index=3";
  CAF_CHECK_EQUAL(get(nonce, t0 + 5000).status, 200);
  CAF_CHECK_EQUAL(get(nonce, t0 + 10500).status, 503);
  const auto body =
      "tx_type=14&tx_info=" + encoded_tx_info(order(0, 1, 649990, 100, false));
  CAF_CHECK_EQUAL(
      api.handle_http({"POST", "/api/v1/sendTx", body, ""}, t0 + 11000).status,
      503);
  CAF_CHECK_EQUAL(ex.next_nonce(acct, key).value_or(-1), 0);
  CAF_CHECK_EQUAL(
      api.handle_http({"POST", "/api/v1/sendTx", body, ""}, t0 + 12000).status,
      200);
  auto rec = get("/sim/record", t0 + 10800);
  CAF_REQUIRE_EQUAL(rec.status, 200);
  auto j = json::parse(rec.body);
  CAF_CHECK_EQUAL(j["faults"]["rest_outage_refusals"], 2);
  CAF_CHECK_EQUAL(j["faults"]["rest_outage_tx_refusals"], 1);
  CAF_CHECK_EQUAL(j["state"]["markets"][0]["symbol"], "BTC");
  CAF_CHECK_EQUAL(j["state"]["markets"][0]["size_decimals"], 5);
  const auto& a = j["state"]["accounts"][0];
  CAF_CHECK_EQUAL(a["account"], acct);
  CAF_CHECK_EQUAL(a["next_nonce"]["3"], 1);
  CAF_REQUIRE_EQUAL(a["live_orders"].size(), 1u);
  CAF_CHECK_EQUAL(a["live_orders"][0]["client_order_index"], 1);
  CAF_CHECK_EQUAL(a["live_orders"][0]["remaining"], 100);
}

CAF_TEST(sessions past the age limit are closed once and counted) {
  auto cfg = test_cfg();
  cfg.faults.session_max_age_ms = 30000;
  exchange ex(cfg, t0, path_of({{0, 650000}}));
  sim_api api(ex, verifiers{}, t0);
  const auto first = api.open_session(t0).first;
  const auto second = api.open_session(t0 + 20000).first;
  CAF_CHECK(api.sessions_to_close(t0 + 29999).empty());
  auto due = api.sessions_to_close(t0 + 30000);
  CAF_REQUIRE_EQUAL(due.size(), 1u);
  CAF_CHECK_EQUAL(due[0], first);
  CAF_CHECK(api.sessions_to_close(t0 + 31000).empty());
  due = api.sessions_to_close(t0 + 50000);
  CAF_REQUIRE_EQUAL(due.size(), 1u);
  CAF_CHECK_EQUAL(due[0], second);
  CAF_CHECK_EQUAL(ex.faults_injected().session_age_closes, 2);
}

CAF_TEST(the account stall withholds account frames and counts them) {
  auto cfg = test_cfg();
  cfg.faults.account_stall_every_ms = 10000;
  cfg.faults.account_stall_ms = 5000;
  exchange ex(cfg, t0, path_of({{0, 650000}, {20000, 650010}}));
  sim_api api(ex, verifiers{}, t0);
  const auto s = api.open_session(t0).first;
  api.on_ws_text(
      s, R"({"type":"subscribe","channel":"account_all_positions/7"})", t0);
  api.on_ws_text(s, R"({"type":"subscribe","channel":"order_book/1"})", t0);
  ex.drain_events();
  CAF_CHECK_EQUAL(send(ex, order(0, 1, 649000, 100, false), t0 + 10500), 0);
  std::vector<sim_event> evs = ex.drain_events();
  evs.emplace_back(std::in_place_type<position_event>, position_event{acct, 1});
  auto frames = api.publish(evs, t0 + 10500);
  for (const auto& f : frames)
    CAF_CHECK_EQUAL(f.text.find("account_all_positions"), std::string::npos);
  CAF_CHECK_GREATER_OR_EQUAL(ex.faults_injected().stalled_account_frames, 1);
  std::vector<sim_event> later;
  later.emplace_back(std::in_place_type<position_event>,
                     position_event{acct, 1});
  frames = api.publish(later, t0 + 16000);
  CAF_REQUIRE_EQUAL(frames.size(), 1u);
  CAF_CHECK_NOT_EQUAL(frames[0].text.find("account_all_positions"),
                      std::string::npos);
}
