#pragma once

// Small stub collaborators for the grid and atr actor tests: they record
// what reaches them and answer nothing on their own.

#include "messages/interfaces.hpp"
#include "messages/register_types.hpp"

#include "caf/all.hpp"

#include <memory>
#include <string>
#include <vector>

namespace stubs {

using namespace trailgrid::messages;

/// What the stub executor received, in order of arrival.
struct executor_log {
  std::vector<replace_grid> replaces;
  std::vector<cancel_grid> cancels;
  std::vector<halt_notice> halts;
  /// One word per message: "replace#2", "cancel:halt", "halt:drawdown",
  /// "resume".
  std::vector<std::string> sequence;
};

/// An executor that records the grid's commands.
inline executor_actor::behavior_type
executor_stub(executor_actor::pointer, std::shared_ptr<executor_log> log) {
  return {
      [](status_atom) { return actor_status{}; },
      [](const market_peers&) {},
      [](pause_atom) {},
      [](resume_atom) {},
      [](cancel_atom) {},
      [](drain_atom) {},
      [](reconcile_atom) { return reconciled{}; },
      [log](const replace_grid& x) {
        log->replaces.push_back(x);
        log->sequence.push_back("replace#" + std::to_string(x.reset_seq));
      },
      [log](const cancel_grid& x) {
        log->cancels.push_back(x);
        log->sequence.push_back("cancel:" + x.why);
      },
      [log](const halt_notice& x) {
        log->halts.push_back(x);
        log->sequence.push_back(x.halted ? "halt:" + x.why : "resume");
      },
      [](const fill&) {},
      [](const order_accepted&) {},
      [](const order_rejected&) {},
      [](const order_cancelled&) {},
      [](tick_atom, uint64_t) {},
  };
}

/// A grid that records the ATR updates it gets.
inline grid_actor::behavior_type
grid_stub(grid_actor::pointer, std::shared_ptr<std::vector<atr_update>> log) {
  return {
      [](status_atom) { return actor_status{}; },
      [](const market_peers&) {},
      [](pause_atom) {},
      [](resume_atom) {},
      [](cancel_atom) {},
      [](drain_atom) {},
      [](const top_of_book&) {},
      [](const trade_print&) {},
      [](const mark_price&) {},
      [log](const atr_update& x) { log->push_back(x); },
      [](const fill&) {},
      [](const order_accepted&) {},
      [](const order_cancelled&) {},
      [](const order_rejected&) {},
      [](const reset_done&) {},
      [](const balance_update&) {},
      [](tick_atom, int64_t) {},
      [](exposure_atom) { return market_exposure{}; },
      [](const reduce_only&) {},
      [](const position_report&) {},
      [](const risk_halt&) {},
      [](const market_status&) {},
  };
}

/// The actor system config of every actor test.
struct test_config : caf::actor_system_config {
  test_config() { register_types(*this); }
};

} // namespace stubs
