#pragma once

// lighter-sim as a child process: start it and read the endpoints line it
// prints first ("rest=http://127.0.0.1:N ws=ws://127.0.0.1:N/stream";
// https/wss with --tls).

#include "tests/support/child_process.hpp"

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace trailgrid::test_support {

/// The endpoints line of lighter-sim, parsed.
struct sim_endpoints {
  std::string line;     ///< the whole line, as printed
  std::string rest_url; ///< "http://127.0.0.1:N"
  std::string ws_url;   ///< "ws://127.0.0.1:N/stream"
  int port = 0;         ///< N
};

/// Parses "rest=URL ws=URL" (URL ending in ":port" or ":port/path");
/// nullopt for anything else.
inline std::optional<sim_endpoints>
parse_sim_endpoints(const std::string& line) {
  const std::string rest_key = "rest=", ws_key = " ws=";
  const auto ws_at = line.find(ws_key);
  if (line.rfind(rest_key, 0) != 0 || ws_at == std::string::npos)
    return std::nullopt;
  sim_endpoints e;
  e.line = line;
  e.rest_url = line.substr(rest_key.size(), ws_at - rest_key.size());
  e.ws_url = line.substr(ws_at + ws_key.size());
  const auto colon = e.rest_url.rfind(':');
  const auto digits =
      colon == std::string::npos ? std::string{} : e.rest_url.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  e.port = std::stoi(digits);
  return e;
}

/// A running lighter-sim and its endpoints.
class lighter_sim {
public:
  /// Starts `o` (argv[0]: the lighter-sim binary; pass "--port", "0" for a
  /// free port) and waits up to `limit` for its endpoints line. Throws
  /// std::runtime_error, with what the sim printed, when none came.
  explicit lighter_sim(child_options o, std::chrono::milliseconds limit =
                                            std::chrono::seconds(30))
      : process_(std::move(o)) {
    auto line = process_.wait_for_line("rest=", limit);
    auto e = line ? parse_sim_endpoints(*line) : std::nullopt;
    if (!e) {
      process_.kill();
      throw std::runtime_error("lighter-sim did not start: '" +
                               process_.output() + "'");
    }
    endpoints_ = std::move(*e);
  }

  /// The parsed endpoints line.
  const sim_endpoints& endpoints() const { return endpoints_; }
  /// "http://127.0.0.1:N" (https with --tls).
  const std::string& rest_url() const { return endpoints_.rest_url; }
  /// "ws://127.0.0.1:N/stream" (wss with --tls).
  const std::string& ws_url() const { return endpoints_.ws_url; }
  /// The port both listen on.
  int port() const { return endpoints_.port; }

  /// SIGTERM, a bounded wait, SIGKILL if need be; the exit code.
  int stop(std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    return process_.stop(limit);
  }
  /// The child itself (output, signals, kill).
  child_process& process() { return process_; }

private:
  child_process process_;
  sim_endpoints endpoints_;
};

} // namespace trailgrid::test_support
