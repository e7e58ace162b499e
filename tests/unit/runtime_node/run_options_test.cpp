#define CAF_SUITE run_options
#include "caf/test/unit_test.hpp"

#include "runtime/run_options.hpp"

using namespace trailgrid::runtime;

namespace {

run_options ok(std::vector<std::string_view> args) {
  auto r = parse_run_options(args);
  if (auto e = std::get_if<std::string>(&r)) CAF_FAIL(*e);
  return std::get<run_options>(r);
}

std::string error(std::vector<std::string_view> args) {
  auto r = parse_run_options(args);
  auto e = std::get_if<std::string>(&r);
  return e ? *e : "<no error>";
}

} // namespace

CAF_TEST(every run option is read) {
  auto o = ok({"--config", "bot.toml", "--duration", "60", "--summary-json",
               "s.json", "--dry-run", "--new-session", "--rest-url",
               "http://127.0.0.1:1", "--ws-url", "ws://127.0.0.1:1/stream",
               "--status-every", "5"});
  CAF_CHECK_EQUAL(o.config_path, "bot.toml");
  CAF_CHECK_EQUAL(o.duration_s, 60);
  CAF_CHECK_EQUAL(o.summary_json, "s.json");
  CAF_CHECK(o.dry_run);
  CAF_CHECK(o.new_session);
  CAF_CHECK_EQUAL(o.rest_url, "http://127.0.0.1:1");
  CAF_CHECK_EQUAL(o.ws_url, "ws://127.0.0.1:1/stream");
  CAF_CHECK_EQUAL(o.status_every_s, 5);
}

CAF_TEST(defaults run until a signal on the live exchange) {
  auto o = ok({"--config", "bot.toml"});
  CAF_CHECK(!o.duration_s);
  CAF_CHECK(!o.dry_run);
  CAF_CHECK(!o.new_session);
  CAF_CHECK(o.summary_json.empty());
}

CAF_TEST(bad run options say what is wrong) {
  CAF_CHECK_EQUAL(error({}), "missing --config FILE");
  CAF_CHECK_EQUAL(error({"--config"}), "--config needs a file");
  CAF_CHECK_EQUAL(error({"--config", "x", "--duration", "0"}),
                  "--duration needs a whole number of seconds > 0");
  CAF_CHECK_EQUAL(error({"--config", "x", "--duration", "1.5"}),
                  "--duration needs a whole number of seconds > 0");
  CAF_CHECK_EQUAL(error({"--config", "x", "--fast"}),
                  "unknown option '--fast'");
  CAF_CHECK(ok({"--help"}).help);
}
