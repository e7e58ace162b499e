// The decimal parsers every exchange price, size and amount goes through, and
// their round trips.

#include "lighter/codec/numbers.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace trailgrid::lighter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  // The first byte picks the decimals (the exchange uses 0..18; more must
  // fail cleanly, not overflow).
  int decimals = data[0] % 24;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (auto v = parse_decimal(text)) {
    (void)v->to_double();
    (void)v->to_scaled(decimals);
    (void)v->to_scaled_nearest(decimals);
    auto again = parse_decimal(v->to_string());
    if (!again || *again != *v) std::abort();
  }
  auto fixed = parse_fixed(text, decimals);
  auto nearest = parse_scaled_nearest(text, decimals);
  auto ceil = parse_scaled_ceil(text, decimals);
  // An exact value is its own rounding, whichever way.
  if (fixed && ceil && *fixed != *ceil) std::abort();
  (void)nearest;
  return 0;
}
