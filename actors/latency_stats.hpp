#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trailgrid::actors {

/// The last `capacity` latency samples (ns) with exact median and p99 over
/// them. Pure; quantiles cost a copy and a partial sort, which is fine for a
/// status request.
class latency_stats {
public:
  /// Keeps at most `capacity` samples (>= 1); the oldest go first.
  explicit latency_stats(size_t capacity = 1024);

  /// Records one sample; negative samples (clock mix-ups) are dropped.
  void add(int64_t ns);

  /// Samples recorded since construction (including those evicted).
  uint64_t total() const { return total_; }

  /// Samples currently kept.
  size_t size() const { return samples_.size(); }

  /// The latest sample; 0 when there is none.
  int64_t last() const { return last_; }

  /// The q-quantile (0 <= q <= 1) of the kept samples, nearest rank
  /// (ceil(q * n)-th smallest); 0 when empty.
  int64_t quantile(double q) const;

  /// The median (quantile 0.5).
  int64_t median() const { return quantile(0.5); }

  /// The 99th percentile.
  int64_t p99() const { return quantile(0.99); }

private:
  size_t capacity_;
  std::vector<int64_t> samples_;
  size_t next_ = 0; ///< ring position once full
  uint64_t total_ = 0;
  int64_t last_ = 0;
};

} // namespace trailgrid::actors
