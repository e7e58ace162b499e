// chaos_check: after a chaos run, compares the bot's summary and journal
// with lighter-sim's record and end state. Prints one line per difference
// and exits 1 when there is any, 0 when the books agree, 2 on bad input.

#include "tools/chaos/chaos_compare.hpp"
#include "tools/chaos/chaos_inputs.hpp"

#include <cstdio>
#include <iostream>
#include <string>

using namespace trailgrid::chaos;

namespace {

constexpr const char* usage =
    R"(usage: chaos_check --record FILE --journal FILE [--summary FILE]
                   [--exit-code N] [--account N] [--restarts] [--figures]

  --record FILE    lighter-sim's GET /sim/record answer, saved after the run
  --journal FILE   the bot's journal (runtime.journal_path)
  --summary FILE   the bot's --summary-json file (missing = a difference)
  --exit-code N    exit code of the (last) gridbot process (default 0)
  --account N      our account index (default 100)
  --restarts       the summary covers only the last of several processes:
                   compare its positions, not its fill counts
  --figures        print the figures table before the differences

Fails (exit 1, one line per difference) on: exit code != 0; an order of
the account still resting; per market fills (count, trade ids) or final
position differing between journal/summary and exchange; a nonce accepted
twice; invalid-nonce rejections (21104) above the injected nonce desyncs.
)";

int bad(const std::string& why) {
  std::cerr << "chaos_check: " << why << "\n";
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  std::string record_file, journal_file, summary_file;
  bot_view bot;
  int64_t account = 100;
  bool figures = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    std::optional<std::string> v;
    if (a == "--help" || a == "-h") {
      std::cout << usage;
      return 0;
    } else if (a == "--restarts") {
      bot.summary_is_last_process_only = true;
    } else if (a == "--figures") {
      figures = true;
    } else if (a == "--record" || a == "--journal" || a == "--summary" ||
               a == "--exit-code" || a == "--account") {
      if (!(v = value())) return bad(a + " needs a value");
      try {
        if (a == "--record")
          record_file = *v;
        else if (a == "--journal")
          journal_file = *v;
        else if (a == "--summary")
          summary_file = *v;
        else if (a == "--exit-code")
          bot.exit_code = std::stoi(*v);
        else
          account = std::stoll(*v);
      } catch (const std::exception&) {
        return bad(a + " wants an integer, got '" + *v + "'");
      }
    } else {
      return bad("unknown option '" + a + "'\n" + usage);
    }
  }
  if (record_file.empty() || journal_file.empty())
    return bad(std::string("--record and --journal are required\n") + usage);

  auto record_text = slurp(record_file);
  if (!record_text) return bad("cannot read " + record_file);
  auto ex = parse_sim_record(*record_text, account);
  if (auto* e = std::get_if<std::string>(&ex))
    return bad(record_file + ": " + *e);
  auto fills = read_journal_fills(journal_file);
  if (auto* e = std::get_if<std::string>(&fills))
    return bad(journal_file + ": " + *e);
  bot.journal_fills = std::get<0>(std::move(fills));
  if (!summary_file.empty())
    if (auto text = slurp(summary_file)) {
      auto s = parse_summary(*text);
      if (auto* e = std::get_if<std::string>(&s))
        return bad(summary_file + ": " + *e);
      bot.summary = std::get<0>(std::move(s));
    }

  const auto& view = std::get<exchange_view>(ex);
  const report r = compare(view, bot);
  if (figures) std::cout << figures_table(r, view);
  for (const auto& d : r.differences)
    std::cout << "DIFF " << d << "\n";
  std::cout << "chaos_check: "
            << (r.differences.empty()
                    ? std::string("the bot's books equal the exchange's")
                    : std::to_string(r.differences.size()) + " differences")
            << "\n";
  return r.differences.empty() ? 0 : 1;
}
