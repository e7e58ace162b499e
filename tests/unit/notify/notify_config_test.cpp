#define CAF_SUITE notify_config
#include "caf/test/unit_test.hpp"

#include "runtime/config.hpp"

using namespace trailgrid::runtime;

namespace {

const std::string base = "[[market]]\nsymbol = \"BTC\"\norder_size = "
                         "\"0.001\"\nmax_position = \"0.01\"\n";

std::string errors_of(const std::string& text) {
  auto c = parse_config(base + text, "bot.toml");
  return c ? std::string{} : c.error().to_string();
}

} // namespace

CAF_TEST(notify defaults keep notifications off) {
  auto c = parse_config(base, "bot.toml");
  CAF_REQUIRE(c);
  const auto& n = c.value().notify;
  CAF_CHECK(!n.configured());
  CAF_CHECK_EQUAL(n.format, "auto");
  CAF_CHECK_EQUAL(n.min_severity, "info");
  CAF_CHECK_EQUAL(n.dedupe_s, 600);
  CAF_CHECK_EQUAL(n.max_per_minute, 6);
  CAF_CHECK(n.events.empty());
}

CAF_TEST(a notify section is read key by key) {
  auto c = parse_config(base + "[notify]\n"
                               "webhook_url = \"https://hooks.slack.com/x\"\n"
                               "format = \"slack\"\n"
                               "events = [\"halt\", \"signer_lost\"]\n"
                               "min_severity = \"warning\"\n"
                               "dedupe_s = 60\nmax_per_minute = 3\n"
                               "poll_ms = 500\nhold_grace_s = 5\n"
                               "timeout_ms = 3000\n",
                        "bot.toml");
  CAF_REQUIRE(c);
  const auto& n = c.value().notify;
  CAF_CHECK(n.configured());
  CAF_CHECK_EQUAL(n.webhook_url, "https://hooks.slack.com/x");
  CAF_CHECK_EQUAL(n.format, "slack");
  CAF_CHECK_EQUAL(n.events.size(), 2u);
  CAF_CHECK_EQUAL(n.min_severity, "warning");
  CAF_CHECK_EQUAL(n.dedupe_s, 60);
  CAF_CHECK_EQUAL(n.max_per_minute, 3);
  CAF_CHECK_EQUAL(n.poll_ms, 500);
  CAF_CHECK_EQUAL(n.hold_grace_s, 5);
  CAF_CHECK_EQUAL(n.timeout_ms, 3000);
}

CAF_TEST(notify mistakes name the key and what is allowed) {
  auto e = errors_of("[notify]\nevents = [\"halt\", \"lunch\"]\n");
  CAF_CHECK_NOT_EQUAL(e.find("events"), std::string::npos);
  CAF_CHECK_NOT_EQUAL(e.find("\"drawdown_stop\""), std::string::npos);
  e = errors_of("[notify]\nformat = \"teams\"\n");
  CAF_CHECK_NOT_EQUAL(e.find("\"discord\""), std::string::npos);
  e = errors_of("[notify]\nformat = \"telegram\"\n");
  CAF_CHECK_NOT_EQUAL(e.find("telegram_chat_id"), std::string::npos);
  e = errors_of("[notify]\nwebhook_url = \"ftp://x\"\n");
  CAF_CHECK_NOT_EQUAL(e.find("https://"), std::string::npos);
  e = errors_of("[notify]\nmax_per_minute = 0\n");
  CAF_CHECK_NOT_EQUAL(e.find("1..600"), std::string::npos);
  e = errors_of("[notify]\nwebhook = \"x\"\n");
  CAF_CHECK_NOT_EQUAL(e.find("did you mean 'webhook_url'"), std::string::npos);
  e = errors_of("[notify]\nwebhook_url = \"https://a\"\n"
                "webhook_url_file = \"/x\"\n");
  CAF_CHECK_NOT_EQUAL(e.find("not both"), std::string::npos);
  e = errors_of("[notify]\nbot_secret = \"x\"\n");
  CAF_CHECK_NOT_EQUAL(e.find("looks like a secret"), std::string::npos);
}
