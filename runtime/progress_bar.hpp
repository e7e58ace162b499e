#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace trailgrid::runtime {

/// A one-line progress bar on stderr that appears only once a job has run
/// for `delay` (so short runs print nothing) and only on a terminal.
class progress_bar {
public:
  /// A bar labelled `what` ("rows", "runs").
  explicit progress_bar(std::string what, std::chrono::milliseconds delay =
                                              std::chrono::milliseconds{2000})
      : what_(std::move(what)), delay_(delay),
        start_(std::chrono::steady_clock::now()), tty_(::isatty(2) == 1) {}

  /// Reports `done` of `total`.
  void update(std::size_t done, std::size_t total) {
    if (!tty_ || total == 0) return;
    auto now = std::chrono::steady_clock::now();
    if (now - start_ < delay_) return;
    if (shown_ && now - last_ < std::chrono::milliseconds{100} && done < total)
      return;
    last_ = now;
    shown_ = true;
    const int width = 40;
    int filled = static_cast<int>(width * done / total);
    double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(
        stderr, "\r[%s%s] %3d%% %zu/%zu %s (%.0f/s)",
        std::string(static_cast<std::size_t>(filled), '#').c_str(),
        std::string(static_cast<std::size_t>(width - filled), '.').c_str(),
        static_cast<int>(100 * done / total), done, total, what_.c_str(),
        secs > 0 ? static_cast<double>(done) / secs : 0.0);
    std::fflush(stderr);
  }
  /// Ends the line if the bar was shown.
  void finish() {
    if (shown_) std::fprintf(stderr, "\n");
    shown_ = false;
  }

private:
  std::string what_;
  std::chrono::milliseconds delay_;
  std::chrono::steady_clock::time_point start_, last_;
  bool tty_;
  bool shown_ = false;
};

} // namespace trailgrid::runtime
