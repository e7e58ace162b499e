#pragma once

#include <cmath>
#include <cstdint>

namespace trailgrid::sim {

/// SplitMix64 finaliser: a good 64-bit mixing function.
inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// A deterministic hash of (seed, a, b): the basis of every stateless
/// decision, so the k-th decision never depends on how many others were made.
inline uint64_t hash3(uint64_t seed, uint64_t a, uint64_t b = 0) {
  return splitmix64(seed ^ splitmix64(a ^ splitmix64(b + 0x5bd1e995ULL)));
}

/// Maps a hash to [0, 1).
inline double unit_interval(uint64_t h) {
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

/// A small seeded generator (SplitMix64 stream) with portable uniform and
/// normal draws (the std distributions differ between library versions).
class rng {
public:
  /// Starts the stream at `seed`.
  explicit rng(uint64_t seed) : state_(seed) {}

  /// Next raw 64-bit value.
  uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return splitmix64(state_);
  }
  /// Uniform in [0, 1).
  double uniform() { return unit_interval(next()); }
  /// Standard normal (Box-Muller, one value per call).
  double normal() {
    double u1 = uniform();
    double u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

private:
  uint64_t state_;
};

} // namespace trailgrid::sim
