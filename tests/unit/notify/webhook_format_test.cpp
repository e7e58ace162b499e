#define CAF_SUITE webhook_format
#include "caf/test/unit_test.hpp"

#include "runtime/notify/webhook_format.hpp"

#include <nlohmann/json.hpp>

using namespace trailgrid::runtime;
using json = nlohmann::json;

namespace {

notify_message one(std::string text,
                   notify_severity s = notify_severity::critical) {
  notify_event e;
  e.kind = "halt";
  e.severity = s;
  e.subject = "BTC";
  e.text = std::move(text);
  e.ts_ms = 1'700'000'000'000;
  notify_message m;
  m.events.push_back(e);
  return m;
}

} // namespace

CAF_TEST(the preset follows the webhook host) {
  CAF_CHECK(detect_webhook_preset(
                "https://hooks.slack.com/services/T000/B000/XXXX") ==
            webhook_preset::slack);
  CAF_CHECK(detect_webhook_preset(
                "https://discord.com/api/webhooks/123/abc?wait=true") ==
            webhook_preset::discord);
  CAF_CHECK(detect_webhook_preset("https://ptb.discord.com/api/webhooks/1/x") ==
            webhook_preset::discord);
  CAF_CHECK(detect_webhook_preset("https://discord.com/channels/1") ==
            webhook_preset::json);
  CAF_CHECK(detect_webhook_preset(
                "https://api.telegram.org/bot123:ABC/sendMessage") ==
            webhook_preset::telegram);
  CAF_CHECK(detect_webhook_preset("https://HOOKS.SLACK.COM:443/services/x") ==
            webhook_preset::slack);
  CAF_CHECK(detect_webhook_preset("http://127.0.0.1:8080/hook") ==
            webhook_preset::json);
  bool ok = false;
  CAF_CHECK(!parse_webhook_format("auto", ok) && ok);
  CAF_CHECK(parse_webhook_format("discord", ok) == webhook_preset::discord);
  CAF_CHECK(!parse_webhook_format("teams", ok) && !ok);
}

// Webhook URLs are bearer secrets: a log line must never carry the path.
CAF_TEST(a loggable url keeps only scheme and host) {
  CAF_CHECK_EQUAL(
      loggable_url("https://hooks.slack.com/services/T000/B000/SECRET"),
      "https://hooks.slack.com/…");
  CAF_CHECK_EQUAL(loggable_url("https://api.telegram.org/bot1:TOKEN/x"),
                  "https://api.telegram.org/…");
  CAF_CHECK_EQUAL(loggable_url("http://127.0.0.1:9000"), "http://127.0.0.1/");
  CAF_CHECK_EQUAL(loggable_url("nonsense"), "(malformed URL)");
}

CAF_TEST(one event is one line and a digest lists every event) {
  auto m = one("BTC halted");
  CAF_CHECK_EQUAL(message_text(m, "node-1"),
                  "trailgrid node-1: [CRITICAL] BTC halted");
  auto d = one("BTC halted");
  auto w = one("ETH breaker", notify_severity::warning).events[0];
  d.events.push_back(w);
  d.suppressed = 3;
  CAF_CHECK_EQUAL(message_text(d, "node-1"),
                  "trailgrid node-1: 2 events\n[CRITICAL] BTC halted\n"
                  "[warning] ETH breaker\n(3 more suppressed: repeats within "
                  "the dedupe window or past the rate limit)");
}

CAF_TEST(each preset posts the json shape of its service) {
  auto m = one("BTC \"halted\"\n<ok>");
  auto slack = json::parse(webhook_body(webhook_preset::slack, m, "n"));
  CAF_CHECK_EQUAL(slack["text"].get<std::string>(),
                  "trailgrid n: [CRITICAL] BTC \"halted\"\n<ok>");
  CAF_CHECK_EQUAL(slack.size(), 1u);
  auto discord = json::parse(webhook_body(webhook_preset::discord, m, "n"));
  CAF_CHECK(discord["content"].is_string());
  // No @everyone or role pings from a bot message.
  CAF_CHECK(discord["allowed_mentions"]["parse"].empty());
  auto tg =
      json::parse(webhook_body(webhook_preset::telegram, m, "n", "-100123"));
  CAF_CHECK_EQUAL(tg["chat_id"].get<std::string>(), "-100123");
  CAF_CHECK(tg["text"].is_string());
  auto plain = json::parse(webhook_body(webhook_preset::json, m, "n"));
  CAF_CHECK_EQUAL(plain["source"], "trailgrid");
  CAF_CHECK_EQUAL(plain["node"], "n");
  CAF_CHECK_EQUAL(plain["severity"], "critical");
  CAF_CHECK_EQUAL(plain["events"][0]["kind"], "halt");
  CAF_CHECK_EQUAL(plain["events"][0]["subject"], "BTC");
  CAF_CHECK_EQUAL(plain["events"][0]["ts_ms"].get<int64_t>(),
                  1'700'000'000'000);
}

CAF_TEST(long text is cut to the service limit on a utf8 boundary) {
  std::string text(1990, 'x');
  text += "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"; // 6 x e-acute
  text += std::string(100, 'y');
  auto m = one(text);
  auto discord = json::parse(webhook_body(webhook_preset::discord, m, "n"));
  auto content = discord["content"].get<std::string>();
  CAF_CHECK_LESS_OR_EQUAL(content.size(), 2000u);
  CAF_CHECK_EQUAL(content.substr(content.size() - 3), "...");
  CAF_CHECK_EQUAL(truncate_utf8("ab\xC3\xA9", 3 + 3), "ab\xC3\xA9");
  CAF_CHECK_EQUAL(truncate_utf8("abcd\xC3\xA9z", 6), "abc...");
  CAF_CHECK_EQUAL(truncate_utf8("a\xC3\xA9zzzz", 6), "a\xC3\xA9...");
  // Invalid UTF-8 from a figure is replaced, not an exception.
  auto bad = one("bad \xFF byte");
  CAF_CHECK(!webhook_body(webhook_preset::slack, bad, "n").empty());
}

CAF_TEST(transient failures are retried twice and client errors never) {
  CAF_CHECK_EQUAL(webhook_retry_delay_ms(0, 1).value_or(-1), 2'000);
  CAF_CHECK_EQUAL(webhook_retry_delay_ms(503, 2).value_or(-1), 10'000);
  CAF_CHECK(!webhook_retry_delay_ms(503, 3));
  CAF_CHECK_EQUAL(webhook_retry_delay_ms(429, 1).value_or(-1), 2'000);
  CAF_CHECK(!webhook_retry_delay_ms(404, 1));
  CAF_CHECK(!webhook_retry_delay_ms(400, 1));
}
