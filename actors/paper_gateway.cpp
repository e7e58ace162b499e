#include "actors/paper_gateway.hpp"

#include "actors/component_logger.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/monotonic.hpp"
#include "lighter/net/unix_time.hpp"
#include "lighter/tx/tx_json.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <type_traits>

namespace trailgrid::actors {

using namespace messages;
namespace lt = trailgrid::lighter;

namespace {

using self_ptr = paper_gateway_actor::stateful_pointer<paper_gateway_state>;

int64_t now_ms(self_ptr self) {
  if (self->state.cfg.unix_now_ms) return self->state.cfg.unix_now_ms();
  return lighter::net::unix_ms();
}

void log(self_ptr self, const std::string& text) {
  self->state.cfg.logger->warn("{}", text);
}

int32_t market_of(const paper_event& e) {
  return std::visit([](const auto& x) { return x.market_index; }, e);
}

// What the account stream would deliver: to the market's executor, then its
// grid (the paper book names every order, so the executor passes nothing on).
void report(self_ptr self, const std::vector<paper_event>& events) {
  for (auto& e : events) {
    auto r = self->state.routes.find(market_of(e));
    if (r == self->state.routes.end() || !r->second.executor) continue;
    std::visit(
        [&](const auto& x) {
          self->send(r->second.executor, x);
          if (r->second.grid) self->send(r->second.grid, x);
        },
        e);
  }
}

// Applies one signed tx to the book; false when it does not parse.
bool apply_tx(self_ptr self, const signed_tx& tx,
              std::vector<paper_event>& events) {
  lt::tx_type type;
  if (!lt::to_tx_type(tx.tx_type, type)) return false;
  auto parsed = lt::parse_tx_info(type, tx.tx_info);
  if (!parsed) return false;
  auto& st = self->state;
  auto& nonce = st.next_nonce[0];
  auto ts = now_ms(self);
  bool ok = true;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, lt::create_order_tx>) {
          st.next_nonce[x.api_key_index] = x.nonce + 1;
          events.push_back(
              st.book.create(x.market_index, x.client_order_index,
                             x.is_ask != 0, strategy::price_ticks{x.price},
                             strategy::qty_lots{x.base_amount}, ts));
        } else if constexpr (std::is_same_v<T, lt::cancel_order_tx>) {
          st.next_nonce[x.api_key_index] = x.nonce + 1;
          if (auto e = st.book.cancel(x.market_index, x.index, ts))
            events.push_back(*e);
        } else if constexpr (std::is_same_v<T, lt::cancel_all_orders_tx>) {
          st.next_nonce[x.api_key_index] = x.nonce + 1;
          // Scheduled (1) and abort (2) are dead-man switch bookkeeping:
          // a clean paper shutdown never lets one fire.
          if (x.time_in_force == 0)
            for (auto& e : st.book.cancel_all(std::nullopt, ts))
              events.push_back(e);
        } else {
          ok = false; // modify: the bot never sends one
        }
      },
      parsed->tx);
  (void)nonce;
  return ok;
}

void on_trades(self_ptr self, int32_t market, strategy::price_ticks price,
               int64_t ts) {
  ++self->state.trades;
  report(self, self->state.book.on_trade(market, price, ts));
}

void connect(self_ptr self);

void schedule_reconnect(self_ptr self) {
  auto gen = self->state.generation;
  self->delayed_send(self, self->state.cfg.reconnect_after,
                     io_task{[self, gen] {
                       if (self->state.generation != gen) return;
                       ++self->state.reconnects;
                       connect(self);
                     }});
}

void connect(self_ptr self) {
  auto& st = self->state;
  if (st.cfg.ws_url.empty() || st.cfg.runner == nullptr) return;
  auto gen = ++st.generation;
  weak_handle weak = self->ctrl();
  lt::ws_session_config wc;
  wc.url = st.cfg.ws_url;
  wc.tls = st.cfg.tls;
  wc.markets.add_all(st.cfg.markets);
  lt::ws_session_callbacks cb;
  cb.on_message = [weak, self, gen](const lt::ws_message& msg, int64_t) {
    auto* t = std::get_if<lt::trade_update>(&msg);
    if (t == nullptr || t->is_snapshot) return; // history is not a fill
    auto update = *t;
    post_task(weak, [self, gen, update] {
      if (self->state.generation != gen) return;
      for (auto& tr : update.trades)
        on_trades(self, update.market_id, tr.price, tr.timestamp_ms);
    });
  };
  cb.on_close = [weak, self, gen](const std::string& reason) {
    post_task(weak, [self, gen, reason] {
      if (self->state.generation != gen) return;
      log(self, "trade stream closed (" + reason + "); reconnecting");
      schedule_reconnect(self);
    });
  };
  st.ws.reset();
  st.ws = std::make_unique<lt::ws_session>(*st.cfg.runner, std::move(wc),
                                           std::move(cb));
  for (auto& m : st.cfg.markets)
    st.ws->subscribe(lt::channel::trade(m.market_id));
  st.ws->connect();
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  actor_status out;
  out.name = st.cfg.name;
  out.kind = "gateway";
  out.uptime_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      self->clock().now() - st.started_at)
                      .count();
  out.mailbox_size = self->mailbox().size();
  auto& f = out.figures;
  f["mode"] = "paper (dry run: nothing is sent)";
  f["batches"] = std::to_string(st.batches);
  f["txs"] = std::to_string(st.txs);
  f["bad_txs"] = std::to_string(st.bad_txs);
  f["live_orders"] = std::to_string(st.book.live_count());
  f["fills"] = std::to_string(st.book.fills());
  f["trades_seen"] = std::to_string(st.trades);
  f["reconnects"] = std::to_string(st.reconnects);
  f["routes"] = std::to_string(st.routes.size());
  return out;
}

} // namespace

paper_gateway_state::~paper_gateway_state() {
  ws.reset(); // closes the stream before the rest of the state goes
}

paper_gateway_actor::behavior_type
paper_gateway_impl(self_ptr self, paper_gateway_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.cfg.logger = component_logger(std::move(st.cfg.logger), st.cfg.name);
  st.started_at = self->clock().now();
  for (auto& m : st.cfg.markets)
    st.book.set_maker_fee(m.market_id, m.maker_fee_ppm);
  connect(self);
  return {
      [=](next_nonce_atom, uint8_t key) {
        return nonce_resync{key, self->state.next_nonce[key]};
      },
      [=](link_signer_atom, caf::actor signer) {
        self->state.signer = std::move(signer);
      },
      [=](const send_batch& b) -> caf::result<batch_reply> {
        auto& s = self->state;
        ++s.batches;
        auto verdict = [&](tx_verdict v) {
          if (s.signer && !b.txs.empty())
            caf::anon_send(
                s.signer, tx_outcome{b.api_key_index, b.txs.front().nonce,
                                     static_cast<int32_t>(b.txs.size()), v, 0});
        };
        std::vector<paper_event> events;
        batch_reply rep;
        rep.batch_id = b.batch_id;
        rep.trigger_ns = b.trigger_ns;
        for (auto& tx : b.txs) {
          ++s.txs;
          if (!apply_tx(self, tx, events)) {
            ++s.bad_txs;
            log(self, "a tx of batch " + std::to_string(b.batch_id) +
                          " does not parse; batch refused");
            rep.verdict = exchange_verdict::drop_order;
            rep.code = 21700;
            rep.message = "paper: malformed tx";
            verdict(tx_verdict::uncertain);
            return rep;
          }
          rep.tx_hashes.push_back(tx.tx_hash);
        }
        rep.verdict = exchange_verdict::accepted;
        rep.code = 200;
        rep.written_ns = lt::net::monotonic_ns();
        verdict(tx_verdict::accepted);
        // The reply first, then the account stream, as on the exchange.
        auto rp = self->make_response_promise<batch_reply>();
        rp.deliver(std::move(rep));
        report(self, events);
        return rp;
      },
      [=](active_orders_atom, int32_t market) {
        return self->state.book.live(market);
      },
      // Paper fills live and die with the process: none to recover.
      [](const fills_since&) { return std::vector<fill>{}; },
      [](check_trades_atom) { return true; }, // its fills never go astray
      [=](account_atom) {
        account_snapshot a;
        a.collateral_micro = self->state.cfg.collateral_micro;
        a.available_micro = self->state.cfg.collateral_micro;
        a.positions = self->state.book.positions();
        a.ts_ms = now_ms(self);
        return a;
      },
      [=](const route_market& r) { self->state.routes[r.market_index] = r; },
      [=](link_root_atom, const caf::actor&) {}, // paper: no stream to lose
      [=](status_atom) { return make_status(self); },
      [=](const io_task& t) { t.run(); },
      [=](const trade_print& t) {
        on_trades(self, t.market_index, t.price, t.ts_ms);
      },
  };
}

} // namespace trailgrid::actors
