#include "tools/gridctl/cli.hpp"

#include <cstdlib>
#include <set>

namespace trailgrid::gridctl {

namespace {

std::optional<double> positive_number(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v > 0) || v > 3600)
    return std::nullopt;
  return v;
}

} // namespace

std::string usage_text() {
  return R"(usage: gridctl [--node HOST:PORT]... [--token-file F] [--tls-dir D]
               [--timeout S] [--json] COMMAND

commands:
  tree                      the deployment's actor tree (like pstree)
  status                    one row per market: state, mid, ATR, spacing, ...
  pause MARKET              stop quoting MARKET (on whichever node runs it)
  resume MARKET             quote MARKET again
  cancel MARKET             cancel MARKET's orders now (quoting stops)
  drain NODE                NODE (HOST:PORT) stops quoting and cancels its
                            orders; it keeps running
  stop                      clean shutdown of every given node (market
                            nodes first)
  reload [--config F] [--yes]
                            validate a new config on the node (F, or the
                            node's own file re-read), show the difference,
                            apply it after confirmation
  watch [--interval S]      redraw the status every S seconds (default 2)
                            until Ctrl-C

options:
  --node HOST:PORT  a node's admin service (repeatable); default 127.0.0.1:4242
  --token-file F    the admin token file; default $TRAILGRID_ADMIN_TOKEN, else
                    ~/.config/trailgrid/admin.token
  --tls-dir D       mutual TLS with D/ca.pem, D/gridctl.pem, D/gridctl.key
                    (tools/make-certs D gridctl); also $TRAILGRID_TLS_DIR
  --cert F --key F --ca F   the same files given one by one
  --timeout S       how long a node may take to connect and answer (5)
  --json            machine-readable output (tree, status)

exit codes:
  0 ok   1 a node refused or failed the command   2 bad command line
  3 node unreachable   4 wrong admin token   5 unknown market
  6 reload refused (invalid config, stale diff, or not confirmed)
)";
}

std::variant<options, std::string>
parse_args(const std::vector<std::string>& args) {
  options o;
  static const std::set<std::string> commands = {"tree",   "status", "pause",
                                                 "resume", "cancel", "drain",
                                                 "stop",   "reload", "watch"};
  std::vector<std::string> positional;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&](const char* name) -> std::optional<std::string> {
      auto eq = a.find('=');
      if (eq != std::string::npos) return a.substr(eq + 1);
      if (i + 1 >= args.size()) return std::nullopt;
      (void)name;
      return args[++i];
    };
    auto is = [&](const char* name) {
      return a == name || a.rfind(std::string{name} + "=", 0) == 0;
    };
    if (a == "--json") {
      o.json = true;
    } else if (a == "--yes" || a == "-y") {
      o.yes = true;
    } else if (is("--node") || is("--token-file") || is("--tls-dir") ||
               is("--cert") || is("--key") || is("--ca") || is("--timeout") ||
               is("--config") || is("--interval")) {
      auto name = a.substr(0, a.find('='));
      auto v = value(name.c_str());
      if (!v || v->empty()) return name + " needs a value";
      if (name == "--node") {
        o.nodes.push_back(*v);
      } else if (name == "--token-file") {
        o.token_file = *v;
      } else if (name == "--tls-dir") {
        o.tls_dir = *v;
      } else if (name == "--cert") {
        o.cert = *v;
      } else if (name == "--key") {
        o.key = *v;
      } else if (name == "--ca") {
        o.ca = *v;
      } else if (name == "--config") {
        o.config = *v;
      } else {
        auto n = positive_number(*v);
        if (!n) return name + " needs a number of seconds in (0, 3600]";
        (name == "--timeout" ? o.timeout_s : o.interval_s) = *n;
      }
    } else if (!a.empty() && a[0] == '-') {
      return "unknown option '" + a + "'";
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return std::string{"missing command"};
  o.command = positional[0];
  if (commands.count(o.command) == 0)
    return "unknown command '" + o.command + "'";
  bool needs_arg = o.command == "pause" || o.command == "resume" ||
                   o.command == "cancel" || o.command == "drain";
  size_t want = needs_arg ? 2 : 1;
  if (positional.size() < want)
    return o.command + " needs " +
           (o.command == "drain" ? "a NODE (HOST:PORT)" : "a MARKET");
  if (positional.size() > want)
    return "unexpected argument '" + positional[want] + "'";
  if (needs_arg) o.argument = positional[1];
  if (!o.config.empty() && o.command != "reload")
    return std::string{"--config belongs to reload"};
  int explicit_tls = !o.cert.empty() + !o.key.empty() + !o.ca.empty();
  if (explicit_tls != 0 && explicit_tls != 3)
    return std::string{"--cert, --key and --ca go together"};
  if (explicit_tls == 3 && !o.tls_dir.empty())
    return std::string{"use either --tls-dir or --cert/--key/--ca"};
  if (o.nodes.empty()) o.nodes.push_back(default_node);
  if (o.command == "reload" && !o.config.empty() && o.nodes.size() != 1)
    return std::string{"reload --config F applies to one node: give exactly "
                       "one --node"};
  return o;
}

} // namespace trailgrid::gridctl
