#include "lighter/net/io_runner.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <pthread.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <optional>
#include <thread>

namespace trailgrid::lighter::net {

namespace asio = boost::asio;

struct io_runner::impl {
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>>
      guard;
  std::thread thread;
  std::atomic<bool> running{true};
  std::atomic<std::uint64_t> exceptions{0};
  std::string name;

  void run() {
    pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
    // A throwing user callback must not take the whole loop (and every
    // connection on it) down: report it and keep going.
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        ++exceptions;
        std::fprintf(stderr, "%s: exception escaped a handler: %s\n",
                     name.c_str(), e.what());
      } catch (...) {
        ++exceptions;
        std::fprintf(stderr, "%s: unknown exception escaped a handler\n",
                     name.c_str());
      }
    }
  }
};

io_runner::io_runner(std::string name) : impl_(std::make_unique<impl>()) {
  impl_->name = std::move(name);
  impl_->guard.emplace(impl_->ioc.get_executor());
  impl_->thread = std::thread([p = impl_.get()] { p->run(); });
}

io_runner::~io_runner() {
  stop();
}

void io_runner::stop() {
  if (!impl_->running.exchange(false)) return;
  impl_->guard.reset();
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool io_runner::running() const noexcept {
  return impl_->running.load();
}

bool io_runner::in_io_thread() const noexcept {
  return impl_->ioc.get_executor().running_in_this_thread();
}

void io_runner::post(std::function<void()> fn) {
  asio::post(impl_->ioc, std::move(fn));
}

asio::io_context& io_runner::context() noexcept {
  return impl_->ioc;
}

std::uint64_t io_runner::escaped_exceptions() const noexcept {
  return impl_->exceptions.load();
}

} // namespace trailgrid::lighter::net
