#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace trailgrid::lighter::net {

/// An io_context with its own thread and a work guard: the event loop every
/// client and server of this library runs on. All their callbacks run on
/// this thread. Construct it first and destroy it last: stop() it (or let
/// the destructor do so) only after the clients and servers using it have
/// been destroyed or closed, and before anything their callbacks touch
/// (e.g. the CAF actor_system) goes away.
class io_runner {
public:
  /// Creates the io_context and starts its thread (named `name`, at most
  /// 15 characters are kept).
  explicit io_runner(std::string name = "net-io");
  /// Calls stop().
  ~io_runner();
  io_runner(const io_runner&) = delete;
  io_runner& operator=(const io_runner&) = delete;

  /// Stops the loop and joins the thread; pending handlers are dropped
  /// without running. Idempotent. Must not be called from the io thread.
  void stop();
  /// True until stop() was called.
  bool running() const noexcept;
  /// True if the caller runs on this runner's io thread.
  bool in_io_thread() const noexcept;
  /// Runs `fn` on the io thread (in order of posting).
  void post(std::function<void()> fn);
  /// The io_context, for code that includes Boost.Asio itself.
  boost::asio::io_context& context() noexcept;
  /// Exceptions that escaped a handler (each was printed to stderr and the
  /// loop went on).
  std::uint64_t escaped_exceptions() const noexcept;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace trailgrid::lighter::net
