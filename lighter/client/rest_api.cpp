#include "lighter/client/rest_api.hpp"

#include "lighter/codec/rest_encoder.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/url.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <mutex>

namespace trailgrid::lighter {

const char* to_string(rest_failure f) {
  switch (f) {
  case rest_failure::transport:
    return "transport";
  case rest_failure::exchange:
    return "exchange";
  case rest_failure::malformed:
    return "malformed";
  case rest_failure::throttled:
    return "throttled";
  }
  return "?";
}

int64_t resolution_ms(std::string_view r) {
  constexpr int64_t minute = 60'000;
  if (r == "1m") return minute;
  if (r == "5m") return 5 * minute;
  if (r == "15m") return 15 * minute;
  if (r == "30m") return 30 * minute;
  if (r == "1h") return 60 * minute;
  if (r == "4h") return 240 * minute;
  if (r == "12h") return 720 * minute;
  if (r == "1d") return 1440 * minute;
  return 0;
}

namespace {

std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

rest_error exchange_error(int status, int64_t code, std::string message) {
  rest_error e;
  e.kind = rest_failure::exchange;
  e.http_status = status;
  e.code = code;
  e.cls = classify_http(status, api_error{code, message});
  e.message = std::move(message);
  return e;
}

} // namespace

struct rest_api::impl : std::enable_shared_from_this<rest_api::impl> {
  impl(net::io_runner& r, net::url base, rest_config c)
      : runner(r), cfg(std::move(c)),
        http(r, std::move(base), cfg.tls, cfg.http),
        gate(cfg.gate ? cfg.gate : own_gate(r, cfg)) {}

  static std::shared_ptr<rest_gate> own_gate(net::io_runner& r,
                                             const rest_config& c) {
    rest_gate_options o;
    o.tier = c.tier;
    o.max_queued = c.max_queued;
    o.queue_timeout = c.queue_timeout;
    return rest_gate::create(r, o);
  }

  net::io_runner& runner;
  rest_config cfg;
  net::https_client http;
  std::shared_ptr<rest_gate> gate;
  // Lock order: the gate's lock, then mu (send runs under the gate's lock);
  // nothing calls the gate while holding mu.
  mutable std::mutex mu; // markets, stats
  market_table markets;
  rest_stats st;
  rest_decoder decoder; // io thread only

  /// Sends `req` when the account's budget lets it through, in call order;
  /// `decode` turns a 200 body into a decode_result<T> (runs on the io
  /// thread, under mu).
  template <class T, class Decode>
  void call(net::http_request req, callback<T> done, Decode decode) {
    auto path = path_of(req.target);
    std::weak_ptr<impl> weak = shared_from_this();
    auto fail = [weak, done](rest_error e) {
      if (auto self = weak.lock()) {
        std::lock_guard<std::mutex> lock(self->mu);
        ++self->st.throttled;
      }
      done(std::move(e));
    };
    auto send = [weak, req = std::move(req), done = std::move(done),
                 decode = std::move(decode)]() mutable {
      auto owner = weak.lock();
      if (!owner) return done(destroyed());
      {
        std::lock_guard<std::mutex> lock(owner->mu);
        ++owner->st.requests;
      }
      owner->http.async_request(
          std::move(req),
          [weak, done = std::move(done),
           decode = std::move(decode)](net::result<net::http_response> r) {
            auto self = weak.lock();
            if (!self) return done(destroyed());
            auto res = self->complete<T>(std::move(r), decode);
            if (!res && is_rate_limited(res.error()))
              self->gate->on_rate_limited();
            done(std::move(res));
          });
    };
    if (gate->submit(path, std::move(send), std::move(fail))) {
      std::lock_guard<std::mutex> lock(mu);
      ++st.queued;
    }
  }

  static bool is_rate_limited(const rest_error& e) {
    return e.http_status == 429 || e.code == 23000;
  }

  static rest_error destroyed() {
    return rest_error{rest_failure::transport,
                      error_class::unknown,
                      0,
                      0,
                      "client destroyed",
                      0};
  }

  template <class T, class Decode>
  rest_result<T> complete(net::result<net::http_response> r, Decode& decode) {
    std::lock_guard<std::mutex> lock(mu);
    if (!r) {
      ++st.transport_errors;
      rest_error e;
      e.kind = rest_failure::transport;
      auto code = r.error().code;
      e.cls = (code == net::net_errc::resolve || code == net::net_errc::connect)
                  ? error_class::retry_later
                  : error_class::unknown;
      e.message = std::string(net::to_string(code)) + ": " + r.error().message;
      return e;
    }
    auto& resp = *r;
    if (resp.status != 200) {
      auto body = decoder.error_body(resp.body);
      rest_error e;
      if (body) {
        e = exchange_error(resp.status, body->code, body->message);
      } else {
        e.kind = rest_failure::exchange;
        e.http_status = resp.status;
        e.cls = classify_http(resp.status);
        e.message = "HTTP " + std::to_string(resp.status) + ": " +
                    resp.body.substr(0, 200);
      }
      note_error(e);
      return e;
    }
    decode_result<T> d = decode(*this, std::string_view(resp.body));
    if (d) return std::move(d).value();
    const auto& err = d.error();
    if (err.api) {
      auto e = exchange_error(resp.status, err.api->code, err.api->message);
      note_error(e);
      return e;
    }
    ++st.malformed;
    rest_error e;
    e.kind = rest_failure::malformed;
    e.cls = error_class::unknown;
    e.http_status = resp.status;
    e.message = "malformed answer: " + err.message;
    return e;
  }

  void note_error(const rest_error& e) {
    ++st.exchange_errors;
    if (is_rate_limited(e)) ++st.rate_limited;
  }

  std::optional<market_decimals> find(int market_id) const {
    std::lock_guard<std::mutex> lock(mu);
    if (auto d = markets.find(market_id)) return *d;
    return std::nullopt;
  }

  /// Runs an async call and waits for it (bounded).
  template <class T, class Start>
  rest_result<T> wait_for(Start start) {
    if (runner.in_io_thread())
      return rest_error{rest_failure::transport,
                        error_class::unknown,
                        0,
                        0,
                        "blocking call on the io thread",
                        0};
    auto p = std::make_shared<std::promise<rest_result<T>>>();
    auto f = p->get_future();
    start([p](rest_result<T> r) { p->set_value(std::move(r)); });
    auto limit = gate->queue_timeout() + cfg.http.connect_timeout +
                 cfg.http.request_timeout + std::chrono::milliseconds(1000);
    if (f.wait_for(limit) != std::future_status::ready)
      return rest_error{rest_failure::transport,
                        error_class::unknown,
                        0,
                        0,
                        "no completion within the request timeout",
                        0};
    return f.get();
  }

  static net::http_request get(std::string target) {
    net::http_request req;
    req.method = "GET";
    req.target = std::move(target);
    return req;
  }

  static net::http_request post_form(std::string_view path, std::string body) {
    net::http_request req;
    req.method = "POST";
    req.target = std::string(path);
    req.body = std::move(body);
    req.content_type = std::string(form_content_type);
    return req;
  }
};

rest_result<std::unique_ptr<rest_api>> rest_api::create(net::io_runner& runner,
                                                        rest_config cfg) {
  auto base = net::parse_url(cfg.base_url);
  if (!base)
    return rest_error{rest_failure::transport,
                      error_class::fatal,
                      0,
                      0,
                      "bad REST base URL: " + base.error().message,
                      0};
  auto p = std::make_shared<impl>(runner, std::move(*base), std::move(cfg));
  return std::unique_ptr<rest_api>(new rest_api(std::move(p)));
}

rest_api::rest_api(std::shared_ptr<impl> p) : impl_(std::move(p)) {}

rest_api::~rest_api() = default;

void rest_api::add_markets(const std::vector<market_info>& markets) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->markets.add_all(markets);
}

std::optional<market_decimals> rest_api::decimals(int market_id) const {
  return impl_->find(market_id);
}

rest_stats rest_api::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->st;
}

int64_t rest_api::account_index() const {
  return impl_->cfg.account_index;
}

void rest_api::order_book_details(callback<std::vector<market_info>> done) {
  impl_->call<std::vector<market_info>>(
      impl::get(rest_target::order_book_details()), std::move(done),
      [](impl& i, std::string_view body) {
        auto r = i.decoder.order_book_details(body);
        if (r) i.markets.add_all(*r); // mu is held by complete()
        return r;
      });
}

rest_result<std::vector<market_info>> rest_api::order_book_details() {
  return impl_->wait_for<std::vector<market_info>>(
      [this](callback<std::vector<market_info>> cb) {
        order_book_details(std::move(cb));
      });
}

void rest_api::market_by_symbol(std::string symbol,
                                callback<market_info> done) {
  order_book_details([symbol = std::move(symbol), done = std::move(done)](
                         rest_result<std::vector<market_info>> r) {
    if (!r) return done(r.error());
    for (auto& m : *r)
      if (m.symbol == symbol) return done(m);
    rest_error e;
    e.kind = rest_failure::exchange;
    e.cls = error_class::not_found;
    e.http_status = 200;
    e.message = "no market with symbol " + symbol;
    done(std::move(e));
  });
}

rest_result<market_info> rest_api::market_by_symbol(std::string symbol) {
  return impl_->wait_for<market_info>(
      [this, &symbol](callback<market_info> cb) {
        market_by_symbol(symbol, std::move(cb));
      });
}

void rest_api::exchange_status(callback<lighter::exchange_status> done) {
  impl_->call<lighter::exchange_status>(
      impl::get("/"), std::move(done),
      [](impl& i, std::string_view body) { return i.decoder.status(body); });
}

rest_result<lighter::exchange_status> rest_api::exchange_status() {
  return impl_->wait_for<lighter::exchange_status>(
      [this](callback<lighter::exchange_status> cb) {
        exchange_status(std::move(cb));
      });
}

void rest_api::raw_get(std::string target, callback<std::string> done) {
  impl_->call<std::string>(impl::get(std::move(target)), std::move(done),
                           [](impl&, std::string_view body) {
                             return decode_result<std::string>(
                                 std::string(body));
                           });
}

rest_result<std::string> rest_api::raw_get(std::string target) {
  return impl_->wait_for<std::string>(
      [this, &target](callback<std::string> cb) {
        raw_get(target, std::move(cb));
      });
}

void rest_api::next_nonce(uint8_t api_key_index, callback<int64_t> done) {
  impl_->call<int64_t>(impl::get(rest_target::next_nonce(
                           impl_->cfg.account_index, api_key_index)),
                       std::move(done), [](impl& i, std::string_view body) {
                         return i.decoder.next_nonce(body);
                       });
}

rest_result<int64_t> rest_api::next_nonce(uint8_t api_key_index) {
  return impl_->wait_for<int64_t>([this, api_key_index](callback<int64_t> cb) {
    next_nonce(api_key_index, std::move(cb));
  });
}

void rest_api::send_tx(const wire_tx& tx, callback<tx_reply> done) {
  impl_->call<tx_reply>(
      impl::post_form(rest_path::send_tx, encode_send_tx_form(tx)),
      std::move(done),
      [](impl& i, std::string_view body) { return i.decoder.send_tx(body); });
}

rest_result<tx_reply> rest_api::send_tx(const wire_tx& tx) {
  return impl_->wait_for<tx_reply>(
      [this, &tx](callback<tx_reply> cb) { send_tx(tx, std::move(cb)); });
}

void rest_api::send_tx_batch(const std::vector<wire_tx>& txs,
                             callback<tx_reply> done) {
  impl_->call<tx_reply>(
      impl::post_form(rest_path::send_tx_batch, encode_send_tx_batch_form(txs)),
      std::move(done), [](impl& i, std::string_view body) {
        auto r = i.decoder.send_tx(body);
        if (r) r->batch = true;
        return r;
      });
}

rest_result<tx_reply> rest_api::send_tx_batch(const std::vector<wire_tx>& txs) {
  return impl_->wait_for<tx_reply>([this, &txs](callback<tx_reply> cb) {
    send_tx_batch(txs, std::move(cb));
  });
}

void rest_api::create_read_only_token(bool all_accounts, int64_t expiry_s,
                                      std::string auth_token,
                                      callback<std::string> done) {
  auto req = impl::post_form(rest_path::create_token,
                             encode_create_token_form(impl_->cfg.account_index,
                                                      all_accounts, expiry_s));
  req.headers.emplace_back("Authorization", std::move(auth_token));
  impl_->call<std::string>(std::move(req), std::move(done),
                           [](impl& i, std::string_view body) {
                             return i.decoder.read_only_token(body);
                           });
}

rest_result<std::string>
rest_api::create_read_only_token(bool all_accounts, int64_t expiry_s,
                                 std::string auth_token) {
  return impl_->wait_for<std::string>([&](callback<std::string> cb) {
    create_read_only_token(all_accounts, expiry_s, auth_token, std::move(cb));
  });
}

void rest_api::account_info(callback<account> done) {
  auto index = impl_->cfg.account_index;
  impl_->call<account>(
      impl::get(rest_target::account_by_index(index)), std::move(done),
      [index](impl& i, std::string_view body) -> decode_result<account> {
        auto r = i.decoder.accounts(body, i.markets);
        if (!r) return r.error();
        for (auto& a : *r)
          if (a.index == index) return std::move(a);
        return decode_error{"account " + std::to_string(index) +
                                " not in the answer",
                            api_error{29404, "account not found"}};
      });
}

rest_result<account> rest_api::account_info() {
  return impl_->wait_for<account>(
      [this](callback<account> cb) { account_info(std::move(cb)); });
}

void rest_api::active_orders(std::optional<int> market_id,
                             std::string auth_token,
                             callback<order_list> done) {
  // The token goes as the `auth` query parameter: the exchange takes it
  // there or in the Authorization header, and the simulator only sees the
  // query.
  auto req = impl::get(rest_target::account_active_orders(
      impl_->cfg.account_index, market_id, auth_token));
  impl_->call<order_list>(std::move(req), std::move(done),
                          [](impl& i, std::string_view body) {
                            return i.decoder.orders(body, i.markets);
                          });
}

rest_result<order_list> rest_api::active_orders(std::optional<int> market_id,
                                                std::string auth_token) {
  return impl_->wait_for<order_list>(
      [this, market_id, &auth_token](callback<order_list> cb) {
        active_orders(market_id, auth_token, std::move(cb));
      });
}

void rest_api::account_trades(std::optional<int> market_id, int limit,
                              std::string auth_token, std::string cursor,
                              callback<trade_list> done) {
  auto req = impl::get(rest_target::account_trades(
      impl_->cfg.account_index, limit, market_id, auth_token, cursor));
  impl_->call<trade_list>(std::move(req), std::move(done),
                          [](impl& i, std::string_view body) {
                            return i.decoder.trades(body, i.markets);
                          });
}

void rest_api::candles(const candle_query& q,
                       callback<std::vector<candle>> done) {
  auto dec = impl_->find(q.market_id);
  auto step = resolution_ms(q.resolution);
  if (!dec || step == 0 || q.count_back <= 0) {
    rest_error e;
    e.kind = rest_failure::malformed;
    e.cls = error_class::fatal;
    e.message = !dec ? "candles: market " + std::to_string(q.market_id) +
                           " is not registered"
                     : "candles: bad resolution or count";
    impl_->runner.post(
        [done = std::move(done), e = std::move(e)]() mutable { done(e); });
    return;
  }
  auto start = q.end_ms - q.count_back * step;
  impl_->call<std::vector<candle>>(
      impl::get(rest_target::candles(q.market_id, q.resolution, start, q.end_ms,
                                     q.count_back)),
      std::move(done), [d = *dec](impl& i, std::string_view body) {
        auto r = i.decoder.candles(body, d);
        if (r)
          std::sort(r->begin(), r->end(), [](const candle& a, const candle& b) {
            return a.start_ms < b.start_ms;
          });
        return r;
      });
}

rest_result<std::vector<candle>> rest_api::candles(const candle_query& q) {
  return impl_->wait_for<std::vector<candle>>(
      [this, &q](callback<std::vector<candle>> cb) {
        candles(q, std::move(cb));
      });
}

void rest_api::order_book_orders(int market_id, int limit,
                                 callback<book_orders> done) {
  auto dec = impl_->find(market_id);
  if (!dec) {
    rest_error e;
    e.kind = rest_failure::malformed;
    e.cls = error_class::fatal;
    e.message = "orderBookOrders: market " + std::to_string(market_id) +
                " is not registered";
    impl_->runner.post(
        [done = std::move(done), e = std::move(e)]() mutable { done(e); });
    return;
  }
  impl_->call<book_orders>(
      impl::get(rest_target::order_book_orders(market_id, limit)),
      std::move(done), [d = *dec](impl& i, std::string_view body) {
        return i.decoder.order_book_orders(body, d);
      });
}

rest_result<book_orders> rest_api::order_book_orders(int market_id, int limit) {
  return impl_->wait_for<book_orders>(
      [this, market_id, limit](callback<book_orders> cb) {
        order_book_orders(market_id, limit, std::move(cb));
      });
}

} // namespace trailgrid::lighter
