// Beast TU 3 of 3: the HTTP + WebSocket server (plain and TLS; the session
// code is written once, templated on the stream).
#include "lighter/net/server.hpp"

#include "lighter/net/detail/beast.hpp"
#include "lighter/net/io_runner.hpp"

#include <atomic>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace trailgrid::lighter::net {

namespace detail {

/// Anything the server can drop when it stops.
class session_base {
public:
  virtual ~session_base() = default;
  /// Closes the connection at once (any thread).
  virtual void drop() = 0;
};

/// Everything sessions share with the server; they hold it by shared_ptr.
struct server_state {
  server_state(asio::io_context& io, server_options opts, http_handler h,
               ws_handlers w)
      : ioc(io), options(std::move(opts)), http(std::move(h)),
        ws(std::move(w)) {}

  asio::io_context& ioc;
  const server_options options;
  const http_handler http;
  const ws_handlers ws;
  std::shared_ptr<ssl::context> ctx;
  std::optional<tcp::acceptor> acceptor;
  std::atomic<std::uint16_t> port{0};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::size_t> ws_open{0};
  std::atomic<std::uint64_t> next_id{0};
  std::mutex mu;
  bool started = false; ///< guarded by mu
  bool stopped = false; ///< guarded by mu
  std::unordered_map<std::uint64_t, std::weak_ptr<session_base>> sessions;

  /// Registers a session; false (and the caller drops it) once stopped.
  bool add(std::uint64_t id, std::weak_ptr<session_base> s) {
    std::lock_guard<std::mutex> lock(mu);
    if (stopped) return false;
    sessions.emplace(id, std::move(s));
    return true;
  }

  void remove(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(id);
  }
};

} // namespace detail

namespace {

using namespace detail;

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

template <class Stream>
class ws_session_impl final
    : public ws_session,
      public session_base,
      public std::enable_shared_from_this<ws_session_impl<Stream>> {
public:
  ws_session_impl(std::shared_ptr<server_state> st, Stream&& stream,
                  std::uint64_t id)
      : st_(std::move(st)), ws_(std::move(stream)), ex_(ws_.get_executor()),
        id_(id) {}

  void start(http::request<http::string_body> req) {
    target_ = std::string(req.target());
    if (!st_->add(id_, this->weak_from_this()))
      return beast::get_lowest_layer(ws_).close();
    ws_.set_option(
        websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(
        websocket::stream_base::decorator([](websocket::response_type& res) {
          res.set(http::field::server, "trailgrid-net");
        }));
    ws_.async_accept(req, [self = this->shared_from_this()](
                              const error_code& ec) { self->on_accept(ec); });
  }

  std::uint64_t id() const noexcept override { return id_; }
  const std::string& target() const noexcept override { return target_; }

  void send(std::string text) override {
    asio::post(ex_, [self = this->shared_from_this(),
                     text = std::move(text)]() mutable {
      if (self->closing_ || self->closed_) return;
      self->outbox_.push_back(std::move(text));
      if (self->open_ && !self->writing_) self->write_next();
    });
  }

  void close(std::string reason) override {
    asio::post(ex_, [self = this->shared_from_this(),
                     reason = std::move(reason)]() mutable {
      if (self->closing_ || self->closed_) return;
      if (!self->open_) return self->finish("closed by server before open");
      self->closing_ = true;
      // A close reason is at most 123 bytes on the wire.
      if (reason.size() > 123) reason.resize(123);
      self->ws_.async_close(
          websocket::close_reason(websocket::close_code::normal, reason),
          [self](const error_code&) { self->finish("closed by server"); });
    });
  }

  void drop() override {
    asio::post(ex_, [self = this->shared_from_this()] {
      self->finish("dropped by server");
    });
  }

private:
  void on_accept(const error_code& ec) {
    if (closed_) return;
    if (ec) return finish("upgrade failed: " + ec.message());
    open_ = true;
    ++st_->ws_open;
    ws_.text(true);
    read();
    if (!outbox_.empty()) write_next();
    if (st_->ws.on_open) st_->ws.on_open(self_handle());
  }

  std::shared_ptr<ws_session> self_handle() { return this->shared_from_this(); }

  void read() {
    ws_.async_read(rx_, [self = this->shared_from_this()](const error_code& ec,
                                                          std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(const error_code& ec) {
    if (closed_) return;
    if (ec) {
      if (closing_) return finish("closed by server");
      if (ec == websocket::error::closed) return finish("closed by client");
      return finish("read failed: " + ec.message());
    }
    auto data = rx_.data();
    std::string_view text(static_cast<const char*>(data.data()), data.size());
    struct next_read {
      ws_session_impl* self;
      ~next_read() {
        self->rx_.consume(self->rx_.size());
        self->read();
      }
    } guard{this};
    if (st_->ws.on_text) st_->ws.on_text(self_handle(), text);
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(
        asio::buffer(outbox_.front()),
        [self = this->shared_from_this()](const error_code& ec, std::size_t) {
          self->writing_ = false;
          self->outbox_.pop_front();
          if (self->closed_) return;
          if (ec) return self->finish("write failed: " + ec.message());
          if (!self->outbox_.empty()) self->write_next();
        });
  }

  void finish(const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    while (outbox_.size() > (writing_ ? 1u : 0u))
      outbox_.pop_back();
    beast::get_lowest_layer(ws_).close();
    st_->remove(id_);
    if (!open_) return;
    --st_->ws_open;
    if (st_->ws.on_close) st_->ws.on_close(self_handle(), reason);
  }

  std::shared_ptr<server_state> st_;
  websocket::stream<Stream> ws_;
  asio::any_io_executor ex_;
  std::uint64_t id_;
  std::string target_;
  beast::flat_buffer rx_;
  std::deque<std::string> outbox_;
  bool open_ = false;
  bool writing_ = false;
  bool closing_ = false;
  bool closed_ = false;
};

template <class Stream>
class http_session final
    : public session_base,
      public std::enable_shared_from_this<http_session<Stream>> {
public:
  http_session(std::shared_ptr<server_state> st, Stream&& stream)
      : st_(std::move(st)), stream_(std::move(stream)),
        ex_(stream_.get_executor()), id_(++st_->next_id) {}

  void start() {
    if (!st_->add(id_, this->weak_from_this())) return lowest().close();
    if constexpr (is_tls_v<Stream>) {
      lowest().expires_after(st_->options.request_timeout);
      stream_.async_handshake(
          ssl::stream_base::server,
          [self = this->shared_from_this()](const error_code& ec) {
            if (ec) return self->end();
            self->read();
          });
    } else {
      read();
    }
  }

  void drop() override {
    asio::post(ex_, [self = this->shared_from_this()] {
      if (!self->upgraded_) self->end();
    });
  }

private:
  auto& lowest() { return beast::get_lowest_layer(stream_); }

  void read() {
    parser_.emplace();
    parser_->body_limit(st_->options.max_body_bytes);
    lowest().expires_after(st_->options.http_idle_timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](const error_code& ec, std::size_t) {
          self->on_read(ec);
        });
  }

  void on_read(const error_code& ec) {
    if (ended_) return;
    if (ec) return end(); // idle timeout, client gone or garbage: just close
    auto& req = parser_->get();
    if (websocket::is_upgrade(req)) {
      if (path_of(req.target()) == st_->options.ws_path) return upgrade();
      return respond(404, "text/plain", "no WebSocket endpoint here\n");
    }
    http_reply reply;
    try {
      incoming_request in{req.method_string(), req.target(), req.body(), {}};
      for (const auto& field : req)
        in.headers.emplace_back(field.name_string(), field.value());
      reply = st_->http(in);
    } catch (const std::exception& e) {
      reply = {500, "text/plain", std::string("handler failed: ") + e.what()};
    } catch (...) {
      reply = {500, "text/plain", "handler failed\n"};
    }
    respond(reply.status, reply.content_type, std::move(reply.body));
  }

  void upgrade() {
    upgraded_ = true;
    ended_ = true;
    st_->remove(id_);
    lowest().expires_never(); // the websocket stream has its own timeouts
    auto ws = std::make_shared<ws_session_impl<Stream>>(st_, std::move(stream_),
                                                        ++st_->next_id);
    ws->start(parser_->release());
  }

  void respond(int status, const std::string& content_type, std::string body) {
    const auto& req = parser_->get();
    res_ = {};
    res_.version(req.version());
    res_.result(static_cast<unsigned>(status));
    res_.set(http::field::server, "trailgrid-net");
    res_.set(http::field::content_type, content_type);
    res_.keep_alive(req.keep_alive());
    res_.body() = std::move(body);
    res_.prepare_payload();
    lowest().expires_after(st_->options.request_timeout);
    http::async_write(
        stream_, res_,
        [self = this->shared_from_this()](const error_code& ec, std::size_t) {
          if (ec || !self->res_.keep_alive()) return self->end();
          self->read();
        });
  }

  /// Closes the connection (TLS: without close_notify; clients treat the
  /// missing alert as a normal end between requests).
  void end() {
    if (ended_) return;
    ended_ = true;
    st_->remove(id_);
    lowest().close();
  }

  std::shared_ptr<server_state> st_;
  Stream stream_;
  asio::any_io_executor ex_;
  std::uint64_t id_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  bool upgraded_ = false;
  bool ended_ = false;
};

void accept_next(const std::shared_ptr<server_state>& st) {
  st->acceptor->async_accept(
      asio::make_strand(st->ioc),
      [st](const error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !st->acceptor->is_open())
          return;
        if (!ec) {
          ++st->accepted;
          socket.set_option(tcp::no_delay(true));
          if (st->ctx)
            std::make_shared<http_session<tls_stream>>(
                st, tls_stream(std::move(socket), *st->ctx))
                ->start();
          else
            std::make_shared<http_session<plain_stream>>(
                st, plain_stream(std::move(socket)))
                ->start();
        }
        accept_next(st); // errors such as EMFILE: keep accepting
      });
}

void stop_now(const std::shared_ptr<server_state>& st) {
  if (st->acceptor && st->acceptor->is_open()) {
    error_code ignored;
    st->acceptor->close(ignored);
  }
  std::unordered_map<std::uint64_t, std::weak_ptr<session_base>> sessions;
  {
    std::lock_guard<std::mutex> lock(st->mu);
    st->stopped = true;
    sessions.swap(st->sessions);
  }
  for (auto& [id, weak] : sessions)
    if (auto s = weak.lock()) s->drop();
}

} // namespace

server::server(io_runner& runner, server_options options, http_handler http,
               ws_handlers ws)
    : runner_(runner),
      state_(std::make_shared<server_state>(runner.context(),
                                            std::move(options), std::move(http),
                                            std::move(ws))) {}

server::~server() {
  stop();
}

result<std::uint16_t> server::start() {
  auto& st = *state_;
  if (st.started)
    return net_error{net_errc::invalid_argument, "server already started"};
  if (!st.http)
    return net_error{net_errc::invalid_argument,
                     "server needs an HTTP handler"};
  if (st.options.tls) {
    auto ctx = make_server_tls_context(st.options.tls->cert_pem,
                                       st.options.tls->key_pem);
    if (!ctx) return ctx.error();
    st.ctx = std::move(*ctx);
  }
  error_code ec;
  auto address = asio::ip::make_address(st.options.address, ec);
  if (ec)
    return net_error{net_errc::invalid_argument,
                     "bad bind address '" + st.options.address + "'"};
  tcp::endpoint endpoint(address, st.options.port);
  std::string where =
      st.options.address + ":" + std::to_string(st.options.port);
  st.acceptor.emplace(st.ioc);
  st.acceptor->open(endpoint.protocol(), ec);
  if (!ec) st.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) st.acceptor->bind(endpoint, ec);
  if (!ec) st.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    st.acceptor.reset();
    return net_error{net_errc::connect,
                     "cannot listen on " + where + ": " + ec.message()};
  }
  st.port = st.acceptor->local_endpoint().port();
  {
    std::lock_guard<std::mutex> lock(st.mu);
    st.started = true;
  }
  asio::post(st.ioc, [s = state_] { accept_next(s); });
  return st.port.load();
}

std::uint16_t server::port() const noexcept {
  return state_->port.load();
}

void server::stop() {
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (!state_->started || state_->stopped) return;
  }
  if (!runner_.running() || runner_.in_io_thread()) {
    stop_now(state_);
    return;
  }
  auto done = std::make_shared<std::promise<void>>();
  auto future = done->get_future();
  asio::post(state_->ioc, [s = state_, done] {
    stop_now(s);
    done->set_value();
  });
  future.wait_for(std::chrono::seconds(5));
}

std::uint64_t server::accepted_connections() const noexcept {
  return state_->accepted.load();
}

std::size_t server::open_ws_sessions() const noexcept {
  return state_->ws_open.load();
}

std::size_t server::open_connections() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->sessions.size();
}

} // namespace trailgrid::lighter::net
