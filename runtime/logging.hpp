#pragma once

// Process logging: console + one file per day (logs/gridbot_YYYYMMDD.log),
// a pattern with time, level and component, and a filter that keeps
// registered secrets out of every line.

#include "runtime/expected.hpp"
#include "runtime/secret.hpp"

#include <spdlog/common.h>
#include <spdlog/sinks/dist_sink.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace spdlog {
class logger;
} // namespace spdlog

namespace trailgrid::runtime {

/// Every line: time, level, component (the logger's name), text, e.g.
/// `2025-01-02 14:03:07.412 info BTC/grid reset #412: centre 98,500.0 ...`.
/// Components log through clones of the default logger named after them
/// ("BTC/grid"); the process itself logs as "gridbot".
inline constexpr const char* log_pattern = "%Y-%m-%d %H:%M:%S.%e %^%l%$ %n %v";

/// How the process logs.
struct logging_options {
  std::string log_dir = "logs";      ///< created if missing
  std::string base_name = "gridbot"; ///< file: <base>_YYYYMMDD.log
  std::string logger_name = "gridbot";
  bool console = true;
  spdlog::level::level_enum console_level = spdlog::level::info;
  spdlog::level::level_enum file_level = spdlog::level::debug;
  /// Flush all sinks this often (plus at once on warn and above).
  std::chrono::seconds flush_every{1};
  /// Daily files kept; 0 keeps all.
  uint16_t max_files = 0;
};

/// The daily log file name for `base_path` ("logs/gridbot.log") on the day
/// of `day`: "logs/gridbot_20250102.log" (YYYYMMDD, no dashes).
std::string daily_log_name(const std::string& base_path, const std::tm& day);

/// spdlog's filename calculator for daily_log_name.
struct compact_daily_filename {
  /// See daily_log_name().
  static spdlog::filename_t calc_filename(const spdlog::filename_t& base,
                                          const std::tm& now);
};

/// A sink that forwards to its children after replacing every registered
/// secret value in the message with "[redacted]". Belt and braces: secrets
/// are a runtime::secret, which cannot be formatted at all; this catches a
/// key that slipped through as plain text (an exchange error echoing it, a
/// config dump).
class redacting_sink : public spdlog::sinks::dist_sink<std::mutex> {
public:
  /// Registers a value that must never appear in a log line. Values shorter
  /// than 8 characters are refused (false): too likely to be ordinary text.
  bool add_secret(std::string_view value);
  /// Number of registered values.
  std::size_t secrets() const;
  /// `text` with every registered value replaced.
  std::string scrub(std::string_view text) const;
  ~redacting_sink() override;

protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;

private:
  mutable std::mutex secrets_mutex_;
  std::vector<std::string> secrets_;
};

/// What setup_logging built.
struct logging_handle {
  std::shared_ptr<spdlog::logger> logger; ///< also spdlog's default logger
  std::shared_ptr<redacting_sink> filter; ///< register secrets here
  std::string base_path;                  ///< "<log_dir>/<base_name>.log"
};

/// Builds the console and daily file sinks behind a redacting_sink, makes
/// the logger spdlog's default (so spdlog::info and component clones use
/// it), flushes on warn and every `flush_every`. Fails with a message when
/// the log folder or file cannot be created.
expected<logging_handle, std::string>
setup_logging(const logging_options& options = {});

/// Registers the value of `s` with the handle's filter, so it never appears
/// in a log line; false for values under 8 characters.
bool never_log(const logging_handle& handle, const secret& s);

/// A text to log in place of a secret: "[secret, 64 chars]".
std::string redacted(const secret& s);

} // namespace trailgrid::runtime
