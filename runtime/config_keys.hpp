#pragma once

#include "runtime/config.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::runtime {

/// How a strategy key is written in TOML and converted.
enum class key_kind {
  integer,  ///< TOML integer in [lo, hi]
  number,   ///< TOML integer or float in (lo_d, hi_d]
  percent,  ///< number of percent -> ppm, exact (at most 4 decimals)
  fraction, ///< number -> millionths, exact (at most 6 decimals)
  seconds,  ///< number of seconds -> milliseconds, exact (at most 3 decimals)
  boolean,  ///< true / false
  size,     ///< decimal amount (string or number), > 0 when lo > 0
  source,   ///< a mid_price_source name
};

/// A converted TOML value; the field used depends on the key_kind.
struct key_value {
  int64_t i = 0; ///< integer, percent (ppm), fraction (1e-6), seconds (ms)
  double d = 0;  ///< number
  bool b = false;
  amount a;
  strategy::mid_price_source s = strategy::mid_price_source::filled_price;
};

/// One key allowed in [defaults] and [[market]].
struct strategy_key {
  std::string_view name;
  key_kind kind;
  int64_t lo = 0; ///< integer / converted bounds, inclusive
  int64_t hi = 0;
  double lo_d = 0; ///< number bounds: lo_d < x <= hi_d
  double hi_d = 0;
  std::string_view doc; ///< one line for configs/example.toml
  void (*set)(strategy_settings&, const key_value&);
};

/// Every strategy key, in documentation order.
const std::vector<strategy_key>& strategy_keys();

/// The strategy key called `name`, or nullptr.
const strategy_key* find_strategy_key(std::string_view name);

/// "must be an integer in 1..100" and so on: what the key accepts.
std::string allowed_text(const strategy_key& k);

/// The closest of `candidates` to `word` when it is plausibly a typo of it
/// (small edit distance or a prefix of it); empty otherwise.
std::string_view closest_key(std::string_view word,
                             const std::vector<std::string_view>& candidates);

} // namespace trailgrid::runtime
