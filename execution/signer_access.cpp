#include "execution/signer_access.hpp"

namespace trailgrid::execution {

bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < b.size(); ++i) {
    auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

signer_access::signer_access(std::vector<signer_grant> grants)
    : grants_(std::move(grants)) {}

const signer_grant* signer_access::authenticate(std::string_view token) const {
  if (token.empty()) return nullptr;
  const signer_grant* found = nullptr;
  for (auto& g : grants_) // every grant compared: no early exit
    if (!g.token.empty() && same_secret(token, g.token) && !found) found = &g;
  return found;
}

std::string signer_access::key_refusal(const signer_grant& grant, uint8_t key) {
  if (grant.keys.empty() || grant.keys.count(key) != 0) return {};
  return "API key " + std::to_string(key) + " is not granted to this peer";
}

std::string signer_access::refusal(const signer_grant& grant, uint8_t key,
                                   int32_t market) {
  if (auto why = key_refusal(grant, key); !why.empty()) return why;
  if (grant.markets.empty() || grant.markets.count(market) != 0) return {};
  return "market " + std::to_string(market) + " is not granted to this peer";
}

} // namespace trailgrid::execution
