#pragma once

// Keeps a nonce_reserve full from a thread of its own, at a lower OS
// priority than the node's other threads: the k G of each signature is
// computed in idle time, off the path from a fill to its reset.

#include "lighter/crypto/nonce_reserve.hpp"

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>

namespace trailgrid::actors {

class nonce_refiller {
public:
  /// Refills `reserve` to its capacity whenever it falls below
  /// `low_water` (checked every 10 ms); starts at once.
  nonce_refiller(std::shared_ptr<lighter::crypto::nonce_reserve> reserve,
                 size_t low_water);
  /// Stops the thread (it finishes the chunk it is committing) and joins.
  ~nonce_refiller();
  nonce_refiller(const nonce_refiller&) = delete;
  nonce_refiller& operator=(const nonce_refiller&) = delete;

  const std::shared_ptr<lighter::crypto::nonce_reserve>& reserve() const {
    return reserve_;
  }

private:
  void run();

  std::shared_ptr<lighter::crypto::nonce_reserve> reserve_;
  size_t low_water_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace trailgrid::actors
