#pragma once

// A small in-process fake of the Lighter exchange for the client and actor
// tests: lighter_net's server on loopback answering REST paths with canned
// payloads (tests/data/lighter/) and WebSocket frames with a scriptable
// handler. Every wait is bounded.

#include "lighter/net/io_runner.hpp"
#include "lighter/net/server.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace trailgrid::lighter::test {

using namespace std::chrono_literals;

/// Upper bound of any single wait in these tests.
inline constexpr std::chrono::milliseconds wait_limit = 5s;

/// The text of a repository file (tests/data/...).
inline std::string read_data(const std::string& relative) {
  std::ifstream in(std::string(TRAILGRID_SOURCE_DIR) + "/" + relative,
                   std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A canned payload of tests/data/lighter/<kind>/<name>.
inline std::string payload(const std::string& kind, const std::string& name) {
  return read_data("tests/data/lighter/" + kind + "/" + name);
}

/// True if `text` contains `part`.
inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

/// Polls `pred` every millisecond until it holds or `limit` passes.
template <class Pred>
bool poll_until(Pred pred, std::chrono::milliseconds limit = wait_limit) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

/// The fake exchange. REST: `route(path, status, body)` sets a canned reply
/// (query ignored); requests are recorded. WS: every session is greeted
/// with {"type":"connected"}; incoming frames are recorded and handed to
/// `on_frame` (runs on the server's io thread).
class fake_exchange {
public:
  /// One recorded HTTP request.
  struct request {
    std::string method;
    std::string target;
    std::string body;
  };

  /// Handles one client frame; `reply` sends frames back to that session.
  using frame_handler = std::function<void(
      std::string_view text, const std::function<void(std::string)>& reply)>;

  fake_exchange() {
    net::ws_handlers h;
    h.on_open = [this](const std::shared_ptr<net::ws_session>& s) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        sessions_.push_back(s);
        ++opened_;
      }
      if (greet_) s->send(R"({"session_id":"fake","type":"connected"})");
      cv_.notify_all();
    };
    h.on_text = [this](const std::shared_ptr<net::ws_session>& s,
                       std::string_view text) {
      frame_handler handler;
      {
        std::lock_guard<std::mutex> lock(mu_);
        frames_.emplace_back(text);
        handler = on_frame_;
      }
      cv_.notify_all();
      if (handler) {
        std::weak_ptr<net::ws_session> weak = s;
        handler(text, [weak](std::string out) {
          if (auto p = weak.lock()) p->send(std::move(out));
        });
      }
    };
    h.on_close = [this](const std::shared_ptr<net::ws_session>&,
                        const std::string&) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++closed_;
      }
      cv_.notify_all();
    };
    server_ = std::make_unique<net::server>(
        io_, net::server_options{},
        [this](std::string_view method, std::string_view target,
               std::string_view body) { return answer(method, target, body); },
        std::move(h));
    auto port = server_->start();
    if (!port) throw std::runtime_error(port.error().message);
  }

  ~fake_exchange() {
    server_->stop();
    server_.reset();
    io_.stop();
  }

  /// "http://127.0.0.1:<port>".
  std::string rest_url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port());
  }
  /// "ws://127.0.0.1:<port>/stream".
  std::string ws_url() const {
    return "ws://127.0.0.1:" + std::to_string(server_->port()) + "/stream";
  }

  /// Answers GET/POST `path` with `status` and `body` from now on.
  void route(const std::string& path, int status, std::string body) {
    std::lock_guard<std::mutex> lock(mu_);
    routes_[path] =
        net::http_reply{status, "application/json", std::move(body)};
  }
  /// Answers `path` requests whose target contains `needle` (e.g. a query
  /// parameter) with `status` and `body`; such routes go before route()'s.
  void route_when(const std::string& path, const std::string& needle,
                  int status, std::string body) {
    std::lock_guard<std::mutex> lock(mu_);
    query_routes_.push_back(
        {path, needle,
         net::http_reply{status, "application/json", std::move(body)}});
  }
  /// Sets the WS frame handler.
  void on_frame(frame_handler h) {
    std::lock_guard<std::mutex> lock(mu_);
    on_frame_ = std::move(h);
  }
  /// Whether new sessions get the "connected" greeting (default yes).
  void greet(bool yes) { greet_ = yes; }

  /// Sends `text` to the latest WS session.
  void push(std::string text) {
    std::shared_ptr<net::ws_session> s;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!sessions_.empty()) s = sessions_.back();
    }
    if (s) s->send(std::move(text));
  }
  /// Drops the TCP connection of every session (no close frame).
  void drop_all() {
    std::vector<std::shared_ptr<net::ws_session>> all;
    {
      std::lock_guard<std::mutex> lock(mu_);
      all = sessions_;
    }
    for (auto& s : all)
      s->drop();
  }

  std::vector<request> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }
  std::vector<std::string> frames() {
    std::lock_guard<std::mutex> lock(mu_);
    return frames_;
  }
  /// Frames received so far that contain `part`.
  std::vector<std::string> frames_with(std::string_view part) {
    std::vector<std::string> out;
    for (auto& f : frames())
      if (contains(f, part)) out.push_back(f);
    return out;
  }
  /// Waits until `n` frames containing `part` arrived.
  bool wait_frames_with(std::string_view part, size_t n = 1,
                        std::chrono::milliseconds limit = wait_limit) {
    return wait(
        [&] {
          size_t k = 0;
          for (auto& f : frames_)
            if (contains(f, part)) ++k;
          return k >= n;
        },
        limit);
  }
  /// Waits until `n` sessions were opened in total.
  bool wait_opened(size_t n) {
    return wait([&] { return opened_ >= n; });
  }
  /// Waits until `n` sessions were closed in total.
  bool wait_closed(size_t n) {
    return wait([&] { return closed_ >= n; });
  }
  size_t opened() {
    std::lock_guard<std::mutex> lock(mu_);
    return opened_;
  }

private:
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds limit = wait_limit) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, limit, pred);
  }

  net::http_reply answer(std::string_view method, std::string_view target,
                         std::string_view body) {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(
        {std::string(method), std::string(target), std::string(body)});
    auto path = std::string(target.substr(0, target.find('?')));
    for (auto& q : query_routes_)
      if (q.path == path && target.find(q.needle) != std::string_view::npos)
        return q.reply;
    auto it = routes_.find(path);
    if (it == routes_.end())
      return {404, "application/json",
              R"({"code":29404,"message":"not found"})"};
    return it->second;
  }

  net::io_runner io_{"fake-exchange"};
  std::unique_ptr<net::server> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, net::http_reply> routes_;
  struct query_route {
    std::string path;
    std::string needle;
    net::http_reply reply;
  };
  std::vector<query_route> query_routes_;
  std::vector<request> requests_;
  std::vector<std::string> frames_;
  std::vector<std::shared_ptr<net::ws_session>> sessions_;
  frame_handler on_frame_;
  std::atomic<bool> greet_{true};
  size_t opened_ = 0;
  size_t closed_ = 0;
};

/// Records callbacks of a ws_session-like producer under a lock.
template <class T>
class recorder {
public:
  void push(T v) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      items_.push_back(std::move(v));
    }
    cv_.notify_all();
  }
  bool wait_count(size_t n, std::chrono::milliseconds limit = wait_limit) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, limit, [&] { return items_.size() >= n; });
  }
  std::vector<T> items() {
    std::lock_guard<std::mutex> lock(mu_);
    return items_;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return items_.size();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<T> items_;
};

} // namespace trailgrid::lighter::test
