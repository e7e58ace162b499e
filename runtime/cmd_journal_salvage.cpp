// gridbot journal-salvage: keeps every readable record of a corrupt journal.

#include "runtime/commands.hpp"
#include "runtime/journal.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

namespace trailgrid::runtime {

namespace {

constexpr const char* usage =
    "usage: gridbot journal-salvage JOURNAL\n"
    "\n"
    "Copies every intact record of JOURNAL, in order, to a fresh journal and\n"
    "puts it in JOURNAL's place; the original is kept as JOURNAL.corrupt.\n"
    "Use it when `gridbot run` refuses a journal with a corrupt record in\n"
    "the middle (a torn last record is repaired on open without it).\n";

} // namespace

int cmd_journal_salvage(const std::vector<std::string_view>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(usage, stdout);
    return exit_ok;
  }
  if (args.size() != 1 || args[0].empty() || args[0][0] == '-') {
    std::fputs(usage, stderr);
    return exit_usage;
  }
  const std::string path{args[0]};
  const auto fresh = path + ".salvaged";
  const auto kept = path + ".corrupt";
  std::error_code ec;
  if (std::filesystem::exists(kept, ec) || std::filesystem::exists(fresh, ec)) {
    std::fprintf(stderr,
                 "gridbot journal-salvage: %s or %s exists already; move it "
                 "away first\n",
                 kept.c_str(), fresh.c_str());
    return exit_failure;
  }
  auto saved = salvage_journal(path, fresh);
  if (!saved) {
    std::fprintf(stderr, "gridbot journal-salvage: %s\n",
                 saved.error().c_str());
    return exit_failure;
  }
  std::filesystem::rename(path, kept, ec);
  if (!ec) std::filesystem::rename(fresh, path, ec);
  if (ec) {
    std::fprintf(stderr, "gridbot journal-salvage: cannot swap the files: %s\n",
                 ec.message().c_str());
    return exit_failure;
  }
  const auto& s = saved.value();
  std::printf("journal-salvage: %s: kept %llu records, left out %llu "
              "unreadable bytes in %llu places; the original is %s\n",
              path.c_str(), static_cast<unsigned long long>(s.kept),
              static_cast<unsigned long long>(s.skipped_bytes),
              static_cast<unsigned long long>(s.skipped_spans), kept.c_str());
  return exit_ok;
}

} // namespace trailgrid::runtime
