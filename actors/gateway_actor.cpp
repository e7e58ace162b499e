#include "actors/gateway_actor.hpp"

#include "actors/component_logger.hpp"
#include "execution/trade_pages.hpp"
#include "lighter/codec/exchange_limits.hpp"
#include "lighter/codec/read_only_token.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/monotonic.hpp"
#include "lighter/net/unix_time.hpp"
#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <memory>
#include <set>

namespace trailgrid::actors {

using namespace messages;
namespace lt = trailgrid::lighter;

namespace {

using self_ptr = gateway_impl_actor::stateful_pointer<gateway_state>;

// A batch larger than a WebSocket frame takes goes over REST sendTxBatch.
constexpr size_t max_batch = lighter::limits::max_txs_per_rest_batch;
constexpr size_t max_ws_batch = lighter::limits::max_txs_per_ws_frame;
const std::string stream_hold = "account_stream";

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
  self->state.cfg.logger->warn("{}", text);
}

caf::error exchange_failure(const lt::rest_error& e) {
  return make_error(error_code::exchange_error,
                    std::string(lt::to_string(e.kind)) + " " +
                        lt::to_string(e.cls) + " (" + std::to_string(e.code) +
                        "): " + e.message);
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
  if (!st.cfg.read_only_token.empty() && !st.read_only_refused) {
    auto f = lt::parse_read_only_token(st.cfg.read_only_token);
    if (f && f->expiry_unix_s > now_s) {
      k(lt::auth_token{st.cfg.read_only_token, f->expiry_unix_s});
      return;
    }
    log(self, "the read-only token is malformed or expired: reading with "
              "the signer's auth tokens");
    st.read_only_refused = true;
  }
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

execution::account_events& events(self_ptr self) {
  return *self->state.events;
}

execution::account_ledger& ledger(self_ptr self) {
  return events(self).ledger();
}

int64_t unix_now_ms(self_ptr self) {
  return self->state.cfg.unix_now_ms();
}

// Carries the account core's deliveries out, in order: each to its market's
// executor or grid as its supervisor routed them.
void deliver(self_ptr self, const execution::account_deliveries& out) {
  auto& routes = self->state.routes;
  auto send_to = [&](int32_t market, auto member, const auto& event) {
    auto i = routes.find(market);
    if (i == routes.end()) return;
    auto& handle = i->second.*member;
    if (handle)
      std::visit([&](const auto& x) { self->send(handle, x); }, event);
  };
  for (auto& d : out) {
    if (auto e = std::get_if<execution::to_executor>(&d))
      send_to(e->market_index, &route_market::executor, e->event);
    else if (auto g = std::get_if<execution::to_grid>(&d))
      send_to(g->market_index, &route_market::grid, g->event);
    else if (auto n = std::get_if<execution::account_notice>(&d))
      log(self, n->text);
  }
}

// Every trade of a paged read, newest first.
using trades_read = std::vector<lt::trade>;
using trades_read_done = std::function<void(lt::rest_result<trades_read>)>;
using trade_is_booked = std::function<bool(const lt::trade&)>;

void read_trade_pages(self_ptr self, std::string token,
                      std::shared_ptr<execution::trade_pages> pages,
                      trade_is_booked booked, std::shared_ptr<trades_read> acc,
                      std::string cursor, trades_read_done done) {
  weak_handle weak{self->ctrl()};
  self->state.rest->account_trades(
      std::nullopt, self->state.cfg.recovery_trades, token, std::move(cursor),
      [=](lt::rest_result<lt::trade_list> r) {
        post_task(weak, [=] {
          if (!r) return done(r.error());
          auto& gs = self->state;
          ++gs.trade_pages_read;
          auto next = pages->next(*r, booked);
          acc->insert(acc->end(), r->trades.begin(), r->trades.end());
          if (next)
            return read_trade_pages(self, token, pages, booked, acc, *next,
                                    done);
          if (pages->cut_short()) {
            ++gs.trade_reads_cut_short;
            log(self, "trades: stopped after " +
                          std::to_string(pages->pages()) +
                          " pages; older fills are not read");
          }
          done(std::move(*acc));
        });
      });
}

// Reads the account's trades newest first, a page at a time, back to the
// first trade `booked` knows or to `back_to_ms` (execution::trade_pages), at
// most `max_pages`; `done` runs in the actor.
void read_trades_back(self_ptr self, std::string token, int64_t back_to_ms,
                      int max_pages, trade_is_booked booked,
                      trades_read_done done) {
  auto pages =
      std::make_shared<execution::trade_pages>(execution::trade_pages::config{
          self->state.cfg.recovery_trades, max_pages, back_to_ms});
  read_trade_pages(self, std::move(token), std::move(pages), std::move(booked),
                   std::make_shared<trades_read>(), {}, std::move(done));
}

// The account's fills after `since_ms` that are not among `booked` (see
// messages::fills_since), counted as seen.
void read_fills_since(self_ptr self, fills_since q,
                      caf::typed_response_promise<std::vector<fill>> promise) {
  with_token(self, [self, q = std::move(q),
                    promise](std::optional<lt::auth_token> t) mutable {
    if (!t) {
      promise.deliver(make_error(error_code::exchange_error,
                                 "fills since the journal: no auth token"));
      return;
    }
    // Back to the journal's start: a fill it lacks may be older than the
    // newest page.
    read_trades_back(
        self, t->token, q.since_ms, self->state.cfg.recovery_trade_pages,
        [](const lt::trade&) { return false; },
        [self, q, promise](lt::rest_result<trades_read> r) mutable {
          if (!r) {
            promise.deliver(exchange_failure(r.error()));
            return;
          }
          auto out = events(self).fills_missing(q.since_ms, q.booked_keys, *r);
          for (auto& f : out)
            log(self, "fill missing from the journal: market " +
                          std::to_string(f.market_index) + " trade " +
                          std::to_string(f.trade_id));
          promise.deliver(std::move(out));
        });
  });
}

// An error frame; a subscription refused for its token fetches a fresh one
// and resubscribes the private channels with it (at most once per
// reauth_every, so a key the exchange keeps refusing cannot make a
// subscribe/refuse loop).
void on_error_frame(self_ptr self, const lt::ws_error& e) {
  auto& st = self->state;
  ++st.error_frames;
  log(self, "error frame " + std::to_string(e.code) + ": " + e.message);
  auto now = std::chrono::steady_clock::now();
  if (lt::classify(e.code, e.message) != lt::error_class::reauth ||
      now - st.last_reauth < st.cfg.reauth_every)
    return;
  st.last_reauth = now;
  ++st.reauths;
  st.token.reset();
  if (!st.cfg.read_only_token.empty() && !st.read_only_refused) {
    log(self, "the exchange refused the read-only token: reading with "
              "the signer's auth tokens");
    st.read_only_refused = true;
  }
  if (st.ws) st.ws->renew_auth();
}

void on_message(self_ptr self, const lt::ws_message& m, int64_t recv_ns) {
  auto& st = self->state;
  ++st.frames;
  st.last_frame_ns = recv_ns;
  auto& core = events(self);
  if (auto t = std::get_if<lt::account_trades_update>(&m))
    deliver(self, core.on_trades(*t, recv_ns));
  else if (auto o = std::get_if<lt::account_orders_update>(&m))
    deliver(self, core.on_orders(*o));
  else if (auto p = std::get_if<lt::account_positions_update>(&m))
    deliver(self, core.on_positions(*p));
  else if (auto u = std::get_if<lt::user_stats_update>(&m))
    deliver(self, core.on_user_stats(*u));
  else if (auto e = std::get_if<lt::ws_error>(&m))
    on_error_frame(self, *e);
}

// --- sending and settling ---------------------------------------------------

tx_verdict nonce_verdict_of(lt::error_class c) {
  switch (c) {
  case lt::error_class::ok:
    return tx_verdict::accepted;
  case lt::error_class::resync_nonce:
    return tx_verdict::invalid_nonce;
  case lt::error_class::retry_later:
  case lt::error_class::reauth:
    return tx_verdict::rejected_other; // refused before the sequencer
  default:
    return tx_verdict::uncertain; // the signer asks the exchange
  }
}

void tell_signer(self_ptr self, const send_batch& b, tx_verdict v,
                 int32_t code) {
  auto& st = self->state;
  if (!st.cfg.signer || b.txs.empty()) return;
  self->send(st.cfg.signer,
             tx_outcome{b.api_key_index, b.txs.front().nonce,
                        static_cast<int32_t>(b.txs.size()), v, code});
}

void settle_key(self_ptr self, uint8_t key);

void request_settle(self_ptr self, uint8_t key,
                    std::chrono::milliseconds after) {
  self->delayed_send(self, after,
                     io_task{[self, key] { settle_key(self, key); }});
}

// The exchange answered batch `key` (or gave up on it: answered false).
void finish_batch(self_ptr self, uint64_t key, const lt::tx_result& r) {
  auto& st = self->state;
  auto i = st.in_flight.find(key);
  if (i == st.in_flight.end()) return; // settled already
  if (!r.answered) {
    // The reply is lost: only the exchange's next nonce can tell whether
    // the batch was taken.
    if (st.settler.on_lost(key))
      request_settle(self, i->second.batch.api_key_index, st.cfg.settle_delay);
    return;
  }
  st.settler.take(key);
  if (r.written_ns > 0) st.tx_answer.add(r.answered_ns - r.written_ns);
  auto& b = i->second.batch;
  batch_reply out;
  out.batch_id = b.batch_id;
  out.verdict = execution::verdict_of(r.cls);
  out.code = static_cast<int32_t>(r.code);
  out.message = r.message;
  out.tx_hashes = r.tx_hashes;
  out.trigger_ns = b.trigger_ns;
  out.written_ns = r.written_ns;
  if (out.verdict == exchange_verdict::unknown) ++st.verdicts_unknown;
  tell_signer(self, b, nonce_verdict_of(r.cls), out.code);
  i->second.promise.deliver(std::move(out));
  st.in_flight.erase(i);
}

// Settles the lost batches of `key` from the exchange's next nonce; the
// signer gets that nonce as the truth.
void on_settled(self_ptr self, uint8_t key, int64_t next) {
  auto& st = self->state;
  for (auto& s : st.settler.on_nonce(key, next)) {
    auto i = st.in_flight.find(s.batch.id);
    if (i == st.in_flight.end()) continue;
    ++st.batches_settled;
    batch_reply out;
    out.batch_id = i->second.batch.batch_id;
    out.trigger_ns = i->second.batch.trigger_ns;
    if (s.fate == execution::nonce_fate::not_consumed) {
      out.verdict = exchange_verdict::retry_later;
      out.message = "reply lost; the exchange did not take the batch";
    } else {
      out.verdict = exchange_verdict::unknown; // the executor reconciles
      out.message =
          std::string("reply lost; nonces ") + execution::to_string(s.fate);
      ++st.verdicts_unknown;
    }
    i->second.promise.deliver(std::move(out));
    st.in_flight.erase(i);
  }
  if (st.cfg.signer) self->send(st.cfg.signer, nonce_resync{key, next});
}

void settle_key(self_ptr self, uint8_t key) {
  weak_handle weak{self->ctrl()};
  self->state.rest->next_nonce(
      key, [weak, self, key](lt::rest_result<int64_t> r) {
        post_task(weak, [self, key, r] {
          if (r) return on_settled(self, key, *r);
          log(self, "settling key " + std::to_string(key) + ": " +
                        r.error().message + "; asking again");
          request_settle(self, key, self->state.cfg.settle_retry);
        });
      });
}

std::vector<lt::wire_tx> wire_of(const send_batch& b) {
  std::vector<lt::wire_tx> wire;
  wire.reserve(b.txs.size());
  for (auto& t : b.txs)
    wire.push_back(lt::wire_tx{t.tx_type, t.tx_info});
  return wire;
}

// A REST answer as the WebSocket would have given it.
lt::tx_result to_tx_result(const lt::rest_result<lt::tx_reply>& r,
                           int64_t written_ns, int64_t answered_ns) {
  lt::tx_result out;
  out.written_ns = written_ns;
  out.answered_ns = answered_ns;
  if (r) {
    out.answered = true;
    out.code = r->code;
    out.message = r->message;
    out.tx_hashes = r->tx_hashes;
    out.cls = r->ok() ? lt::error_class::ok : lt::classify(r->code, r->message);
    return out;
  }
  auto& e = r.error();
  out.code = e.code;
  out.message = std::string(lt::to_string(e.kind)) + ": " + e.message;
  out.cls = e.cls;
  // Refused before anything was sent (our limiter, no connection) is an
  // answer; a broken or timed-out POST may have been taken: settle it.
  out.answered = e.kind == lt::rest_failure::throttled ||
                 e.kind == lt::rest_failure::exchange ||
                 e.cls == lt::error_class::retry_later;
  return out;
}

// Sends one batch: one frame on the WebSocket, or one REST call while the
// socket is down (sendTx/sendTxBatch need no WebSocket) or when the batch is
// larger than a frame takes.
void dispatch(self_ptr self, send_batch b,
              caf::typed_response_promise<batch_reply> promise) {
  auto& s = self->state;
  auto wire = wire_of(b);
  auto key = s.next_key++;
  s.settler.on_sent({key, b.api_key_index, b.txs.front().nonce,
                     static_cast<int32_t>(b.txs.size()), unix_now_ms(self)});
  s.in_flight.emplace(key,
                      gateway_state::in_flight_batch{std::move(b), promise});
  ++s.batches_sent;
  weak_handle weak{self->ctrl()};
  if (s.state == gateway_state::link::ready && s.ws &&
      wire.size() <= max_ws_batch) {
    auto done = [weak, self, key](lt::tx_result r) {
      post_task(weak, [self, key, r] { finish_batch(self, key, r); });
    };
    if (wire.size() == 1)
      s.ws->send_tx(std::move(wire.front()), std::move(done));
    else
      s.ws->send_tx_batch(std::move(wire), std::move(done));
    return;
  }
  ++s.batches_sent_rest;
  auto written = lt::net::monotonic_ns();
  auto done = [weak, self, key, written](lt::rest_result<lt::tx_reply> r) {
    auto result = to_tx_result(r, written, lt::net::monotonic_ns());
    post_task(weak, [self, key, result] { finish_batch(self, key, result); });
  };
  if (wire.size() == 1)
    s.rest->send_tx(wire.front(), std::move(done));
  else
    s.rest->send_tx_batch(wire, std::move(done));
}

// --- account stream: gaps, hold, recovery ----------------------------------

void set_hold(self_ptr self, bool on) {
  auto& st = self->state;
  if (st.holding == on || !st.root) return;
  st.holding = on;
  caf::anon_send(st.root, hold_atom::value, stream_hold, on);
}

void finish_recovery(self_ptr self) {
  auto& st = self->state;
  events(self).on_recovery_done(unix_now_ms(self));
  // Orders that ended while we were not looking: every executor rebuilds
  // its live set from the exchange (and cancels orders of ours it lost).
  for (auto& [market, r] : st.routes)
    if (r.executor)
      self->request(r.executor, std::chrono::seconds(30), reconcile_atom::value)
          .then([](const reconciled&) {}, [](const caf::error&) {});
  if (ledger(self).stream_up()) set_hold(self, false);
}

void read_positions(self_ptr self) {
  weak_handle weak{self->ctrl()};
  self->state.rest->account_info([weak, self](lt::rest_result<lt::account> r) {
    post_task(weak, [self, r] {
      auto& st = self->state;
      if (r) {
        deliver(self, events(self).on_recovered_account(*r, unix_now_ms(self)));
      } else {
        ++st.recovery_failures;
        log(self, "recovery: account: " + r.error().message + "; again in " +
                      std::to_string(st.cfg.recovery_retry.count()) + " ms");
        self->delayed_send(self, st.cfg.recovery_retry,
                           io_task{[self] { read_positions(self); }});
        return;
      }
      finish_recovery(self);
    });
  });
}

// A recovery's read of the trades the stream missed: page after page back to
// what is booked, read again after recovery_retry while it fails (a gap is
// closed only by a read), then the positions.
void read_trades(self_ptr self) {
  with_token(self, [self](std::optional<lt::auth_token> t) {
    auto& st = self->state;
    auto again = [self] {
      auto& gs = self->state;
      self->delayed_send(self, gs.cfg.recovery_retry,
                         io_task{[self] { read_trades(self); }});
    };
    if (!t) {
      ++st.recovery_failures;
      log(self, "recovery: no auth token");
      return again();
    }
    // After a stall, back to where the check that found it began reading;
    // otherwise until a page ends with a booked trade.
    auto stall_from = events(self).stall_read_back_to_ms();
    read_trades_back(
        self, t->token,
        stall_from ? *stall_from : events(self).booked_until_ms(),
        st.cfg.recovery_trade_pages,
        [self, stalled = stall_from.has_value()](const lt::trade& tr) {
          return !stalled && events(self).booked(tr);
        },
        [self, again](lt::rest_result<trades_read> r) {
          auto& gs = self->state;
          if (!r) {
            ++gs.recovery_failures;
            log(self, "recovery: trades: " + r.error().message + "; again in " +
                          std::to_string(gs.cfg.recovery_retry.count()) +
                          " ms");
            return again();
          }
          deliver(self, events(self).on_recovered_trades(
                            *r, lt::net::monotonic_ns()));
          read_positions(self);
        });
  });
}

void on_gap(self_ptr self, execution::gap_cause cause);

// A stall check: the trades no check has read yet (the newest page at least)
// holding a fill of ours the stream never sent mean the stream stalled;
// that is a gap, and its recovery reads (and books) everything it missed.
// `done` learns whether the trades could be read.
void check_trades(self_ptr self, std::function<void(bool)> done) {
  with_token(self, [self, done](std::optional<lt::auth_token> t) {
    if (!t) return done(false);
    read_trades_back(
        self, t->token, events(self).unchecked_after_ms(),
        self->state.cfg.recovery_trade_pages,
        [](const lt::trade&) { return false; },
        [self, done](lt::rest_result<trades_read> r) {
          auto& gs = self->state;
          if (!r) {
            ++gs.recovery_failures;
            log(self, "stream check: trades: " + r.error().message);
            return done(false);
          }
          if (events(self).on_stall_check(*r))
            on_gap(self, execution::gap_cause::stall);
          done(true);
        });
  });
}

void start_recovery(self_ptr self) {
  auto& l = ledger(self);
  if (!l.recovery_needed() || l.recovering()) return;
  l.on_recovery_started(unix_now_ms(self));
  read_trades(self);
}

void on_gap(self_ptr self, execution::gap_cause cause) {
  auto& st = self->state;
  ledger(self).on_gap(cause, unix_now_ms(self));
  log(self, std::string("account stream gap (") + execution::to_string(cause) +
                "): recovering from REST");
  if (st.state == gateway_state::link::ready) start_recovery(self);
}

void check_stream(self_ptr self) {
  auto& st = self->state;
  auto now = unix_now_ms(self);
  if (ledger(self).down_for_ms(now) >= st.cfg.stream_hold_after.count() &&
      !st.holding) {
    log(self, "account stream down for " +
                  std::to_string(ledger(self).down_for_ms(now)) +
                  " ms: holding every market");
    set_hold(self, true);
  }
}

// --- connection ------------------------------------------------------------

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
  self->delayed_send(self, st.cfg.stream_hold_after,
                     io_task{[self] { check_stream(self); }});
}

void on_disconnect(self_ptr self, uint64_t gen, const std::string& reason) {
  auto& st = self->state;
  if (gen != st.generation) return;
  st.ws.reset();
  ++st.reconnects;
  st.last_close_reason = reason;
  ledger(self).on_stream_down(unix_now_ms(self));
  // The session gave up on its pending txs before closing (they settle
  // from the next nonce); anything still here was never matched.
  std::vector<uint64_t> lost;
  for (auto& [key, b] : st.in_flight)
    lost.push_back(key);
  for (auto key : lost) {
    lt::tx_result r;
    r.message = "disconnected: " + reason;
    finish_batch(self, key, r);
  }
  log(self, "account stream closed (" + reason + ")");
  back_off(self, connect);
}

void on_ready(self_ptr self) {
  auto& st = self->state;
  st.state = gateway_state::link::ready;
  st.policy.on_healthy(); // only consecutive failures grow the backoff
  ledger(self).on_stream_up(unix_now_ms(self));
  on_gap(self, st.connected_once ? execution::gap_cause::reconnect
                                 : execution::gap_cause::start);
  st.connected_once = true;
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
  wc.markets = events(self).markets();
  wc.tx_timeout = st.cfg.tx_timeout;
  wc.auth_renew_before = st.cfg.auth_renew_before;
  wc.id_prefix = "gw" + std::to_string(gen) + "-";
  auto clock = st.cfg.unix_now_ms;
  wc.unix_now_s = [clock] { return clock() / 1000; };
  // Without a signer or a read-only token, private channels go out without
  // a token.
  if (st.cfg.signer || !st.cfg.read_only_token.empty())
    wc.auth = [weak,
               self](std::function<void(std::optional<lt::auth_token>)> done) {
      post_task(weak, [self, done] { with_token(self, done); });
    };
  lt::ws_session_callbacks cb;
  cb.on_ready = [weak, self, gen] {
    post_task(weak, [self, gen] {
      if (self->state.generation == gen) on_ready(self);
    });
  };
  cb.on_message = [weak, self, gen](const lt::ws_message& m, int64_t ns) {
    post_task(weak, [self, gen, m, ns] {
      if (self->state.generation == gen) on_message(self, m, ns);
    });
  };
  // Only account channels ride this socket: a frame lost to a decode
  // error may have been a fill, so it is a gap.
  cb.on_malformed = [weak, self, gen](std::string_view frame,
                                      const std::string& err) {
    auto head = std::string(frame.substr(0, 160));
    post_task(weak, [self, gen, head, err] {
      ++self->state.malformed;
      log(self, "malformed frame skipped (" + err + "): " + head);
      if (self->state.generation == gen)
        on_gap(self, execution::gap_cause::malformed);
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
          events(self).add_markets(*r);
          connect(self);
        });
      });
}

// The exchange's next nonce of `key` (the signer's resync).
void read_next_nonce(self_ptr self, uint8_t key,
                     caf::typed_response_promise<nonce_resync> promise) {
  weak_handle weak{self->ctrl()};
  self->state.rest->next_nonce(
      key, [weak, promise, key](lt::rest_result<int64_t> r) {
        post_task(weak, [promise, key, r]() mutable {
          if (r)
            promise.deliver(nonce_resync{key, *r});
          else
            promise.deliver(exchange_failure(r.error()));
        });
      });
}

// The account from REST (collateral, positions).
void read_account(self_ptr self,
                  caf::typed_response_promise<account_snapshot> promise) {
  weak_handle weak{self->ctrl()};
  self->state.rest->account_info(
      [weak, self, promise](lt::rest_result<lt::account> r) {
        post_task(weak, [self, promise, r]() mutable {
          if (r)
            promise.deliver(execution::snapshot_of(*r, unix_now_ms(self)));
          else
            promise.deliver(exchange_failure(r.error()));
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
  s.facts.reconnects = static_cast<int64_t>(st.reconnects);
  f["frames"] = std::to_string(st.frames);
  f["malformed"] = std::to_string(st.malformed);
  f["error_frames"] = std::to_string(st.error_frames);
  f["batches_sent"] = std::to_string(st.batches_sent);
  f["in_flight"] = std::to_string(st.in_flight.size());
  f["verdicts_unknown"] = std::to_string(st.verdicts_unknown);
  auto& c = events(self).counters();
  f["fills_routed"] = std::to_string(c.fills_routed);
  f["order_events_routed"] = std::to_string(c.order_events_routed);
  f["unrouted"] = std::to_string(c.unrouted);
  f["foreign_events"] = std::to_string(c.foreign);
  f["fills_dropped"] = std::to_string(c.fills_dropped);
  f["routes"] = std::to_string(st.routes.size());
  f["batches_sent_rest"] = std::to_string(st.batches_sent_rest);
  f["batches_settled"] = std::to_string(st.batches_settled);
  f["batches_settling"] = std::to_string(st.settler.lost());
  auto& l = ledger(self);
  auto now_ms = unix_now_ms(self);
  f["stream_up"] = l.stream_up() ? "1" : "0";
  f["stream_down_ms"] = std::to_string(l.down_for_ms(now_ms));
  f["stream_gaps"] = std::to_string(l.gaps());
  for (auto& [cause, n] : l.gaps_by_cause())
    f[std::string("stream_gaps.") + execution::to_string(cause)] =
        std::to_string(n);
  f["recoveries"] = std::to_string(l.recoveries());
  f["recovering"] = l.recovering() ? "1" : "0";
  s.facts.recovering = l.recovering();
  f["recovery_failures"] = std::to_string(st.recovery_failures);
  f["trade_pages_read"] = std::to_string(st.trade_pages_read);
  f["trade_reads_cut_short"] = std::to_string(st.trade_reads_cut_short);
  f["fills_recovered"] = std::to_string(l.fills_recovered());
  f["fills_missing_from_journal"] =
      std::to_string(c.fills_missing_from_journal);
  f["fills_waiting_route"] = std::to_string(events(self).fills_waiting());
  f["fills_duplicate"] = std::to_string(l.duplicate_fills());
  f["holding"] = st.holding ? "1" : "0";
  f["live_orders"] = std::to_string(l.live_orders());
  f["orders_pruned"] = std::to_string(l.orders_pruned());
  if (st.tx_answer.size() > 0) {
    f["tx_answer_p50_us"] = std::to_string(st.tx_answer.median() / 1'000);
    f["tx_answer_p99_us"] = std::to_string(st.tx_answer.p99() / 1'000);
  }
  f["listing_reads"] = std::to_string(st.listings.reads());
  f["listing_asks_joined"] = std::to_string(st.listings.joined());
  f["fill_keys_remembered"] = std::to_string(l.trades_remembered());
  f["final_orders_remembered"] = std::to_string(l.finals_remembered());
  f["reauths"] = std::to_string(st.reauths);
  f["reads_with"] = !st.cfg.read_only_token.empty() && !st.read_only_refused
                        ? "read-only token"
                    : st.cfg.signer ? "signer auth token"
                                    : "no token";
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

} // namespace

gateway_state::~gateway_state() {
  // Whoever still waits for a batch gets an answer rather than a timeout.
  for (auto& [key, b] : in_flight) {
    batch_reply out;
    out.batch_id = b.batch.batch_id;
    out.verdict = exchange_verdict::unknown;
    out.message = "gateway stopped";
    out.trigger_ns = b.batch.trigger_ns;
    b.promise.deliver(std::move(out));
  }
  in_flight.clear();
}

// One read of the active orders answers every market that asked before it
// started (execution::listing_coalescer): the asker's market alone, or the
// whole account when several asked; the asks that came while it was in
// flight start the next one.
void start_listing(self_ptr self) {
  auto& st = self->state;
  st.listings.start();
  auto mark = ledger(self).snapshot_mark();
  auto answer = [self, mark](const lt::rest_result<lt::order_list>& r) {
    auto& s = self->state;
    if (!r && r.error().cls == lt::error_class::reauth) s.token.reset();
    std::map<int32_t, std::vector<live_order>> by_market;
    std::map<int32_t, std::set<int64_t>> listed;
    if (r)
      for (auto& o : r->orders)
        if (!o.is_final()) {
          by_market[o.market_id].push_back(execution::live_order_of(o));
          listed[o.market_id].insert(o.order_index);
        }
    std::set<int32_t> pruned;
    for (auto& ask : s.listings.finish()) {
      auto it = s.listing_askers.find(ask.id);
      if (it == s.listing_askers.end()) continue;
      auto promise = std::move(it->second);
      s.listing_askers.erase(it);
      if (!r) {
        promise.deliver(exchange_failure(r.error()));
        continue;
      }
      // Orders whose end fell into a gap leave the live set.
      if (pruned.insert(ask.market).second)
        ledger(self).prune_market(ask.market, mark, listed[ask.market]);
      promise.deliver(by_market[ask.market]);
    }
    if (s.listings.has_waiting()) start_listing(self);
  };
  with_token(self, [self, answer](std::optional<lt::auth_token> t) mutable {
    if (!t) {
      lt::rest_error e;
      e.kind = lt::rest_failure::exchange;
      e.message = "active orders: no auth token";
      return answer(e);
    }
    weak_handle weak{self->ctrl()};
    self->state.rest->active_orders(
        self->state.listings.scope(), t->token,
        [weak, answer](lt::rest_result<lt::order_list> r) mutable {
          post_task(weak, [answer, r]() mutable { answer(r); });
        });
  });
}

gateway_impl_actor::behavior_type gateway_actor_impl(self_ptr self,
                                                     gateway_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.started_at = self->clock().now();
  if (!st.cfg.unix_now_ms) st.cfg.unix_now_ms = lighter::net::unix_ms;
  st.cfg.logger = component_logger(std::move(st.cfg.logger), st.cfg.name);
  st.policy = restart_policy(st.cfg.reconnect, st.cfg.seed);
  execution::account_events::config ec;
  ec.account_index = st.cfg.account_index;
  ec.booked_until_ms = st.cfg.booked_until_ms;
  ec.booked_fills = st.cfg.booked_fills;
  st.events.emplace(std::move(ec), st.cfg.unix_now_ms());
  if (st.cfg.runner == nullptr) {
    self->quit(make_error(error_code::exchange_error, "gateway: no io_runner"));
  } else {
    lt::rest_config rc;
    rc.base_url = st.cfg.rest_url;
    rc.tls = st.cfg.tls;
    rc.http = st.cfg.http;
    rc.tier = st.cfg.tier;
    rc.gate = st.cfg.rest_gate;
    rc.account_index = st.cfg.account_index;
    auto rest = lt::rest_api::create(*st.cfg.runner, rc);
    if (!rest) {
      self->quit(make_error(error_code::exchange_error, rest.error().message));
    } else {
      st.rest = std::move(*rest);
      if (st.cfg.markets.empty()) {
        load_markets(self);
      } else {
        events(self).add_markets(st.cfg.markets);
        st.rest->add_markets(st.cfg.markets);
        connect(self);
      }
    }
  }
  if (st.cfg.stream_check_every.count() > 0)
    self->delayed_send(self, st.cfg.stream_check_every,
                       stream_check_atom::value);
  return {
      [=](stream_check_atom) {
        auto& gs = self->state;
        // A stream that stalled without closing shows as trades in REST
        // that it never sent.
        if (gs.state == gateway_state::link::ready &&
            !ledger(self).recovering())
          check_trades(self, [](bool) {});
        self->delayed_send(self, gs.cfg.stream_check_every,
                           stream_check_atom::value);
      },
      [=](check_trades_atom) -> caf::result<bool> {
        auto promise = self->make_response_promise<bool>();
        if (ledger(self).recovering()) { // it reads everything anyway
          promise.deliver(true);
          return promise;
        }
        check_trades(self,
                     [promise](bool read) mutable { promise.deliver(read); });
        return promise;
      },
      [=](next_nonce_atom, uint8_t key) -> caf::result<nonce_resync> {
        auto promise = self->make_response_promise<nonce_resync>();
        read_next_nonce(self, key, promise);
        return promise;
      },
      [=](send_batch& b) -> caf::result<batch_reply> {
        if (b.txs.empty()) return make_error(error_code::empty_batch);
        if (b.txs.size() > max_batch)
          return make_error(error_code::batch_too_large,
                            std::to_string(b.txs.size()));
        auto promise = self->make_response_promise<batch_reply>();
        dispatch(self, std::move(b), promise);
        return promise;
      },
      [=](active_orders_atom,
          int32_t market) -> caf::result<std::vector<live_order>> {
        auto& s = self->state;
        auto promise = self->make_response_promise<std::vector<live_order>>();
        auto id = s.next_listing_ask++;
        s.listing_askers.emplace(id, promise);
        if (s.listings.ask(id, market)) start_listing(self);
        return promise;
      },
      [=](account_atom) -> caf::result<account_snapshot> {
        auto promise = self->make_response_promise<account_snapshot>();
        read_account(self, promise);
        return promise;
      },
      [=](link_root_atom, caf::actor root) {
        self->state.root = std::move(root);
        check_stream(self);
      },
      [=](route_market& r) {
        auto& route = self->state.routes[r.market_index];
        route = std::move(r);
        deliver(self,
                events(self).on_route(route.market_index, route.client_tag,
                                      static_cast<bool>(route.executor),
                                      static_cast<bool>(route.grid)));
      },
      [=](fills_since& q) -> caf::result<std::vector<fill>> {
        auto promise = self->make_response_promise<std::vector<fill>>();
        read_fills_since(self, std::move(q), promise);
        return promise;
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
