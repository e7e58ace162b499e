// gridbot report: a live or paper journal as the backtest's HTML report plus
// markouts; gridbot journal export: a journal as CSV.

#include "runtime/commands.hpp"
#include "runtime/journal.hpp"
#include "runtime/journal_report.hpp"

#include "backtest/html_report.hpp"
#include "backtest/report_format.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

namespace trailgrid::runtime {

namespace {

constexpr const char* report_help =
    "usage: gridbot report --journal FILE [--out FILE.html] [--market SYMBOL]\n"
    "                      [--all-sessions] [--markouts-csv FILE]\n"
    "                      [--fills-csv FILE] [--points N]\n"
    "\n"
    "Turns the journal of a live or paper run (`gridbot run` writes it to\n"
    "[runtime] journal_path; `.paper` for --dry-run) into the self-contained\n"
    "HTML report of `gridbot backtest` (price, grid centre and fills,\n"
    "inventory, equity and drawdown, resets, summary) plus the markouts of\n"
    "every fill: how the mid moved 1 s, 10 s and 60 s after it, by side and "
    "by\n"
    "the centre source of the grid whose order filled. Prints a summary per\n"
    "market.\n"
    "\n"
    "  --journal FILE      the journal to read\n"
    "  --out FILE.html     where the report goes (default: the journal's path\n"
    "                      + \".html\"); with several markets one file per\n"
    "                      market, the symbol before the extension\n"
    "  --market SYMBOL     only this market\n"
    "  --all-sessions      every session of the file (default: the last one)\n"
    "  --markouts-csv FILE the markout tables as CSV\n"
    "  --fills-csv FILE    every fill with its markouts as CSV\n"
    "  --points N          buckets of the charts (default 1000)\n";

constexpr const char* journal_help =
    "usage: gridbot journal export --csv --journal FILE [--out FILE]\n"
    "                              [--market SYMBOL] [--all-sessions]\n"
    "                              [--fills]\n"
    "\n"
    "Writes a journal as CSV (stdout without --out): one line per entry with\n"
    "every field of every kind as a column (seq, ts_ms, utc, kind, market,\n"
    "side, price, size, fee, ..., bid, ask, at_ms, ...), prices and sizes in\n"
    "human units where the journal has the market's scale. --fills writes\n"
    "only the fills, each with its centre source and markouts (bps) at 1 s,\n"
    "10 s and 60 s.\n"
    "\n"
    "  --journal FILE      the journal to read\n"
    "  --out FILE          write here instead of stdout\n"
    "  --market SYMBOL     only this market\n"
    "  --all-sessions      every session of the file (default: the last one)\n"
    "  --fills             fills with markouts instead of every entry\n";

struct report_args {
  std::string journal;
  std::string out;
  std::string markouts_csv;
  std::string fills_csv;
  journal_report_options options;
  bool csv = false;
  bool fills = false;
  bool help = false;
};

// Parses --key value / --key=value options; `flags` take no value.
std::optional<std::string> parse(const std::vector<std::string_view>& in,
                                 report_args& a, bool export_mode) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::string_view arg = in[i];
    if (arg == "--help" || arg == "-h") {
      a.help = true;
      return std::nullopt;
    }
    std::string_view key = arg, value;
    bool inline_value = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != arg.npos) {
      key = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inline_value = true;
    }
    auto flag = [&](bool& target) -> std::optional<std::string> {
      if (inline_value) return std::string{key} + " takes no value";
      target = true;
      return std::nullopt;
    };
    auto need = [&]() -> std::optional<std::string> {
      if (inline_value) return std::nullopt;
      if (i + 1 == in.size()) return std::string{key} + " needs a value";
      value = in[++i];
      return std::nullopt;
    };
    std::optional<std::string> err;
    if (key == "--all-sessions") {
      err = flag(a.options.all_sessions);
    } else if (export_mode && key == "--csv") {
      err = flag(a.csv);
    } else if (export_mode && key == "--fills") {
      err = flag(a.fills);
    } else if (key == "--journal" || key == "--out" || key == "--market" ||
               (!export_mode && (key == "--markouts-csv" ||
                                 key == "--fills-csv" || key == "--points"))) {
      if ((err = need())) return err;
      if (value.empty()) return std::string{key} + " needs a value";
      std::string v{value};
      if (key == "--journal")
        a.journal = v;
      else if (key == "--out")
        a.out = v;
      else if (key == "--market")
        a.options.market = v;
      else if (key == "--markouts-csv")
        a.markouts_csv = v;
      else if (key == "--fills-csv")
        a.fills_csv = v;
      else {
        int n = 0;
        auto res = std::from_chars(v.data(), v.data() + v.size(), n);
        if (res.ec != std::errc{} || res.ptr != v.data() + v.size() || n < 10 ||
            n > 100'000)
          return "--points must be an integer in 10..100000, got \"" + v + "\"";
        a.options.series_points = n;
      }
    } else {
      return "unknown option '" + std::string{arg} + "'";
    }
    if (err) return err;
  }
  if (a.journal.empty()) return std::string{"--journal FILE is required"};
  if (export_mode && !a.csv)
    return std::string{"--csv is required (the only export format)"};
  return std::nullopt;
}

bool write_file(const std::string& path, const std::string& text) {
  return write_output(path, text, "gridbot");
}

std::optional<journal_contents> read(const std::string& path, const char* who) {
  auto c = read_journal(path);
  if (!c) {
    std::fprintf(stderr, "gridbot %s: %s\n", who, c.error().c_str());
    return std::nullopt;
  }
  if (c.value().scan.torn)
    std::fprintf(stderr,
                 "gridbot %s: %s ends in a torn record (%s); reporting what "
                 "comes before it\n",
                 who, path.c_str(), c.value().scan.torn->reason.c_str());
  return std::move(c.value());
}

// "report.html" + "BTC" -> "report-BTC.html".
std::string with_symbol(const std::string& path, const std::string& symbol) {
  auto slash = path.find_last_of('/');
  auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
    return path + "-" + symbol;
  return path.substr(0, dot) + "-" + symbol + path.substr(dot);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

int cmd_report(const std::vector<std::string_view>& args) {
  report_args a;
  if (auto err = parse(args, a, false)) {
    std::fprintf(stderr, "gridbot report: %s (try gridbot report --help)\n",
                 err->c_str());
    return exit_usage;
  }
  if (a.help) {
    std::printf("%s", report_help);
    return exit_ok;
  }
  auto contents = read(a.journal, "report");
  if (!contents) return exit_failure;
  auto rep = build_journal_report(contents->records, a.journal, a.options);
  if (rep.markets.empty()) {
    std::fprintf(stderr,
                 "gridbot report: %s has no market entries%s%s (%llu records "
                 "in the reported span)\n",
                 a.journal.c_str(), a.options.market.empty() ? "" : " for ",
                 a.options.market.c_str(),
                 static_cast<unsigned long long>(rep.records));
    return exit_failure;
  }
  const bool paper = ends_with(a.journal, ".paper");
  std::string config_text;
  for (auto& [k, v] : rep.config)
    config_text += k + " = " + v + "\n";
  if (config_text.empty())
    config_text = "(the journal holds no configuration entries)";
  auto out = a.out.empty() ? a.journal + ".html" : a.out;
  int rc = exit_ok;
  std::string markouts_csv;
  for (const auto& m : rep.markets) {
    backtest::report_page page;
    page.title = std::string{"trailgrid "} + (paper ? "paper" : "live") +
                 " run: " + m.result.symbol;
    page.subtitle =
        a.journal + " (" +
        (a.options.all_sessions ? "every session" : "last session") +
        (rep.node.empty() ? "" : ", node " + rep.node) + ", " +
        std::to_string(m.result.rows) + " entries, " +
        backtest::utc_time(m.result.first_ts) + " \xE2\x86\x92 " +
        backtest::utc_time(m.result.end_ts) + " UTC)";
    page.config = config_text;
    page.footer = "Generated by gridbot report from a journal; markouts and "
                  "the journal's book samples: docs/backtest.md.";
    auto path =
        rep.markets.size() > 1 ? with_symbol(out, m.result.symbol) : out;
    std::printf("%s", journal_summary_text(m).c_str());
    if (!write_file(path, backtest::html_report(m.result, page))) {
      rc = exit_failure;
      continue;
    }
    std::printf("  report: %s\n", path.c_str());
    auto csv = backtest::markout_csv(
        m.result.markouts, m.result.price_decimals + m.result.size_decimals);
    if (markouts_csv.empty())
      markouts_csv = "market," + csv.substr(0, csv.find('\n') + 1);
    for (auto p = csv.find('\n') + 1; p < csv.size();) {
      auto e = csv.find('\n', p);
      markouts_csv += m.result.symbol + "," + csv.substr(p, e + 1 - p);
      p = e + 1;
    }
  }
  if (!a.markouts_csv.empty() && !write_file(a.markouts_csv, markouts_csv))
    rc = exit_failure;
  if (!a.fills_csv.empty() && !write_file(a.fills_csv, fills_csv(rep)))
    rc = exit_failure;
  return rc;
}

int cmd_journal(const std::vector<std::string_view>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::printf("%s", journal_help);
    return args.empty() ? exit_usage : exit_ok;
  }
  if (args[0] != "export") {
    std::fprintf(stderr,
                 "gridbot journal: unknown action '%.*s' (try gridbot "
                 "journal --help)\n",
                 static_cast<int>(args[0].size()), args[0].data());
    return exit_usage;
  }
  report_args a;
  std::vector<std::string_view> rest(args.begin() + 1, args.end());
  if (auto err = parse(rest, a, true)) {
    std::fprintf(stderr,
                 "gridbot journal export: %s (try gridbot journal --help)\n",
                 err->c_str());
    return exit_usage;
  }
  if (a.help) {
    std::printf("%s", journal_help);
    return exit_ok;
  }
  auto contents = read(a.journal, "journal export");
  if (!contents) return exit_failure;
  std::string csv = a.fills ? fills_csv(build_journal_report(
                                  contents->records, a.journal, a.options))
                            : journal_csv(contents->records, a.options);
  if (a.out.empty()) {
    std::fwrite(csv.data(), 1, csv.size(), stdout);
    return exit_ok;
  }
  return write_file(a.out, csv) ? exit_ok : exit_failure;
}

} // namespace trailgrid::runtime
