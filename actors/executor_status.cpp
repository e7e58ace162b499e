#include "actors/executor_status.hpp"

#include <string>

namespace trailgrid::actors {

using namespace messages;

namespace {

// Microseconds with one decimal (sub-millisecond latencies need it).
std::string us(int64_t ns) {
  auto tenths = ns / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string kind_name(executor_state::job_kind k) {
  switch (k) {
  case executor_state::job_kind::reset:
    return "reset";
  case executor_state::job_kind::cancel:
    return "cancel";
  case executor_state::job_kind::reconcile:
    return "reconcile";
  }
  return "?";
}

constexpr exchange_verdict refusals[] = {
    exchange_verdict::retry_later, exchange_verdict::resync_nonce,
    exchange_verdict::drop_order,  exchange_verdict::already_gone,
    exchange_verdict::fatal,       exchange_verdict::unknown,
};

} // namespace

actor_status executor_status(const executor_state& st,
                             caf::actor_clock::time_point now,
                             size_t mailbox_size) {
  actor_status s;
  s.name = st.cfg.name;
  s.kind = "executor";
  s.state = !st.halted.empty() ? run_state::halted
            : st.paused        ? run_state::paused
                               : run_state::running;
  s.uptime_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - st.started_at)
          .count();
  s.mailbox_size = mailbox_size;
  auto& f = s.figures;
  f["market_index"] = std::to_string(st.cfg.market_index);
  f["live_orders"] = std::to_string(st.orders.size());
  f["confirmed_orders"] = std::to_string(st.orders.confirmed());
  if (st.current) {
    f["job"] = kind_name(st.current->kind);
    if (st.current->kind == executor_state::job_kind::reset)
      f["reset_in_flight"] = std::to_string(st.current->grid.reset_seq);
    f["batches_left"] = std::to_string(st.current->batches.size());
  } else {
    f["job"] = "none";
  }
  f["reset_pending"] =
      st.pending ? std::to_string(st.pending->reset_seq) : std::string{"none"};
  f["resets_done"] = std::to_string(st.resets_done);
  f["batches_sent"] = std::to_string(st.batches_sent);
  f["nonce_errors"] = std::to_string(st.nonce_errors);
  for (auto v : refusals) {
    auto i = st.rejects.find(v);
    f["rejects." + to_string(v)] =
        std::to_string(i == st.rejects.end() ? 0 : i->second);
  }
  f["stale_grids"] = std::to_string(st.stale_grids);
  f["superseded_grids"] = std::to_string(st.superseded_grids);
  f["foreign_events"] = std::to_string(st.foreign_events);
  f["orphans_cancelled"] = std::to_string(st.orphans_cancelled);
  f["latency_samples"] = std::to_string(st.latency.total());
  f["last_reset_latency_us"] = us(st.latency.last());
  f["latency_p50_us"] = us(st.latency.median());
  f["latency_p99_us"] = us(st.latency.p99());
  st.latency_histogram.write_figures(f, "reset_latency_us");
  if (st.indexes) f["client_seq"] = std::to_string(st.indexes->last());
  f["cancel_unconfirmed"] =
      (st.paused || st.draining || !st.halted.empty()) && !st.cancel_confirmed
          ? "1"
          : "0";
  f["cancel_checks"] = std::to_string(st.cancel_checks);
  if (st.paused) f["paused"] = "yes";
  if (st.draining) f["draining"] = "yes";
  if (st.grid_halted) f["grid_halted"] = "yes";
  if (!st.halted.empty()) f["halted"] = st.halted;
  if (!st.last_error.empty()) f["last_error"] = st.last_error;
  return s;
}

} // namespace trailgrid::actors
