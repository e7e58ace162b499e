#include "lighter/tx/auth_token.hpp"

#include "lighter/crypto/poseidon2.hpp"

namespace trailgrid::lighter {

std::string auth_token_message(int64_t account_index, uint8_t api_key_index,
                               int64_t deadline_unix_s) {
  return std::to_string(deadline_unix_s) + ":" +
         std::to_string(account_index) + ":" + std::to_string(api_key_index);
}

std::vector<uint64_t> bytes_to_elements(std::string_view bytes) {
  std::vector<uint64_t> out((bytes.size() + 7) / 8, 0);
  for (size_t i = 0; i < bytes.size(); ++i)
    out[i / 8] |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[i]))
                  << (8 * (i % 8));
  return out;
}

crypto::fp5 auth_token_hash(std::string_view message) {
  auto el = bytes_to_elements(message);
  return crypto::hash_to_fp5(el.data(), el.size());
}

} // namespace trailgrid::lighter
