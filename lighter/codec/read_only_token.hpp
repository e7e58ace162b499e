#pragma once

// Read-only tokens of the exchange: `ro:{account}:{single|all}:{expiry}:{hex}`
// (POST tokens/create). They read an account's private channels and REST
// endpoints like an auth token, but cannot sign, last up to ten years, and
// are made once by the key holder; a node without a key reads with one.

#include <cstdint>
#include <optional>
#include <string_view>

namespace trailgrid::lighter {

/// What a read-only token says about itself.
struct read_only_token_fields {
  int64_t account = 0;
  bool all_accounts = false; ///< "all": the account and its sub-accounts
  int64_t expiry_unix_s = 0;
};

/// True when `token` is a read-only token by its form ("ro:" prefix): the
/// exchange, not this check, decides whether it is valid.
bool is_read_only_token(std::string_view token);

/// The fields of a well-formed read-only token; nothing otherwise.
std::optional<read_only_token_fields>
parse_read_only_token(std::string_view token);

} // namespace trailgrid::lighter
