#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::runtime {

/// Exit codes of every gridbot subcommand.
enum exit_code : int {
  exit_ok = 0,
  exit_failure = 1, ///< the command ran and failed (unreadable file, ...)
  exit_usage = 2,   ///< bad command line
  /// gridbot run: orders of ours may still rest on the exchange (listed in
  /// the summary); the dead-man switch, when configured, stays armed.
  exit_orders_left = 3,
};

/// One gridbot subcommand: `gridbot <name> args...`.
struct command {
  std::string_view name;
  std::string_view summary; ///< one line for `gridbot --help`
  /// Runs with the arguments after the subcommand name; returns the exit code.
  int (*run)(const std::vector<std::string_view>& args);
};

/// Writes `text` to the file `path` (a report, a CSV, a JSON result); when
/// that fails, prints "<prefix>: cannot write <path>" and returns false.
bool write_output(const std::string& path, const std::string& text,
                  std::string_view prefix);

/// Every subcommand, in help order. Add new ones here.
const std::vector<command>& commands();

/// `gridbot atr`: prints ts_ms,tr,atr for every row of a candle file.
int cmd_atr(const std::vector<std::string_view>& args);

/// `gridbot run`: the market-making node (see run_usage()).
int cmd_run(const std::vector<std::string_view>& args);

/// `gridbot check`: read-only pre-flight of a config (runtime/preflight.hpp).
int cmd_check(const std::vector<std::string_view>& args);

/// `gridbot keygen`: a throwaway API key pair (demos, lighter-sim).
int cmd_keygen(const std::vector<std::string_view>& args);
int cmd_read_only_token(const std::vector<std::string_view>& args);

/// `gridbot journal-salvage`: keeps every readable record of a journal with
/// a corrupt record in the middle.
int cmd_journal_salvage(const std::vector<std::string_view>& args);

/// `gridbot backtest`: replays market data through the strategy.
int cmd_backtest(const std::vector<std::string_view>& args);

/// `gridbot report`: a live or paper journal as an HTML report with markouts.
int cmd_report(const std::vector<std::string_view>& args);

/// `gridbot journal export --csv`: a journal as CSV.
int cmd_journal(const std::vector<std::string_view>& args);

} // namespace trailgrid::runtime
