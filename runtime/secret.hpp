#pragma once

#include "runtime/expected.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// Holds a secret (a private key). It cannot be printed: there is no
/// operator<< and no fmt formatter, so logging one does not compile. Copies
/// are not allowed; the bytes are wiped on destruction.
class secret {
public:
  /// Takes the secret text.
  explicit secret(std::string value) : value_(std::move(value)) {}
  ~secret();
  secret(secret&& other) noexcept;
  secret& operator=(secret&& other) noexcept;
  secret(const secret&) = delete;
  secret& operator=(const secret&) = delete;

  /// The secret itself, for the signer only. Never log the result.
  std::string_view reveal() const { return value_; }
  /// True when the secret is the empty string.
  bool empty() const { return value_.empty(); }

  /// Streaming a secret is a compile error.
  template <class Stream>
  friend Stream& operator<<(Stream&, const secret&) = delete;

private:
  void wipe();
  std::string value_;
};

/// The secrets of a process and where they came from.
struct secrets {
  /// The Lighter API private key (LIGHTER_PRIVATE_KEY), if set anywhere.
  std::optional<secret> lighter_private_key;
  /// Where it came from: "environment", a .env path, or "" when unset.
  std::string source;
  /// A read-only token of the account (LIGHTER_READ_ONLY_TOKEN, see gridbot
  /// read-only-token): reads orders and positions, cannot sign.
  std::optional<secret> read_only_token;
};

/// Looks a variable up in the environment (nothing when unset).
using env_lookup = std::function<std::optional<std::string>(const char*)>;

/// The process environment, via getenv.
std::optional<std::string> process_env(const char* name);

/// Overwrites the value of environment variable `name` in place and removes
/// it, so neither /proc/<pid>/environ nor child processes see it.
void forget_env_secret(const char* name);

/// Reads a private key from a file of its own (`LIGHTER_PRIVATE_KEY_FILE`,
/// `LIGHTER_PRIVATE_KEY_<index>_FILE`, e.g. a systemd credential): the whole
/// file, surrounding whitespace trimmed. `variable` names the setting in
/// error messages. Refused: a file that cannot be read, an empty one, and
/// one that group or others may access (mode & 077), with the chmod that
/// fixes it. The error never contains the key.
expected<secret, std::string> read_key_file(const std::string& path,
                                            const std::string& variable);

/// Loads secrets: the environment first (`LIGHTER_PRIVATE_KEY`, then the
/// file named by `LIGHTER_PRIVATE_KEY_FILE`, see read_key_file), then a
/// `.env` file next to the config file, then a `.env` file in `cwd`; the
/// same order for `LIGHTER_READ_ONLY_TOKEN`. A
/// missing .env file is fine; a malformed one is an error that names the
/// file and line (never the value).
expected<secrets, std::string>
load_secrets(const std::string& config_path, const std::string& cwd = ".",
             const env_lookup& env = process_env);

} // namespace trailgrid::runtime
