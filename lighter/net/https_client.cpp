// Beast TU 1 of 3: the keep-alive HTTP(S) client.
#include "lighter/net/https_client.hpp"

#include "lighter/net/detail/beast.hpp"
#include "lighter/net/io_runner.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <deque>
#include <future>
#include <optional>

namespace trailgrid::lighter::net {

namespace detail {

/// The io-thread side of an https_client; one implementation per stream.
class http_conn_base {
public:
  virtual ~http_conn_base() = default;
  /// Queues a request (any thread).
  virtual void submit(http_request req, https_client::callback done) = 0;
  /// Closes the connection, fails what is queued (any thread).
  virtual void shutdown() = 0;
  /// Connections opened so far.
  virtual std::uint64_t connections_opened() const noexcept = 0;
};

} // namespace detail

namespace {

using namespace detail;

/// A request waiting for (or in) its turn on the connection.
struct pending_request {
  http_request req;
  https_client::callback done;
  bool retried = false;
};

/// One TCP (+TLS) connection. In-flight handlers hold it by shared_ptr, so
/// the stream outlives every operation started on it.
template <class Stream>
struct http_connection {
  template <class... Args>
  explicit http_connection(Args&&... args)
      : stream(std::forward<Args>(args)...) {}
  Stream stream;
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  std::optional<http::response_parser<http::string_body>> parser;
  bool used = false; ///< completed at least one exchange (keep-alive reuse)
};

/// True if an idle connection has something to read: an EOF (the server
/// closed it) or stray bytes (e.g. a TLS close_notify). Either way it is no
/// good for the next request.
bool idle_socket_is_stale(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) != 0;
}

/// A connection that could not even be configured: fails every request
/// with the configuration error (on the io thread, as promised).
class failed_conn final : public http_conn_base {
public:
  failed_conn(asio::io_context& ioc, net_error err)
      : ioc_(ioc), err_(std::move(err)) {}
  void submit(http_request, https_client::callback done) override {
    asio::post(ioc_, [err = err_, done = std::move(done)] { done(err); });
  }
  void shutdown() override {}
  std::uint64_t connections_opened() const noexcept override { return 0; }

private:
  asio::io_context& ioc_;
  net_error err_;
};

template <class Stream>
class http_conn final : public http_conn_base,
                        public std::enable_shared_from_this<http_conn<Stream>> {
public:
  using connection = http_connection<Stream>;
  using connection_ptr = std::shared_ptr<connection>;

  http_conn(asio::io_context& ioc, url base, tls_options tls,
            http_options options, std::shared_ptr<ssl::context> ctx)
      : strand_(asio::make_strand(ioc)), resolver_(strand_), deadline_(strand_),
        base_(std::move(base)), tls_(std::move(tls)),
        options_(std::move(options)), ctx_(std::move(ctx)) {
    peer_name_ = tls_peer_name(base_, tls_);
    std::string_view prefix = base_.path();
    while (!prefix.empty() && prefix.back() == '/')
      prefix.remove_suffix(1);
    prefix_ = std::string(prefix);
  }

  void submit(http_request req, https_client::callback done) override {
    asio::post(strand_, [self = this->shared_from_this(),
                         p = pending_request{std::move(req), std::move(done),
                                             false}]() mutable {
      if (self->shut_) {
        p.done(net_error{net_errc::cancelled, "https client shut down"});
        return;
      }
      self->queue_.push_back(std::move(p));
      self->pump();
    });
  }

  void shutdown() override {
    asio::post(strand_, [self = this->shared_from_this()] {
      self->shut_ = true;
      self->resolver_.cancel();
      self->deadline_.cancel();
      self->drop_connection();
      // The request in flight (if any) is failed by its own handler, which
      // now sees operation_aborted; fail the ones still waiting here.
      std::deque<pending_request> waiting;
      while (self->queue_.size() > (self->busy_ ? 1u : 0u)) {
        waiting.push_front(std::move(self->queue_.back()));
        self->queue_.pop_back();
      }
      for (auto& p : waiting)
        p.done(net_error{net_errc::cancelled, "https client shut down"});
    });
  }

  std::uint64_t connections_opened() const noexcept override {
    return opened_.load();
  }

private:
  static auto& lowest(connection& c) {
    return beast::get_lowest_layer(c.stream);
  }

  std::string where() const {
    return base_.host + ":" + std::to_string(base_.port);
  }

  void pump() {
    if (busy_ || queue_.empty() || shut_) return;
    busy_ = true;
    if (conn_ && idle_socket_is_stale(lowest(*conn_).socket().native_handle()))
      drop_connection();
    if (conn_)
      send();
    else
      connect();
  }

  void connect() {
    if (!endpoints_.empty()) {
      open();
      return;
    }
    auto gen = ++resolve_gen_;
    resolve_timed_out_ = false;
    deadline_.expires_after(options_.connect_timeout);
    deadline_.async_wait(
        [self = this->shared_from_this(), gen](const error_code& ec) {
          if (!ec && gen == self->resolve_gen_) {
            self->resolve_timed_out_ = true;
            self->resolver_.cancel();
          }
        });
    resolver_.async_resolve(
        base_.host, std::to_string(base_.port),
        [self = this->shared_from_this()](const error_code& ec,
                                          tcp::resolver::results_type results) {
          self->deadline_.cancel();
          self->on_resolve(ec, std::move(results));
        });
  }

  void on_resolve(const error_code& ec, tcp::resolver::results_type results) {
    if (shut_)
      return fail_front({net_errc::cancelled, "https client shut down"});
    if (ec) {
      if (resolve_timed_out_)
        return fail_front(
            {net_errc::timeout, "resolving " + base_.host + " timed out"});
      return fail_front({net_errc::resolve,
                         "cannot resolve " + base_.host + ": " + ec.message()});
    }
    endpoints_ = std::move(results);
    open();
  }

  void open() {
    connection_ptr c;
    if constexpr (is_tls_v<Stream>)
      c = std::make_shared<connection>(strand_, *ctx_);
    else
      c = std::make_shared<connection>(strand_);
    conn_ = c;
    ++opened_;
    lowest(*c).expires_after(options_.connect_timeout);
    lowest(*c).async_connect(endpoints_,
                             [self = this->shared_from_this(),
                              c](const error_code& ec, const tcp::endpoint&) {
                               self->on_connect(c, ec);
                             });
  }

  void on_connect(const connection_ptr& c, const error_code& ec) {
    if (shut_)
      return fail_front({net_errc::cancelled, "https client shut down"});
    if (!ec) {
      // No Nagle: requests are latency-bound (sendTx), never bulk.
      error_code nodelay_ignored;
      lowest(*c).socket().set_option(tcp::no_delay(true), nodelay_ignored);
    }
    if (ec) {
      endpoints_ = {}; // resolve again next time
      drop_connection();
      auto code = classify(ec) == net_errc::timeout ? net_errc::timeout
                                                    : net_errc::connect;
      return fail_front(
          {code, "cannot connect to " + where() + ": " + ec.message()});
    }
    if constexpr (is_tls_v<Stream>) {
      setup_client_tls(c->stream, peer_name_, tls_);
      c->stream.async_handshake(
          ssl::stream_base::client,
          [self = this->shared_from_this(), c](const error_code& hec) {
            self->on_handshake(c, hec);
          });
    } else {
      send();
    }
  }

  void on_handshake(const connection_ptr& c, const error_code& ec) {
    if (shut_)
      return fail_front({net_errc::cancelled, "https client shut down"});
    if (ec) {
      std::string text = ec.message();
      if constexpr (is_tls_v<Stream>)
        text = tls_failure_text(c->stream.native_handle(), text);
      drop_connection();
      auto code =
          classify(ec) == net_errc::timeout ? net_errc::timeout : net_errc::tls;
      return fail_front({code, "TLS handshake with " + where() + " (as '" +
                                   peer_name_ + "') failed: " + text});
    }
    send();
  }

  void send() {
    auto c = conn_;
    const http_request& r = queue_.front().req;
    std::string target = r.target.empty() || r.target.front() != '/'
                             ? prefix_ + "/" + r.target
                             : prefix_ + r.target;
    c->req = {};
    c->req.version(11);
    c->req.method_string(r.method);
    c->req.target(append_query(target, r.query));
    c->req.set(http::field::host, base_.host_header());
    c->req.set(http::field::user_agent, options_.user_agent);
    for (const auto& [name, value] : options_.headers)
      c->req.set(name, value);
    for (const auto& [name, value] : r.headers)
      c->req.set(name, value);
    if (!r.body.empty()) {
      c->req.set(http::field::content_type, r.content_type);
      c->req.body() = r.body;
    }
    c->req.keep_alive(true);
    c->req.prepare_payload();
    lowest(*c).expires_after(options_.request_timeout);
    http::async_write(
        c->stream, c->req,
        [self = this->shared_from_this(),
         c](const error_code& ec, std::size_t) { self->on_write(c, ec); });
  }

  void on_write(const connection_ptr& c, const error_code& ec) {
    if (shut_)
      return fail_front({net_errc::cancelled, "https client shut down"});
    if (ec) return on_failure(c, ec, false);
    c->parser.emplace();
    c->parser->body_limit(options_.max_body_bytes);
    http::async_read(
        c->stream, c->buffer, *c->parser,
        [self = this->shared_from_this(),
         c](const error_code& rec, std::size_t) { self->on_read(c, rec); });
  }

  void on_read(const connection_ptr& c, const error_code& ec) {
    if (shut_)
      return fail_front({net_errc::cancelled, "https client shut down"});
    if (ec) return on_failure(c, ec, true);
    auto res = c->parser->release();
    c->parser.reset();
    c->used = true;
    lowest(*c).expires_never();
    if (!res.keep_alive()) drop_connection();
    complete_front(http_response{static_cast<int>(res.result_int()),
                                 std::move(res.body())});
  }

  /// A reused keep-alive connection that turns out closed is the normal
  /// race with the server's idle timeout: retry once on a new connection
  /// if the request cannot have been processed (nothing written) or is
  /// safe to repeat (GET/HEAD). A POST (e.g. sendTx) is never resent after
  /// it was written.
  void on_failure(const connection_ptr& c, const error_code& ec, bool written) {
    bool stale = c->used && is_disconnect(ec) && c->buffer.size() == 0;
    drop_connection();
    auto& p = queue_.front();
    bool idempotent = p.req.method == "GET" || p.req.method == "HEAD";
    if (stale && !p.retried && (!written || idempotent)) {
      p.retried = true;
      connect();
      return;
    }
    auto code = classify(ec);
    std::string what =
        code == net_errc::timeout
            ? "request to " + where() + " timed out after " +
                  std::to_string(options_.request_timeout.count()) + " ms"
            : std::string(written ? "reading response from "
                                  : "sending request to ") +
                  where() + " failed: " + ec.message();
    fail_front({code, std::move(what)});
  }

  void drop_connection() {
    if (!conn_) return;
    lowest(*conn_).close();
    conn_.reset();
  }

  void fail_front(net_error err) { complete_front(std::move(err)); }

  void complete_front(result<http_response> res) {
    auto p = std::move(queue_.front());
    queue_.pop_front();
    busy_ = false;
    pump(); // before the callback: a throwing callback must not stall us
    p.done(std::move(res));
  }

  strand_t strand_;
  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  url base_;
  tls_options tls_;
  http_options options_;
  std::shared_ptr<ssl::context> ctx_;
  std::string peer_name_;
  std::string prefix_;
  tcp::resolver::results_type endpoints_;
  connection_ptr conn_;
  std::deque<pending_request> queue_;
  bool busy_ = false;
  bool shut_ = false;
  bool resolve_timed_out_ = false;
  std::uint64_t resolve_gen_ = 0;
  std::atomic<std::uint64_t> opened_{0};
};

std::shared_ptr<http_conn_base> make_conn(asio::io_context& ioc,
                                          const url& base,
                                          const tls_options& tls,
                                          const http_options& options) {
  if (base.websocket())
    return std::make_shared<failed_conn>(
        ioc, net_error{net_errc::invalid_argument,
                       "https_client needs an http:// or https:// URL, got " +
                           base.scheme + "://"});
  if (!base.tls())
    return std::make_shared<http_conn<plain_stream>>(ioc, base, tls, options,
                                                     nullptr);
  auto ctx = make_client_tls_context(tls);
  if (!ctx) return std::make_shared<failed_conn>(ioc, ctx.error());
  return std::make_shared<http_conn<tls_stream>>(ioc, base, tls, options,
                                                 std::move(*ctx));
}

} // namespace

https_client::https_client(io_runner& runner, url base, tls_options tls,
                           http_options options)
    : runner_(runner), base_(std::move(base)), options_(std::move(options)),
      conn_(make_conn(runner.context(), base_, tls, options_)) {}

https_client::~https_client() {
  conn_->shutdown();
}

void https_client::async_request(http_request request, callback done) {
  conn_->submit(std::move(request), std::move(done));
}

void https_client::async_get(std::string target, query_params query,
                             callback done) {
  http_request r;
  r.target = std::move(target);
  r.query = std::move(query);
  async_request(std::move(r), std::move(done));
}

void https_client::async_post_form(std::string target, const query_params& form,
                                   callback done) {
  http_request r;
  r.method = "POST";
  r.target = std::move(target);
  r.body = form_encode(form);
  r.content_type = "application/x-www-form-urlencoded";
  async_request(std::move(r), std::move(done));
}

result<http_response> https_client::request(http_request request) {
  if (runner_.in_io_thread())
    return net_error{net_errc::invalid_argument,
                     "blocking https_client call on the io thread would "
                     "deadlock; use async_request"};
  if (!runner_.running())
    return net_error{net_errc::cancelled, "the io_runner is stopped"};
  auto promise = std::make_shared<std::promise<result<http_response>>>();
  auto future = promise->get_future();
  async_request(std::move(request), [promise](result<http_response> res) {
    promise->set_value(std::move(res));
  });
  // Worst case: resolve + connect + request, twice (one stale retry).
  auto bound = 4 * options_.connect_timeout + 2 * options_.request_timeout +
               std::chrono::seconds(1);
  if (future.wait_for(bound) != std::future_status::ready)
    return net_error{net_errc::timeout, "no completion within " +
                                            std::to_string(bound.count()) +
                                            " ms (is the io_runner running?)"};
  return future.get();
}

result<http_response> https_client::get(std::string target,
                                        query_params query) {
  http_request r;
  r.target = std::move(target);
  r.query = std::move(query);
  return request(std::move(r));
}

result<http_response> https_client::post_form(std::string target,
                                              const query_params& form) {
  http_request r;
  r.method = "POST";
  r.target = std::move(target);
  r.body = form_encode(form);
  r.content_type = "application/x-www-form-urlencoded";
  return request(std::move(r));
}

std::uint64_t https_client::connections_opened() const noexcept {
  return conn_->connections_opened();
}

} // namespace trailgrid::lighter::net
