#pragma once

// Access to tests/data/vectors/lighter-signing.json (reference vectors) and
// small conversion helpers shared by the crypto tests.

#include "lighter/crypto/encoding.hpp"
#include "lighter/crypto/fp5.hpp"
#include "lighter/crypto/scalar.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace trailgrid::test {

/// The parsed vector file (loaded once).
inline const nlohmann::json& vectors() {
  static const nlohmann::json j = [] {
    std::ifstream in(TRAILGRID_SOURCE_DIR
                     "/tests/data/vectors/lighter-signing.json");
    if (!in)
      throw std::runtime_error("cannot open lighter-signing.json");
    return nlohmann::json::parse(in);
  }();
  return j;
}

/// A decimal string as uint64.
inline uint64_t dec(const nlohmann::json& s) {
  return std::stoull(s.get<std::string>());
}

/// Five decimal limbs as an fp5.
inline lighter::crypto::fp5 fp5_of(const nlohmann::json& limbs) {
  lighter::crypto::fp5 r;
  for (int i = 0; i < 5; ++i)
    r.c[i] = dec(limbs.at(i));
  return r;
}

/// Hex to bytes; throws on malformed test data.
inline std::vector<uint8_t> unhex(const std::string& h) {
  auto b = lighter::crypto::from_hex(h);
  if (!b)
    throw std::runtime_error("bad hex in test data: " + h);
  return *b;
}

/// Lowercase hex of a byte vector.
inline std::string hex(const std::vector<uint8_t>& b) {
  return lighter::crypto::to_hex(b.data(), b.size());
}

/// 40-byte little-endian hex as a reduced scalar.
inline lighter::crypto::scalar scalar_hex(const std::string& h) {
  auto b = unhex(h);
  return lighter::crypto::scalar::from_bytes_reduce(b.data());
}

/// Lowercase hex of a scalar's 40-byte form.
inline std::string hex(const lighter::crypto::scalar& s) {
  std::vector<uint8_t> b(40);
  s.to_bytes(b.data());
  return hex(b);
}

/// Lowercase hex of an fp5's 40-byte form.
inline std::string hex(const lighter::crypto::fp5& v) {
  std::vector<uint8_t> b(40);
  lighter::crypto::to_bytes(v, b.data());
  return hex(b);
}

} // namespace trailgrid::test
