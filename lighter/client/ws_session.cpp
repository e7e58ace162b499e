#include "lighter/client/ws_session.hpp"

#include "lighter/codec/ws_decoder.hpp"
#include "lighter/codec/ws_encoder.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/monotonic.hpp"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <deque>
#include <mutex>

namespace trailgrid::lighter {

namespace {

int64_t system_unix_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t to_ns(std::chrono::nanoseconds d) {
  return d.count();
}

// Error frames that answer a subscription or a malformed frame rather than
// a transaction (they never complete a pending tx).
bool is_session_error(int64_t code) {
  return (code >= 30000 && code <= 30005) || code == 20013 ||
         (code >= 23001 && code <= 23003);
}

} // namespace

struct ws_session::impl : std::enable_shared_from_this<ws_session::impl> {
  struct subscription {
    std::string channel;
    bool needs_auth = false;
    bool sent = false;
  };
  struct pending_tx {
    std::string id;
    uint64_t seq = 0;
    int64_t written_ns = 0;
    int64_t deadline_ns = 0;
    tx_callback done;
  };

  impl(net::io_runner& r, ws_session_config c, ws_session_callbacks b)
      : runner(r), cfg(std::move(c)), cbs(std::move(b)), timer(r.context()) {
    if (!cfg.unix_now_s) cfg.unix_now_s = system_unix_s;
  }

  net::io_runner& runner;
  ws_session_config cfg;
  ws_session_callbacks cbs;
  boost::asio::steady_timer timer;
  ws_decoder decoder;
  std::unique_ptr<net::ws_client> client;

  // io thread only
  bool started = false;
  bool ready = false;
  bool closed = false;
  std::vector<subscription> subs;
  std::optional<auth_token> token;
  bool token_pending = false;
  int64_t token_retry_ns = 0;
  std::deque<pending_tx> pending;
  uint64_t next_id = 1;

  mutable std::mutex stats_mu;
  ws_session_stats st;

  template <class F>
  void count(F f) {
    std::lock_guard<std::mutex> lock(stats_mu);
    f(st);
  }

  // --- connection ---------------------------------------------------------

  void start() {
    if (started || closed) return;
    started = true;
    auto url = net::parse_url(cfg.url);
    if (!url) {
      on_closed("bad URL: " + url.error().message);
      return;
    }
    std::weak_ptr<impl> weak = shared_from_this();
    net::ws_callbacks wcb;
    wcb.on_text = [weak](std::string_view text) {
      if (auto s = weak.lock()) s->on_text(text);
    };
    wcb.on_close = [weak](const std::string& reason) {
      if (auto s = weak.lock()) s->on_closed(reason);
    };
    wcb.on_sent = [weak](uint64_t seq, int64_t ns) {
      if (auto s = weak.lock()) s->on_sent(seq, ns);
    };
    client = std::make_unique<net::ws_client>(runner, std::move(*url), cfg.tls,
                                              cfg.ws, std::move(wcb));
    client->connect();
    arm_timer();
  }

  void arm_timer() {
    if (closed) return;
    timer.expires_after(cfg.tick);
    std::weak_ptr<impl> weak = shared_from_this();
    timer.async_wait([weak](const boost::system::error_code& ec) {
      if (ec) return;
      if (auto s = weak.lock()) s->on_tick();
    });
  }

  void on_closed(const std::string& reason) {
    if (closed) return;
    closed = true;
    ready = false;
    timer.cancel();
    fail_pending("disconnected: " + reason, true);
    count([](ws_session_stats& s) {
      s.closed = true;
      s.ready = false;
    });
    if (cbs.on_close) cbs.on_close(reason);
  }

  void detach() {
    cbs = {};
    fail_pending("session closed by its owner", true);
    if (client) client->close();
    closed = true;
    timer.cancel();
  }

  // --- incoming -----------------------------------------------------------

  void on_text(std::string_view text) {
    auto recv_ns = client ? client->last_receive_ns() : net::monotonic_ns();
    count([recv_ns](ws_session_stats& s) {
      ++s.frames;
      s.last_receive_ns = recv_ns;
    });
    auto decoded = decoder.decode(text, cfg.markets);
    if (!decoded) {
      count([](ws_session_stats& s) { ++s.malformed; });
      if (cbs.on_malformed) cbs.on_malformed(text, decoded.error().message);
      return;
    }
    const ws_message& msg = *decoded;
    if (std::holds_alternative<ws_connected>(msg)) {
      ready = true;
      count([](ws_session_stats& s) { s.ready = true; });
      send_subscriptions();
      if (cbs.on_ready) cbs.on_ready();
    } else if (std::holds_alternative<ws_ping>(msg)) {
      send(encode_pong());
      count([](ws_session_stats& s) { ++s.pings; });
    } else if (auto r = std::get_if<tx_reply>(&msg)) {
      on_tx_reply(*r, recv_ns);
    } else if (auto e = std::get_if<ws_error>(&msg)) {
      count([](ws_session_stats& s) { ++s.errors; });
      // An error frame names no request: it is booked only when exactly one
      // tx is pending. With several in flight any choice could be wrong (a
      // wrong rollback, then a reused nonce); they stay pending, time out
      // and are settled from the exchange's next nonce instead.
      if (pending.size() == 1 && !is_session_error(e->code)) {
        tx_result res;
        res.cls = classify(e->code, e->message);
        res.answered = true;
        res.code = e->code;
        res.message = e->message;
        count([](ws_session_stats& s) { ++s.tx_fifo_matched; });
        complete(pending.begin(), std::move(res), recv_ns);
      }
    }
    if (cbs.on_message) cbs.on_message(msg, recv_ns);
  }

  void on_tx_reply(const tx_reply& r, int64_t recv_ns) {
    auto it = pending.begin();
    if (!r.id.empty()) {
      it = std::find_if(pending.begin(), pending.end(),
                        [&](const pending_tx& p) { return p.id == r.id; });
      if (it == pending.end()) return; // late reply after a timeout
    } else {
      // No id echoed: only an unambiguous match is taken (see error frames).
      if (pending.size() != 1) {
        count([](ws_session_stats& s) { ++s.tx_unmatched; });
        return;
      }
      count([](ws_session_stats& s) { ++s.tx_fifo_matched; });
    }
    tx_result res;
    res.cls = r.ok() ? error_class::ok : classify(r.code, r.message);
    res.answered = true;
    res.code = r.code;
    res.message = r.message;
    res.tx_hashes = r.tx_hashes;
    complete(it, std::move(res), recv_ns);
  }

  void complete(std::deque<pending_tx>::iterator it, tx_result res,
                int64_t now_ns) {
    auto p = std::move(*it);
    pending.erase(it);
    res.request_id = p.id;
    res.written_ns = p.written_ns;
    res.answered_ns = now_ns;
    if (res.answered) count([](ws_session_stats& s) { ++s.tx_answered; });
    if (p.done) p.done(std::move(res));
  }

  void fail_pending(const std::string& why, bool on_close) {
    auto now = net::monotonic_ns();
    auto n = pending.size();
    while (!pending.empty()) {
      tx_result res;
      res.cls = error_class::unknown;
      res.message = why;
      complete(pending.begin(), std::move(res), now);
    }
    if (on_close && n > 0)
      count([n](ws_session_stats& s) { s.tx_unanswered_on_close += n; });
  }

  void on_sent(uint64_t seq, int64_t ns) {
    for (auto& p : pending)
      if (p.seq == seq) {
        p.written_ns = ns;
        return;
      }
  }

  // --- outgoing -----------------------------------------------------------

  uint64_t send(std::string text) {
    return client ? client->send(std::move(text)) : 0;
  }

  void send_tx(std::string id, std::string frame, tx_callback done) {
    if (closed || !client) {
      tx_result res;
      res.cls = error_class::retry_later; // nothing was sent
      res.message = "not connected";
      res.request_id = std::move(id);
      res.answered_ns = net::monotonic_ns();
      if (done) done(std::move(res));
      return;
    }
    pending_tx p;
    p.id = std::move(id);
    p.deadline_ns = net::monotonic_ns() + to_ns(cfg.tx_timeout);
    p.done = std::move(done);
    p.seq = send(std::move(frame));
    pending.push_back(std::move(p));
    count([](ws_session_stats& s) { ++s.tx_sent; });
  }

  std::string make_id() { return cfg.id_prefix + std::to_string(next_id++); }

  subscription* find_sub(const std::string& channel) {
    for (auto& s : subs)
      if (s.channel == channel) return &s;
    return nullptr;
  }

  bool token_fresh() const {
    return token && token->expires_unix_s - cfg.unix_now_s() >
                        cfg.auth_renew_before.count();
  }

  void send_subscribe(subscription& s) {
    if (s.needs_auth && cfg.auth) {
      if (!token_fresh()) {
        request_token();
        return; // sent when the token arrives
      }
      send(encode_subscribe(s.channel, token->token));
    } else {
      send(encode_subscribe(s.channel));
    }
    s.sent = true;
    count([](ws_session_stats& st2) { ++st2.subscribes; });
  }

  void send_subscriptions() {
    if (!ready || closed) return;
    for (auto& s : subs)
      if (!s.sent) send_subscribe(s);
  }

  void subscribe(std::string channel, bool needs_auth) {
    if (auto s = find_sub(channel)) {
      s->needs_auth = needs_auth;
      return;
    }
    subs.push_back(subscription{std::move(channel), needs_auth, false});
    if (ready && !closed) send_subscribe(subs.back());
  }

  void unsubscribe(const std::string& channel) {
    auto it =
        std::find_if(subs.begin(), subs.end(), [&](const subscription& s) {
          return s.channel == channel;
        });
    if (it == subs.end()) return;
    if (it->sent && ready && !closed) send(encode_unsubscribe(channel));
    subs.erase(it);
  }

  void resubscribe(const std::string& channel) {
    auto s = find_sub(channel);
    if (!s) return;
    if (s->sent && ready && !closed) send(encode_unsubscribe(channel));
    s->sent = false;
    if (ready && !closed) send_subscribe(*s);
  }

  // --- auth ---------------------------------------------------------------

  void request_token() {
    if (token_pending || !cfg.auth) return;
    if (net::monotonic_ns() < token_retry_ns) return;
    token_pending = true;
    std::weak_ptr<impl> weak = shared_from_this();
    auto& io = runner;
    cfg.auth([weak, &io](std::optional<auth_token> t) {
      io.post([weak, t = std::move(t)]() mutable {
        if (auto s = weak.lock()) s->on_token(std::move(t));
      });
    });
  }

  void on_token(std::optional<auth_token> t) {
    token_pending = false;
    if (!t || t->token.empty()) {
      count([](ws_session_stats& s) { ++s.auth_failures; });
      token_retry_ns = net::monotonic_ns() + to_ns(cfg.auth_retry);
      return;
    }
    bool renewal = token.has_value();
    token = std::move(t);
    count([](ws_session_stats& s) { ++s.auth_renewals; });
    if (!ready || closed) return;
    for (auto& s : subs) {
      if (!s.needs_auth) continue;
      if (s.sent && renewal) {
        // The server checks the token when we subscribe: re-subscribe so
        // the channel runs under the fresh one.
        send(encode_unsubscribe(s.channel));
        s.sent = false;
      }
      if (!s.sent) send_subscribe(s);
    }
  }

  // --- housekeeping -------------------------------------------------------

  void on_tick() {
    auto now = net::monotonic_ns();
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->deadline_ns <= now) {
        tx_result res;
        res.cls = error_class::unknown;
        res.message =
            "no reply within " + std::to_string(cfg.tx_timeout.count()) + " ms";
        count([](ws_session_stats& s) { ++s.tx_timeouts; });
        complete(it, std::move(res), now);
        it = pending.begin(); // complete() erased; restart the scan
      } else {
        ++it;
      }
    }
    bool has_private =
        std::any_of(subs.begin(), subs.end(),
                    [](const subscription& s) { return s.needs_auth; });
    if (ready && has_private && cfg.auth && !token_fresh()) request_token();
    arm_timer();
  }
};

ws_session::ws_session(net::io_runner& runner, ws_session_config cfg,
                       ws_session_callbacks callbacks)
    : impl_(std::make_shared<impl>(runner, std::move(cfg),
                                   std::move(callbacks))) {}

ws_session::~ws_session() {
  auto p = impl_;
  p->runner.post([p] { p->detach(); });
}

void ws_session::connect() {
  auto p = impl_;
  p->runner.post([p] { p->start(); });
}

void ws_session::subscribe(std::string channel, bool needs_auth) {
  auto p = impl_;
  p->runner.post([p, c = std::move(channel), needs_auth]() mutable {
    p->subscribe(std::move(c), needs_auth);
  });
}

void ws_session::unsubscribe(std::string channel) {
  auto p = impl_;
  p->runner.post([p, c = std::move(channel)] { p->unsubscribe(c); });
}

void ws_session::resubscribe(std::string channel) {
  auto p = impl_;
  p->runner.post([p, c = std::move(channel)] { p->resubscribe(c); });
}

void ws_session::renew_auth() {
  auto p = impl_;
  p->runner.post([p] {
    p->token.reset();
    for (auto& s : p->subs)
      if (s.needs_auth) s.sent = false;
    if (p->ready && !p->closed) p->request_token();
  });
}

void ws_session::send_tx(wire_tx tx, tx_callback done) {
  auto p = impl_;
  p->runner.post([p, tx = std::move(tx), done = std::move(done)]() mutable {
    auto id = p->make_id();
    auto frame = encode_ws_send_tx(id, tx);
    p->send_tx(std::move(id), std::move(frame), std::move(done));
  });
}

void ws_session::send_tx_batch(std::vector<wire_tx> txs, tx_callback done) {
  auto p = impl_;
  p->runner.post([p, txs = std::move(txs), done = std::move(done)]() mutable {
    auto id = p->make_id();
    auto frame = encode_ws_send_tx_batch(id, txs);
    p->send_tx(std::move(id), std::move(frame), std::move(done));
  });
}

void ws_session::close() {
  auto p = impl_;
  p->runner.post([p] {
    if (p->client)
      p->client->close();
    else
      p->on_closed("closed before connecting");
  });
}

ws_session_stats ws_session::stats() const {
  std::lock_guard<std::mutex> lock(impl_->stats_mu);
  return impl_->st;
}

} // namespace trailgrid::lighter
