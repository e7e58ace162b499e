#include "actors/nonce_refiller.hpp"

#include <chrono>

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace trailgrid::actors {

namespace {

// Nonces committed per step; the stop flag is checked between steps
// (about 1 ms each).
constexpr size_t chunk = 32;

// Below the io and actor threads: it only needs the CPU they leave.
void lower_this_threads_priority() {
  pthread_setname_np(pthread_self(), "gridbot-nonces");
  auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  (void)::setpriority(PRIO_PROCESS, tid, 10); // best effort
}

} // namespace

nonce_refiller::nonce_refiller(
    std::shared_ptr<lighter::crypto::nonce_reserve> reserve, size_t low_water)
    : reserve_(std::move(reserve)), low_water_(low_water) {
  thread_ = std::thread([this] { run(); });
}

nonce_refiller::~nonce_refiller() {
  {
    std::lock_guard<std::mutex> guard(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void nonce_refiller::run() {
  lower_this_threads_priority();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (reserve_->size() < low_water_) {
      while (!stopping_) {
        lock.unlock();
        auto added = reserve_->add_fresh(chunk);
        lock.lock();
        // Full, or no randomness now (signers fall back meanwhile).
        if (added < chunk) break;
      }
    }
    wake_.wait_for(lock, std::chrono::milliseconds(10),
                   [this] { return stopping_; });
  }
}

} // namespace trailgrid::actors
