#include "runtime/logging.hpp"

#include <spdlog/details/file_helper.h>
#include <spdlog/logger.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace trailgrid::runtime {

namespace {

constexpr std::size_t min_secret_length = 8;
constexpr std::string_view redaction = "[redacted]";

using daily_sink =
    spdlog::sinks::daily_file_sink<std::mutex, compact_daily_filename>;

} // namespace

std::string daily_log_name(const std::string& base_path, const std::tm& day) {
  auto [base, ext] =
      spdlog::details::file_helper::split_by_extension(base_path);
  return fmt::format("{}_{:04d}{:02d}{:02d}{}", base, day.tm_year + 1900,
                     day.tm_mon + 1, day.tm_mday, ext);
}

spdlog::filename_t
compact_daily_filename::calc_filename(const spdlog::filename_t& base,
                                      const std::tm& now) {
  return daily_log_name(base, now);
}

// -- redacting_sink -----------------------------------------------------------

namespace {

// A hex key is written with or without "0x" and in either case: the secret
// is kept without its prefix, lower case, and matched that way.
std::string_view without_hex_prefix(std::string_view v) {
  if (v.size() >= 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X'))
    v.remove_prefix(2);
  return v;
}

std::string lower(std::string_view v) {
  std::string out{v};
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

} // namespace

bool redacting_sink::add_secret(std::string_view value) {
  auto core = without_hex_prefix(value);
  if (core.size() < min_secret_length) return false;
  std::lock_guard<std::mutex> guard{secrets_mutex_};
  secrets_.push_back(lower(core));
  // Longest first, so a secret containing another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return true;
}

std::size_t redacting_sink::secrets() const {
  std::lock_guard<std::mutex> guard{secrets_mutex_};
  return secrets_.size();
}

std::string redacting_sink::scrub(std::string_view text) const {
  std::string out{text};
  std::lock_guard<std::mutex> guard{secrets_mutex_};
  for (const auto& s : secrets_) {
    auto folded = lower(out);
    std::string next;
    std::size_t from = 0;
    for (auto hit = folded.find(s); hit != std::string::npos;
         hit = folded.find(s, from)) {
      auto start = hit;
      if (start >= from + 2 && folded[start - 2] == '0' &&
          folded[start - 1] == 'x')
        start -= 2; // the prefix goes too
      next.append(out, from, start - from);
      next.append(redaction);
      from = hit + s.size();
    }
    next.append(out, from, std::string::npos);
    out = std::move(next);
  }
  return out;
}

redacting_sink::~redacting_sink() {
  // The copies of the secrets are wiped like runtime::secret wipes its own.
  for (auto& s : secrets_)
    std::fill(s.begin(), s.end(), '\0');
}

void redacting_sink::sink_it_(const spdlog::details::log_msg& msg) {
  const std::string_view payload{msg.payload.data(), msg.payload.size()};
  auto clean = scrub(payload);
  if (clean == payload) {
    dist_sink<std::mutex>::sink_it_(msg);
    return;
  }
  auto copy = msg;
  copy.payload = spdlog::string_view_t{clean.data(), clean.size()};
  dist_sink<std::mutex>::sink_it_(copy);
}

// -- setup --------------------------------------------------------------------

expected<logging_handle, std::string>
setup_logging(const logging_options& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.log_dir, ec);
  if (ec)
    return "cannot create log folder " + options.log_dir + ": " + ec.message();
  logging_handle h;
  h.base_path =
      (std::filesystem::path{options.log_dir} / (options.base_name + ".log"))
          .string();
  try {
    h.filter = std::make_shared<redacting_sink>();
    if (options.console) {
      auto console = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
      console->set_level(options.console_level);
      h.filter->add_sink(console);
    }
    auto file = std::make_shared<daily_sink>(h.base_path, 0, 0, false,
                                             options.max_files);
    file->set_level(options.file_level);
    h.filter->add_sink(file);
    h.filter->set_level(spdlog::level::trace); // the children decide
    h.logger = std::make_shared<spdlog::logger>(options.logger_name, h.filter);
    h.logger->set_level(std::min(options.console_level, options.file_level));
    h.logger->set_pattern(log_pattern);
    h.logger->flush_on(spdlog::level::warn);
  } catch (const spdlog::spdlog_ex& ex) {
    return "cannot open log file " + h.base_path + ": " + ex.what();
  }
  spdlog::set_default_logger(h.logger);
  // The periodic flush walks the registry; the default logger is in it, and
  // component clones share its sinks, so their lines are flushed too.
  spdlog::flush_every(options.flush_every);
  return h;
}

bool never_log(const logging_handle& handle, const secret& s) {
  return handle.filter && handle.filter->add_secret(s.reveal());
}

std::string redacted(const secret& s) {
  return "[secret, " + std::to_string(s.reveal().size()) + " chars]";
}

} // namespace trailgrid::runtime
