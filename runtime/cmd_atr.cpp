// gridbot atr --period N --candles FILE [--convention talib|tulip]

#include "runtime/commands.hpp"

#include "marketdata/readers.hpp"
#include "strategy/atr.hpp"

#include <charconv>
#include <cstdio>
#include <optional>
#include <string>

namespace trailgrid::runtime {

namespace {

constexpr const char* atr_help =
    "usage: gridbot atr --period N --candles FILE [--convention talib|tulip]\n"
    "\n"
    "Reads a candle CSV (header ts_ms,open,high,low,close,volume; gzip is\n"
    "detected) and prints CSV ts_ms,tr,atr for every input row: the true "
    "range\n"
    "and the Wilder ATR(N), shortest round-trip numbers, empty where no value\n"
    "exists yet.\n"
    "\n"
    "  --period N          averaging period, 1..100000\n"
    "  --candles FILE      candle CSV, plain or gzip\n"
    "  --convention C      talib (default): first TR needs a previous close,\n"
    "                      first ATR on bar N; tulip: bar 0's TR is high-low,\n"
    "                      first ATR on bar N-1\n";

struct atr_args {
  int period = 0;
  std::string candles;
  strategy::atr_convention convention = strategy::atr_convention::talib;
  bool help = false;
};

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "gridbot atr: %s (try gridbot atr --help)\n",
               msg.c_str());
  return exit_usage;
}

// Parses the arguments; returns a usage message on error.
std::optional<std::string> parse_args(const std::vector<std::string_view>& in,
                                      atr_args& out) {
  bool have_period = false;
  for (size_t i = 0; i < in.size(); ++i) {
    std::string_view arg = in[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return std::nullopt;
    }
    std::string_view value;
    std::string_view key = arg;
    if (auto eq = arg.find('=');
        arg.substr(0, 2) == "--" && eq != std::string_view::npos) {
      key = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (arg == "--period" || arg == "--candles" ||
               arg == "--convention") {
      if (i + 1 == in.size()) return std::string{arg} + " needs a value";
      value = in[++i];
    }
    if (key == "--period") {
      int p = 0;
      auto res = std::from_chars(value.data(), value.data() + value.size(), p);
      if (res.ec != std::errc{} || res.ptr != value.data() + value.size() ||
          p < 1 || p > 100'000)
        return "--period must be an integer in 1..100000, got \"" +
               std::string{value} + "\"";
      out.period = p;
      have_period = true;
    } else if (key == "--candles") {
      if (value.empty()) return std::string{"--candles needs a file name"};
      out.candles = std::string{value};
    } else if (key == "--convention") {
      auto c = strategy::parse_atr_convention(value);
      if (!c)
        return "--convention must be talib or tulip, got \"" +
               std::string{value} + "\"";
      out.convention = *c;
    } else {
      return "unknown argument \"" + std::string{arg} + "\"";
    }
  }
  if (!have_period) return std::string{"--period is required"};
  if (out.candles.empty()) return std::string{"--candles is required"};
  return std::nullopt;
}

// Appends a double in shortest round-trip form.
void append_number(std::string& out, double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

} // namespace

int cmd_atr(const std::vector<std::string_view>& args) {
  atr_args a;
  if (auto err = parse_args(args, a)) return usage_error(*err);
  if (a.help) {
    std::fputs(atr_help, stdout);
    return exit_ok;
  }
  marketdata::candle_reader reader{a.candles};
  strategy::atr indicator{a.period, a.convention};
  std::string out = "ts_ms,tr,atr\n";
  marketdata::candle_f64 c;
  while (reader.next(c)) {
    indicator.update(marketdata::to_bar(c));
    char ts[24];
    out.append(ts, std::to_chars(ts, ts + sizeof ts, c.ts_ms).ptr);
    out += ',';
    if (auto tr = indicator.last_true_range()) append_number(out, *tr);
    out += ',';
    if (indicator.initialized()) append_number(out, indicator.value());
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  if (reader.error()) {
    std::fflush(stdout);
    std::fprintf(stderr, "gridbot atr: %s\n",
                 reader.error()->to_string().c_str());
    return exit_failure;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? exit_ok : exit_failure;
}

} // namespace trailgrid::runtime
