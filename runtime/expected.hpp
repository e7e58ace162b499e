#pragma once

#include "base/expected.hpp"

namespace trailgrid::runtime {

/// A value or the error that prevented it (the code base's one result
/// type, base/expected.hpp).
using trailgrid::expected;

} // namespace trailgrid::runtime
