#pragma once

// A cumulative latency histogram that an actor keeps and publishes in its
// actor_status figures, so the admin service can render it as a Prometheus
// histogram (runtime/admin/metrics). Header-only, no I/O.
//
// Figures written under a prefix P (e.g. "reset_latency_us"):
//   P.le.<bound>  samples <= bound microseconds (cumulative), one per bound
//   P.count       all samples (the +Inf bucket)
//   P.sum         sum of all samples in microseconds

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace trailgrid::messages {

/// Counts latency samples into fixed millisecond buckets.
class latency_histogram {
public:
  /// Upper bounds of the buckets in microseconds (Prometheus `le`): a
  /// reset takes well under a millisecond on a quiet node, so the first
  /// buckets are fine-grained; 2 ms and 25 ms are the fill-to-wire targets
  /// at 100 markets (p50 and p99).
  static constexpr std::array<int64_t, 15> bounds_us = {
      100,    250,    500,     1'000,   2'000,   5'000,     10'000,   20'000,
      25'000, 50'000, 100'000, 250'000, 500'000, 1'000'000, 5'000'000};

  /// Adds one sample of `us` microseconds (negative counts as 0).
  void observe_us(int64_t us) {
    if (us < 0) us = 0;
    for (size_t i = 0; i < bounds_us.size(); ++i)
      if (us <= bounds_us[i]) ++buckets_[i];
    ++count_;
    sum_us_ += us;
  }

  /// Samples so far.
  uint64_t count() const { return count_; }

  /// Samples <= bounds_us[i] (cumulative).
  uint64_t bucket(size_t i) const { return buckets_[i]; }

  /// Writes the figures described above under `prefix`.
  void write_figures(std::map<std::string, std::string>& figures,
                     const std::string& prefix) const {
    for (size_t i = 0; i < bounds_us.size(); ++i)
      figures[prefix + ".le." + std::to_string(bounds_us[i])] =
          std::to_string(buckets_[i]);
    figures[prefix + ".count"] = std::to_string(count_);
    figures[prefix + ".sum"] = std::to_string(sum_us_);
  }

private:
  std::array<uint64_t, bounds_us.size()> buckets_{};
  uint64_t count_ = 0;
  int64_t sum_us_ = 0;
};

} // namespace trailgrid::messages
