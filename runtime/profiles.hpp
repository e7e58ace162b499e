#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace trailgrid::runtime {

/// The text of a built-in profile (configs/<name>.toml, embedded at build
/// time so the binary does not depend on the source tree); nothing for an
/// unknown name.
std::optional<std::string_view> builtin_profile_text(std::string_view name);

/// The names of the built-in profiles.
std::vector<std::string_view> builtin_profile_names();

} // namespace trailgrid::runtime
