#include "lighter/crypto/nonce_reserve.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>

namespace trailgrid::lighter::crypto {

std::optional<scalar> random_nonce() {
  uint8_t wide[64];
  scalar k;
  // 512 random bits reduced mod n: bias below 2^-190. Zero (probability
  // about 2^-319) draws again.
  bool drawn = false;
  do {
    drawn = RAND_priv_bytes(wide, sizeof(wide)) == 1;
    if (drawn) k = scalar::from_wide_reduce(wide);
  } while (drawn && k.is_zero());
  OPENSSL_cleanse(wide, sizeof(wide));
  if (!drawn) return std::nullopt;
  return k;
}

nonce_reserve::nonce_reserve(size_t capacity) : capacity_(capacity) {
  ready_.reserve(capacity_);
}

nonce_reserve::~nonce_reserve() {
  for (auto& c : ready_)
    wipe(c.k);
}

std::optional<nonce_commitment> nonce_reserve::take() {
  std::lock_guard<std::mutex> guard(mu_);
  if (ready_.empty()) {
    ++misses_;
    return std::nullopt;
  }
  auto c = ready_.back();
  wipe(ready_.back().k);
  ready_.pop_back();
  ++taken_;
  return c;
}

size_t nonce_reserve::add_fresh(size_t n) {
  n = std::min(n, capacity_ - size());
  std::vector<nonce_commitment> made;
  made.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto k = random_nonce();
    if (!k) break;
    made.push_back(commit_nonce(*k));
    wipe(*k);
  }
  size_t added = 0;
  {
    std::lock_guard<std::mutex> guard(mu_);
    added = std::min(made.size(), capacity_ - ready_.size());
    ready_.insert(ready_.end(), made.begin(),
                  made.begin() + static_cast<long>(added));
  }
  for (auto& c : made)
    wipe(c.k);
  return added;
}

size_t nonce_reserve::size() const {
  std::lock_guard<std::mutex> guard(mu_);
  return ready_.size();
}

uint64_t nonce_reserve::taken() const {
  std::lock_guard<std::mutex> guard(mu_);
  return taken_;
}

uint64_t nonce_reserve::misses() const {
  std::lock_guard<std::mutex> guard(mu_);
  return misses_;
}

} // namespace trailgrid::lighter::crypto
