#include "strategy/decimal.hpp"

#include <limits>

namespace trailgrid::strategy {

namespace {

constexpr int max_decimals = 18;

std::optional<int64_t> parse(std::string_view text, int decimals,
                             bool allow_excess) {
  if (decimals < 0 || decimals > max_decimals || text.empty())
    return std::nullopt;
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  // Accumulate the magnitude as unsigned 128-bit so INT64_MIN fits too.
  uint128 magnitude = 0;
  constexpr uint128 limit =
      static_cast<uint128>(std::numeric_limits<int64_t>::max()) + 1;
  int digits_before = 0;
  int digits_after = 0;
  bool seen_point = false;
  for (char c : text) {
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    int digit = c - '0';
    if (seen_point) {
      ++digits_after;
      if (digits_after > decimals) {
        if (digit != 0 && !allow_excess) return std::nullopt;
        continue;
      }
    } else {
      ++digits_before;
    }
    magnitude = magnitude * 10 + static_cast<unsigned>(digit);
    if (magnitude > limit) return std::nullopt;
  }
  if (digits_before == 0 && digits_after == 0) return std::nullopt;
  for (int i = digits_after < decimals ? digits_after : decimals; i < decimals;
       ++i) {
    magnitude *= 10;
    if (magnitude > limit) return std::nullopt;
  }
  if (!negative && magnitude == limit) return std::nullopt;
  if (negative) return static_cast<int64_t>(-static_cast<int128>(magnitude));
  return static_cast<int64_t>(magnitude);
}

} // namespace

std::optional<int64_t> parse_scaled(std::string_view text, int decimals) {
  return parse(text, decimals, false);
}

std::optional<int64_t> parse_scaled_truncating(std::string_view text,
                                               int decimals) {
  return parse(text, decimals, true);
}

std::string format_scaled(int64_t value, int decimals) {
  bool negative = value < 0;
  uint128 magnitude = negative
                          ? static_cast<uint128>(-static_cast<int128>(value))
                          : static_cast<uint128>(value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (decimals > 0) {
    if (static_cast<int>(digits.size()) <= decimals)
      digits.insert(0, static_cast<size_t>(decimals) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(decimals), 1, '.');
  }
  if (negative) digits.insert(digits.begin(), '-');
  return digits;
}

double to_double(int64_t value, int decimals) {
  double scale = 1.0;
  for (int i = 0; i < decimals; ++i)
    scale *= 10.0;
  return static_cast<double>(value) / scale;
}

} // namespace trailgrid::strategy
