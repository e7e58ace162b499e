#pragma once

// Shared helpers of lighter_codec_test: payload loading and the market table
// the captured payloads need.

#include "lighter/codec/market.hpp"

#include <fstream>
#include <sstream>
#include <string>

namespace trailgrid::lighter::test {

/// The text of tests/data/lighter/<relative> (empty if missing).
inline std::string load_payload(const std::string& relative) {
  std::ifstream in(std::string(TRAILGRID_SOURCE_DIR) + "/tests/data/lighter/" +
                   relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Decimals of the markets in the captured payloads: ETH 0 (2/4), BTC 1
/// (1/5), SOL 2 (3/3), ADA 39 (5/1), market 96 (5/1).
inline market_table payload_markets() {
  market_table t;
  t.add(0, market_decimals{2, 4});
  t.add(1, market_decimals{1, 5});
  t.add(2, market_decimals{3, 3});
  t.add(39, market_decimals{5, 1});
  t.add(96, market_decimals{5, 1});
  return t;
}

} // namespace trailgrid::lighter::test
