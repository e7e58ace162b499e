#pragma once

#include <cstdint>
#include <string>

namespace trailgrid::backtest {

/// An exact decimal rendering of a scaled integer: `value` x 10^-decimals,
/// e.g. (-12345, 2) -> "-123.45". Trailing zeros of the fraction are kept
/// down to `min_frac` digits.
std::string scaled_to_string(int64_t value, int decimals, int min_frac = 0);

/// A double with up to `digits` significant digits, "%.*g" style, the same
/// text on every run (never "nan"/"inf": those print as 0).
std::string number_to_string(double v, int digits = 6);

/// UTC "YYYY-MM-DD HH:MM:SS" of epoch milliseconds.
std::string utc_time(int64_t ts_ms);

} // namespace trailgrid::backtest
