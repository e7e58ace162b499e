// Beast TU 2 of 3: the WebSocket client.
#include "lighter/net/ws_client.hpp"

#include "lighter/net/detail/beast.hpp"
#include "lighter/net/io_runner.hpp"
#include "lighter/net/monotonic.hpp"

#include <atomic>
#include <deque>

namespace trailgrid::lighter::net {

namespace detail {

/// The io-thread side of a ws_client, plus its thread-safe counters.
class ws_impl {
public:
  virtual ~ws_impl() = default;
  /// See ws_client::connect.
  virtual void connect() = 0;
  /// Queues `text` as frame `seq` (any thread).
  virtual void enqueue(std::uint64_t seq, std::string text) = 0;
  /// See ws_client::close.
  virtual void close() = 0;

  ws_stats snapshot() const {
    ws_stats s;
    s.frames_received = frames_received.load(std::memory_order_relaxed);
    s.frames_sent = frames_sent.load(std::memory_order_relaxed);
    s.frames_dropped = frames_dropped.load(std::memory_order_relaxed);
    s.pings_received = pings_received.load(std::memory_order_relaxed);
    s.pongs_received = pongs_received.load(std::memory_order_relaxed);
    s.opened_ns = opened_ns.load(std::memory_order_relaxed);
    s.last_receive_ns = last_receive_ns.load(std::memory_order_relaxed);
    s.last_write_done_ns = last_write_done_ns.load(std::memory_order_relaxed);
    return s;
  }

  std::atomic<std::uint64_t> next_seq{0};
  std::atomic<std::uint64_t> frames_received{0};
  std::atomic<std::uint64_t> frames_sent{0};
  std::atomic<std::uint64_t> frames_dropped{0};
  std::atomic<std::uint64_t> pings_received{0};
  std::atomic<std::uint64_t> pongs_received{0};
  std::atomic<std::int64_t> opened_ns{0};
  std::atomic<std::int64_t> last_receive_ns{0};
  std::atomic<std::int64_t> last_write_done_ns{0};
};

} // namespace detail

namespace {

using namespace detail;

/// A client that cannot work (bad URL scheme, unusable TLS settings): its
/// connect() ends at once with on_close(reason).
class failed_ws final : public ws_impl,
                        public std::enable_shared_from_this<failed_ws> {
public:
  failed_ws(asio::io_context& ioc, std::string reason, ws_callbacks cbs)
      : strand_(asio::make_strand(ioc)), reason_(std::move(reason)),
        cbs_(std::move(cbs)) {}
  void connect() override {
    asio::post(strand_, [self = shared_from_this()] { self->finish(); });
  }
  void enqueue(std::uint64_t, std::string) override { ++frames_dropped; }
  void close() override {}

private:
  void finish() {
    if (done_) return;
    done_ = true;
    if (cbs_.on_close) cbs_.on_close(reason_);
  }
  strand_t strand_;
  std::string reason_;
  ws_callbacks cbs_;
  bool done_ = false;
};

/// An outgoing frame and its sequence number.
struct out_frame {
  std::uint64_t seq;
  std::string text;
};

template <class Stream>
class ws_conn final : public ws_impl,
                      public std::enable_shared_from_this<ws_conn<Stream>> {
  enum class state { idle, connecting, open, closing, closed };

public:
  ws_conn(asio::io_context& ioc, url target, tls_options tls,
          ws_options options, ws_callbacks cbs,
          std::shared_ptr<ssl::context> ctx)
      : strand_(asio::make_strand(ioc)), resolver_(strand_), deadline_(strand_),
        heartbeat_(strand_), target_(std::move(target)), tls_(std::move(tls)),
        options_(std::move(options)), cbs_(std::move(cbs)),
        ctx_(std::move(ctx)), ws_(make_stream(strand_, ctx_.get())) {}

  void connect() override {
    asio::post(strand_,
               [self = this->shared_from_this()] { self->start_connect(); });
  }

  void enqueue(std::uint64_t seq, std::string text) override {
    asio::post(strand_, [self = this->shared_from_this(), seq,
                         text = std::move(text)]() mutable {
      self->push(seq, std::move(text));
    });
  }

  void close() override {
    asio::post(strand_,
               [self = this->shared_from_this()] { self->start_close(); });
  }

private:
  static websocket::stream<Stream> make_stream(strand_t& strand,
                                               ssl::context* ctx) {
    if constexpr (is_tls_v<Stream>)
      return websocket::stream<Stream>(strand, *ctx);
    else
      return websocket::stream<Stream>(strand);
  }

  auto& lowest() { return beast::get_lowest_layer(ws_); }

  std::string where() const {
    return target_.host + ":" + std::to_string(target_.port);
  }

  void start_connect() {
    if (st_ != state::idle) return;
    st_ = state::connecting;
    // One deadline for resolve + connect + TLS; the upgrade handshake has
    // Beast's own handshake timeout.
    deadline_.expires_after(options_.connect_timeout);
    deadline_.async_wait(
        [self = this->shared_from_this()](const error_code& ec) {
          if (ec || self->st_ != state::connecting || self->upgrading_) return;
          self->timed_out_ = true;
          self->resolver_.cancel();
          self->lowest().close();
        });
    resolver_.async_resolve(
        target_.host, std::to_string(target_.port),
        [self = this->shared_from_this()](const error_code& ec,
                                          tcp::resolver::results_type results) {
          self->on_resolve(ec, results);
        });
  }

  /// The reason for a failure while connecting, e.g. "connecting to
  /// host:port failed: Connection refused".
  std::string connect_failure(const std::string& what,
                              const std::string& detail) const {
    if (close_requested_) return "closed by client while connecting";
    if (timed_out_)
      return what + " timed out after " +
             std::to_string(options_.connect_timeout.count()) + " ms";
    return what + " failed: " + detail;
  }

  void on_resolve(const error_code& ec,
                  const tcp::resolver::results_type& results) {
    if (st_ != state::connecting) return;
    if (ec)
      return finish(connect_failure("resolving " + target_.host, ec.message()));
    lowest().async_connect(
        results, [self = this->shared_from_this()](const error_code& cec,
                                                   const tcp::endpoint&) {
          self->on_connect(cec);
        });
  }

  void on_connect(const error_code& ec) {
    if (st_ != state::connecting) return;
    if (ec)
      return finish(connect_failure("connecting to " + where(), ec.message()));
    // No Nagle: a client frame is masked through a 4 KB buffer, so a large
    // frame (a 15-tx batch) is several writes, and Nagle would hold the
    // later ones for the peer's delayed ACK (~40 ms measured on loopback).
    error_code nodelay_ignored;
    lowest().socket().set_option(tcp::no_delay(true), nodelay_ignored);
    if constexpr (is_tls_v<Stream>) {
      setup_client_tls(ws_.next_layer(), peer_name(), tls_);
      ws_.next_layer().async_handshake(
          ssl::stream_base::client,
          [self = this->shared_from_this()](const error_code& hec) {
            self->on_tls(hec);
          });
    } else {
      upgrade();
    }
  }

  std::string peer_name() const { return tls_peer_name(target_, tls_); }

  void on_tls(const error_code& ec) {
    if (st_ != state::connecting) return;
    if (ec) {
      std::string text = ec.message();
      if constexpr (is_tls_v<Stream>)
        text = tls_failure_text(ws_.next_layer().native_handle(), text);
      return finish(connect_failure("TLS handshake with " + where() + " (as '" +
                                        peer_name() + "')",
                                    text));
    }
    upgrade();
  }

  void upgrade() {
    upgrading_ = true;
    deadline_.cancel();
    lowest().expires_never(); // the websocket stream has its own timeouts
    websocket::stream_base::timeout t{};
    t.handshake_timeout = or_none(options_.handshake_timeout);
    t.idle_timeout = or_none(options_.idle_timeout);
    t.keep_alive_pings = options_.idle_timeout.count() > 0;
    ws_.set_option(t);
    ws_.set_option(websocket::stream_base::decorator(
        [ua = options_.user_agent](websocket::request_type& req) {
          req.set(http::field::user_agent, ua);
        }));
    ws_.read_message_max(options_.max_message_bytes);
    ws_.control_callback([this](websocket::frame_type kind, std::string_view) {
      // Beast answers pings itself; we only count them.
      if (kind == websocket::frame_type::ping)
        pings_received.fetch_add(1, std::memory_order_relaxed);
      else if (kind == websocket::frame_type::pong)
        pongs_received.fetch_add(1, std::memory_order_relaxed);
    });
    ws_.async_handshake(target_.host_header(), target_.target,
                        [self = this->shared_from_this()](
                            const error_code& ec) { self->on_upgrade(ec); });
  }

  void on_upgrade(const error_code& ec) {
    if (st_ != state::connecting) return;
    if (ec)
      return finish(
          connect_failure("WebSocket upgrade with " + where(), ec.message()));
    st_ = state::open;
    ws_.text(true);
    opened_ns.store(monotonic_ns(), std::memory_order_relaxed);
    read();
    arm_heartbeat();
    if (!outbox_.empty()) write_next();
    if (cbs_.on_open) cbs_.on_open();
  }

  void read() {
    ws_.async_read(rx_, [self = this->shared_from_this()](const error_code& ec,
                                                          std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(const error_code& ec) {
    if (st_ == state::closed) return;
    if (ec) return finish(read_failure(ec));
    last_receive_ns.store(monotonic_ns(), std::memory_order_relaxed);
    frames_received.fetch_add(1, std::memory_order_relaxed);
    auto data = rx_.data();
    std::string_view text(static_cast<const char*>(data.data()), data.size());
    // The next read may fill the buffer at once, so it starts only after
    // the callback is done with the view (also when the callback throws).
    struct next_read {
      ws_conn* self;
      ~next_read() {
        self->rx_.consume(self->rx_.size());
        self->read();
      }
    } guard{this};
    if (cbs_.on_text) cbs_.on_text(text);
  }

  std::string read_failure(const error_code& ec) {
    if (close_requested_) return "closed by client";
    if (ec == websocket::error::closed) {
      const auto& r = ws_.reason();
      std::string out = "closed by server (code " +
                        std::to_string(static_cast<unsigned>(r.code));
      if (!r.reason.empty())
        out += ": " + std::string(r.reason.data(), r.reason.size());
      return out + ")";
    }
    if (ec == beast::error::timeout)
      return "idle timeout: nothing received from " + where() + " for " +
             std::to_string(options_.idle_timeout.count()) + " ms";
    return "connection to " + where() + " lost: " + ec.message();
  }

  void arm_heartbeat() {
    if (options_.heartbeat_interval.count() <= 0) return;
    heartbeat_.expires_after(options_.heartbeat_interval);
    heartbeat_.async_wait(
        [self = this->shared_from_this()](const error_code& ec) {
          if (ec || self->st_ != state::open) return;
          self->push(++self->next_seq, self->options_.heartbeat_text);
          self->arm_heartbeat();
        });
  }

  void push(std::uint64_t seq, std::string text) {
    if (st_ == state::closing || st_ == state::closed) {
      frames_dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    outbox_.push_back({seq, std::move(text)});
    if (st_ == state::open && !writing_) write_next();
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(
        asio::buffer(outbox_.front().text),
        [self = this->shared_from_this()](const error_code& ec, std::size_t) {
          self->on_write(ec);
        });
  }

  void on_write(const error_code& ec) {
    writing_ = false;
    if (st_ == state::closed) {
      outbox_.clear();
      return;
    }
    if (ec) {
      outbox_.pop_front();
      frames_dropped.fetch_add(1, std::memory_order_relaxed);
      return finish(close_requested_
                        ? "closed by client"
                        : "write to " + where() + " failed: " + ec.message());
    }
    auto done = monotonic_ns();
    last_write_done_ns.store(done, std::memory_order_relaxed);
    frames_sent.fetch_add(1, std::memory_order_relaxed);
    auto seq = outbox_.front().seq;
    outbox_.pop_front();
    if (!outbox_.empty() && st_ == state::open) write_next();
    if (cbs_.on_sent) cbs_.on_sent(seq, done);
  }

  void start_close() {
    close_requested_ = true;
    switch (st_) {
    case state::idle:
      finish("closed by client before connecting");
      break;
    case state::connecting:
      resolver_.cancel();
      deadline_.cancel();
      lowest().close(); // the pending step fails and calls finish
      break;
    case state::open:
      st_ = state::closing;
      heartbeat_.cancel();
      ws_.async_close(websocket::close_code::normal,
                      [self = this->shared_from_this()](const error_code&) {
                        self->finish("closed by client");
                      });
      break;
    case state::closing:
    case state::closed:
      break;
    }
  }

  void finish(const std::string& reason) {
    if (st_ == state::closed) return;
    st_ = state::closed;
    deadline_.cancel();
    heartbeat_.cancel();
    resolver_.cancel();
    // A frame being written stays until its handler runs (the write may
    // still refer to it).
    auto keep = writing_ ? 1u : 0u;
    while (outbox_.size() > keep) {
      outbox_.pop_back();
      frames_dropped.fetch_add(1, std::memory_order_relaxed);
    }
    lowest().close();
    if (cbs_.on_close) cbs_.on_close(reason);
  }

  strand_t strand_;
  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  asio::steady_timer heartbeat_;
  url target_;
  tls_options tls_;
  ws_options options_;
  ws_callbacks cbs_;
  std::shared_ptr<ssl::context> ctx_;
  websocket::stream<Stream> ws_;
  beast::flat_buffer rx_;
  std::deque<out_frame> outbox_;
  state st_ = state::idle;
  bool writing_ = false;
  bool upgrading_ = false;
  bool timed_out_ = false;
  bool close_requested_ = false;
};

std::shared_ptr<ws_impl> make_impl(asio::io_context& ioc, url target,
                                   tls_options tls, ws_options options,
                                   ws_callbacks cbs) {
  if (!target.websocket())
    return std::make_shared<failed_ws>(
        ioc,
        "ws_client needs a ws:// or wss:// URL, got " + target.scheme + "://",
        std::move(cbs));
  if (!target.tls())
    return std::make_shared<ws_conn<plain_stream>>(
        ioc, std::move(target), std::move(tls), std::move(options),
        std::move(cbs), nullptr);
  auto ctx = make_client_tls_context(tls);
  if (!ctx)
    return std::make_shared<failed_ws>(ioc, ctx.error().message,
                                       std::move(cbs));
  return std::make_shared<ws_conn<tls_stream>>(
      ioc, std::move(target), std::move(tls), std::move(options),
      std::move(cbs), std::move(*ctx));
}

} // namespace

ws_client::ws_client(io_runner& runner, url target, tls_options tls,
                     ws_options options, ws_callbacks callbacks)
    : impl_(make_impl(runner.context(), std::move(target), std::move(tls),
                      std::move(options), std::move(callbacks))) {}

ws_client::~ws_client() {
  impl_->close();
}

void ws_client::connect() {
  impl_->connect();
}

std::uint64_t ws_client::send(std::string text) {
  auto seq = ++impl_->next_seq;
  impl_->enqueue(seq, std::move(text));
  return seq;
}

void ws_client::close() {
  impl_->close();
}

ws_stats ws_client::stats() const {
  return impl_->snapshot();
}

std::int64_t ws_client::last_receive_ns() const noexcept {
  return impl_->last_receive_ns.load(std::memory_order_relaxed);
}

} // namespace trailgrid::lighter::net
