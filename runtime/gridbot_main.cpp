// gridbot: one binary, one subcommand per job (run, check, backtest, atr,
// keygen, read-only-token, report, journal, journal-salvage).

#include "runtime/commands.hpp"

#include <cstdio>
#include <string>

namespace trailgrid::runtime {

const std::vector<command>& commands() {
  static const std::vector<command> all = {
      {"run", "run the grid market maker on the configured markets", cmd_run},
      {"check",
       "read-only pre-flight of a config against its exchange (key, "
       "account, markets, collateral, clock, quota)",
       cmd_check},
      {"atr", "print true range and Wilder ATR for every row of a candle CSV",
       cmd_atr},
      {"backtest",
       "replay candles, trades or L2 data through the strategy "
       "(summary, JSON, HTML report, --compare, --sweep)",
       cmd_backtest},
      {"keygen", "print a throwaway API key pair (demos, lighter-sim)",
       cmd_keygen},
      {"read-only-token",
       "create a read-only token of the account for nodes without a key",
       cmd_read_only_token},
      {"journal-salvage",
       "keep every readable record of a journal corrupt in the middle",
       cmd_journal_salvage},
      {"report", "a live or paper journal as an HTML report with fill markouts",
       cmd_report},
      {"journal", "export a journal as CSV (journal export --csv)",
       cmd_journal},
  };
  return all;
}

} // namespace trailgrid::runtime

namespace {

void print_help(std::FILE* out) {
  std::fprintf(out, "usage: gridbot <command> [options]\n\ncommands:\n");
  for (auto& c : trailgrid::runtime::commands())
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()),
                 c.name.data(), static_cast<int>(c.summary.size()),
                 c.summary.data());
  std::fprintf(out, "\n`gridbot <command> --help` describes a command.\n");
}

} // namespace

int main(int argc, char** argv) {
  using namespace trailgrid::runtime;
  if (argc < 2) {
    std::fprintf(stderr, "gridbot: missing command (try gridbot --help)\n");
    return exit_usage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_help(stdout);
    return exit_ok;
  }
  std::vector<std::string_view> args(argv + 2, argv + argc);
  for (auto& c : commands())
    if (c.name == name) return c.run(args);
  std::fprintf(stderr, "gridbot: unknown command '%s' (try gridbot --help)\n",
               argv[1]);
  return exit_usage;
}
