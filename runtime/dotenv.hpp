#pragma once

#include "runtime/expected.hpp"

#include <map>
#include <string>
#include <string_view>

namespace trailgrid::runtime {

/// Parses .env text: `KEY=VALUE` lines, optional `export ` prefix, `#`
/// comment lines, blank lines, values optionally in single or double quotes
/// (an unquoted value ends at ` #`). Errors name `name` and the line but
/// never quote a value (values are secrets).
expected<std::map<std::string, std::string>, std::string>
parse_dotenv(std::string_view text, const std::string& name);

/// Why the .env file at `path` must not be read (it holds keys): "" when it
/// is missing or only its owner may read it, else a message naming the fix
/// (like ssh with a private key readable by others).
std::string dotenv_permission_problem(const std::string& path);

} // namespace trailgrid::runtime
