#include "runtime/journal_actor.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace trailgrid::runtime {

using namespace messages;

namespace {

using self_ptr = journal_actor::stateful_pointer<journal_actor_state>;

int64_t now_ms(self_ptr self) {
  if (self->state.cfg.unix_now_ms) return self->state.cfg.unix_now_ms();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string symbol_of(self_ptr self, int32_t index) {
  auto& m = self->state.cfg.symbols;
  auto i = m.find(index);
  return i != m.end() ? i->second : "market" + std::to_string(index);
}

void write(self_ptr self, const journal_entry& e) {
  auto& st = self->state;
  if (!st.cfg.writer) return;
  auto r = st.cfg.writer->append(e, now_ms(self));
  if (r) {
    ++st.written;
    return;
  }
  if (st.failed++ == 0 || r.error() != st.last_error)
    spdlog::error("journal: write failed: {}", r.error());
  st.last_error = r.error();
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
          l->on_fill(e.market, x.order_side, x.price, x.size, x.is_maker);
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
        if (!st.last_error.empty()) out.figures["last_error"] = st.last_error;
        return out;
      },
  };
}

} // namespace trailgrid::runtime
