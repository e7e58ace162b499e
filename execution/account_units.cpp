#include "execution/account_units.hpp"

#include <limits>

namespace trailgrid::execution {

strategy::quote_units micro_to_quote(int64_t micro, int quote_decimals) {
  using wide = int128;
  wide v = micro;
  int shift = quote_decimals - 6;
  for (; shift > 0; --shift) {
    v *= 10;
    if (v > std::numeric_limits<int64_t>::max())
      return strategy::quote_units{std::numeric_limits<int64_t>::max()};
    if (v < std::numeric_limits<int64_t>::min())
      return strategy::quote_units{std::numeric_limits<int64_t>::min()};
  }
  for (; shift < 0; ++shift)
    v /= 10;
  return strategy::quote_units{static_cast<int64_t>(v)};
}

} // namespace trailgrid::execution
