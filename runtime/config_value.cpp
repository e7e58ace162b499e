#include "runtime/config_value.hpp"

#include "strategy/decimal.hpp"

#include <charconv>
#include <cmath>

namespace trailgrid::runtime {

int line_of(const toml_value& v) {
  return static_cast<int>(v.location().line());
}

std::string written(const toml_value& v) {
  if (v.is_table()) return "a table";
  auto loc = v.location();
  const auto& line = loc.line_str();
  size_t start = loc.column() > 0 ? loc.column() - 1 : 0;
  if (v.is_array() && start + loc.region() > line.size()) return "an array";
  if (start >= line.size()) return "?";
  return line.substr(start, loc.region());
}

// A float is taken at its shortest round-trip decimal form, which is the
// text the user wrote for any value with up to 15 significant digits.
std::optional<int64_t> exact_scaled(const toml_value& v, int decimals) {
  if (v.is_integer()) {
    int128 x = v.as_integer();
    for (int i = 0; i < decimals; ++i)
      x *= 10;
    if (x > INT64_MAX || x < INT64_MIN) return std::nullopt;
    return static_cast<int64_t>(x);
  }
  if (!v.is_floating() || !std::isfinite(v.as_floating())) return std::nullopt;
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof buf, v.as_floating(),
                           std::chars_format::fixed);
  if (res.ec != std::errc{}) return std::nullopt;
  return strategy::parse_scaled(std::string_view{buf, size_t(res.ptr - buf)},
                                decimals);
}

std::optional<amount> to_amount(const toml_value& v) {
  if (v.is_string()) return amount::parse(v.as_string().str);
  if (auto x = exact_scaled(v, amount::decimals); x && *x >= 0)
    return amount{*x};
  return std::nullopt;
}

} // namespace trailgrid::runtime
