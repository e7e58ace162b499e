#pragma once

// The market table every codec fuzz target decodes with: the markets of the
// captured payloads (tests/data/lighter), so seeds decode as far as they do in
// the unit tests, plus a market with extreme decimals.

#include "lighter/codec/market.hpp"

namespace trailgrid::fuzz {

inline lighter::market_table fuzz_markets() {
  lighter::market_table t;
  t.add(0, lighter::market_decimals{2, 4});
  t.add(1, lighter::market_decimals{1, 5});
  t.add(2, lighter::market_decimals{3, 3});
  t.add(39, lighter::market_decimals{5, 1});
  t.add(96, lighter::market_decimals{5, 1});
  t.add(2048, lighter::market_decimals{18, 18});
  return t;
}

} // namespace trailgrid::fuzz
