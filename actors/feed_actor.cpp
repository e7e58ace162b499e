#include "actors/feed_actor.hpp"

#include "actors/component_logger.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/monotonic.hpp"
#include "lighter/net/unix_time.hpp"
#include "messages/errors.hpp"

#include "caf/all.hpp"

#include <spdlog/spdlog.h>

namespace trailgrid::actors {

using namespace messages;
namespace lt = trailgrid::lighter;

namespace {

using self_ptr = feed_impl_actor::stateful_pointer<feed_state>;

void log(self_ptr self, const std::string& text) {
  self->state.cfg.logger->warn("{}", text);
}

std::string book_channel(self_ptr self) {
  return lt::channel::order_book(self->state.cfg.market_index);
}

bool same_top(const top_of_book& a, const top_of_book& b) {
  return a.bid == b.bid && a.bid_size == b.bid_size && a.ask == b.ask &&
         a.ask_size == b.ask_size;
}

template <class Message>
void publish(self_ptr self, const Message& m) {
  auto& p = self->state.peers;
  if (p.atr) self->send(p.atr, m);
  if (p.grid) self->send(p.grid, m);
}

void send_warmup(self_ptr self) {
  auto& st = self->state;
  if (!st.warmup || !st.peers.atr) return;
  if (st.peers.atr.address() == st.warmup_sent_to) return;
  self->send(st.peers.atr, *st.warmup);
  st.warmup_sent_to = st.peers.atr.address();
}

// Asks for a fresh snapshot (unsubscribe + subscribe); gives up when that
// keeps failing.
void resync(self_ptr self, const std::string& why) {
  auto& st = self->state;
  if (++st.resyncs_in_a_row > st.cfg.max_resyncs) {
    self->quit(make_error(error_code::connection_lost,
                          "order book keeps failing: " + why));
    return;
  }
  log(self, "resubscribing the order book: " + why);
  st.resync_pending = true;
  st.last_book_ns = lt::net::monotonic_ns();
  st.last_top.reset();
  st.ws->resubscribe(book_channel(self));
}

void on_book(self_ptr self, const lt::order_book_update& u) {
  auto& st = self->state;
  ++st.book_frames;
  st.last_book_ns = lt::net::monotonic_ns();
  if (!st.book.apply(u)) {
    ++st.resyncs;
    // While a fresh snapshot is on its way, the book ignores deltas; only
    // a failing snapshot (e.g. crossed) asks again.
    if (!st.resync_pending || u.is_snapshot)
      resync(self, lt::to_string(st.book.reason()));
    return;
  }
  if (u.is_snapshot) {
    st.resync_pending = false;
    st.resyncs_in_a_row = 0;
  }
  auto bid = st.book.best_bid();
  auto ask = st.book.best_ask();
  if (!bid || !ask) return;
  top_of_book top{st.cfg.market_index, bid->price, bid->size,
                  ask->price,          ask->size,  u.timestamp_ms};
  if (st.last_top && same_top(*st.last_top, top)) return;
  st.last_top = top;
  publish(self, top);
  ++st.tops_sent;
}

void on_trades(self_ptr self, const lt::trade_update& u) {
  if (u.is_snapshot) return; // history, not news
  for (auto& t : u.trades) {
    publish(self, trade_print{self->state.cfg.market_index, t.trade_id, t.price,
                              t.size, t.is_maker_ask, t.timestamp_ms});
    ++self->state.trades_sent;
  }
}

void on_stats(self_ptr self, const lt::market_stats_update& u) {
  for (auto& s : u.stats) {
    if (s.market_id != self->state.cfg.market_index) continue;
    publish(self, mark_price{s.market_id, s.mark_price, s.index_price,
                             u.timestamp_ms});
    ++self->state.marks_sent;
  }
}

void on_message(self_ptr self, const lt::ws_message& m) {
  ++self->state.frames;
  if (auto b = std::get_if<lt::order_book_update>(&m)) {
    on_book(self, *b);
  } else if (auto t = std::get_if<lt::trade_update>(&m)) {
    on_trades(self, *t);
  } else if (auto s = std::get_if<lt::market_stats_update>(&m)) {
    on_stats(self, *s);
  } else if (auto e = std::get_if<lt::ws_error>(&m)) {
    log(self, "error frame " + std::to_string(e->code) + ": " + e->message);
  }
}

void check_staleness(self_ptr self) {
  auto& st = self->state;
  if (st.cfg.stale_after.count() > 0 && st.ready) {
    auto age = lt::net::monotonic_ns() - st.last_book_ns;
    auto limit = std::chrono::nanoseconds(st.cfg.stale_after).count();
    if (age > limit) {
      if (st.resync_pending) {
        self->quit(make_error(error_code::connection_lost,
                              "no order book after resubscribing"));
        return;
      }
      ++st.stale_resubscribes;
      resync(self,
             "no book frame for " + std::to_string(age / 1'000'000) + " ms");
    }
  }
  self->delayed_send(self, st.cfg.check_every,
                     io_task{[self] { check_staleness(self); }});
}

void fetch_warmup(self_ptr self) {
  auto& st = self->state;
  lt::rest_config rc;
  rc.base_url = st.cfg.rest_url;
  rc.tls = st.cfg.tls;
  rc.http = st.cfg.http;
  rc.tier = st.cfg.tier;
  rc.gate = st.cfg.rest_gate;
  auto rest = lt::rest_api::create(*st.cfg.runner, rc);
  if (!rest) {
    log(self, "no ATR warm-up: " + rest.error().message);
    return;
  }
  st.rest = std::move(*rest);
  lt::market_info m;
  m.symbol = st.cfg.market;
  m.market_id = st.cfg.market_index;
  m.decimals = st.cfg.decimals;
  st.rest->add_markets({m});
  lt::candle_query q;
  q.market_id = st.cfg.market_index;
  q.resolution = st.cfg.warmup_resolution;
  q.count_back = st.cfg.warmup_candles + 1; // the newest is still open
  q.end_ms = st.cfg.unix_now_ms();
  weak_handle weak{self->ctrl()};
  st.rest->candles(q, [weak, self](lt::rest_result<std::vector<lt::candle>> r) {
    post_task(weak, [self, r] {
      auto& s = self->state;
      if (!r) {
        log(self, "no ATR warm-up: " + r.error().message);
        return;
      }
      s.warmup = make_atr_warmup(s.cfg.market_index, s.cfg.warmup_resolution,
                                 *r, s.cfg.unix_now_ms());
      auto keep = static_cast<size_t>(s.cfg.warmup_candles);
      auto& bars = s.warmup->bars;
      if (bars.size() > keep)
        bars.erase(bars.begin(), bars.begin() + static_cast<std::ptrdiff_t>(
                                                    bars.size() - keep));
      send_warmup(self);
    });
  });
}

void start(self_ptr self) {
  auto& st = self->state;
  weak_handle weak{self->ctrl()};
  lt::ws_session_config wc;
  wc.url = st.cfg.ws_url;
  wc.tls = st.cfg.tls;
  wc.ws = st.cfg.ws;
  lt::market_info m;
  m.market_id = st.cfg.market_index;
  m.decimals = st.cfg.decimals;
  wc.markets.add_all({m});
  lt::ws_session_callbacks cb;
  cb.on_ready = [weak, self] {
    post_task(weak, [self] {
      self->state.ready = true;
      self->state.last_book_ns = lt::net::monotonic_ns();
    });
  };
  cb.on_message = [weak, self](const lt::ws_message& msg, int64_t) {
    post_task(weak, [self, msg] { on_message(self, msg); });
  };
  cb.on_malformed = [weak, self](std::string_view frame,
                                 const std::string& err) {
    auto head = std::string(frame.substr(0, 160));
    post_task(weak, [self, head, err] {
      ++self->state.malformed;
      log(self, "malformed frame skipped (" + err + "): " + head);
    });
  };
  cb.on_close = [weak, self](const std::string& reason) {
    post_task(weak, [self, reason] {
      log(self, "connection closed: " + reason);
      self->quit(make_error(error_code::connection_lost, reason));
    });
  };
  st.ws = std::make_unique<lt::ws_session>(*st.cfg.runner, std::move(wc),
                                           std::move(cb));
  st.ws->subscribe(book_channel(self));
  if (st.cfg.trades) st.ws->subscribe(lt::channel::trade(st.cfg.market_index));
  if (st.cfg.market_stats)
    st.ws->subscribe(lt::channel::market_stats(st.cfg.market_index));
  st.ws->connect();
  if (st.cfg.warmup_candles > 0) fetch_warmup(self);
  self->delayed_send(self, st.cfg.check_every,
                     io_task{[self] { check_staleness(self); }});
}

std::string render_price(strategy::price_ticks p, int decimals) {
  auto v = p.value;
  std::string sign = v < 0 ? "-" : "";
  if (v < 0) v = -v;
  if (decimals <= 0) return sign + std::to_string(v);
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i)
    scale *= 10;
  auto frac = std::to_string(v % scale);
  frac.insert(0, static_cast<size_t>(decimals) - frac.size(), '0');
  return sign + std::to_string(v / scale) + "." + frac;
}

actor_status make_status(self_ptr self) {
  auto& st = self->state;
  actor_status s;
  s.name = st.cfg.market + "/feed";
  s.kind = "feed";
  s.state = run_state::running;
  s.uptime_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    self->clock().now() - st.started_at)
                    .count();
  s.mailbox_size = self->mailbox().size();
  auto& f = s.figures;
  f["link"] = st.ready ? "ready" : "connecting";
  f["reconnects"] = std::to_string(st.cfg.restarts);
  s.facts.reconnects = static_cast<int64_t>(st.cfg.restarts);
  if (st.last_book_ns > 0)
    f["book_age_ms"] =
        std::to_string((lt::net::monotonic_ns() - st.last_book_ns) / 1'000'000);
  if (auto b = st.book.best_bid())
    f["bid"] = render_price(b->price, st.cfg.decimals.price);
  if (auto a = st.book.best_ask())
    f["ask"] = render_price(a->price, st.cfg.decimals.price);
  f["book_synced"] = st.book.needs_resync() ? "no" : "yes";
  f["frames"] = std::to_string(st.frames);
  f["malformed"] = std::to_string(st.malformed);
  f["resyncs"] = std::to_string(st.resyncs);
  f["stale_resubscribes"] = std::to_string(st.stale_resubscribes);
  f["tops_sent"] = std::to_string(st.tops_sent);
  f["trades_sent"] = std::to_string(st.trades_sent);
  f["marks_sent"] = std::to_string(st.marks_sent);
  f["warmup_bars"] =
      std::to_string(st.warmup ? st.warmup->bars.size() : size_t{0});
  return s;
}

} // namespace

messages::atr_warmup make_atr_warmup(int32_t market_index,
                                     const std::string& resolution,
                                     const std::vector<lt::candle>& candles,
                                     int64_t now_ms) {
  atr_warmup out;
  out.market_index = market_index;
  out.resolution = resolution;
  out.interval_ms = lt::resolution_ms(resolution);
  for (auto& c : candles) {
    if (c.start_ms + out.interval_ms > now_ms) continue; // still open
    out.bars.push_back(candle_bar{c.start_ms, c.open, c.high, c.low, c.close});
  }
  std::sort(out.bars.begin(), out.bars.end(),
            [](const candle_bar& a, const candle_bar& b) {
              return a.start_ms < b.start_ms;
            });
  return out;
}

feed_impl_actor::behavior_type feed_actor_impl(self_ptr self, feed_config cfg) {
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.book = lt::order_book(st.cfg.market_index);
  st.peers = st.cfg.peers;
  st.started_at = self->clock().now();
  if (!st.cfg.unix_now_ms) st.cfg.unix_now_ms = lighter::net::unix_ms;
  st.cfg.logger =
      component_logger(std::move(st.cfg.logger), st.cfg.market + "/feed");
  if (st.cfg.runner == nullptr)
    self->quit(make_error(error_code::connection_lost, "feed: no io_runner"));
  else
    start(self);
  return {
      [=](status_atom) { return make_status(self); },
      [=](const market_peers& p) {
        self->state.peers = p;
        send_warmup(self);
      },
      [=](pause_atom) {},  // market data keeps flowing while paused
      [=](resume_atom) {}, // nothing to resume
      [=](cancel_atom) {}, // the executor's business
      [=](drain_atom) {},  // a stop follows
      [=](io_task& t) {
        if (t.run) t.run();
      },
  };
}

messages::feed_actor spawn_feed(caf::actor_system& sys, feed_config cfg) {
  return sys.spawn(feed_actor_impl, std::move(cfg));
}

} // namespace trailgrid::actors
