#include "actors/gateway_actor.hpp"

#include "lighter/codec/exchange_limits.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/monotonic.hpp"
#include "messages/errors.hpp"
#include "strategy/fixed_point.hpp"

#include "caf/all.hpp"

#include <iostream>

namespace trailgrid::actors {

using namespace messages;
namespace lt = trailgrid::lighter;

namespace {

using self_ptr = gateway_impl_actor::stateful_pointer<gateway_state>;

constexpr size_t max_batch = lighter::limits::max_txs_per_ws_frame;
constexpr size_t final_order_memory = 4096;

int64_t system_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* to_string(gateway_state::link l) {
  switch (l) {
  case gateway_state::link::loading:
    return "loading";
  case gateway_state::link::connecting:
    return "connecting";
  case gateway_state::link::ready:
    return "ready";
  case gateway_state::link::backing_off:
    return "backing_off";
  }
  return "?";
}

void log(self_ptr self, const std::string& text) {
  self->state.cfg.log(self->state.cfg.name + ": " + text);
}

caf::error exchange_failure(const lt::rest_error& e) {
  return make_error(error_code::exchange_error,
                    std::string(lt::to_string(e.kind)) + " " +
                        lt::to_string(e.cls) + " (" + std::to_string(e.code) +
                        "): " + e.message);
}

// Fee of a fill in the market's quote units, rounded to nearest (half away
// from zero); the rate is ppm of the notional.
strategy::quote_units fee_of(const lt::own_fill& f) {
  if (!f.fee_ppm) return strategy::quote_units{0};
  auto notional = static_cast<int128>(f.price.value) * f.size.value;
  auto scaled = notional * *f.fee_ppm;
  auto half = static_cast<int128>(500'000);
  auto q = scaled >= 0 ? (scaled + half) / 1'000'000
                       : -((-scaled + half) / 1'000'000);
  return strategy::quote_units{static_cast<int64_t>(q)};
}

fill to_fill(const lt::own_fill& f) {
  fill out;
  out.market_index = f.market_id;
  out.order_index = f.order_index;
  out.client_order_index = f.client_order_index;
  out.order_side = f.is_ask ? side::ask : side::bid;
  out.price = f.price;
  out.size = f.size;
  out.fee = fee_of(f);
  out.is_maker = f.is_maker;
  out.trade_id = f.trade_id;
  out.ts_ms = f.timestamp_ms;
  return out;
}

live_order to_live_order(const lt::order& o) {
  live_order out;
  out.market_index = o.market_id;
  out.order_index = o.order_index;
  out.client_order_index = o.client_order_index;
  out.is_ask = o.is_ask;
  out.price = o.price;
  out.remaining = o.remaining_size;
  return out;
}

position_report to_position(const lt::position& p) {
  return position_report{p.market_id, p.size, p.avg_entry_price};
}

// --- auth tokens -----------------------------------------------------------

void flush_token_waiters(self_ptr self, std::optional<lt::auth_token> t) {
  auto waiters = std::move(self->state.token_waiters);
  self->state.token_waiters.clear();
  for (auto& w : waiters)
    w(t);
}

// Calls `k` with a token valid for at least auth_renew_before (cached, or
// fresh from the signer), or nothing when none can be had.
void with_token(self_ptr self,
                std::function<void(std::optional<lt::auth_token>)> k) {
  auto& st = self->state;
  auto now_s = st.cfg.unix_now_ms() / 1000;
  if (st.token &&
      st.token->expires_unix_s - now_s > st.cfg.auth_renew_before.count()) {
    k(st.token);
    return;
  }
  st.token_waiters.push_back(std::move(k));
  if (st.token_fetching) return;
  if (!st.cfg.signer) {
    flush_token_waiters(self, std::nullopt);
    return;
  }
  st.token_fetching = true;
  auto deadline = now_s + st.cfg.auth_lifetime.count();
  self->request(st.cfg.signer, st.cfg.signer_timeout, auth_token_atom::value,
                st.cfg.api_key_index, deadline)
      .then(
          [=](std::string& token) {
            self->state.token_fetching = false;
            self->state.token = lt::auth_token{std::move(token), deadline};
            flush_token_waiters(self, self->state.token);
          },
          [=](caf::error& err) {
            self->state.token_fetching = false;
            log(self, "no auth token: " + self->system().render(err));
            flush_token_waiters(self, std::nullopt);
          });
}

// --- account stream --------------------------------------------------------

const route_market* route_of(self_ptr self, int market) {
  auto& routes = self->state.routes;
  auto i = routes.find(market);
  if (i == routes.end() || !i->second.executor) {
    ++self->state.unrouted;
    return nullptr;
  }
  return &i->second;
}

void remember_final(gateway_state& st, int64_t order_index) {
  st.live_orders.erase(order_index);
  if (!st.final_orders.insert(order_index).second) return;
  st.final_order_log.push_back(order_index);
  if (st.final_order_log.size() > final_order_memory) {
    st.final_orders.erase(st.final_order_log.front());
    st.final_order_log.pop_front();
  }
}

void on_trades(self_ptr self, const lt::account_trades_update& u,
               int64_t recv_ns) {
  for (auto& t : u.trades)
    for (auto& f : lt::own_fills_of(t, self->state.cfg.account_index)) {
      if (auto r = route_of(self, f.market_id)) {
        auto msg = to_fill(f);
        msg.recv_ns = recv_ns; // fill-to-wire latency starts here
        self->send(r->executor, std::move(msg));
        ++self->state.fills_routed;
      }
    }
}

void on_order(self_ptr self, const lt::order& o) {
  auto& st = self->state;
  switch (o.status) {
  case lt::order_status::open:
  case lt::order_status::pending: {
    if (st.final_orders.count(o.order_index) != 0) return; // stale upsert
    if (!st.live_orders.insert(o.order_index).second) return;
    if (auto r = route_of(self, o.market_id)) {
      self->send(r->executor, order_accepted{o.market_id, o.client_order_index,
                                             o.order_index, o.updated_at_ms});
      ++st.order_events_routed;
    }
    return;
  }
  case lt::order_status::canceled: {
    if (st.final_orders.count(o.order_index) != 0) return;
    remember_final(st, o.order_index);
    auto r = route_of(self, o.market_id);
    if (!r) return;
    ++st.order_events_routed;
    const auto& why = o.status_text;
    // The engine cancels a post-only order that would cross, and orders it
    // cannot margin: for the executor those were never placed.
    if (why.find("post-only") != std::string::npos ||
        why.find("post_only") != std::string::npos) {
      self->send(r->executor,
                 order_rejected{o.market_id, o.client_order_index, o.nonce,
                                reject_class::post_only_cross, 0, why,
                                o.updated_at_ms});
    } else if (why.find("margin") != std::string::npos) {
      self->send(r->executor,
                 order_rejected{o.market_id, o.client_order_index, o.nonce,
                                reject_class::insufficient_margin, 0, why,
                                o.updated_at_ms});
    } else {
      self->send(r->executor, order_cancelled{o.market_id, o.client_order_index,
                                              o.order_index, o.remaining_size,
                                              o.updated_at_ms});
    }
    return;
  }
  case lt::order_status::filled:
    // Fills come from the trades channel; only forget the order here.
    remember_final(st, o.order_index);
    return;
  case lt::order_status::unknown:
    return;
  }
}

void on_positions(self_ptr self, const lt::account_positions_update& u) {
  auto& acc = self->state.account;
  for (auto& p : u.positions) {
    auto rep = to_position(p);
    auto i = std::find_if(acc.positions.begin(), acc.positions.end(),
                          [&](const position_report& x) {
                            return x.market_index == rep.market_index;
                          });
    if (i == acc.positions.end())
      acc.positions.push_back(rep);
    else
      *i = rep;
  }
  acc.ts_ms = u.timestamp_ms;
}

void on_message(self_ptr self, const lt::ws_message& m, int64_t recv_ns) {
  auto& st = self->state;
  ++st.frames;
  st.last_frame_ns = recv_ns;
  if (auto t = std::get_if<lt::account_trades_update>(&m)) {
    on_trades(self, *t, recv_ns);
  } else if (auto o = std::get_if<lt::account_orders_update>(&m)) {
    for (auto& x : o->orders)
      on_order(self, x);
  } else if (auto p = std::get_if<lt::account_positions_update>(&m)) {
    on_positions(self, *p);
  } else if (auto s = std::get_if<lt::user_stats_update>(&m)) {
    st.account.collateral_micro = s->stats.collateral.micros;
    st.account.available_micro = s->stats.available_balance.micros;
    st.account.ts_ms = s->timestamp_ms;
  } else if (auto e = std::get_if<lt::ws_error>(&m)) {
    ++st.error_frames;
    log(self, "error frame " + std::to_string(e->code) + ": " + e->message);
    auto now = std::chrono::steady_clock::now();
    if (lt::classify(e->code, e->message) == lt::error_class::reauth &&
        now - st.last_reauth >= st.cfg.reauth_every) {
      // A subscription was refused for its token: fetch a fresh one and
      // resubscribe the private channels with it (at most once per
      // reauth_every, so a key the exchange keeps refusing cannot make a
      // subscribe/refuse loop).
      st.last_reauth = now;
      ++st.reauths;
      st.token.reset();
      if (st.ws) st.ws->renew_auth();
    }
  }
}

// --- connection ------------------------------------------------------------

void finish_batch(self_ptr self, uint64_t key, const lt::tx_result& r) {
  auto& st = self->state;
  auto i = st.in_flight.find(key);
  if (i == st.in_flight.end()) return; // answered already (disconnect sweep)
  batch_reply out;
  out.batch_id = i->second.batch.batch_id;
  out.verdict = to_verdict(r.cls);
  out.code = static_cast<int32_t>(r.code);
  out.message = r.message;
  out.tx_hashes = r.tx_hashes;
  out.trigger_ns = i->second.batch.trigger_ns;
  out.written_ns = r.written_ns;
  if (out.verdict == exchange_verdict::unknown) ++st.verdicts_unknown;
  i->second.promise.deliver(std::move(out));
  st.in_flight.erase(i);
}

void answer_in_flight_unknown(gateway_state& st, const std::string& why) {
  for (auto& [key, b] : st.in_flight) {
    batch_reply out;
    out.batch_id = b.batch.batch_id;
    out.verdict = exchange_verdict::unknown;
    out.message = why;
    out.trigger_ns = b.batch.trigger_ns;
    ++st.verdicts_unknown;
    b.promise.deliver(std::move(out));
  }
  st.in_flight.clear();
}

void connect(self_ptr self);
void load_markets(self_ptr self);

// Schedules `next` after the reconnect backoff.
void back_off(self_ptr self, void (*next)(self_ptr)) {
  auto& st = self->state;
  st.state = gateway_state::link::backing_off;
  auto delay = st.policy.on_failure(std::chrono::steady_clock::now());
  auto gen = ++st.generation;
  log(self, "retrying in " + std::to_string(delay.count()) + " ms");
  self->delayed_send(self, delay, io_task{[self, gen, next] {
                       if (self->state.generation == gen) next(self);
                     }});
}

void on_disconnect(self_ptr self, uint64_t gen, const std::string& reason) {
  auto& st = self->state;
  if (gen != st.generation) return;
  st.ws.reset();
  ++st.reconnects;
  st.last_close_reason = reason;
  // The session answered its pending txs before closing; anything left was
  // never matched to a reply.
  answer_in_flight_unknown(st, "disconnected: " + reason);
  log(self, "account stream closed (" + reason + ")");
  back_off(self, connect);
}

void connect(self_ptr self) {
  auto& st = self->state;
  auto gen = ++st.generation;
  st.state = gateway_state::link::connecting;
  weak_handle weak{self->ctrl()};
  lt::ws_session_config wc;
  wc.url = st.cfg.ws_url;
  wc.tls = st.cfg.tls;
  wc.ws = st.cfg.ws;
  wc.markets = st.markets;
  wc.tx_timeout = st.cfg.tx_timeout;
  wc.auth_renew_before = st.cfg.auth_renew_before;
  wc.id_prefix = "gw" + std::to_string(gen) + "-";
  auto clock = st.cfg.unix_now_ms;
  wc.unix_now_s = [clock] { return clock() / 1000; };
  // Without a signer, private channels go out without a token.
  if (st.cfg.signer)
    wc.auth = [weak,
               self](std::function<void(std::optional<lt::auth_token>)> done) {
      post_task(weak, [self, done] { with_token(self, done); });
    };
  lt::ws_session_callbacks cb;
  cb.on_ready = [weak, self, gen] {
    post_task(weak, [self, gen] {
      if (self->state.generation == gen)
        self->state.state = gateway_state::link::ready;
    });
  };
  cb.on_message = [weak, self, gen](const lt::ws_message& m, int64_t ns) {
    post_task(weak, [self, gen, m, ns] {
      if (self->state.generation == gen) on_message(self, m, ns);
    });
  };
  cb.on_malformed = [weak, self](std::string_view frame,
                                 const std::string& err) {
    auto head = std::string(frame.substr(0, 160));
    post_task(weak, [self, head, err] {
      ++self->state.malformed;
      log(self, "malformed frame skipped (" + err + "): " + head);
    });
  };
  cb.on_close = [weak, self, gen](const std::string& reason) {
    post_task(weak, [self, gen, reason] { on_disconnect(self, gen, reason); });
  };
  st.ws = std::make_unique<lt::ws_session>(*st.cfg.runner, std::move(wc),
                                           std::move(cb));
  auto account = st.cfg.account_index;
  st.ws->subscribe(lt::channel::account_all_orders(account), true);
  st.ws->subscribe(lt::channel::account_all_trades(account), true);
  st.ws->subscribe(lt::channel::account_all_positions(account), true);
  st.ws->subscribe(lt::channel::user_stats(account), true);
  st.ws->connect();
  st.policy.on_started(std::chrono::steady_clock::now());
}

void load_markets(self_ptr self) {
  auto& st = self->state;
  st.state = gateway_state::link::loading;
  weak_handle weak{self->ctrl()};
  st.rest->order_book_details(
      [weak, self](lt::rest_result<std::vector<lt::market_info>> r) {
        post_task(weak, [self, r] {
          if (!r) {
            log(self, "loading markets failed: " + r.error().message);
            back_off(self, load_markets);
            return;
          }
          self->state.markets.add_all(*r);
          connect(self);
        });
      });
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  actor_status s;
  s.name = st.cfg.name;
  s.kind = "gateway";
  s.state = run_state::running;
  auto now = self->clock().now();
  s.uptime_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - st.started_at)
          .count();
  s.mailbox_size = self->mailbox().size();
  auto& f = s.figures;
  f["link"] = to_string(st.state);
  f["reconnects"] = std::to_string(st.reconnects);
  f["frames"] = std::to_string(st.frames);
  f["malformed"] = std::to_string(st.malformed);
  f["error_frames"] = std::to_string(st.error_frames);
  f["batches_sent"] = std::to_string(st.batches_sent);
  f["in_flight"] = std::to_string(st.in_flight.size());
  f["verdicts_unknown"] = std::to_string(st.verdicts_unknown);
  f["fills_routed"] = std::to_string(st.fills_routed);
  f["order_events_routed"] = std::to_string(st.order_events_routed);
  f["unrouted"] = std::to_string(st.unrouted);
  f["routes"] = std::to_string(st.routes.size());
  f["batches_held"] = std::to_string(st.batches_held);
  f["live_orders"] = std::to_string(st.live_orders.size());
  f["reauths"] = std::to_string(st.reauths);
  if (st.last_frame_ns > 0)
    f["last_frame_age_ms"] = std::to_string(
        (lt::net::monotonic_ns() - st.last_frame_ns) / 1'000'000);
  if (!st.last_close_reason.empty()) f["last_close"] = st.last_close_reason;
  if (st.ws) {
    auto ws = st.ws->stats();
    f["tx_timeouts"] = std::to_string(ws.tx_timeouts);
    f["auth_renewals"] = std::to_string(ws.auth_renewals);
  }
  if (st.rest) f["rest_requests"] = std::to_string(st.rest->stats().requests);
  if (st.policy.attempt() > 0) s.attempt = st.policy.attempt();
  return s;
}

batch_reply not_connected(const gateway_state& s, const send_batch& b) {
  batch_reply out;
  out.batch_id = b.batch_id;
  out.verdict = exchange_verdict::retry_later;
  out.message = std::string("not connected (") + to_string(s.state) +
                "): nothing was sent";
  out.trigger_ns = b.trigger_ns;
  return out;
}

// Sends one batch as one frame; its reply comes through finish_batch.
void dispatch(self_ptr self, send_batch b,
              caf::typed_response_promise<batch_reply> promise) {
  auto& s = self->state;
  if (s.state != gateway_state::link::ready || !s.ws) {
    promise.deliver(not_connected(s, b));
    return;
  }
  s.next_nonce[b.api_key_index] =
      b.txs.front().nonce + static_cast<int64_t>(b.txs.size());
  std::vector<lt::wire_tx> wire;
  wire.reserve(b.txs.size());
  for (auto& t : b.txs)
    wire.push_back(lt::wire_tx{t.tx_type, t.tx_info});
  auto key = s.next_key++;
  s.in_flight.emplace(key,
                      gateway_state::in_flight_batch{std::move(b), promise});
  ++s.batches_sent;
  weak_handle weak{self->ctrl()};
  auto done = [weak, self, key](lt::tx_result r) {
    post_task(weak, [self, key, r] { finish_batch(self, key, r); });
  };
  if (wire.size() == 1)
    s.ws->send_tx(std::move(wire.front()), std::move(done));
  else
    s.ws->send_tx_batch(std::move(wire), std::move(done));
}

// Sends held batches that are next in nonce order; with `overdue`, also
// those whose wait ran out (the gap will not fill: a refused batch's nonces
// were reused, or a market gave up), lowest nonce first.
void release_held(self_ptr self, bool overdue) {
  auto& s = self->state;
  auto now = self->clock().now();
  for (auto& [api_key, queue] : s.held) {
    while (!queue.empty()) {
      auto i = queue.begin();
      auto next = s.next_nonce.find(api_key);
      bool in_order = next != s.next_nonce.end() && i->first <= next->second;
      if (!in_order && !(overdue && i->second.deadline <= now)) break;
      auto h = std::move(i->second);
      queue.erase(i);
      dispatch(self, std::move(h.batch), std::move(h.promise));
    }
  }
}

} // namespace

exchange_verdict to_verdict(lt::error_class c) {
  switch (c) {
  case lt::error_class::ok:
    return exchange_verdict::accepted;
  case lt::error_class::retry_later:
  case lt::error_class::reauth:
    return exchange_verdict::retry_later;
  case lt::error_class::resync_nonce:
    return exchange_verdict::resync_nonce;
  case lt::error_class::drop_order:
  case lt::error_class::duplicate_client_index:
  case lt::error_class::resync_state:
    return exchange_verdict::drop_order;
  case lt::error_class::already_gone:
    return exchange_verdict::already_gone;
  case lt::error_class::fatal:
    return exchange_verdict::fatal;
  case lt::error_class::not_found:
  case lt::error_class::unknown:
    return exchange_verdict::unknown;
  }
  return exchange_verdict::unknown;
}

gateway_state::~gateway_state() {
  // Whoever still waits for a batch gets an answer rather than a timeout.
  answer_in_flight_unknown(*this, "gateway stopped");
}

gateway_impl_actor::behavior_type gateway_actor_impl(self_ptr self,
                                                     gateway_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.started_at = self->clock().now();
  if (!st.cfg.unix_now_ms) st.cfg.unix_now_ms = system_unix_ms;
  if (!st.cfg.log)
    st.cfg.log = [](std::string_view text) { std::cerr << text << '\n'; };
  st.policy = restart_policy(st.cfg.reconnect, st.cfg.seed);
  if (st.cfg.runner == nullptr) {
    self->quit(make_error(error_code::exchange_error, "gateway: no io_runner"));
  } else {
    lt::rest_config rc;
    rc.base_url = st.cfg.rest_url;
    rc.tls = st.cfg.tls;
    rc.http = st.cfg.http;
    rc.tier = st.cfg.tier;
    rc.account_index = st.cfg.account_index;
    auto rest = lt::rest_api::create(*st.cfg.runner, rc);
    if (!rest) {
      self->quit(make_error(error_code::exchange_error, rest.error().message));
    } else {
      st.rest = std::move(*rest);
      if (st.cfg.markets.empty()) {
        load_markets(self);
      } else {
        st.markets.add_all(st.cfg.markets);
        st.rest->add_markets(st.cfg.markets);
        connect(self);
      }
    }
  }
  return {
      [=](next_nonce_atom, uint8_t key) -> caf::result<nonce_resync> {
        auto promise = self->make_response_promise<nonce_resync>();
        weak_handle weak{self->ctrl()};
        self->state.rest->next_nonce(
            key, [weak, self, promise, key](lt::rest_result<int64_t> r) {
              post_task(weak, [promise, key, r]() mutable {
                if (r)
                  promise.deliver(nonce_resync{key, *r});
                else
                  promise.deliver(exchange_failure(r.error()));
              });
            });
        return promise;
      },
      [=](send_batch& b) -> caf::result<batch_reply> {
        auto& s = self->state;
        if (b.txs.empty()) return make_error(error_code::empty_batch);
        if (b.txs.size() > max_batch)
          return make_error(error_code::batch_too_large,
                            std::to_string(b.txs.size()));
        if (s.state != gateway_state::link::ready || !s.ws)
          return not_connected(s, b);
        auto promise = self->make_response_promise<batch_reply>();
        auto api_key = b.api_key_index;
        auto first = b.txs.front().nonce;
        // Nothing lower is on its way (the signer saw every verdict): the
        // gap, if any, went out through another node.
        if (b.predecessors_settled) s.next_nonce[api_key] = first;
        auto expected = s.next_nonce.find(api_key);
        if (expected == s.next_nonce.end() || first > expected->second) {
          // Signed after a batch of another market that is still on its
          // way here: wait for it (bounded) so nonces go out in order. The
          // first batch of a key waits too: the markets' first grids are
          // signed at the same moment and may arrive in any order.
          ++s.batches_held;
          s.held[api_key].emplace(first,
                                  gateway_state::held_batch{
                                      std::move(b), promise,
                                      self->clock().now() + s.cfg.nonce_hold});
          self->delayed_send(self, s.cfg.nonce_hold,
                             io_task{[self] { release_held(self, true); }});
          return promise;
        }
        dispatch(self, std::move(b), promise);
        release_held(self, false);
        return promise;
      },
      [=](active_orders_atom,
          int32_t market) -> caf::result<std::vector<live_order>> {
        auto promise = self->make_response_promise<std::vector<live_order>>();
        with_token(self, [self, promise,
                          market](std::optional<lt::auth_token> t) mutable {
          if (!t) {
            promise.deliver(make_error(error_code::exchange_error,
                                       "active orders: no auth token"));
            return;
          }
          weak_handle weak{self->ctrl()};
          self->state.rest->active_orders(
              market, t->token,
              [weak, self, promise](lt::rest_result<lt::order_list> r) {
                post_task(weak, [self, promise, r]() mutable {
                  if (!r) {
                    if (r.error().cls == lt::error_class::reauth)
                      self->state.token.reset();
                    promise.deliver(exchange_failure(r.error()));
                    return;
                  }
                  std::vector<live_order> out;
                  for (auto& o : r->orders)
                    if (!o.is_final()) out.push_back(to_live_order(o));
                  promise.deliver(std::move(out));
                });
              });
        });
        return promise;
      },
      [=](account_atom) -> caf::result<account_snapshot> {
        auto promise = self->make_response_promise<account_snapshot>();
        weak_handle weak{self->ctrl()};
        self->state.rest->account_info(
            [weak, self, promise](lt::rest_result<lt::account> r) {
              post_task(weak, [self, promise, r]() mutable {
                if (!r) {
                  promise.deliver(exchange_failure(r.error()));
                  return;
                }
                account_snapshot out;
                out.collateral_micro = r->collateral.micros;
                out.available_micro = r->available_balance.micros;
                for (auto& p : r->positions)
                  out.positions.push_back(to_position(p));
                out.ts_ms = self->state.cfg.unix_now_ms();
                promise.deliver(std::move(out));
              });
            });
        return promise;
      },
      [=](route_market& r) {
        auto market = r.market_index;
        self->state.routes[market] = std::move(r);
      },
      [=](status_atom) { return make_status(self); },
      [=](io_task& t) {
        if (t.run) t.run();
      },
  };
}

messages::gateway_actor spawn_gateway(caf::actor_system& sys,
                                      gateway_config cfg) {
  return sys.spawn(gateway_actor_impl, std::move(cfg));
}

} // namespace trailgrid::actors
