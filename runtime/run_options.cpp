#include "runtime/run_options.hpp"

#include <charconv>

namespace trailgrid::runtime {

namespace {

std::optional<int64_t> to_int(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

} // namespace

std::string run_usage() {
  return R"(usage: gridbot run --config FILE [options]

Runs the grid market maker on every [[market]] of FILE until SIGINT/SIGTERM
(or --duration). On the way out each market cancels its own orders, the
journal is flushed and a summary is printed.

options:
  --config FILE          the bot's TOML config (required)
  --duration SECONDS     stop by itself after this long
  --summary-json FILE    also write the summary as JSON to FILE
  --dry-run              live market data, paper orders: nothing is sent to
                         the exchange (no key needed; the journal is
                         <journal_path>.paper)
  --new-session          start a new accounting session in the journal
                         (default: continue the last one after a restart)
  --rest-url URL         use this REST URL instead of [exchange] rest_url
  --ws-url URL           use this WebSocket URL instead of [exchange] ws_url
  --status-every SECONDS print one status line per market this often
  -h, --help             this text

Secrets: LIGHTER_PRIVATE_KEY from the environment or a .env file next to the
config file or in the working directory.
)";
}

std::variant<run_options, std::string>
parse_run_options(const std::vector<std::string_view>& args) {
  run_options o;
  for (size_t i = 0; i < args.size(); ++i) {
    auto a = args[i];
    auto value = [&]() -> std::optional<std::string_view> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--config") {
      auto v = value();
      if (!v || v->empty()) return std::string{"--config needs a file"};
      o.config_path = std::string{*v};
    } else if (a == "--duration") {
      auto v = value();
      auto n = v ? to_int(*v) : std::nullopt;
      if (!n || *n <= 0)
        return std::string{"--duration needs a whole number of seconds > 0"};
      o.duration_s = *n;
    } else if (a == "--summary-json") {
      auto v = value();
      if (!v || v->empty()) return std::string{"--summary-json needs a file"};
      o.summary_json = std::string{*v};
    } else if (a == "--rest-url" || a == "--ws-url") {
      auto v = value();
      if (!v || v->empty()) return std::string{a} + " needs a URL";
      (a == "--rest-url" ? o.rest_url : o.ws_url) = std::string{*v};
    } else if (a == "--dry-run") {
      o.dry_run = true;
    } else if (a == "--new-session") {
      o.new_session = true;
    } else if (a == "--status-every") {
      auto v = value();
      auto n = v ? to_int(*v) : std::nullopt;
      if (!n || *n < 0)
        return std::string{"--status-every needs a whole number of seconds"};
      o.status_every_s = *n;
    } else {
      return "unknown option '" + std::string{a} + "'";
    }
  }
  if (!o.help && o.config_path.empty())
    return std::string{"missing --config FILE"};
  return o;
}

} // namespace trailgrid::runtime
