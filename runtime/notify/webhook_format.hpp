#pragma once

// The HTTP side of a notification, without the HTTP: which preset a
// webhook URL gets (Slack, Discord, Telegram or plain JSON), the text of a
// message, the JSON body POSTed for it, a loggable form of the URL (webhook
// URLs carry their token in the path) and whether a failed POST is retried.
// Pure.

#include "runtime/notify/notify_policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// The shape of the JSON body.
enum class webhook_preset : uint8_t {
  json,     ///< {"source","node","severity","text","events":[...],...}
  slack,    ///< Slack incoming webhook: {"text": ...}
  discord,  ///< Discord webhook: {"content": ..., no mentions}
  telegram, ///< Telegram Bot API sendMessage: {"chat_id", "text"}
};

/// "json", "slack", "discord", "telegram".
std::string_view to_string(webhook_preset p);

/// Parses a config `format`: one of the presets, or "auto" (nothing: use
/// detect_webhook_preset). Unknown text: nothing and `ok` false.
std::optional<webhook_preset> parse_webhook_format(std::string_view text,
                                                   bool& ok);

/// The preset a URL's host implies: hooks.slack.com -> slack,
/// discord.com / discordapp.com (path /api/webhooks/...) -> discord,
/// api.telegram.org -> telegram, anything else -> json.
webhook_preset detect_webhook_preset(std::string_view url);

/// The URL without its secrets, for logs: "https://hooks.slack.com/…".
std::string loggable_url(std::string_view url);

/// The message as text: one line for one event, a header line and one line
/// per event for a digest, then the suppressed count:
/// "trailgrid node-1: [CRITICAL] BTC halted: ...".
std::string message_text(const notify_message& m, std::string_view node);

/// The JSON body for `preset`. Text is cut to the service's limit (Discord
/// 2000, Telegram 4096 characters) on a UTF-8 boundary; invalid UTF-8 is
/// replaced, never an error.
std::string webhook_body(webhook_preset preset, const notify_message& m,
                         std::string_view node,
                         std::string_view telegram_chat_id = {});

/// After the POST of attempt `attempt` (1 for the first) failed with HTTP
/// `status` (0: no answer: connect error, timeout): the delay before the
/// next attempt, or nothing to give up. Retried: no answer, 408, 429 and
/// 5xx, at most 3 attempts in all (2 s, then 10 s); other 4xx (a wrong URL
/// or token) never.
std::optional<int64_t> webhook_retry_delay_ms(int status, int attempt);

/// `text` cut to at most `max_bytes` bytes without splitting a UTF-8
/// sequence, with "..." appended when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

} // namespace trailgrid::runtime
