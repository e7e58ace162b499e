#pragma once

#include "runtime/config.hpp"
#include "runtime/expected.hpp"
#include "runtime/secret.hpp"

#include <map>
#include <string>

namespace trailgrid::runtime {

/// The private keys of an API key pool, by API key index.
using key_pool = std::map<int, secret>;

/// The variable holding the private key of API key `index`:
/// "LIGHTER_PRIVATE_KEY_<index>".
std::string pool_key_variable(int index);

/// Loads the private key of every index of `ex.api_key_indices`, each from
/// (first found) the environment variable LIGHTER_PRIVATE_KEY_<index>, a
/// file named by LIGHTER_PRIVATE_KEY_<index>_FILE (the key, surrounding
/// whitespace ignored), a `.env` next to the config file, a `.env` in
/// `cwd`. A missing key is an error naming its variable; no error ever
/// contains a key.
expected<key_pool, std::string>
load_key_pool(const exchange_config& ex, const std::string& config_path,
              const std::string& cwd = ".",
              const env_lookup& env = process_env);

} // namespace trailgrid::runtime
