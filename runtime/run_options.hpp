#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace trailgrid::runtime {

/// The command line of `gridbot run`.
struct run_options {
  std::string config_path;
  /// Stop by itself after this many seconds (else: SIGINT / SIGTERM).
  std::optional<int64_t> duration_s;
  /// Also write the summary as JSON here.
  std::string summary_json;
  /// Live market data, paper orders: nothing is sent to the exchange.
  bool dry_run = false;
  /// Start a new accounting session in the journal instead of continuing
  /// the last one (session PnL, position and counters start from zero).
  bool new_session = false;
  /// Override [exchange] rest_url / ws_url (e.g. a lighter-sim on a port
  /// chosen at start).
  std::string rest_url;
  std::string ws_url;
  /// Print a one-line status of every market this often (0 = never).
  int64_t status_every_s = 0;
  bool help = false;
};

/// Parses the arguments after `gridbot run`; an error text on bad input.
std::variant<run_options, std::string>
parse_run_options(const std::vector<std::string_view>& args);

/// The `gridbot run --help` text.
std::string run_usage();

} // namespace trailgrid::runtime
