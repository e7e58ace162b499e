#pragma once

// Who may use a signer published to other nodes, and for what.
//
// A peer proves itself with a token (compared in constant time); the grant
// the token opens names the API keys and markets that peer may sign for.
// Everything a peer sends is checked against its grant before the signer
// sees it: a market node that is broken into cannot sign for keys or
// markets it was never given, nor forge verdicts on other keys' nonces.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace trailgrid::execution {

/// What one authenticated peer may do.
struct signer_grant {
  std::string token;
  /// API key indexes it may use; empty: every key of the signer.
  std::set<uint8_t> keys;
  /// Market indexes it may sign for; empty: every market (and account-wide
  /// txs such as the dead-man switch's cancel-all).
  std::set<int32_t> markets;
};

/// The grants of one signer.
class signer_access {
public:
  signer_access() = default;
  explicit signer_access(std::vector<signer_grant> grants);

  /// The grant `token` opens; nullptr when it opens none (or is empty).
  const signer_grant* authenticate(std::string_view token) const;

  /// Why `grant` may not use `key` for `market`; "" when it may.
  static std::string refusal(const signer_grant& grant, uint8_t key,
                             int32_t market);
  /// Why `grant` may not use `key` at all; "" when it may.
  static std::string key_refusal(const signer_grant& grant, uint8_t key);

private:
  std::vector<signer_grant> grants_;
};

/// True when `a` equals `b`; the time taken does not depend on where they
/// differ (only on the length of `b`).
bool same_secret(std::string_view a, std::string_view b);

} // namespace trailgrid::execution
