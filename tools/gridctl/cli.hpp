#pragma once

// gridctl's command line (parsed without side effects, for tests).

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::gridctl {

/// Exit codes of gridctl (also in `gridctl --help` and the README).
enum exit_code : int {
  exit_ok = 0,
  exit_failure = 1,        ///< a node refused or failed the command
  exit_usage = 2,          ///< bad command line
  exit_unreachable = 3,    ///< a node did not answer within the timeout
  exit_bad_token = 4,      ///< a node refused the admin token
  exit_unknown_market = 5, ///< no node runs that market
  exit_reload_refused = 6, ///< reload: invalid config, stale diff, declined
};

/// A parsed command line.
struct options {
  std::vector<std::string> nodes; ///< HOST:PORT; default 127.0.0.1:4242
  std::string token_file;         ///< "" = $TRAILGRID_ADMIN_TOKEN / default
  std::string tls_dir;            ///< ca.pem + gridctl.pem + gridctl.key
  std::string cert, key, ca;      ///< explicit TLS files
  bool json = false;
  double timeout_s = 5;
  std::string command;   ///< tree status pause resume cancel drain stop
                         ///< reload watch
  std::string argument;  ///< MARKET for pause/resume/cancel, NODE for drain
  std::string config;    ///< reload --config F
  bool yes = false;      ///< reload --yes
  double interval_s = 2; ///< watch --interval S
};

/// The default node when no --node is given.
inline constexpr const char* default_node = "127.0.0.1:4242";

/// Parses argv (without the program name); the error text on failure.
std::variant<options, std::string>
parse_args(const std::vector<std::string>& args);

/// The --help text.
std::string usage_text();

} // namespace trailgrid::gridctl
