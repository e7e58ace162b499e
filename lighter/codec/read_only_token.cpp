#include "lighter/codec/read_only_token.hpp"

#include <charconv>

namespace trailgrid::lighter {

namespace {

// The next ':'-separated field of `rest` (consumed); nothing when absent.
std::optional<std::string_view> next_field(std::string_view& rest) {
  if (rest.empty()) return std::nullopt;
  auto colon = rest.find(':');
  auto field = rest.substr(0, colon);
  rest = colon == std::string_view::npos ? std::string_view{}
                                         : rest.substr(colon + 1);
  return field;
}

std::optional<int64_t> to_int(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0)
    return std::nullopt;
  return v;
}

} // namespace

bool is_read_only_token(std::string_view token) {
  return token.substr(0, 3) == "ro:";
}

std::optional<read_only_token_fields>
parse_read_only_token(std::string_view token) {
  if (!is_read_only_token(token)) return std::nullopt;
  auto rest = token.substr(3);
  auto account = next_field(rest);
  auto scope = next_field(rest);
  auto expiry = next_field(rest);
  if (!account || !scope || !expiry || rest.empty()) return std::nullopt;
  auto a = to_int(*account);
  auto e = to_int(*expiry);
  if (!a || !e || (*scope != "single" && *scope != "all")) return std::nullopt;
  return read_only_token_fields{*a, *scope == "all", *e};
}

} // namespace trailgrid::lighter
