#pragma once

#include "tools/lighter-sim/sim_config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace trailgrid::sim {

/// The command line of lighter-sim.
struct cli_options {
  std::optional<std::string> config_file;
  uint16_t port = 0;
  bool tls = false;
  /// Where the generated certificate and key are written (cert.pem, key.pem).
  std::string cert_dir;
  std::optional<double> speed;
  std::optional<std::string> data_file;
  std::optional<int> data_market;
  std::optional<uint64_t> seed;
  std::string record_file;
  std::vector<std::string> register_keys;
  std::optional<std::string> fill_model;
  std::optional<int> max_batch;
  /// How often the server advances the exchange (ms).
  int64_t tick_ms = 50;
  /// How often order books and market stats are published (ms; see
  /// sim_cfg::market_data_every_ms).
  std::optional<int64_t> market_data_every_ms;
  /// Accept any signature (for clients without a signer).
  bool no_verify = false;
  bool help = false;
  // Fault overrides.
  std::optional<int64_t> drop_ws_every_ms;
  std::optional<double> delay_fraction;
  std::optional<int64_t> delay_ms;
  std::optional<double> reorder_fraction;
  std::optional<double> reject_fraction;
  std::optional<int> reject_code;
  std::optional<int64_t> nonce_desync_every;
  std::optional<int64_t> malformed_every;
  std::vector<stall_cfg> stalls;
  /// EVERY_MS:DURATION_MS windows (see fault_cfg).
  std::optional<std::pair<int64_t, int64_t>> rest_outage;
  std::optional<std::pair<int64_t, int64_t>> account_stall;
  std::optional<std::pair<int64_t, int64_t>> ws_outage;
  std::optional<int64_t> session_max_age_ms;
  std::optional<double> partial_fill_fraction;
};

/// Parses argv (argv[0] is skipped); error message on bad input.
std::variant<cli_options, std::string> parse_cli(int argc,
                                                 const char* const* argv);

/// The --help text (every option).
std::string cli_help();

/// The simulator config the options describe: the config file (or the
/// built-in default) with the command-line overrides applied, --data bound
/// to a market (kind from the CSV header, market from --data-market or the
/// file name), and --register-key keys added.
std::variant<sim_cfg, std::string> build_config(const cli_options& o);

} // namespace trailgrid::sim
