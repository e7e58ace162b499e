#include "lighter/codec/numbers.hpp"

#include "strategy/decimal.hpp"
#include "strategy/fixed_point.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace trailgrid::lighter {

namespace {

constexpr int max_scale = 18;

constexpr int64_t pow10_table[] = {1,
                                   10,
                                   100,
                                   1'000,
                                   10'000,
                                   100'000,
                                   1'000'000,
                                   10'000'000,
                                   100'000'000,
                                   1'000'000'000,
                                   10'000'000'000,
                                   100'000'000'000,
                                   1'000'000'000'000,
                                   10'000'000'000'000,
                                   100'000'000'000'000,
                                   1'000'000'000'000'000,
                                   10'000'000'000'000'000,
                                   100'000'000'000'000'000,
                                   1'000'000'000'000'000'000};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// Multiplies with an int64 range check.
std::optional<int64_t> checked_scale_up(int64_t v, int by) {
  if (by > max_scale) return v == 0 ? std::optional<int64_t>{0} : std::nullopt;
  int128 r = static_cast<int128>(v) * pow10_table[by];
  if (r > std::numeric_limits<int64_t>::max() ||
      r < std::numeric_limits<int64_t>::min())
    return std::nullopt;
  return static_cast<int64_t>(r);
}

/// Divides by 10^by, rounding per `mode`: 0 nearest (half away from zero),
/// 1 toward +infinity.
int64_t scale_down(int64_t v, int by, int mode) {
  if (by > max_scale) return (mode == 1 && v > 0) ? 1 : 0;
  int64_t d = pow10_table[by];
  int64_t q = v / d;
  int64_t r = v % d;
  if (r == 0) return q;
  if (mode == 1) return r > 0 ? q + 1 : q;
  int64_t twice = r < 0 ? -r : r;
  if (twice >= d - twice) return v < 0 ? q - 1 : q + 1;
  return q;
}

} // namespace

std::optional<int64_t> decimal_value::to_scaled(int decimals) const {
  if (decimals < 0 || decimals > max_scale) return std::nullopt;
  if (decimals >= scale) return checked_scale_up(units, decimals - scale);
  int64_t d = pow10_table[scale - decimals];
  if (units % d != 0) return std::nullopt;
  return units / d;
}

std::optional<int64_t> decimal_value::to_scaled_nearest(int decimals) const {
  if (decimals < 0 || decimals > max_scale) return std::nullopt;
  if (decimals >= scale) return checked_scale_up(units, decimals - scale);
  return scale_down(units, scale - decimals, 0);
}

double decimal_value::to_double() const {
  return strategy::to_double(units, scale);
}

std::string decimal_value::to_string() const {
  return strategy::format_scaled(units, scale);
}

std::optional<decimal_value> parse_decimal(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  uint128 magnitude = 0;
  constexpr uint128 limit =
      static_cast<uint128>(std::numeric_limits<int64_t>::max()) + 1;
  int scale = 0;
  int digits = 0;
  for (; p != end && is_digit(*p); ++p, ++digits) {
    magnitude = magnitude * 10 + static_cast<unsigned>(*p - '0');
    if (magnitude > limit) return std::nullopt;
  }
  if (p != end && *p == '.') {
    ++p;
    // Zeros are held back so that trailing ones never count against scale.
    int pending_zeros = 0;
    for (; p != end && is_digit(*p); ++p, ++digits) {
      if (*p == '0') {
        ++pending_zeros;
        continue;
      }
      for (int i = 0; i <= pending_zeros; ++i) {
        magnitude *= 10;
        if (magnitude > limit) return std::nullopt;
      }
      magnitude += static_cast<unsigned>(*p - '0');
      if (magnitude > limit) return std::nullopt;
      scale += pending_zeros + 1;
      pending_zeros = 0;
      if (scale > max_scale) return std::nullopt;
    }
  }
  if (p != end || digits == 0) return std::nullopt;
  if (!negative && magnitude == limit) return std::nullopt;
  int64_t units = negative
                      ? static_cast<int64_t>(-static_cast<int128>(magnitude))
                      : static_cast<int64_t>(magnitude);
  return decimal_value{units, scale};
}

std::optional<int64_t> parse_fixed(std::string_view text, int decimals) {
  if (decimals < 0 || decimals > max_scale) return std::nullopt;
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = false;
  if (p != end && *p == '-') {
    negative = true;
    ++p;
  }
  uint64_t m = 0;
  int used = 0; // digits accumulated into m (incl. leading zeros)
  const char* int_start = p;
  for (; p != end && is_digit(*p); ++p, ++used)
    m = m * 10 + static_cast<unsigned>(*p - '0');
  bool has_int = p != int_start;
  int frac = 0;
  if (p != end && *p == '.') {
    ++p;
    const char* frac_start = p;
    for (; p != end && is_digit(*p); ++p) {
      if (frac < decimals) {
        m = m * 10 + static_cast<unsigned>(*p - '0');
        ++frac;
        ++used;
      } else if (*p != '0') {
        return std::nullopt;
      }
    }
    if (!has_int && p == frac_start) return std::nullopt;
  } else if (!has_int) {
    return std::nullopt;
  }
  if (p != end) return std::nullopt;
  used += decimals - frac;
  if (used > 18) // may not fit: take the careful 128-bit path
    return strategy::parse_scaled(text, decimals);
  m *= static_cast<uint64_t>(pow10_table[decimals - frac]);
  return negative ? -static_cast<int64_t>(m) : static_cast<int64_t>(m);
}

std::optional<int64_t> parse_scaled_nearest(std::string_view text,
                                            int decimals) {
  if (auto d = parse_decimal(text)) return d->to_scaled_nearest(decimals);
  // A JSON number with an exponent or too many digits: go through double.
  if (text.empty() || text.size() > 64 || decimals < 0 || decimals > max_scale)
    return std::nullopt;
  char buf[65];
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  char* stop = nullptr;
  double v = std::strtod(buf, &stop);
  if (stop != buf + text.size() || !std::isfinite(v)) return std::nullopt;
  double scaled = std::round(v * static_cast<double>(pow10_table[decimals]));
  if (!(std::fabs(scaled) < 9.2e18)) return std::nullopt;
  return static_cast<int64_t>(scaled);
}

std::optional<int64_t> parse_scaled_ceil(std::string_view text, int decimals) {
  auto d = parse_decimal(text);
  if (!d || decimals < 0 || decimals > max_scale) return std::nullopt;
  if (decimals >= d->scale)
    return checked_scale_up(d->units, decimals - d->scale);
  return scale_down(d->units, d->scale - decimals, 1);
}

} // namespace trailgrid::lighter
