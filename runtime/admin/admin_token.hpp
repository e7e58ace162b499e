#pragma once

// The admin token: every admin request carries it; the node compares it in
// constant time. Shared by the node (admin service) and gridctl.

#include "runtime/expected.hpp"
#include "runtime/secret.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// The environment variable that overrides any token file.
inline constexpr const char* admin_token_env = "TRAILGRID_ADMIN_TOKEN";

/// Where the token lives when neither the config nor the command line names
/// a file: $HOME/.config/trailgrid/admin.token (".trailgrid-admin.token" in
/// the working directory when HOME is unset).
std::string default_admin_token_file(const env_lookup& env = process_env);

/// A loaded token and where it came from ("environment" or the file path).
struct admin_token {
  std::string value;
  std::string source;
};

/// Loads the admin token: $TRAILGRID_ADMIN_TOKEN when set and non-empty,
/// else the first line of `file`. A token file readable by group or others
/// is refused (like ssh keys). When the file does not exist and `create` is
/// true (the node), a fresh random token (64 hex digits) is written to it
/// with mode 0600, creating missing parent directories with 0700. Tokens are
/// at least 16 characters of [A-Za-z0-9._~+/=-].
expected<admin_token, std::string>
load_admin_token(const std::string& file, bool create,
                 const env_lookup& env = process_env);

/// The environment variable that overrides the signer token.
inline constexpr const char* signer_token_env = "TRAILGRID_SIGNER_TOKEN";

/// Loads the token market nodes present to the signer node:
/// $TRAILGRID_SIGNER_TOKEN when set, else the first line of `signer_file`
/// (created like the admin token file when `create`), else (`signer_file`
/// empty) the admin token from `admin_file` and $TRAILGRID_ADMIN_TOKEN.
expected<admin_token, std::string>
load_signer_token(const std::string& signer_file, const std::string& admin_file,
                  bool create, const env_lookup& env = process_env);

/// Loads the bearer token of the metrics endpoint from `file` (created like
/// the admin token file when missing). No environment variable replaces
/// it: a scraper's token must not be the one that steers the node.
expected<admin_token, std::string> load_metrics_token(const std::string& file);

/// True when `given` equals `expected`; the time taken does not depend on
/// where they differ.
bool token_matches(std::string_view expected, std::string_view given);

/// True when an HTTP Authorization header value is "Bearer <expected>"
/// (scheme in any case, as RFC 9110 allows); false when absent.
bool bearer_matches(std::string_view expected,
                    std::optional<std::string_view> authorization);

/// A fresh random token (64 hex digits from the OS random source).
std::string make_random_token();

} // namespace trailgrid::runtime
