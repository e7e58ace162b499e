#include "actors/market_status_actor.hpp"

#include "actors/component_logger.hpp"
#include "actors/io_task.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <map>

namespace trailgrid::actors {

using namespace messages;
namespace lt = trailgrid::lighter;

namespace {

using self_ptr = market_status_actor::stateful_pointer<market_status_state>;

void publish(self_ptr self,
             const std::vector<execution::availability_change>& changes) {
  auto& st = self->state;
  for (auto& c : changes) {
    ++st.changes;
    st.cfg.logger->warn("market {}: {} ({})", c.market,
                        c.active ? "active again" : "not active", c.why);
    if (st.cfg.root)
      self->send(st.cfg.root, market_status{c.market, c.active, c.why});
  }
}

void poll(self_ptr self) {
  auto& st = self->state;
  if (!st.rest) return;
  ++st.polls;
  weak_handle weak{self->ctrl()};
  st.rest->exchange_status(
      [weak, self](lt::rest_result<lt::exchange_status> r) {
        post_task(weak, [self, r] {
          auto& s = self->state;
          if (!r) {
            ++s.failures;
            return;
          }
          s.root_status = r->status;
          publish(self, s.availability->on_exchange_status(r->status));
        });
      });
  st.rest->order_book_details(
      [weak, self](lt::rest_result<std::vector<lt::market_info>> r) {
        post_task(weak, [self, r] {
          auto& s = self->state;
          if (!r) {
            ++s.failures;
            return;
          }
          std::map<int, std::string> status;
          for (auto& m : *r)
            status[m.market_id] = m.status.empty() ? "active" : m.status;
          publish(self, s.availability->on_market_statuses(status));
        });
      });
}

} // namespace

market_status_actor::behavior_type
market_status_impl(self_ptr self, market_status_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.cfg.logger = component_logger(std::move(st.cfg.logger), "market_status");
  st.availability.emplace(st.cfg.markets);
  if (st.cfg.runner != nullptr) {
    lt::rest_config rc;
    rc.base_url = st.cfg.rest_url;
    rc.tls = st.cfg.tls;
    rc.tier = st.cfg.tier;
    rc.gate = st.cfg.rest_gate;
    auto rest = lt::rest_api::create(*st.cfg.runner, rc);
    if (rest)
      st.rest = std::move(*rest);
    else
      st.cfg.logger->warn("{}", rest.error().message);
  }
  self->delayed_send(self, st.cfg.every, tick_atom::value);
  return {
      [=](tick_atom) {
        poll(self);
        self->delayed_send(self, self->state.cfg.every, tick_atom::value);
      },
      [=](io_task& t) {
        if (t.run) t.run();
      },
      [=](status_atom) {
        auto& s = self->state;
        actor_status out;
        out.name = "market_status";
        out.kind = "market_status";
        out.state = run_state::running;
        out.mailbox_size = self->mailbox().size();
        out.figures["polls"] = std::to_string(s.polls);
        out.figures["poll_failures"] = std::to_string(s.failures);
        out.figures["status_changes"] = std::to_string(s.changes);
        out.figures["exchange_status"] = std::to_string(s.root_status);
        out.figures["maintenance"] = s.availability->maintenance() ? "1" : "0";
        return out;
      },
  };
}

} // namespace trailgrid::actors
