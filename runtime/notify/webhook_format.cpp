#include "runtime/notify/webhook_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace trailgrid::runtime {

namespace {

using json = nlohmann::json;

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Host and path of "scheme://host[:port]/path?query" ("" when malformed).
std::pair<std::string, std::string> host_and_path(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  auto rest = url.substr(scheme + 3);
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  auto path = slash == std::string_view::npos ? std::string_view{"/"}
                                              : rest.substr(slash);
  if (authority.find('@') != std::string_view::npos)
    authority = authority.substr(authority.find('@') + 1);
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos &&
      authority.find(']') == std::string_view::npos)
    authority = authority.substr(0, colon);
  return {lower(authority), std::string{path}};
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string upper(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return out;
}

std::string severity_tag(notify_severity s) {
  return "[" +
         (s == notify_severity::critical ? upper(to_string(s))
                                         : std::string{to_string(s)}) +
         "]";
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::string_view to_string(webhook_preset p) {
  switch (p) {
  case webhook_preset::json:
    return "json";
  case webhook_preset::slack:
    return "slack";
  case webhook_preset::discord:
    return "discord";
  case webhook_preset::telegram:
    return "telegram";
  }
  return "?";
}

std::optional<webhook_preset> parse_webhook_format(std::string_view text,
                                                   bool& ok) {
  ok = true;
  if (text == "auto") return std::nullopt;
  for (auto p : {webhook_preset::json, webhook_preset::slack,
                 webhook_preset::discord, webhook_preset::telegram})
    if (to_string(p) == text) return p;
  ok = false;
  return std::nullopt;
}

webhook_preset detect_webhook_preset(std::string_view url) {
  auto [host, path] = host_and_path(url);
  if (host == "hooks.slack.com") return webhook_preset::slack;
  if ((host == "discord.com" || host == "discordapp.com" ||
       ends_with(host, ".discord.com")) &&
      path.rfind("/api/webhooks/", 0) == 0)
    return webhook_preset::discord;
  if (host == "api.telegram.org") return webhook_preset::telegram;
  return webhook_preset::json;
}

std::string loggable_url(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "(malformed URL)";
  auto [host, path] = host_and_path(url);
  return std::string{url.substr(0, scheme)} + "://" + host +
         (path.size() > 1 ? "/…" : "/");
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string{text};
  const std::string_view ellipsis = "...";
  std::size_t cut =
      max_bytes > ellipsis.size() ? max_bytes - ellipsis.size() : 0;
  // Back off continuation bytes (10xxxxxx) so no sequence is split.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string{text.substr(0, cut)} + std::string{ellipsis};
}

std::string message_text(const notify_message& m, std::string_view node) {
  std::string out = "trailgrid " + std::string{node} + ": ";
  if (m.events.size() == 1) {
    out +=
        severity_tag(m.events.front().severity) + " " + m.events.front().text;
  } else {
    out += std::to_string(m.events.size()) + " events";
    for (auto& e : m.events)
      out += "\n" + severity_tag(e.severity) + " " + e.text;
  }
  if (m.suppressed > 0)
    out += "\n(" + std::to_string(m.suppressed) +
           " more suppressed: repeats within the dedupe window or past the "
           "rate limit)";
  return out;
}

std::string webhook_body(webhook_preset preset, const notify_message& m,
                         std::string_view node,
                         std::string_view telegram_chat_id) {
  auto text = message_text(m, node);
  switch (preset) {
  case webhook_preset::slack:
    return dump(json{{"text", truncate_utf8(text, 39'000)}});
  case webhook_preset::discord:
    return dump(json{{"content", truncate_utf8(text, 2000)},
                     {"allowed_mentions", {{"parse", json::array()}}}});
  case webhook_preset::telegram:
    return dump(json{{"chat_id", std::string{telegram_chat_id}},
                     {"text", truncate_utf8(text, 4096)},
                     {"disable_web_page_preview", true}});
  case webhook_preset::json:
    break;
  }
  json events = json::array();
  for (auto& e : m.events)
    events.push_back({{"kind", e.kind},
                      {"severity", std::string{to_string(e.severity)}},
                      {"subject", e.subject},
                      {"text", e.text},
                      {"ts_ms", e.ts_ms}});
  return dump(json{{"source", "trailgrid"},
                   {"node", std::string{node}},
                   {"severity", std::string{to_string(m.severity())}},
                   {"text", text},
                   {"events", events},
                   {"suppressed", m.suppressed}});
}

std::optional<int64_t> webhook_retry_delay_ms(int status, int attempt) {
  bool transient =
      status == 0 || status == 408 || status == 429 || status >= 500;
  if (!transient || attempt >= 3) return std::nullopt;
  return attempt == 1 ? 2'000 : 10'000;
}

} // namespace trailgrid::runtime
