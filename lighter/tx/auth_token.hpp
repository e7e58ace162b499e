#pragma once

// Auth tokens for private REST/WS endpoints (protocol notes 6.6):
// "<deadline_s>:<account>:<api_key>:" + hex(Schnorr(H(message))).

#include "lighter/crypto/fp5.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::lighter {

/// The signed text "<deadline_unix_s>:<account_index>:<api_key_index>".
std::string auth_token_message(int64_t account_index, uint8_t api_key_index,
                               int64_t deadline_unix_s);

/// The bytes as field elements: 8-byte little-endian chunks, the last one
/// zero-padded on the right.
std::vector<uint64_t> bytes_to_elements(std::string_view bytes);

/// HashToFp5 of the message's elements (the value that is signed).
crypto::fp5 auth_token_hash(std::string_view message);

} // namespace trailgrid::lighter
