#include "runtime/journal_actor.hpp"

#include "lighter/net/unix_time.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace trailgrid::runtime {

using namespace messages;

namespace {

using self_ptr = journal_actor::stateful_pointer<journal_actor_state>;

int64_t now_ms(self_ptr self) {
  if (self->state.cfg.unix_now_ms) return self->state.cfg.unix_now_ms();
  return lighter::net::unix_ms();
}

std::string symbol_of(self_ptr self, int32_t index) {
  auto& m = self->state.cfg.symbols;
  auto i = m.find(index);
  return i != m.end() ? i->second : "market" + std::to_string(index);
}

constexpr const char* hold_reason = "journal";

void set_hold(self_ptr self, bool on) {
  auto& st = self->state;
  if (st.holding == on) return;
  st.holding = on;
  if (st.root)
    caf::anon_send(st.root, hold_atom::value, std::string{hold_reason}, on);
}

// One timer serves retries and batched syncs: the sooner due wins, and the
// tick does whatever is due.
void arm_tick(self_ptr self, std::chrono::milliseconds after) {
  auto& st = self->state;
  if (st.tick_pending) return;
  st.tick_pending = true;
  self->delayed_send(self, after, tick_atom::value);
}

// A batched fsync of what was written. A failure is a write failure: the
// entries may not survive a power cut, so markets hold until one succeeds.
void sync_now(self_ptr self) {
  auto& st = self->state;
  if (auto err = st.cfg.writer->sync()) {
    ++st.failed;
    if (*err != st.last_error) spdlog::error("journal: {}", *err);
    st.last_error = *err;
    st.sync_failed = true;
    set_hold(self, true);
    return arm_tick(self, st.cfg.retry_every);
  }
  ++st.syncs;
  st.unsynced = false;
  if (st.sync_failed) {
    st.sync_failed = false;
    st.last_error.clear();
    spdlog::info("journal: synced again; markets released");
    if (st.backlog.empty()) set_hold(self, false);
  }
}

// Writes the backlog in order; true once it is empty.
bool drain_backlog(self_ptr self) {
  auto& st = self->state;
  while (!st.backlog.empty()) {
    auto& [e, ts] = st.backlog.front();
    auto r = st.cfg.writer->append(e, ts);
    if (!r) {
      ++st.failed;
      if (r.error() != st.last_error)
        spdlog::error("journal: write failed: {}", r.error());
      st.last_error = r.error();
      return false;
    }
    ++st.written;
    st.unsynced = true;
    st.backlog.pop_front();
  }
  if (st.cfg.sync.policy == journal_sync_policy::batched)
    arm_tick(self, st.cfg.sync.interval);
  return true;
}

// An entry that cannot be written halts quoting: trading on without a
// record of it would lose fills at the next restart.
void write(self_ptr self, const journal_entry& e) {
  auto& st = self->state;
  if (!st.cfg.writer) return;
  auto had_backlog = !st.backlog.empty();
  st.backlog.emplace_back(e, now_ms(self));
  if (st.backlog.size() > st.cfg.backlog_limit) {
    st.backlog.pop_front();
    if (st.dropped++ == 0)
      spdlog::error("journal: backlog full: dropping the oldest entries");
  }
  if (had_backlog) return; // the retry timer writes them in order
  if (drain_backlog(self)) return;
  spdlog::error("journal: cannot write; every market holds until it can");
  set_hold(self, true);
  arm_tick(self, st.cfg.retry_every);
}

journal_reset to_entry(self_ptr self, const replace_grid& g) {
  journal_reset out;
  out.market = symbol_of(self, g.market_index);
  out.market_index = g.market_index;
  out.reset_seq = g.reset_seq;
  out.centre = g.centre;
  out.spacing_ppm = g.spacing_ppm;
  for (auto& l : g.levels)
    ++(l.level_side == strategy::side::bid ? out.bid_levels : out.ask_levels);
  out.why = g.why;
  out.source = g.source;
  out.guard_fallback = g.guard_fallback;
  return out;
}

} // namespace

journal_fill journal_fill_of(const messages::fill& x, std::string symbol) {
  journal_fill e;
  e.market = std::move(symbol);
  e.market_index = x.market_index;
  e.order_index = x.order_index;
  e.client_order_index = x.client_order_index;
  e.side = x.order_side;
  e.price = x.price;
  e.size = x.size;
  e.fee = x.fee;
  e.is_maker = x.is_maker;
  e.trade_id = x.trade_id;
  e.fee_reported = x.fee_reported;
  return e;
}

journal_actor::behavior_type journal_actor_impl(self_ptr self,
                                                journal_actor_config cfg) {
  self->state.cfg = std::move(cfg);
  return {
      [=](const fill& x) {
        auto e = journal_fill_of(x, symbol_of(self, x.market_index));
        write(self, e);
        if (auto& l = self->state.cfg.ledger)
          l->on_fill(e.market, x.order_side, x.price, x.size, x.is_maker,
                     x.fee_reported ? std::optional{x.fee} : std::nullopt);
      },
      [=](const risk_record& x) {
        journal_risk e;
        e.market = symbol_of(self, x.market_index);
        e.market_index = x.market_index;
        e.halted = x.halted;
        e.why = x.why;
        e.peak = x.peak;
        e.breaker_tripped = x.breaker_tripped;
        write(self, e);
        if (auto& l = self->state.cfg.ledger) l->on_risk(e);
      },
      [=](const replace_grid& x) {
        auto e = to_entry(self, x);
        write(self, e);
        if (auto& l = self->state.cfg.ledger) l->on_reset(e.market);
      },
      [=](const order_rejected& x) {
        journal_reject e;
        e.market = symbol_of(self, x.market_index);
        e.market_index = x.market_index;
        e.client_order_index = x.client_order_index;
        e.code = x.code;
        e.reason = x.message;
        write(self, e);
        if (auto& l = self->state.cfg.ledger) l->on_reject(e.market);
      },
      [=](link_root_atom, caf::actor root) {
        auto& st = self->state;
        st.root = std::move(root);
        if (st.holding)
          caf::anon_send(st.root, hold_atom::value, std::string{hold_reason},
                         true);
      },
      [=](tick_atom) {
        auto& st = self->state;
        st.tick_pending = false;
        if (!st.backlog.empty()) {
          if (!drain_backlog(self)) return arm_tick(self, st.cfg.retry_every);
          spdlog::info("journal: writable again; markets released");
          st.last_error.clear();
          if (!st.sync_failed) set_hold(self, false);
        }
        if (st.unsynced && st.cfg.sync.policy == journal_sync_policy::batched)
          sync_now(self);
      },
      [=](const book_sample& x) {
        auto symbol = symbol_of(self, x.market_index);
        if (self->state.scales_written.insert(x.market_index).second)
          write(self, journal_scale{symbol, x.market_index, x.price_decimals,
                                    x.size_decimals});
        write(self,
              journal_book{symbol, x.market_index, x.bid, x.ask, x.at_ms});
      },
      [=](status_atom) {
        auto& st = self->state;
        actor_status out;
        out.name = "journal";
        out.kind = "journal";
        out.mailbox_size = self->mailbox().size();
        out.figures["entries_written"] = std::to_string(st.written);
        out.figures["write_errors"] = std::to_string(st.failed);
        if (st.cfg.writer) {
          out.figures["path"] = st.cfg.writer->path();
          out.figures["next_seq"] = std::to_string(st.cfg.writer->next_seq());
        }
        out.figures["backlog"] = std::to_string(st.backlog.size());
        out.figures["dropped"] = std::to_string(st.dropped);
        out.figures["syncs"] = std::to_string(st.syncs);
        out.figures["holding_markets"] = st.holding ? "yes" : "no";
        if (!st.last_error.empty()) out.figures["last_error"] = st.last_error;
        return out;
      },
  };
}

} // namespace trailgrid::runtime
