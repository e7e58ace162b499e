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

std::string kind_name(execution::market_executor::job_kind k) {
  switch (k) {
  case execution::market_executor::job_kind::reset:
    return "reset";
  case execution::market_executor::job_kind::cancel:
    return "cancel";
  case execution::market_executor::job_kind::reconcile:
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
  const auto& core = *st.core;
  const auto& n = core.counters();
  s.name = st.cfg.name;
  s.kind = "executor";
  s.state = !core.halted().empty() ? run_state::halted
            : core.paused()        ? run_state::paused
                                   : run_state::running;
  s.uptime_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - st.started_at)
          .count();
  s.mailbox_size = mailbox_size;
  auto& f = s.figures;
  f["market_index"] = std::to_string(core.settings().market_index);
  f["api_key"] = std::to_string(st.cfg.api_key_index);
  f["live_orders"] = std::to_string(core.orders().size());
  s.facts.live_orders = static_cast<int64_t>(core.orders().size());
  s.facts.nonce_errors = static_cast<int64_t>(n.nonce_errors);
  s.facts.latency_samples = static_cast<int64_t>(st.latency.total());
  f["confirmed_orders"] = std::to_string(core.orders().confirmed());
  if (auto job = core.job()) {
    f["job"] = kind_name(*job);
    if (auto seq = core.reset_in_flight())
      f["reset_in_flight"] = std::to_string(*seq);
    f["batches_left"] = std::to_string(core.batches_left());
  } else {
    f["job"] = "none";
  }
  auto pending = core.reset_pending();
  f["reset_pending"] = pending ? std::to_string(*pending) : std::string{"none"};
  f["resets_done"] = std::to_string(n.resets_done);
  f["batches_sent"] = std::to_string(n.batches_sent);
  f["nonce_errors"] = std::to_string(n.nonce_errors);
  for (auto v : refusals) {
    auto i = n.rejects.find(v);
    f["rejects." + to_string(v)] =
        std::to_string(i == n.rejects.end() ? 0 : i->second);
  }
  f["stale_grids"] = std::to_string(n.stale_grids);
  f["superseded_grids"] = std::to_string(n.superseded_grids);
  f["levels_placed"] = std::to_string(n.levels_placed);
  f["levels_unchanged"] = std::to_string(n.levels_unchanged);
  f["foreign_events"] = std::to_string(n.foreign_events);
  f["orphans_cancelled"] = std::to_string(n.orphans_cancelled);
  f["latency_samples"] = std::to_string(st.latency.total());
  f["resets_unmeasured_after_halt"] =
      std::to_string(n.resets_unmeasured_after_halt);
  f["last_reset_latency_us"] = us(st.latency.last());
  f["latency_p50_us"] = us(st.latency.median());
  f["latency_p99_us"] = us(st.latency.p99());
  st.latency_histogram.write_figures(f, "reset_latency_us");
  f["client_seq"] = std::to_string(core.indexes().last());
  f["cancel_unconfirmed"] = core.cancel_unconfirmed() ? "1" : "0";
  f["cancel_checks"] = std::to_string(n.cancel_checks);
  if (core.paused()) f["paused"] = "yes";
  if (core.draining()) f["draining"] = "yes";
  if (st.grid_halted) f["grid_halted"] = "yes";
  if (!core.halted().empty()) f["halted"] = core.halted();
  if (!core.last_error().empty()) f["last_error"] = core.last_error();
  return s;
}

} // namespace trailgrid::actors
