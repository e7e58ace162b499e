#pragma once

// A value of a parsed config file, where it is and what it holds. Include
// only from .cpp files that use toml11.

#include "runtime/amount.hpp"

#include <toml.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trailgrid::runtime {

/// A value of a config file. std::map keeps keys sorted, so repeated runs
/// report errors identically.
using toml_value =
    toml::basic_value<toml::discard_comments, std::map, std::vector>;

/// The 1-based line of `v` in its file.
int line_of(const toml_value& v);

/// The value as written in the file ("\"five\"", "0.1", "true").
std::string written(const toml_value& v);

/// An exact integer x 10^decimals from a TOML integer or float; nothing when
/// it needs more decimals or does not fit.
std::optional<int64_t> exact_scaled(const toml_value& v, int decimals);

/// An amount of at least 0 from a decimal string ("0.001") or a number.
std::optional<amount> to_amount(const toml_value& v);

} // namespace trailgrid::runtime
