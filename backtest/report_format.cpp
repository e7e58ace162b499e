#include "backtest/report_format.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace trailgrid::backtest {

std::string scaled_to_string(int64_t value, int decimals, int min_frac) {
  const bool neg = value < 0;
  auto mag = neg ? -static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = std::to_string(mag);
  if (decimals > 0) {
    if (static_cast<int>(digits.size()) <= decimals)
      digits.insert(0, static_cast<std::size_t>(decimals) - digits.size() + 1,
                    '0');
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), ".");
    std::size_t keep =
        digits.find('.') + 1 + static_cast<std::size_t>(min_frac);
    while (digits.size() > keep && digits.back() == '0')
      digits.pop_back();
    if (digits.back() == '.') digits.pop_back();
  }
  return neg && mag != 0 ? "-" + digits : digits;
}

std::string number_to_string(double v, int digits) {
  if (!std::isfinite(v)) v = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string utc_time(int64_t ts_ms) {
  std::time_t t = static_cast<std::time_t>(ts_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

} // namespace trailgrid::backtest
