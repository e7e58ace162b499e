// gridbot run: the live (or paper) node: config, logging, journal, the
// exchange, the actor system and the node root; a clean shutdown on
// SIGINT/SIGTERM or after --duration, then the summary. The phases are in
// runtime/node_start.hpp, runtime/node_actors.hpp (start),
// runtime/node_lifecycle.cpp (run) and runtime/node_stop.hpp (stop).

#include "runtime/commands.hpp"
#include "runtime/malloc_arenas.hpp"
#include "runtime/node_lifecycle.hpp"
#include "runtime/node_start.hpp"
#include "runtime/run_options.hpp"
#include "runtime/signals.hpp"

#include "lighter/net/io_runner.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <optional>

namespace trailgrid::runtime {

namespace {

int fail(const std::string& text) {
  std::fprintf(stderr, "gridbot run: %s\n", text.c_str());
  return exit_failure;
}

} // namespace

int cmd_run(const std::vector<std::string_view>& args) {
  auto parsed = parse_run_options(args);
  if (auto err = std::get_if<std::string>(&parsed)) {
    std::fprintf(stderr, "gridbot run: %s\n\n%s", err->c_str(),
                 run_usage().c_str());
    return exit_usage;
  }
  node_inputs in;
  in.opts = std::get<run_options>(parsed);
  if (in.opts.help) {
    std::printf("%s", run_usage().c_str());
    return exit_ok;
  }
  limit_malloc_arenas(2); // before any thread: see malloc_arenas.hpp
  // Before any thread exists: SIGINT/SIGTERM wait for us in signals.wait().
  shutdown_signals signals;

  if (auto err = load_inputs(in)) return fail(*err);
  if (auto err = start_logging(in)) return fail(*err);
  // The io thread starts after the journal is open and goes after what
  // uses it (the books' REST budget).
  std::optional<lighter::net::io_runner> runner;
  node_books books;
  if (auto err = open_journal(in, books)) return fail(*err);
  runner.emplace("gridbot-io");
  if (auto err = resolve_exchange(*runner, in, books)) return fail(*err);
  if (auto err = replay_ledger(books)) return fail(*err);
  int rc = run_node(signals, *runner, in, books);
  spdlog::info("stopped");
  spdlog::shutdown();
  return rc;
}

} // namespace trailgrid::runtime
