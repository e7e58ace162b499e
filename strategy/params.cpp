#include "strategy/params.hpp"

namespace trailgrid::strategy {

std::string_view to_string(mid_price_source s) {
  switch (s) {
  case mid_price_source::filled_price:
    return "filled_price";
  case mid_price_source::market_mid:
    return "market_mid";
  case mid_price_source::mark_price:
    return "mark_price";
  case mid_price_source::last_price:
    return "last_price";
  }
  return "unknown";
}

std::optional<mid_price_source> parse_mid_price_source(std::string_view s) {
  for (auto v : {mid_price_source::filled_price, mid_price_source::market_mid,
                 mid_price_source::mark_price, mid_price_source::last_price})
    if (to_string(v) == s) return v;
  return std::nullopt;
}

} // namespace trailgrid::strategy
