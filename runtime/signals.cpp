#include "runtime/signals.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>

#include <pthread.h>

namespace trailgrid::runtime {

namespace {

sigset_t shutdown_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

shutdown_signals::shutdown_signals() {
  auto set = shutdown_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

shutdown_signals::~shutdown_signals() {
  auto set = shutdown_set();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

std::optional<int> shutdown_signals::wait(std::chrono::milliseconds timeout) {
  auto set = shutdown_set();
  timespec ts;
  ts.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  ts.tv_nsec = static_cast<long>((timeout.count() % 1000) * 1'000'000);
  for (;;) {
    int sig = sigtimedwait(&set, nullptr, &ts);
    if (sig > 0) return sig;
    if (errno == EINTR) continue;
    return std::nullopt; // EAGAIN: timed out
  }
}

} // namespace trailgrid::runtime
