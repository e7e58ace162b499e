#pragma once

// Hex and base64 helpers for keys, hashes and signatures.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter::crypto {

/// Lowercase hex of the bytes.
std::string to_hex(const uint8_t* data, size_t len);

/// Decodes hex (either case, optional 0x prefix); nothing on a bad digit or
/// an odd length.
std::optional<std::vector<uint8_t>> from_hex(std::string_view hex);

/// Standard base64 (RFC 4648 alphabet) with '=' padding.
std::string to_base64(const uint8_t* data, size_t len);

/// Decodes padded standard base64; nothing on any malformed input.
std::optional<std::vector<uint8_t>> from_base64(std::string_view text);

} // namespace trailgrid::lighter::crypto
