#pragma once

#include "backtest/summary.hpp"
#include "runtime/expected.hpp"

#include <string>
#include <vector>

namespace trailgrid::runtime {

/// One `--set key=value` (or one point of a `--sweep`).
struct key_setting {
  std::string key;
  std::string value;
};

/// Parses "key=value"; nothing when there is no '=' or no key.
std::optional<key_setting> parse_key_setting(std::string_view text);

/// The backtest's own keys (market scale, fill, latency, funding, ...), for
/// --set and --help, with one line of documentation each.
const std::vector<std::pair<std::string_view, std::string_view>>&
backtest_keys();

/// Builds what one backtest run needs from a TOML config file (loaded and
/// validated by load_config), the [[market]] called `market` (or the only
/// one), and `sets` applied in order on top. A set names either a strategy
/// key of [defaults]/[[market]] (written into that market's table, so it
/// wins), `tier` ([exchange]), or a backtest key (backtest_keys()). The
/// market scale: price_decimals from `data_file` unless set, size_decimals 4
/// unless set. Fees: the config's, or the tier's when the config sets none.
expected<backtest::run_config, std::string>
make_run_config(const std::string& config_path, const std::string& market,
                const std::vector<key_setting>& sets,
                const std::string& data_file);

} // namespace trailgrid::runtime
