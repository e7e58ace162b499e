#pragma once

// A cumulative latency histogram that an actor keeps and publishes in its
// actor_status figures, so the admin service can render it as a Prometheus
// histogram (runtime/admin/metrics). Header-only, no I/O.
//
// Figures written under a prefix P (e.g. "reset_latency_ms"):
//   P.le.<bound>  samples <= bound milliseconds (cumulative), one per bound
//   P.count       all samples (the +Inf bucket)
//   P.sum         sum of all samples in milliseconds (3 decimals)

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace trailgrid::messages {

/// Counts latency samples into fixed millisecond buckets.
class latency_histogram {
public:
  /// Upper bounds of the buckets in milliseconds (Prometheus `le`).
  static constexpr std::array<int64_t, 12> bounds_ms = {
      1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

  /// Adds one sample of `us` microseconds (negative counts as 0).
  void observe_us(int64_t us) {
    if (us < 0) us = 0;
    for (size_t i = 0; i < bounds_ms.size(); ++i)
      if (us <= bounds_ms[i] * 1000) ++buckets_[i];
    ++count_;
    sum_us_ += us;
  }

  /// Samples so far.
  uint64_t count() const { return count_; }

  /// Samples <= bounds_ms[i] (cumulative).
  uint64_t bucket(size_t i) const { return buckets_[i]; }

  /// Writes the figures described above under `prefix`.
  void write_figures(std::map<std::string, std::string>& figures,
                     const std::string& prefix) const {
    for (size_t i = 0; i < bounds_ms.size(); ++i)
      figures[prefix + ".le." + std::to_string(bounds_ms[i])] =
          std::to_string(buckets_[i]);
    figures[prefix + ".count"] = std::to_string(count_);
    auto frac = std::to_string(1000 + sum_us_ % 1000).substr(1);
    figures[prefix + ".sum"] = std::to_string(sum_us_ / 1000) + "." + frac;
  }

private:
  std::array<uint64_t, bounds_ms.size()> buckets_{};
  uint64_t count_ = 0;
  int64_t sum_us_ = 0;
};

} // namespace trailgrid::messages
