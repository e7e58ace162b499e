// gridbot backtest --config FILE --data FILE [--market SYMBOL]
//   [--set key=value]... [--json OUT] [--report OUT.html]
//   [--compare mid_price_source] [--sweep key=v1,v2,...]...

#include "runtime/commands.hpp"

#include "backtest/batch.hpp"
#include "backtest/engine.hpp"
#include "backtest/html_report.hpp"
#include "backtest/report_format.hpp"
#include "backtest/summary.hpp"
#include "runtime/backtest_setup.hpp"
#include "runtime/progress_bar.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace trailgrid::runtime {

namespace {

constexpr const char* backtest_help =
    "usage: gridbot backtest --config FILE --data FILE [--data FILE]\n"
    "         [--market SYMBOL] [--set key=value]... [--json OUT]\n"
    "         [--report OUT.html] [--compare mid_price_source]\n"
    "         [--sweep key=v1,v2,...]... [--jobs N] [--top N]\n"
    "         [--log-resets] [--no-timing]\n"
    "\n"
    "Replays recorded market data through the strategy the live bot runs,\n"
    "against a simulated exchange (fills, latency, the maker speed bump,\n"
    "post-only rejects, fees, funding). Models: docs/backtest.md.\n"
    "\n"
    "  --config FILE     TOML config (e.g. configs/balanced.toml)\n"
    "  --data FILE       candles (ts_ms,open,high,low,close,volume), trades\n"
    "                    (ts_ms,price,qty,side), or a depth file plus a trade\n"
    "                    file (L2); gzip accepted; the kind is read from the\n"
    "                    header\n"
    "  --market SYMBOL   the [[market]] of the config to use (default: the\n"
    "                    only one)\n"
    "  --set key=value   override a strategy key of the config or a backtest\n"
    "                    key (below); repeatable, applied in order\n"
    "  --json OUT        write the metrics and the configuration as JSON\n"
    "  --report OUT      write a self-contained HTML report (with --compare:\n"
    "                    one file per source, OUT-<source>.html)\n"
    "  --compare mid_price_source\n"
    "                    run all four centre sources and print one table\n"
    "  --sweep key=v1,v2 run every combination of the listed values (on all\n"
    "                    cores) and rank them by net PnL; repeatable\n"
    "  --jobs N          threads for --compare/--sweep (default: all cores)\n"
    "  --top N           rows of the --sweep ranking to print (default 20)\n"
    "  --log-resets      print one line per grid reset\n"
    "  --no-timing       write 0 for the wall-clock fields of the JSON, so\n"
    "                    the file is byte-identical between runs\n"
    "\n"
    "backtest keys for --set / --sweep:\n";

struct args {
  std::string config, market, json, report, compare;
  std::vector<std::string> data;
  std::vector<key_setting> sets;
  std::vector<std::pair<std::string, std::vector<std::string>>> sweep;
  unsigned jobs = 0;
  std::size_t top = 20;
  bool log_resets = false, timing = true, help = false;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "gridbot backtest: %s (try gridbot backtest --help)\n",
               msg.c_str());
  return exit_usage;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep)
      out.emplace_back();
    else
      out.back() += c;
  }
  return out;
}

std::optional<std::string> parse_args(const std::vector<std::string_view>& in,
                                      args& a) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::string_view arg = in[i];
    if (arg == "--help" || arg == "-h") {
      a.help = true;
      return std::nullopt;
    }
    if (arg == "--log-resets") {
      a.log_resets = true;
      continue;
    }
    if (arg == "--no-timing") {
      a.timing = false;
      continue;
    }
    std::string key{arg}, value;
    if (auto eq = arg.find('=');
        arg.substr(0, 2) == "--" && eq != std::string_view::npos &&
        arg.substr(0, eq) != "--set" && arg.substr(0, eq) != "--sweep") {
      key = std::string(arg.substr(0, eq));
      value = std::string(arg.substr(eq + 1));
    } else {
      if (i + 1 == in.size()) return key + " needs a value";
      value = std::string(in[++i]);
    }
    if (key == "--config")
      a.config = value;
    else if (key == "--data")
      a.data.push_back(value);
    else if (key == "--market")
      a.market = value;
    else if (key == "--json")
      a.json = value;
    else if (key == "--report")
      a.report = value;
    else if (key == "--compare") {
      if (value != "mid_price_source")
        return "--compare supports mid_price_source, got \"" + value + "\"";
      a.compare = value;
    } else if (key == "--set") {
      auto s = parse_key_setting(value);
      if (!s) return "--set needs key=value, got \"" + value + "\"";
      a.sets.push_back(*s);
    } else if (key == "--sweep") {
      auto s = parse_key_setting(value);
      if (!s || s->value.empty())
        return "--sweep needs key=v1,v2,..., got \"" + value + "\"";
      a.sweep.emplace_back(s->key, split(s->value, ','));
    } else if (key == "--jobs" || key == "--top") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 4096)
        return key + " must be an integer in 1..4096, got \"" + value + "\"";
      if (key == "--jobs")
        a.jobs = static_cast<unsigned>(n);
      else
        a.top = static_cast<std::size_t>(n);
    } else {
      return "unknown argument \"" + std::string(arg) + "\"";
    }
  }
  if (a.config.empty()) return std::string{"--config is required"};
  if (a.data.empty()) return std::string{"--data is required"};
  if (!a.compare.empty() && !a.sweep.empty())
    return std::string{"--compare and --sweep cannot be combined"};
  return std::nullopt;
}

bool write_file(const std::string& path, const std::string& text) {
  return write_output(path, text, "gridbot backtest");
}

std::string percent(strategy::ppm v) {
  return backtest::scaled_to_string(v, 4, 3) + "%";
}

void print_reset(const backtest::reset_info& r,
                 const strategy::market_spec& s) {
  const int qd = s.quote_decimals();
  std::printf("%s  %-8s centre %s  %-12s%s spacing %s  levels %zu+%zu  "
              "pos %s  pnl %s\n",
              backtest::utc_time(r.ts).c_str(),
              std::string(strategy::to_string(r.why)).c_str(),
              backtest::scaled_to_string(r.centre.value, s.price_decimals,
                                         s.price_decimals)
                  .c_str(),
              std::string(strategy::to_string(r.source)).c_str(),
              r.guard_fallback ? " (guard)" : "", percent(r.spacing).c_str(),
              r.bids, r.asks,
              backtest::scaled_to_string(r.position.value, s.size_decimals,
                                         s.size_decimals)
                  .c_str(),
              backtest::scaled_to_string(r.net_pnl.value, qd, 2).c_str());
}

// Writes {"label": ..., "result": {...}} objects as one JSON document.
std::string many_json(const std::string& kind,
                      const std::vector<std::string>& labels,
                      const std::vector<backtest::backtest_result>& results,
                      const std::vector<backtest::run_config>& configs,
                      bool timing) {
  std::string out = "{\n\"" + kind + "\": [\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    out += "{\"label\": \"" + labels[i] + "\", \"result\": ";
    auto j = backtest::result_json(results[i], configs[i], timing);
    j.pop_back(); // newline
    out += j + "}" + (i + 1 < results.size() ? ",\n" : "\n");
  }
  return out + "]\n}\n";
}

int run_single(const args& a, const backtest::run_config& cfg,
               const backtest::tape& data) {
  progress_bar bar("rows");
  backtest::run_hooks hooks;
  hooks.on_progress = [&](std::size_t d, std::size_t t) { bar.update(d, t); };
  if (a.log_resets)
    hooks.on_reset = [&](const backtest::reset_info& r) {
      print_reset(r, cfg.spec);
    };
  auto r =
      backtest::run_backtest(data, cfg.spec, cfg.params, cfg.options, hooks);
  bar.finish();
  std::printf("%s", backtest::summary_text(r).c_str());
  if (!a.json.empty() &&
      !write_file(a.json, backtest::result_json(r, cfg, a.timing)))
    return exit_failure;
  if (!a.report.empty() && !write_file(a.report, backtest::html_report(r, cfg)))
    return exit_failure;
  return r.error.empty() ? exit_ok : exit_failure;
}

} // namespace

int cmd_backtest(const std::vector<std::string_view>& argv) {
  args a;
  if (auto err = parse_args(argv, a)) return usage_error(*err);
  if (a.help) {
    std::fputs(backtest_help, stdout);
    for (const auto& [k, doc] : backtest_keys())
      std::printf("  %-18.*s %.*s\n", static_cast<int>(k.size()), k.data(),
                  static_cast<int>(doc.size()), doc.data());
    std::printf("\nand every strategy key of configs/example.toml.\n");
    return exit_ok;
  }
  auto base = make_run_config(a.config, a.market, a.sets, a.data.front());
  if (!base) {
    std::fprintf(stderr, "gridbot backtest: %s\n", base.error().c_str());
    return exit_failure;
  }
  auto loaded =
      backtest::load_tape(a.data, marketdata::scale::of(base.value().spec));
  if (!loaded.error.empty()) {
    std::fprintf(stderr, "gridbot backtest: %s\n", loaded.error.c_str());
    return exit_failure;
  }
  const auto& data = loaded.value;
  if (a.compare.empty() && a.sweep.empty())
    return run_single(a, base.value(), data);

  // Several runs: one configuration per label.
  std::vector<std::string> labels;
  std::vector<backtest::run_config> configs;
  auto add = [&](const std::string& label,
                 const std::vector<key_setting>& extra) -> bool {
    auto sets = a.sets;
    sets.insert(sets.end(), extra.begin(), extra.end());
    auto c = make_run_config(a.config, a.market, sets, a.data.front());
    if (!c) {
      std::fprintf(stderr, "gridbot backtest: %s: %s\n", label.c_str(),
                   c.error().c_str());
      return false;
    }
    labels.push_back(label);
    configs.push_back(std::move(c.value()));
    return true;
  };
  if (!a.compare.empty()) {
    for (auto src : {"filled_price", "market_mid", "mark_price", "last_price"})
      if (!add(src, {{"mid_price_source", src}})) return exit_failure;
  } else {
    // Every combination of the sweep lists (the last key varies fastest).
    std::vector<std::size_t> at(a.sweep.size(), 0);
    for (bool more = true; more;) {
      std::vector<key_setting> extra;
      std::string label;
      for (std::size_t k = 0; k < a.sweep.size(); ++k) {
        extra.push_back({a.sweep[k].first, a.sweep[k].second[at[k]]});
        label +=
            (k ? " " : "") + a.sweep[k].first + "=" + a.sweep[k].second[at[k]];
      }
      if (!add(label, extra)) return exit_failure;
      more = false;
      for (std::size_t k = a.sweep.size(); k-- > 0;) {
        if (++at[k] < a.sweep[k].second.size()) {
          more = true;
          break;
        }
        at[k] = 0;
      }
    }
  }
  progress_bar bar("runs");
  auto results = backtest::run_many(
      data, configs, a.jobs,
      [&](std::size_t d, std::size_t t) { bar.update(d, t); });
  bar.finish();
  std::printf("%s: %s (%s, %zu rows)\n",
              a.compare.empty() ? "sweep" : "compare mid_price_source",
              data.source.c_str(),
              std::string(backtest::to_string(data.kind)).c_str(), data.size());
  if (!a.compare.empty()) {
    std::printf(
        "%s",
        backtest::results_table("mid_price_source", labels, results).c_str());
  } else {
    auto order = backtest::rank_by_net(results);
    std::vector<std::string> ranked_labels;
    std::vector<backtest::backtest_result> ranked;
    for (std::size_t i = 0; i < order.size() && i < a.top; ++i) {
      ranked_labels.push_back("#" + std::to_string(i + 1) + " " +
                              labels[order[i]]);
      ranked.push_back(results[order[i]]);
    }
    std::printf(
        "%s",
        backtest::results_table("rank params", ranked_labels, ranked).c_str());
  }
  if (!a.json.empty() &&
      !write_file(a.json, many_json(a.compare.empty() ? "sweep" : "compare",
                                    labels, results, configs, a.timing)))
    return exit_failure;
  if (!a.report.empty()) {
    auto stem = a.report;
    if (stem.size() > 5 && stem.substr(stem.size() - 5) == ".html")
      stem.resize(stem.size() - 5);
    for (std::size_t i = 0; i < results.size(); ++i) {
      std::string name = labels[i];
      for (auto& c : name)
        if (c == ' ' || c == '=' || c == '/') c = '_';
      if (!write_file(stem + "-" + name + ".html",
                      backtest::html_report(results[i], configs[i])))
        return exit_failure;
    }
  }
  bool any_error = false;
  for (const auto& r : results)
    any_error = any_error || !r.error.empty();
  return any_error ? exit_failure : exit_ok;
}

} // namespace trailgrid::runtime
