#pragma once

// The fixed sections of the config: [exchange], [risk], [runtime] and
// [notify], each read through its key table and then checked across keys.
// Include only from .cpp files that use toml11.

#include "runtime/config.hpp"
#include "runtime/config_report.hpp"

namespace trailgrid::runtime {

/// Reads [exchange] table `t` into `out`, reporting every problem.
void read_exchange(const toml_value& t, exchange_config& out,
                   config_report& report);

/// Reads [risk] table `t` into `out`.
void read_risk(const toml_value& t, global_risk_config& out,
               config_report& report);

/// Reads [runtime] table `t` into `out`.
void read_runtime(const toml_value& t, runtime_config& out,
                  config_report& report);

/// Reads [notify] table `t` into `out`.
void read_notify(const toml_value& t, notify_config& out,
                 config_report& report);

} // namespace trailgrid::runtime
